import type { RouteMiddlewareFactory } from '../../kernel/types';
import { getService } from '../../kernel/services';
import { SignupRateLimitError } from './rate-limits';

/** The route middleware's name, for route configs. */
export const SIGNUP_RATE_LIMIT = 'plugin::civic-dialog.signup-rate-limit';

/**
 * Signups and event registrations (or, with config `{ bucket: 'manage-link' }`, manage-link
 * requests; `{ bucket: 'altcha-challenge' }`, ALTCHA challenges) per client IP (config `rateLimit`); over the limit → 429 + Retry-After. Never per
 * address: a stranger could otherwise lock a victim's own requests (the per-address budget holds
 * back mails instead, in the work after the answer).
 */
const signupRateLimit: RouteMiddlewareFactory = (config, { strapi }) => async (ctx, next) => {
  const limits = getService(strapi, 'rateLimits');
  try {
    if (config.bucket === 'manage-link') await limits.consumeManageLink(ctx.request.ip);
    else if (config.bucket === 'altcha-challenge') await limits.consumeChallenge(ctx.request.ip);
    else await limits.consumeSignup(ctx.request.ip);
  } catch (error) {
    if (error instanceof SignupRateLimitError) ctx.set('Retry-After', String(error.retryAfterSeconds));
    throw error;
  }
  await next();
};

export default signupRateLimit;
