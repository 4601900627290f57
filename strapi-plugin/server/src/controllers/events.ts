import { z } from 'zod';
import { errors } from '@strapi/utils';
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
  type Locale,
} from '@civic-dialog/contracts';
import type { Strapi } from '../types';
import { ConflictError, LinkError, parseWith } from '../utils/errors';
import { sendLinkPage } from '../utils/link-pages';
import { PAGE_TEXTS } from '../utils/page-texts';
import { browserLocale, requestMeta, wantsJson, type Ctx } from '../utils/request';
import { getService } from '../utils/services';
import type { EventLinkOutcome } from '../services/client/events';

const ACCEPTED: EventRegistrationAccepted = { data: { status: 'accepted' } };
const slugParamSchema = z.object({ slug: eventSlugSchema });

/** The words of the event confirm / cancel pages. */
const EVENT_PAGE_TEXTS = {
  de: {
    confirmTitle: 'Anmeldung bestätigen',
    confirmIntro: (title: string) => `Bitte bestätigen Sie Ihre Anmeldung zu „${title}“.`,
    confirmHint: 'Erst mit dem Klick auf die Schaltfläche wird Ihre Anmeldung wirksam und ein Platz vergeben.',
    confirmButton: 'Anmeldung bestätigen',
    confirmedTitle: 'Anmeldung bestätigt',
    confirmedText: (title: string) => `Ihr Platz für „${title}“ ist reserviert. Die Bestätigung mit dem Kalendereintrag kommt per E-Mail.`,
    waitlistedTitle: 'Sie stehen auf der Warteliste',
    waitlistedText: (title: string) => `„${title}“ ist ausgebucht. Wird ein Platz frei, rücken Sie automatisch nach und bekommen eine E-Mail.`,
    fullTitle: 'Ausgebucht',
    closedTitle: 'Anmeldung nicht möglich',
    cancelTitle: 'Anmeldung stornieren',
    cancelIntro: (title: string) => `Möchten Sie Ihre Anmeldung zu „${title}“ stornieren? Ihr Platz geht dann an die Warteliste.`,
    cancelButton: 'Anmeldung stornieren',
    cancelledTitle: 'Anmeldung storniert',
    cancelledText: (title: string) => `Ihre Anmeldung zu „${title}“ ist storniert.`,
  },
  en: {
    confirmTitle: 'Confirm registration',
    confirmIntro: (title: string) => `Please confirm your registration for “${title}”.`,
    confirmHint: 'Your registration only takes effect, and a seat is given to you, when you press the button.',
    confirmButton: 'Confirm registration',
    confirmedTitle: 'Registration confirmed',
    confirmedText: (title: string) => `Your seat for “${title}” is reserved. The confirmation with the calendar entry comes by email.`,
    waitlistedTitle: 'You are on the waiting list',
    waitlistedText: (title: string) => `“${title}” is fully booked. When a seat becomes free you move up automatically and get an email.`,
    fullTitle: 'Fully booked',
    closedTitle: 'Registration not possible',
    cancelTitle: 'Cancel registration',
    cancelIntro: (title: string) => `Do you want to cancel your registration for “${title}”? Your seat then goes to the waiting list.`,
    cancelButton: 'Cancel registration',
    cancelledTitle: 'Registration cancelled',
    cancelledText: (title: string) => `Your registration for “${title}” is cancelled.`,
  },
} satisfies Record<Locale, Record<string, unknown>>;

/**
 * Event registration for the widget (JSON) and the pages behind the mail links (GET shows a
 * button and changes nothing; POST acts; JSON clients get Strapi's shape, browsers HTML).
 */
