import { z } from 'zod';
import {
  eventRegistrationRequestSchema,
  eventSlugSchema,
  localeQuerySchema,
  tokenRequestSchema,
  type EventList,
  type EventRegistrationAccepted,
  type EventRegistrationCancelled,
  type EventRegistrationConfirmed,
  type EventResponse,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { parseWith } from '../../../kernel/http/errors';
import { validated } from '../../../kernel/http/until-valid';
import { checkSourcePage } from '../../../kernel/http/town-pages';
import { EVENT_PAGE_TEXTS } from '../page-texts';
import { linkPages, linkToken, postedToken, successPage } from '../../../kernel/pages/link-pages';
import { requestMeta, wantsJson, type Ctx } from '../../../kernel/http/request';
import { getService } from '../../../kernel/services';
import type { EventLinkOutcome } from '../services/events';

const ACCEPTED: EventRegistrationAccepted = { data: { status: 'accepted' } };
const slugParamSchema = z.object({ slug: eventSlugSchema });

/**
 * Event registration for the widget (JSON) and the pages behind the mail links (GET shows a
 * button and changes nothing; POST acts; JSON clients get Strapi's shape, browsers HTML).
 */
const events = ({ strapi }: { strapi: Strapi }) => {
  const service = () => getService(strapi, 'events');

  const pages = linkPages(strapi, (error, lang) => {
    const t = EVENT_PAGE_TEXTS[lang];
    const full = (error.details as { reason?: string })?.reason === 'fully-booked';
    const text = lang === 'de' ? (full ? 'Die Veranstaltung ist leider ausgebucht.' : 'Für diese Veranstaltung ist keine Anmeldung (mehr) möglich.') : error.message;
    return { title: full ? t.fullTitle : t.closedTitle, text };
  });
  const eventOf = (outcome: EventLinkOutcome) => outcome.event;

  return {
    /** GET /events?locale=de */
    async list(ctx: Ctx) {
      const { locale } = parseWith(localeQuerySchema, ctx.query);
      const body: EventList = { data: await service().list(locale) };
      ctx.body = body;
    },

    /** GET /events/:slug?locale=de */
    async findOne(ctx: Ctx) {
      const { locale } = parseWith(localeQuerySchema, ctx.query);
      const { slug } = parseWith(slugParamSchema, ctx.params);
      const body: EventResponse = { data: await service().get(slug, locale) };
      ctx.body = body;
    },

    /** POST /events/:slug/registrations: the same 202 for every valid request. */
    async register(ctx: Ctx) {
      const { slug } = parseWith(slugParamSchema, ctx.params);
      const input = parseWith(eventRegistrationRequestSchema, ctx.request.body);
      checkSourcePage(strapi, input.pageUrl, ctx.get('origin'));
      await validated(ctx);
      await service().register(slug, input, requestMeta(ctx));
      ctx.status = 202;
      ctx.body = ACCEPTED;
    },

    /** GET /event-confirm?token=… → a page with the "confirm" button. */
    async confirmPage(ctx: Ctx) {
      await pages.send(ctx, async () => {
        const token = linkToken(ctx.query.token);
        const outcome = await service().previewConfirm(token);
        const t = EVENT_PAGE_TEXTS[outcome.locale];
        return {
          lang: outcome.locale,
          title: t.confirmTitle,
          // What exactly the link confirms: the event, its time and the seats of this registration.
          paragraphs: [t.confirmIntro(outcome.event.title), t.confirmDetails(outcome.when, outcome.seats), t.confirmHint],
          form: { action: 'event-confirm', hidden: { token }, button: t.confirmButton },
        };
      });
    },

    /** POST /event-confirm: JSON `{ token }` → EventRegistrationConfirmed; form post → HTML. */
    async confirm(ctx: Ctx) {
      if (wantsJson(ctx)) {
        const { token } = parseWith(tokenRequestSchema, ctx.request.body);
        const outcome = await service().confirm(token, requestMeta(ctx));
        const body: EventRegistrationConfirmed = {
          data: { status: outcome.status === 'waitlisted' ? 'waitlisted' : 'confirmed', event: eventOf(outcome) },
        };
        ctx.body = body;
        return;
      }
      await pages.send(ctx, async () => {
        const outcome = await service().confirm(linkToken(postedToken(ctx)), requestMeta(ctx));
        const t = EVENT_PAGE_TEXTS[outcome.locale];
        return outcome.status === 'waitlisted'
          ? successPage(outcome.locale, t.waitlistedTitle, t.waitlistedText(outcome.event.title))
          : successPage(outcome.locale, t.confirmedTitle, t.confirmedText(outcome.event.title));
      });
    },

    /** GET /event-cancel?token=… → a page with the "cancel" button (or "already cancelled"). */
    async cancelPage(ctx: Ctx) {
      await pages.send(ctx, async () => {
        const token = linkToken(ctx.query.token);
        const outcome = await service().previewCancel(token);
        const t = EVENT_PAGE_TEXTS[outcome.locale];
        if (outcome.status === 'cancelled') return successPage(outcome.locale, t.cancelledTitle, t.cancelledText(outcome.event.title));
        return {
          lang: outcome.locale,
          title: t.cancelTitle,
          paragraphs: [t.cancelIntro(outcome.event.title)],
          form: { action: 'event-cancel', hidden: { token }, button: t.cancelButton },
        };
      });
    },

    /** POST /event-cancel: JSON `{ token }` → EventRegistrationCancelled; form post → HTML. */
    async cancel(ctx: Ctx) {
      if (wantsJson(ctx)) {
        const { token } = parseWith(tokenRequestSchema, ctx.request.body);
        const outcome = await service().cancel(token);
        const body: EventRegistrationCancelled = { data: { status: 'cancelled', event: eventOf(outcome) } };
        ctx.body = body;
        return;
      }
      await pages.send(ctx, async () => {
        const outcome = await service().cancel(linkToken(postedToken(ctx)));
        const t = EVENT_PAGE_TEXTS[outcome.locale];
        return successPage(outcome.locale, t.cancelledTitle, t.cancelledText(outcome.event.title));
      });
    },
  };
};

export default events;
