import { LIMITS } from '@civic-dialog/contracts';
import type { Strapi } from '../types';
import { errorBody } from './errors';

/** The plugin's public routes (widgets and mail links). */
const PUBLIC_PREFIX = '/api/civic-dialog/';
/** What those routes read: JSON from the widgets, form posts from the mail-link pages. */
const READABLE = ['application/json', 'application/x-www-form-urlencoded'];
/**
 * The addresses of List-Unsubscribe headers (RFC 8058 one-click). A mail provider posts
 * `List-Unsubscribe=One-Click`, and the RFC says it SHOULD do so as multipart/form-data: refusing
 * that (415) would leave the person subscribed. The token is in the address, so the body is not needed.
 */
const ONE_CLICK_PATHS = new Set([`${PUBLIC_PREFIX}unsubscribe`, `${PUBLIC_PREFIX}newsletters/unsubscribe`]);

/**
 * Reads a one-click post's multipart body to its end without parsing it (at most the public body
 * size), then lets the request go on as one without a body: Strapi's parser skips it, the route
 * sees an empty body and takes the token from the address.
 */
async function dropOneClickBody(ctx: any): Promise<boolean> {
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMITS.bodyBytes) return false;
  }
  delete ctx.req.headers['content-type'];
  delete ctx.req.headers['transfer-encoding'];
  ctx.req.headers['content-length'] = '0';
  return true;
}

/** Public routes that read a raw body of their own media types (registered at register, e.g. a mail webhook). */
const rawBodyRoutes = new Map<string, { types: string[]; maxBytes: number }>();

/**
 * Lets a public POST route read its body raw (e.g. `message/rfc822`): the gate reads at most
 * `maxBytes` of it into `ctx.state.rawBody` (a string) and hands the request on without a body.
 */
export function acceptRawBody(path: string, types: string[], maxBytes: number): void {
  rawBodyRoutes.set(`${PUBLIC_PREFIX}${path.replace(/^\/+/, '')}`, { types, maxBytes });
}

/** Reads the whole body (at most maxBytes) into ctx.state.rawBody; false when it is larger. */
async function takeRawBody(ctx: any, maxBytes: number): Promise<boolean> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return false;
    chunks.push(chunk);
  }
  ctx.state.rawBody = Buffer.concat(chunks).toString('utf8');
  delete ctx.req.headers['content-type'];
  delete ctx.req.headers['transfer-encoding'];
  ctx.req.headers['content-length'] = '0';
  return true;
}

/**
 * Runs before Strapi's body parser (registered with `strapi.server.use` in register, so ahead of
 * config/middlewares.ts): a body the public routes never read — multipart, XML, anything else — is a
 * 415 before koa-body parses it (a malformed multipart body would otherwise be a 500). The one
 * exception: a one-click unsubscribe's multipart body, read and dropped unparsed.
 */
export function publicBodyGate(strapi: Strapi) {
  return async (ctx: any, next: () => Promise<unknown>) => {
    const hasBody = Number(ctx.get('content-length') || 0) > 0 || Boolean(ctx.get('transfer-encoding'));
    if (!ctx.path.startsWith(PUBLIC_PREFIX) || !hasBody) return next();
    const raw = ctx.method === 'POST' ? rawBodyRoutes.get(ctx.path) : undefined;
    if (raw && ctx.is(raw.types)) {
      if (await takeRawBody(ctx, raw.maxBytes)) return next();
      ctx.status = 413;
      ctx.body = errorBody(413, 'PayloadTooLargeError', `The request body is too large (at most ${raw.maxBytes / 1024} kB).`, { reason: 'body-too-large' });
      return;
    }
    if (ctx.is(READABLE)) return next();
    if (ctx.method === 'POST' && ONE_CLICK_PATHS.has(ctx.path) && ctx.is('multipart/form-data')) {
      if (await dropOneClickBody(ctx)) return next();
      ctx.status = 413;
      ctx.body = errorBody(413, 'PayloadTooLargeError', `The request body is too large (at most ${LIMITS.bodyBytes / 1024} kB).`, { reason: 'body-too-large' });
      return;
    }
    ctx.status = 415;
    ctx.body = errorBody(415, 'UnsupportedMediaTypeError', 'The request body must be JSON or a form post.');
    strapi.log.http(`${ctx.method} ${ctx.path} 415 (body type refused before parsing)`);
  };
}
