import { errors } from '@strapi/utils';
import { LIMITS } from '@civic-dialog/contracts';
import type { RouteMiddlewareFactory } from '../types';
import { getConfig } from '../utils/config';
import { UnsupportedMediaTypeError } from '../utils/errors';

export interface RequestGuardConfig {
  /** Only application/json bodies (415 otherwise). */
  json?: boolean;
  /** Refuse POSTs from websites not in allowedOrigins (403). */
  checkOrigin?: boolean;
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Limits every public POST checks before any work: body size (413), media type (415), origin (403).
 * Strapi's body parser has already read the body (its own limit is 1 MB), so the size is checked on
 * the Content-Length header and on the parsed body for chunked requests.
 */
const requestGuard: RouteMiddlewareFactory = (config, { strapi }) => {
  const { json = false, checkOrigin = false } = config as RequestGuardConfig;

  return async (ctx, next) => {
    if (checkOrigin) {
      const origin = ctx.get('origin');
      if (origin) {
        const { allowedOrigins, publicUrl } = getConfig(strapi);
        const own = [originOf(publicUrl), originOf(strapi.config.get('server.url') as string), ctx.request.origin];
        const allowed = allowedOrigins.includes('*') || allowedOrigins.includes(origin) || own.includes(origin);
        // PolicyError, not ForbiddenError: Strapi's route authorisation replaces a plain ForbiddenError's message.
        if (!allowed) throw new errors.PolicyError(`Origin ${origin} is not allowed to use this endpoint.`);
      }
    }

    const declared = Number(ctx.get('content-length') || 0);
    const body = ctx.request.body;
    const parsedSize = body === undefined ? 0 : Buffer.byteLength(typeof body === 'string' ? body : JSON.stringify(body));
    if (declared > LIMITS.bodyBytes || parsedSize > LIMITS.bodyBytes) {
      throw new errors.PayloadTooLargeError(`The request body is too large (at most ${LIMITS.bodyBytes / 1024} kB).`);
    }

    if (json && !ctx.is('application/json')) {
      throw new UnsupportedMediaTypeError('The request body must be JSON (Content-Type: application/json).');
    }
    await next();
  };
};

export default requestGuard;
