import type { RouteMiddlewareFactory } from '../types';
import { normaliseEmail } from '../utils/email';
import { getService } from '../utils/services';
import { SignupRateLimitError } from '../services/common/rate-limits';

/**
 * Signups (or, with config `{ bucket: 'manage-link' }`, manage-link requests) per IP and per
 * normalised address (config `rateLimit`); over the limit → 429 + Retry-After.
 */
const signupRateLimit: RouteMiddlewareFactory = (config, { strapi }) => async (ctx, next) => {
  const body = ctx.request.body as { email?: unknown } | undefined;
  const email = typeof body?.email === 'string' ? normaliseEmail(body.email).slice(0, 320) : undefined;
  const limits = getService(strapi, 'rateLimits');
  try {
    if (config.bucket === 'manage-link') await limits.consumeManageLink(ctx.request.ip, email);
    else await limits.consumeSignup(ctx.request.ip, email);
  } catch (error) {
    if (error instanceof SignupRateLimitError) ctx.set('Retry-After', String(error.retryAfterSeconds));
    throw error;
  }
  await next();
};

export default signupRateLimit;
