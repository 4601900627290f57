import type { RouteMiddlewareFactory } from '../types';
import { errorBody, isStatusError } from './errors';

/**
 * Strapi maps ApplicationErrors it does not know to 400; this plugin's link (404/410) and media
 * type (415) errors keep their status here, in Strapi's error shape. A 429 (RateLimitError with
 * `details.retryAfter`, thrown by a service) gets its Retry-After header here too.
 */
const publicErrors: RouteMiddlewareFactory = () => async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    const retryAfter = (error as { details?: { retryAfter?: unknown } } | null)?.details?.retryAfter;
    if ((error as Error | null)?.name === 'RateLimitError' && typeof retryAfter === 'number') ctx.set('Retry-After', String(retryAfter));
    if (!isStatusError(error)) throw error;
    ctx.status = error.status;
    ctx.body = errorBody(error.status, error.name, error.message, error.details);
  }
};

export default publicErrors;
