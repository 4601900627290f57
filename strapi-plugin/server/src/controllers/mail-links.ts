import { errors } from '@strapi/utils';
import {
  tokenRequestSchema,
  type ConfirmResult,
  type Locale,
  type UnsubscribeResult,
} from '@civic-dialog/contracts';
import type { Strapi } from '../types';
import { LinkError, parseWith } from '../utils/errors';
import { sendLinkPage } from '../utils/link-pages';
import { PAGE_TEXTS } from '../utils/page-texts';
import { browserLocale, requestMeta, wantsJson, type Ctx } from '../utils/request';
import { getConfig } from '../utils/config';
import { getService } from '../utils/services';

/**
 * The pages and actions behind the links in the mails. GET shows a page with a button and changes
 * nothing (mail scanners prefetch links); POST acts. Browsers get HTML, JSON clients Strapi's shape.
 */
const mailLinks = ({ strapi }: { strapi: Strapi }) => {
  const service = () => getService(strapi, 'mailLinks');

  const sendPage = (ctx: Ctx, status: number, page: Parameters<typeof sendLinkPage>[3]) => sendLinkPage(strapi, ctx, status, page);

  /** A dead or malformed link as a readable page in the browser's language. */
  function sendProblemPage(ctx: Ctx, error: unknown): void {
    const lang = browserLocale(ctx);
    if (error instanceof LinkError) {
      const [title, text] = PAGE_TEXTS[lang].problems[error.problem];
      return sendPage(ctx, error.status, { lang, title, paragraphs: [text], tone: 'error' });
    }
    if (error instanceof errors.ValidationError) {
      const [title, text] = PAGE_TEXTS[lang].problems.invalid;
      return sendPage(ctx, 400, { lang, title, paragraphs: [text], tone: 'error' });
    }
    throw error;
  }

  /** The token of a page request or form post; malformed → ValidationError (400). */
  function tokenFrom(value: unknown): string {
    return parseWith(tokenRequestSchema, { token: value }).token;
  }

  function formToken(ctx: Ctx): unknown {
    const body = ctx.request.body as Record<string, unknown> | undefined;
    return (body && typeof body === 'object' ? body.token : undefined) ?? ctx.query.token;
  }

  return {
    /** GET /confirm?token=… → a page with the "confirm" button. */
    async confirmPage(ctx: Ctx) {
      try {
        const token = tokenFrom(ctx.query.token);
        const { locale, topicNames } = await service().previewConfirm(token);
        const t = PAGE_TEXTS[locale];
        sendPage(ctx, 200, {
          lang: locale,
          title: t.confirmTitle,
          paragraphs: [t.confirmIntro(topicNames.join(', ')), t.confirmHint],
          form: { action: 'confirm', hidden: { token }, button: t.confirmButton },
        });
      } catch (error) {
        sendProblemPage(ctx, error);
      }
    },

    /** POST /confirm: JSON `{ token }` → ConfirmResult; form post from the page → HTML. */
    async confirm(ctx: Ctx) {
      if (wantsJson(ctx)) {
        const { token } = parseWith(tokenRequestSchema, ctx.request.body);
        const outcome = await service().confirm(token, requestMeta(ctx));
        const body: ConfirmResult = { data: { status: 'confirmed', topics: outcome.topics } };
        ctx.body = body;
        return;
      }
      try {
        const outcome = await service().confirm(tokenFrom(formToken(ctx)), requestMeta(ctx));
        const t = PAGE_TEXTS[outcome.locale];
        sendPage(ctx, 200, {
          lang: outcome.locale,
          title: t.confirmedTitle,
          paragraphs: [t.confirmedText(outcome.topicNames.join(', '))],
          tone: 'success',
        });
      } catch (error) {
        sendProblemPage(ctx, error);
      }
    },

    /** GET /unsubscribe?token=… → a page with the "unsubscribe" button. */
    async unsubscribePage(ctx: Ctx) {
      try {
        const token = tokenFrom(ctx.query.token);
        const { locale, repeated } = await service().previewUnsubscribe(token);
        const t = PAGE_TEXTS[locale];
        if (repeated) {
          sendPage(ctx, 200, { lang: locale, title: t.unsubscribedTitle, paragraphs: [t.unsubscribedText], tone: 'success' });
          return;
        }
        sendPage(ctx, 200, {
          lang: locale,
          title: t.unsubscribeTitle,
          paragraphs: [t.unsubscribeIntro],
          form: { action: `unsubscribe?token=${encodeURIComponent(token)}`, hidden: { token }, button: t.unsubscribeButton },
        });
      } catch (error) {
        sendProblemPage(ctx, error);
      }
    },

    /**
     * POST /unsubscribe?token=…: RFC 8058 one-click (body `List-Unsubscribe=One-Click`), the human
     * form, or JSON `{ token }`. The token may come in the query or the body.
     */
    async unsubscribe(ctx: Ctx) {
      const body = ctx.request.body as Record<string, unknown> | undefined;
      const raw = (body && typeof body === 'object' && typeof body.token === 'string' ? body.token : undefined) ?? ctx.query.token;
      if (wantsJson(ctx)) {
        await service().unsubscribe(tokenFrom(raw), requestMeta(ctx));
        const result: UnsubscribeResult = { data: { status: 'unsubscribed' } };
        ctx.body = result;
        return;
      }
      try {
        const { locale } = await service().unsubscribe(tokenFrom(raw), requestMeta(ctx));
        const t = PAGE_TEXTS[locale as Locale];
        sendPage(ctx, 200, { lang: locale, title: t.unsubscribedTitle, paragraphs: [t.unsubscribedText], tone: 'success' });
      } catch (error) {
        sendProblemPage(ctx, error);
      }
    },
  };
};

export default mailLinks;
