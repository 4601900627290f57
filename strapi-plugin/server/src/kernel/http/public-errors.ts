import type { RouteMiddlewareFactory } from '../types';
import { errorBody, isStatusError } from './errors';

/**
 * Strapi maps ApplicationErrors it does not know to 400; this plugin's link (404/410) and media
 * type (415) errors keep their status here, in Strapi's error shape.
 */
const publicErrors: RouteMiddlewareFactory = () => async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    if (!isStatusError(error)) throw error;
    ctx.status = error.status;
    ctx.body = errorBody(error.status, error.name, error.message, error.details);
  }
};

export default publicErrors;
