import { createHmac, timingSafeEqual } from 'node:crypto';
import { errors } from '@strapi/utils';
import { tokenRequestSchema, type Locale } from '@civic-dialog/contracts';
import type { Strapi } from '../types';
import { getConfig } from '../get-config';
import { ConflictError, LinkError, parseWith } from '../http/errors';
import { renderPage, stylesheetHref, type PageContent } from './html';
import { PLUGIN_ID } from '../constants';
import { LINK_TEXTS } from './link-texts';
import { browserLocale, type Ctx } from '../http/request';

/** What a controller says on a mail-link page; the town's name and the link back are added here. */
export type LinkPage = Omit<PageContent, 'townName' | 'backLink'>;

/** A feature's words for its own 409s (event fully booked, survey already answered or closed). */
export type ConflictPage = (error: ConflictError, lang: Locale) => { title: string; text: string };

/**
 * The address a page's form post leads to (Post/Redirect/Get): the same page name, with the
 * outcome in `?result=`, signed with the app keys so nobody can make the town's site say
 * something else. Reloading it shows the outcome again instead of posting the form a second time.
 */
const RESULT_PARAM = 'result';
const RESULT_MAC_BYTES = 16;

interface ResultPage {
  status: number;
  page: LinkPage;
}

/** The signing keys made from the app keys (APP_KEYS): the first signs, any verifies (key rotation). */
export const resultKeysOf = (appKeys: string[]): Buffer[] =>
  appKeys.filter(Boolean).map((key) => createHmac('sha256', key).update('civic-dialog link page results v1').digest());
const resultKeys = (strapi: Strapi): Buffer[] => {
  const keys = strapi.config.get('server.app.keys') as string[] | string | undefined;
  return resultKeysOf(Array.isArray(keys) ? keys : keys ? [keys] : []);
};
const resultMac = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest().subarray(0, RESULT_MAC_BYTES);

/** `<body>.<mac>` of an outcome page (the first app key signs). */
export function signResult(keys: Buffer[], result: ResultPage): string {
  const { lang, title, paragraphs, tone } = result.page;
  const body = Buffer.from(JSON.stringify({ s: result.status, l: lang, t: title, p: paragraphs, o: tone })).toString('base64url');
  return `${body}.${resultMac(keys[0]!, body).toString('base64url')}`;
}

/** The outcome page of a signed `?result=`, or null when any app key finds it forged or broken. */
export function verifyResult(keys: Buffer[], value: unknown): ResultPage | null {
  if (typeof value !== 'string' || value.length > 8192) return null;
  const [body, mac, extra] = value.split('.');
  if (!body || !mac || extra !== undefined) return null;
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== RESULT_MAC_BYTES || !keys.some((key) => timingSafeEqual(resultMac(key, body), given))) return null;
  try {
    const { s, l, t, p, o } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (!Number.isInteger(s) || (l !== 'de' && l !== 'en') || typeof t !== 'string' || !Array.isArray(p)) return null;
    return { status: s, page: { lang: l, title: t, paragraphs: p.map(String), tone: o === 'success' || o === 'error' ? o : 'info' } };
  } catch {
    return null;
  }
}

/** A post of a page's own form (it carries the token); RFC 8058 one-click posts carry none and get their answer directly. */
function isPageFormPost(ctx: Ctx): boolean {
  const body = ctx.request.body as Record<string, unknown> | undefined;
  return ctx.method === 'POST' && !!body && typeof body === 'object' && typeof body.token === 'string';
}

/** Answers with one of the small pages behind the mail links: the town's name, a link back, never cached. */
export function sendLinkPage(strapi: Strapi, ctx: Ctx, status: number, page: LinkPage) {
  const keys = resultKeys(strapi);
  if (isPageFormPost(ctx) && keys.length) {
    // Relative to the posted address, like the forms' actions: no host or API prefix to know.
    const location = `${ctx.path.split('/').pop()}?${RESULT_PARAM}=${signResult(keys, { status, page })}`;
    ctx.status = 303;
    ctx.set('Location', location);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = `See ${location}`;
    return;
  }
  renderLinkPage(strapi, ctx, status, page);
}

function renderLinkPage(strapi: Strapi, ctx: Ctx, status: number, page: LinkPage) {
  const { town } = getConfig(strapi);
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = renderPage({
    ...page,
    townName: town.name,
    stylesheet: stylesheetHref(ctx.path, PLUGIN_ID),
    backLink: town.websiteUrl ? { href: town.websiteUrl, label: LINK_TEXTS[page.lang].back } : undefined,
  });
}

/** The token of a link or form post; malformed → ValidationError (400). */
export function linkToken(value: unknown): string {
  return parseWith(tokenRequestSchema, { token: value }).token;
}

/** The token a page's form posts, else the one in the address (one-click unsubscribe posts none in the body). */
export function postedToken(ctx: Ctx): unknown {
  const body = ctx.request.body as Record<string, unknown> | undefined;
  return (body && typeof body === 'object' && typeof body.token === 'string' ? body.token : undefined) ?? ctx.query.token;
}

/** A page that has done its work. */
export const successPage = (lang: Locale, title: string, text: string): LinkPage => ({ lang, title, paragraphs: [text], tone: 'success' });

/**
 * The mail-link pages of one feature. GET pages show a button and change nothing (mail scanners
 * prefetch links); POST acts. A dead or malformed link, or one of the feature's conflicts, becomes
 * a readable error page instead of Strapi's JSON error.
 */
export function linkPages(strapi: Strapi, conflictPage?: ConflictPage) {
  const errorPage = (ctx: Ctx, status: number, lang: Locale, title: string, text: string) =>
    sendLinkPage(strapi, ctx, status, { lang, title, paragraphs: [text], tone: 'error' });

  /** The problem page, in the citizen's language when known, else the browser's. */
  function sendProblem(ctx: Ctx, error: unknown, lang: Locale = browserLocale(ctx)): void {
    if (error instanceof LinkError) {
      const [title, text] = LINK_TEXTS[lang].problems[error.problem];
      return errorPage(ctx, error.status, lang, title, text);
    }
    if (error instanceof ConflictError && conflictPage) {
      const { title, text } = conflictPage(error, lang);
      return errorPage(ctx, 409, lang, title, text);
    }
    if (error instanceof errors.ValidationError) {
      const [title, text] = LINK_TEXTS[lang].problems.invalid;
      return errorPage(ctx, 400, lang, title, text);
    }
    throw error;
  }

  return {
    sendProblem,

    /**
     * Answers 200 with the page `render` makes, or with the problem page when it throws. The address
     * a form post led to (`?result=`) shows that outcome again, without the token or any work.
     */
    async send(ctx: Ctx, render: () => Promise<LinkPage>): Promise<void> {
      if (ctx.method === 'GET' && ctx.query[RESULT_PARAM] !== undefined) {
        const result = verifyResult(resultKeys(strapi), ctx.query[RESULT_PARAM]);
        if (!result) return sendProblem(ctx, new LinkError('invalid'));
        return renderLinkPage(strapi, ctx, result.status, result.page);
      }
      try {
        sendLinkPage(strapi, ctx, 200, await render());
      } catch (error) {
        sendProblem(ctx, error);
      }
    },
  };
}
