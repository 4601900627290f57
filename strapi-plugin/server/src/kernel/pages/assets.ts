import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errors } from '@strapi/utils';
import type { Strapi } from '../types';
import { PAGES_CSS } from './html';
import type { Ctx } from '../http/request';

/** Plain file names only: no slashes, no leading dot, so nothing outside dist/ can be named. */
const WIDGET_FILE = /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.(js|mjs|map|css|json)$/;
/**
 * The widget build keeps stable file names (embed codes name loader.js; chunks are imported by name),
 * so every file must refresh soon after a release; the ETag makes the revalidation a cheap 304.
 */
const WIDGET_CACHE_CONTROL = 'public, max-age=300';

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

function widgetsDist(): string | null {
  try {
    return join(dirname(require.resolve('@civic-dialog/widgets/package.json')), 'dist');
  } catch {
    return null;
  }
}

const etagOf = (content: string | Buffer) => `"${createHash('sha1').update(content).digest('base64url')}"`;

function sendCached(ctx: Ctx, content: string | Buffer, contentType: string, cacheControl: string) {
  const etag = etagOf(content);
  ctx.set('ETag', etag);
  ctx.set('Cache-Control', cacheControl);
  if (ctx.get('if-none-match') === etag) {
    ctx.status = 304;
    ctx.body = null;
    return;
  }
  ctx.status = 200;
  ctx.type = contentType;
  ctx.body = content;
}

/** Static files of the plugin: the mail-link page stylesheet and the widgets build. */
const assets = ({ strapi }: { strapi: Strapi }) => {
  void strapi;
  return {
    async pagesCss(ctx: Ctx) {
      sendCached(ctx, PAGES_CSS, 'text/css; charset=utf-8', 'public, max-age=3600');
    },

    /** GET /widgets/:file — module scripts loaded cross-origin by the town websites. */
    async widget(ctx: Ctx) {
      const file = ctx.params.file ?? '';
      const dist = widgetsDist();
      if (!WIDGET_FILE.test(file) || !dist) throw new errors.NotFoundError('No such widget file');
      let content: Buffer;
      try {
        content = await readFile(join(dist, file));
      } catch {
        throw new errors.NotFoundError('No such widget file');
      }
      const extension = file.slice(file.lastIndexOf('.') + 1);
      // Public, credential-free files: any website may load them (strapi::cors only knows the town's origins).
      ctx.set('Access-Control-Allow-Origin', '*');
      ctx.remove('Access-Control-Allow-Credentials');
      ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
      ctx.set('X-Content-Type-Options', 'nosniff');
      sendCached(ctx, content, CONTENT_TYPES[extension] ?? 'application/octet-stream', WIDGET_CACHE_CONTROL);
    },
  };
};

export default assets;