const events = ({ strapi }: { strapi: Strapi }) => {
  const service = () => getService(strapi, 'events');

  const sendPage = (ctx: Ctx, status: number, page: Parameters<typeof sendLinkPage>[3]) => sendLinkPage(strapi, ctx, status, page);

  function sendProblemPage(ctx: Ctx, error: unknown, lang: Locale = browserLocale(ctx)): void {
    if (error instanceof LinkError) {
      const [title, text] = PAGE_TEXTS[lang].problems[error.problem];
      return sendPage(ctx, error.status, { lang, title, paragraphs: [text], tone: 'error' });
    }
    if (error instanceof ConflictError) {
      const t = EVENT_PAGE_TEXTS[lang];
      const full = (error.details as { reason?: string })?.reason === 'fully-booked';
      const text = lang === 'de' ? (full ? 'Die Veranstaltung ist leider ausgebucht.' : 'Für diese Veranstaltung ist keine Anmeldung (mehr) möglich.') : error.message;
      return sendPage(ctx, 409, { lang, title: full ? t.fullTitle : t.closedTitle, paragraphs: [text], tone: 'error' });
    }
    if (error instanceof errors.ValidationError) {
      const [title, text] = PAGE_TEXTS[lang].problems.invalid;
      return sendPage(ctx, 400, { lang, title, paragraphs: [text], tone: 'error' });
    }
    throw error;
  }

  const tokenFrom = (value: unknown) => parseWith(tokenRequestSchema, { token: value }).token;
  const formToken = (ctx: Ctx) => {
    const body = ctx.request.body as Record<string, unknown> | undefined;
    return (body && typeof body === 'object' ? body.token : undefined) ?? ctx.query.token;
  };
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
      await service().register(slug, input, requestMeta(ctx));
      ctx.status = 202;
      ctx.body = ACCEPTED;
    },

    /** GET /event-confirm?token=… → a page with the "confirm" button. */
    async confirmPage(ctx: Ctx) {
      try {
        const token = tokenFrom(ctx.query.token);
        const outcome = await service().previewConfirm(token);
        const t = EVENT_PAGE_TEXTS[outcome.locale];
        sendPage(ctx, 200, {
          lang: outcome.locale,
          title: t.confirmTitle,
          paragraphs: [t.confirmIntro(outcome.event.title), t.confirmHint],
          form: { action: 'event-confirm', hidden: { token }, button: t.confirmButton },
        });
      } catch (error) {
        sendProblemPage(ctx, error);
      }
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
      try {
        const outcome = await service().confirm(tokenFrom(formToken(ctx)), requestMeta(ctx));
        const t = EVENT_PAGE_TEXTS[outcome.locale];
        const waitlisted = outcome.status === 'waitlisted';
        sendPage(ctx, 200, {
          lang: outcome.locale,
          title: waitlisted ? t.waitlistedTitle : t.confirmedTitle,
          paragraphs: [waitlisted ? t.waitlistedText(outcome.event.title) : t.confirmedText(outcome.event.title)],
          tone: 'success',
        });
      } catch (error) {
        sendProblemPage(ctx, error);
      }
    },

    /** GET /event-cancel?token=… → a page with the "cancel" button (or "already cancelled"). */
    async cancelPage(ctx: Ctx) {
      try {
        const token = tokenFrom(ctx.query.token);
        const outcome = await service().previewCancel(token);
        const t = EVENT_PAGE_TEXTS[outcome.locale];
        if (outcome.status === 'cancelled') {
          sendPage(ctx, 200, { lang: outcome.locale, title: t.cancelledTitle, paragraphs: [t.cancelledText(outcome.event.title)], tone: 'success' });
          return;
        }
        sendPage(ctx, 200, {
          lang: outcome.locale,
          title: t.cancelTitle,
          paragraphs: [t.cancelIntro(outcome.event.title)],
          form: { action: 'event-cancel', hidden: { token }, button: t.cancelButton },
        });
      } catch (error) {
        sendProblemPage(ctx, error);
      }
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
      try {
        const outcome = await service().cancel(tokenFrom(formToken(ctx)));
        const t = EVENT_PAGE_TEXTS[outcome.locale];
        sendPage(ctx, 200, { lang: outcome.locale, title: t.cancelledTitle, paragraphs: [t.cancelledText(outcome.event.title)], tone: 'success' });
      } catch (error) {
        sendProblemPage(ctx, error);
      }
    },
  };
};

export default events;
