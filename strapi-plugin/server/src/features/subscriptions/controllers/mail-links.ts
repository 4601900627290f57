import {
  tokenRequestSchema,
  type ConfirmResult,
  type Locale,
  type UnsubscribeResult,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { parseWith } from '../../../kernel/http/errors';
import { linkPages, linkToken, postedToken, successPage } from '../../../kernel/pages/link-pages';
import { PAGE_TEXTS } from '../page-texts';
import { requestMeta, wantsJson, type Ctx } from '../../../kernel/http/request';
import { getService } from '../../../kernel/services';

/**
 * The newsletter's mail links (confirm, unsubscribe): a page with a button on GET, the action on
 * POST. Browsers get HTML, JSON clients Strapi's shape.
 */
const mailLinks = ({ strapi }: { strapi: Strapi }) => {
  const service = () => getService(strapi, 'mailLinks');
  const pages = linkPages(strapi);

  return {
    /** GET /confirm?token=… → a page with the "confirm" button. */
    async confirmPage(ctx: Ctx) {
      await pages.send(ctx, async () => {
        const token = linkToken(ctx.query.token);
        const { locale, topicNames } = await service().previewConfirm(token);
        const t = PAGE_TEXTS[locale];
        return {
          lang: locale,
          title: t.confirmTitle,
          paragraphs: [t.confirmIntro(topicNames.join(', ')), t.confirmHint],
          form: { action: 'confirm', hidden: { token }, button: t.confirmButton },
        };
      });
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
      await pages.send(ctx, async () => {
        const outcome = await service().confirm(linkToken(postedToken(ctx)), requestMeta(ctx));
        const t = PAGE_TEXTS[outcome.locale];
        return successPage(outcome.locale, t.confirmedTitle, t.confirmedText(outcome.topicNames.join(', ')));
      });
    },

    /** GET /unsubscribe?token=… → a page with the "unsubscribe" button. */
    async unsubscribePage(ctx: Ctx) {
      await pages.send(ctx, async () => {
        const token = linkToken(ctx.query.token);
        const { locale, repeated } = await service().previewUnsubscribe(token);
        const t = PAGE_TEXTS[locale];
        if (repeated) return successPage(locale, t.unsubscribedTitle, t.unsubscribedText);
        return {
          lang: locale,
          title: t.unsubscribeTitle,
          paragraphs: [t.unsubscribeIntro],
          form: { action: `unsubscribe?token=${encodeURIComponent(token)}`, hidden: { token }, button: t.unsubscribeButton },
        };
      });
    },

    /**
     * POST /unsubscribe?token=…: RFC 8058 one-click (body `List-Unsubscribe=One-Click`), the human
     * form, or JSON `{ token }`. The token may come in the query or the body.
     */
    async unsubscribe(ctx: Ctx) {
      if (wantsJson(ctx)) {
        await service().unsubscribe(linkToken(postedToken(ctx)), requestMeta(ctx));
        const result: UnsubscribeResult = { data: { status: 'unsubscribed' } };
        ctx.body = result;
        return;
      }
      await pages.send(ctx, async () => {
        const { locale } = await service().unsubscribe(linkToken(postedToken(ctx)), requestMeta(ctx));
        const t = PAGE_TEXTS[locale as Locale];
        return successPage(locale as Locale, t.unsubscribedTitle, t.unsubscribedText);
      });
    },
  };
};

export default mailLinks;
