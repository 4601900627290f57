import { z } from 'zod';
import {
  localeSchema,
  newsletterArchiveQuerySchema,
  newsletterClickTokenSchema,
  newsletterDocumentIdSchema,
  newsletterListQuerySchema,
  newsletterPreviewQuerySchema,
  newsletterApproveRequestSchema,
  newsletterSendRequestSchema,
  newsletterTestSendRequestSchema,
  type Locale,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../kernel/types';
import { LinkError, parseWith } from '../../kernel/http/errors';
import { requestMeta, type Ctx } from '../../kernel/http/request';
import { linkPages, postedToken, sendLinkPage, successPage } from '../../kernel/pages/link-pages';
import { getService } from '../../kernel/services';
import type { AdminUser } from './service';

const paramsSchema = z.object({ documentId: newsletterDocumentIdSchema });
// A slug is a Strapi uid (its characters only): anything else is a 400 before the database sees it
// (PostgreSQL refuses a NUL in a text parameter with a 500).
const slugParamsSchema = z.object({ slug: z.string().min(1).max(255).regex(/^[A-Za-z0-9\-_.~]+$/, 'is not a newsletter address') });
const localeQuery = z.object({ locale: localeSchema.default('de') });

const TEXTS = {
  de: {
    unsubscribeTitle: 'Newsletter abbestellen',
    unsubscribeIntro: 'Möchten Sie keine Newsletter der Stadt mehr erhalten? Ein Klick genügt.',
    unsubscribeButton: 'Newsletter abbestellen',
    unsubscribedTitle: 'Abgemeldet',
    unsubscribedText: 'Sie erhalten keine Newsletter mehr. Sie können sich jederzeit neu anmelden.',
  },
  en: {
    unsubscribeTitle: 'Unsubscribe',
    unsubscribeIntro: 'No longer want to receive the town’s newsletters? One click is enough.',
    unsubscribeButton: 'Unsubscribe',
    unsubscribedTitle: 'Unsubscribed',
    unsubscribedText: 'You will not receive any more newsletters. You can subscribe again at any time.',
  },
} satisfies Record<Locale, Record<string, string>>;

const adminOf = (ctx: Ctx): AdminUser => (ctx as unknown as { state: { user: AdminUser } }).state.user;

/** Thin controllers: parse with the contracts, call the service, answer. */
const newslettersController = ({ strapi }: { strapi: Strapi }) => {
  const service = () => getService(strapi, 'newsletters');
  const pages = linkPages(strapi);
  const id = (ctx: Ctx) => parseWith(paramsSchema, ctx.params).documentId;
  const sendMail = (ctx: Ctx, format: 'html' | 'text', body: string) => {
    ctx.type = format === 'html' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
  };

  return {
    async audience(ctx: Ctx) {
      ctx.body = await service().audience(id(ctx));
    },
    async preview(ctx: Ctx) {
      const { locale, format } = parseWith(newsletterPreviewQuerySchema, ctx.query);
      sendMail(ctx, format, await service().preview(id(ctx), locale, format));
      // strapi::cors answers "*" to any request without an Origin; an unsent newsletter is for the
      // admin panel (same origin) only, so no other page may read it.
      ctx.remove('Access-Control-Allow-Origin');
    },
    async testSend(ctx: Ctx) {
      const { emails } = parseWith(newsletterTestSendRequestSchema, ctx.request.body);
      await getService(strapi, 'rateLimits').consumeTestSend(adminOf(ctx).id);
      const queued = await service().testSend(id(ctx), emails);
      ctx.status = 202;
      ctx.body = { queued };
    },
    async send(ctx: Ctx) {
      const { scheduledAt } = parseWith(newsletterSendRequestSchema, ctx.request.body ?? {});
      ctx.body = await service().send(id(ctx), scheduledAt, adminOf(ctx));
      ctx.status = 202;
    },
    async approve(ctx: Ctx) {
      const { version } = parseWith(newsletterApproveRequestSchema, ctx.request.body ?? {});
      ctx.body = await service().approve(id(ctx), adminOf(ctx), version);
    },
    async pause(ctx: Ctx) {
      ctx.body = await service().pause(id(ctx), adminOf(ctx));
    },
    async resume(ctx: Ctx) {
      ctx.body = await service().resume(id(ctx), adminOf(ctx));
    },
    async cancel(ctx: Ctx) {
      ctx.body = await service().cancel(id(ctx));
    },
    async report(ctx: Ctx) {
      ctx.body = await service().report(id(ctx));
    },
    async list(ctx: Ctx) {
      const { page } = parseWith(newsletterListQuerySchema, ctx.query);
      ctx.body = await service().list(page);
    },
    async dashboard(ctx: Ctx) {
      ctx.body = await service().dashboard();
    },

    // Public

    async archive(ctx: Ctx) {
      const { locale, page, pageSize } = parseWith(newsletterArchiveQuerySchema, ctx.query);
      ctx.set('Cache-Control', 'public, max-age=300');
      ctx.body = await service().archiveList(locale, page, pageSize);
    },
    async archivePage(ctx: Ctx) {
      const { slug } = parseWith(slugParamsSchema, ctx.params);
      const { locale } = parseWith(localeQuery, ctx.query);
      const html = await service().archivePage(slug, locale);
      ctx.type = 'text/html; charset=utf-8';
      // Public and the same for everyone (nothing personal): proxies and browsers may keep it briefly.
      ctx.set('Cache-Control', 'public, max-age=300');
      ctx.body = html;
    },
    async click(ctx: Ctx) {
      try {
        const token = parseWith(z.object({ token: newsletterClickTokenSchema }), ctx.params).token;
        const url = await service().click(token, ctx.method !== 'HEAD');
        ctx.set('Cache-Control', 'no-store');
        ctx.set('Referrer-Policy', 'no-referrer');
        ctx.status = 302;
        (ctx as unknown as { redirect(url: string): void }).redirect(url);
      } catch (error) {
        pages.sendProblem(ctx, error instanceof LinkError ? error : new LinkError('invalid'));
      }
    },
    async manage(ctx: Ctx) {
      try {
        const url = await service().manage(ctx.query.token);
        ctx.set('Cache-Control', 'no-store');
        ctx.set('Referrer-Policy', 'no-referrer');
        (ctx as unknown as { redirect(url: string): void }).redirect(url);
      } catch (error) {
        pages.sendProblem(ctx, error);
      }
    },
    async unsubscribePage(ctx: Ctx) {
      await pages.send(ctx, async () => {
        const token = String(ctx.query.token ?? '');
        const { locale } = await service().previewUnsubscribe(token);
        const t = TEXTS[locale];
        return {
          lang: locale,
          title: t.unsubscribeTitle,
          paragraphs: [t.unsubscribeIntro],
          form: { action: `unsubscribe?token=${encodeURIComponent(token)}`, hidden: { token }, button: t.unsubscribeButton },
        };
      });
    },
    /** RFC 8058 one-click POST (body List-Unsubscribe=One-Click) or the page's form: the token is in the query or the body. */
    async unsubscribe(ctx: Ctx) {
      try {
        const { locale } = await service().unsubscribe(postedToken(ctx), requestMeta(ctx));
        const t = TEXTS[locale];
        sendLinkPage(strapi, ctx, 200, successPage(locale, t.unsubscribedTitle, t.unsubscribedText));
      } catch (error) {
        pages.sendProblem(ctx, error);
      }
    },
  };
};

export default newslettersController;
