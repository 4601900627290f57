import { errors } from '@strapi/utils';
import type { RouteMiddlewareFactory } from '../../kernel/types';
import { getService } from '../../kernel/services';
import { SignupRateLimitError } from '../../shared/rate-limits/rate-limits';

/**
 * Anonymous participation tokens and identified responses per IP; over the limit → 429 + Retry-After. Raises the cost
 * of answering an anonymous survey many times; it cannot stop one person with many networks.
 */
const surveyRateLimit: RouteMiddlewareFactory = (_config, { strapi }) => async (ctx, next) => {
  // An anonymous response spends a participation token, which already counted here.
  const body = ctx.request.body as { participationToken?: unknown } | undefined;
  if (typeof body?.participationToken === 'string') return next();
  try {
    await getService(strapi, 'rateLimits').consumeSurvey(ctx.request.ip);
  } catch (error) {
    if (!(error instanceof SignupRateLimitError)) throw error;
    ctx.set('Retry-After', String(error.retryAfterSeconds));
    throw new errors.RateLimitError('Too many survey requests from your network, please try again later.', {
      retryAfter: error.retryAfterSeconds,
    });
  }
  await next();
};

export default surveyRateLimit;
