import type { Strapi } from '../types';
import { getConfig } from './config';
import { renderPage, type PageContent } from './html';
import { PAGE_TEXTS } from './page-texts';
import type { Ctx } from './request';

/** Answers with one of the small pages behind the mail links: the town's name, a link back, never cached. */
export function sendLinkPage(strapi: Strapi, ctx: Ctx, status: number, page: Omit<PageContent, 'townName' | 'backLink'>) {
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
