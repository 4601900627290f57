import { MESSAGE_KINDS } from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { EVENTS_UID } from '../tables';
import { getConfig } from '../../../kernel/get-config';
import { eventCalendar, eventMailView, type EventSnapshot } from './calendar';
import { registerMailTemplates } from '../../../shared/mail/renderer';
import { eventCancelled, eventConfirm, eventPromoted, eventRegistered, eventReminder, eventWaitlisted } from './templates';
import type { MailExtension, MailExtras } from '../../../shared/mail/outbox';
import type { EventMailKind } from '../services/event-seats';
import { eventRows, registrationRows } from '../rows';

const registrationStates = registrationRows.pick('eventId', 'status', 'seats');
const eventStates = eventRows.pick('eventStatus');

/** The message kinds of event registration: their mails get links and calendar files here. */
export const EVENT_MAIL_KINDS = MESSAGE_KINDS.filter((kind): kind is EventMailKind => kind.startsWith('event-'));

/** Mails that carry the calendar file. */
const WITH_CALENDAR = new Set<string>(['event-registered', 'event-promoted', 'event-reminder']);
/** Mails that carry a personal cancel link. */
const WITH_CANCEL_LINK = new Set<string>(['event-registered', 'event-waitlisted', 'event-promoted', 'event-reminder']);

/**
 * What the outbox adds to event mails when it sends them: the confirm or cancel link (tokens are
 * made only now, so no raw token is stored), the .ics file, and a refusal when the registration
 * has moved on (a reminder for someone who cancelled meanwhile is not sent).
 */
export function eventMailExtension(strapi: Strapi): MailExtension {
  return async ({ kind, profileId, data, publicUrl, issueToken }): Promise<MailExtras> => {
    const event = data.event as EventSnapshot | undefined;
    const registrationId = Number(data.registrationId);
    if (!event || !Number.isInteger(registrationId)) return { refusal: `Refused: ${kind} mail without its event.` };
    if (kind === 'event-cancelled') return {};

    const registration = registrationStates.one(
      await strapi.db.query(EVENTS_UID.registration).findOne({ where: { id: registrationId }, select: registrationStates.select }),
    );
    const current = registration
      ? eventStates.one(await strapi.db.query(EVENTS_UID.event).findOne({ where: { id: registration.eventId }, select: eventStates.select }))
      : null;
    if (!registration || !current || current.eventStatus !== 'scheduled') return { refusal: `Refused: registration ${registrationId} or its event no longer exists.` };
    const expected = kind === 'event-confirm' ? ['pending'] : kind === 'event-waitlisted' ? ['waitlisted'] : ['confirmed', 'attended'];
    if (!expected.includes(registration.status)) {
      return { refusal: `Refused: registration ${registrationId} is ${registration.status} now.` };
    }

    const base = `${publicUrl}/api/civic-dialog`;
    const extras: MailExtras = { view: { seats: registration.seats } };
    if (kind === 'event-confirm') {
      const ttlSeconds = getConfig(strapi).tokens.doiTtlSeconds;
      const token = issueToken({ purpose: 'event-confirm', profileId, payload: { registrationId }, ttlSeconds });
      extras.view!.confirmUrl = `${base}/event-confirm?token=${encodeURIComponent(token)}`;
      extras.view!.expiresInSeconds = ttlSeconds;
    }
    if (WITH_CANCEL_LINK.has(kind)) {
      // Valid until the event is over: cancelling afterwards means nothing.
      const ttlSeconds = Math.max(60, Math.ceil((new Date(event.endsAt).getTime() - Date.now()) / 1000));
      const token = issueToken({ purpose: 'event-cancel', profileId, payload: { registrationId }, ttlSeconds });
      extras.view!.cancelUrl = `${base}/event-cancel?token=${encodeURIComponent(token)}`;
    }
    if (WITH_CALENDAR.has(kind)) {
      const { town } = getConfig(strapi);
      const host = new URL(publicUrl).hostname;
      extras.attachments = [
        {
          filename: 'event.ics',
          contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
          content: eventCalendar({ event, uid: `registration-${registrationId}@${host}`, url: town.websiteUrl, townName: town.name }),
        },
      ];
    }
    return extras;
  };
}

/** The templates of the event mails, and their view: the event in the mail's language, seats, cancel link. */
export function registerEventMails(): void {
  registerMailTemplates(
    {
      'event-confirm': eventConfirm,
      'event-registered': eventRegistered,
      'event-waitlisted': eventWaitlisted,
      'event-promoted': eventPromoted,
      'event-reminder': eventReminder,
      'event-cancelled': eventCancelled,
    },
    (view, locale) => ({
      event: eventMailView(view.event as EventSnapshot | undefined, locale),
      seats: Number.isInteger(view.seats) && (view.seats as number) > 1 ? view.seats : null,
      cancelUrl: view.cancelUrl ?? '',
    }),
  );
}
