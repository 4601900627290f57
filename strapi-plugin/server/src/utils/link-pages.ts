import { errors } from '@strapi/utils';
import { tokenRequestSchema, type Locale } from '@civic-dialog/contracts';
import type { Strapi } from '../types';
import { getConfig } from './config';
import { ConflictError, LinkError, parseWith } from './errors';
import { renderPage, type PageContent } from './html';
import { PAGE_TEXTS } from './page-texts';
import { browserLocale, type Ctx } from './request';

/** What a controller says on a mail-link page; the town's name and the link back are added here. */
export type LinkPage = Omit<PageContent, 'townName' | 'backLink'>;

/** A feature's words for its own 409s (event fully booked, survey already answered or closed). */
export type ConflictPage = (error: ConflictError, lang: Locale) => { title: string; text: string };

/** Answers with one of the small pages behind the mail links: the town's name, a link back, never cached. */
export function sendLinkPage(strapi: Strapi, ctx: Ctx, status: number, page: LinkPage) {
  const { town } = getConfig(strapi);
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = renderPage({
    ...page,
    townName: town.name,
    backLink: town.websiteUrl ? { href: town.websiteUrl, label: PAGE_TEXTS[page.lang].back } : undefined,
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
      const [title, text] = PAGE_TEXTS[lang].problems[error.problem];
      return errorPage(ctx, error.status, lang, title, text);
    }
    if (error instanceof ConflictError && conflictPage) {
      const { title, text } = conflictPage(error, lang);
      return errorPage(ctx, 409, lang, title, text);
    }
    if (error instanceof errors.ValidationError) {
      const [title, text] = PAGE_TEXTS[lang].problems.invalid;
      return errorPage(ctx, 400, lang, title, text);
    }
    throw error;
  }

  return {
    sendProblem,

    /** Answers 200 with the page `render` makes, or with the problem page when it throws. */
    async send(ctx: Ctx, render: () => Promise<LinkPage>): Promise<void> {
      try {
        sendLinkPage(strapi, ctx, 200, await render());
      } catch (error) {
        sendProblem(ctx, error);
      }
    },
  };
}
