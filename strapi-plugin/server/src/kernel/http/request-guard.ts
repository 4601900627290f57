import { errors } from '@strapi/utils';
import { LIMITS } from '@civic-dialog/contracts';
import type { RouteMiddlewareFactory } from '../types';
import { getConfig } from '../get-config';
import { UnsupportedMediaTypeError } from './errors';
import { bodyShapeProblem } from './body-shape';

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
 * Limits every public POST checks before any work: origin (403), body size (413), body shape (400:
 * at most 32 levels deep and 4,096 values), media type (415).
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
        // The reason lets a widget tell its webmaster what to set, and the citizen that the form is not available here.
        if (!allowed) throw new errors.PolicyError(`Origin ${origin} is not allowed to use this endpoint.`, { reason: 'origin-not-allowed' });
      }
    }

    // The reason lets a widget tell the citizen that the answers are too long (a retry cannot help).
    const tooLarge = () =>
      new errors.PayloadTooLargeError(`The request body is too large (at most ${LIMITS.bodyBytes / 1024} kB).`, { reason: 'body-too-large' });
    if (Number(ctx.get('content-length') || 0) > LIMITS.bodyBytes) throw tooLarge();
    const body = ctx.request.body;
    // The shape first: nothing below (JSON.stringify, zod) may recurse into a pathological body.
    const shapeProblem = bodyShapeProblem(body);
    if (shapeProblem) throw new errors.ValidationError(shapeProblem);
    const parsedSize = body === undefined ? 0 : Buffer.byteLength(typeof body === 'string' ? body : JSON.stringify(body));
    if (parsedSize > LIMITS.bodyBytes) throw tooLarge();

    if (json && !ctx.is('application/json')) {
      throw new UnsupportedMediaTypeError('The request body must be JSON (Content-Type: application/json).');
    }
    await next();
  };
};

export default requestGuard;
