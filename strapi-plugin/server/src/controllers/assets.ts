import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errors } from '@strapi/utils';
import type { Strapi } from '../types';
import { PAGES_CSS } from '../utils/html';
import type { Ctx } from '../utils/request';

/** Plain file names only: no slashes, no leading dot, so nothing outside dist/ can be named. */
const WIDGET_FILE = /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.(js|mjs|map|css|json)$/;
/** Vite-style content hashes in chunk names (e.g. shared-3f9a1c2b.js) can be cached for a year. */
const HASHED = /[-.][A-Za-z0-9_]{8,}\.(js|mjs|css)$/;

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
      // The loader's name is stable in every embed code, so it must refresh soon; hashed chunks never change.
      const maxAge = file !== 'loader.js' && HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'public, max-age=300';
      // Public, credential-free files: any website may load them (strapi::cors only knows the town's origins).
      ctx.set('Access-Control-Allow-Origin', '*');
      ctx.remove('Access-Control-Allow-Credentials');
      ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
      ctx.set('X-Content-Type-Options', 'nosniff');
      sendCached(ctx, content, CONTENT_TYPES[extension] ?? 'application/octet-stream', maxAge);
    },
  };
};

export default assets;
