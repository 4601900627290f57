import { errors } from '@strapi/utils';
import {
  EVENT_LIMITS,
  eventAnswerIssues,
  eventQuestionsSchema,
  type EventAnswers,
  type EventQuestion,
  type EventQuestionDefinition,
  type EventRegistrationInput,
  type Locale,
  type PublicEvent,
  type PublicLegalText,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../types';
import { UID } from '../../constants';
import { ConflictError, LinkError, fieldError } from '../../utils/errors';
import { getConfig } from '../../utils/config';
import { toIso } from '../../utils/time';
import { getService, kickOutbox } from '../../utils/services';
import type { RequestMeta } from '../common/ledger';
import { topicName } from './catalog';
import { eventSnapshot, eventTitle, type EventRow, type RegistrationRow } from '../common/event-seats';

export interface EventLinkOutcome {
  locale: Locale;
  status: RegistrationRow['status'];
  event: { slug: string; title: string; startsAt: string };
}

/** The questions stored on an event; the lifecycle validated them on save, so a parse failure is a bug. */
export function eventQuestions(event: Pick<EventRow, 'questions'>): EventQuestionDefinition[] {
  const parsed = eventQuestionsSchema.safeParse(event.questions ?? []);
  return parsed.success ? parsed.data : [];
}

function publicQuestion(question: EventQuestionDefinition, locale: Locale): EventQuestion {
  const label = (value: { de: string; en?: string }) => (locale === 'en' && value.en) || value.de;
  switch (question.type) {
    case 'short-text':
    case 'long-text':
      return { id: question.id, type: question.type, label: label(question.label), required: question.required, maxLength: question.maxLength };
    case 'single-choice':
    case 'multiple-choice':
      return {
        id: question.id,
        type: question.type,
        label: label(question.label),
        required: question.required,
        choices: question.choices.map((choice) => ({ id: choice.id, label: label(choice.label) })),
      };
    case 'yes-no':
      return { id: question.id, type: question.type, label: label(question.label), required: question.required };
  }
}

/**
 * Event registration for citizens: the public list, the form, and the mail links. Every
 * registration is confirmed by a mailed link (see contracts/events.ts); seats are given out then.
 */
const events = ({ strapi }: { strapi: Strapi }) => {
  const seats = () => getService(strapi, 'eventSeats');
  const tokens = () => getService(strapi, 'tokens');
  const catalog = () => getService(strapi, 'catalog');

  const maxSeats = (event: EventRow) =>
    Math.max(1, Math.min(event.maxSeatsPerRegistration || 1, getConfig(strapi).events?.maxSeatsPerRegistration ?? 10, EVENT_LIMITS.seatsPerRegistration));

  /** Why registration is not open now, or null when it is. */
  function closedReason(event: EventRow, taken: number, now: Date): string | null {
    if (event.status !== 'scheduled') return 'This event has been cancelled.';
    if (event.registrationOpensAt && new Date(event.registrationOpensAt) > now) return 'Registration for this event has not opened yet.';
    if (event.registrationClosesAt && new Date(event.registrationClosesAt) <= now) return 'Registration for this event is closed.';
    if (new Date(event.startsAt) <= now) return 'Registration for this event is closed: it has already started.';
    if (event.capacity !== null && taken >= event.capacity && !event.waitingList) return 'This event is fully booked.';
    return null;
  }

  async function legalTextOrNull(purpose: 'event-registration' | 'newsletter', locale: Locale): Promise<PublicLegalText | null> {
    try {
      return await catalog().currentLegalText(purpose, locale);
    } catch (error) {
      if (error instanceof errors.NotFoundError) return null;
      throw error;
    }
  }

  async function toPublic(event: EventRow, taken: number, locale: Locale, now: Date): Promise<PublicEvent> {
    const topic = event.newsletterTopic ?? null;
    const { id: _id, ...shown } = eventSnapshot(event, locale);
    return {
      ...shown,
      capacity: event.capacity ?? null,
      seatsLeft: event.capacity === null || event.capacity === undefined ? null : Math.max(0, event.capacity - taken),
      waitingList: Boolean(event.waitingList),
      registrationOpensAt: toIso(event.registrationOpensAt),
      registrationClosesAt: toIso(event.registrationClosesAt),
      registrationOpen: closedReason(event, taken, now) === null,
      maxSeatsPerRegistration: maxSeats(event),
      questions: eventQuestions(event).map((question) => publicQuestion(question, locale)),
      newsletterTopic: topic ? { slug: topic.slug, name: topicName(topic, locale) } : null,
      legalText: await legalTextOrNull('event-registration', locale),
      newsletterLegalText: topic ? await legalTextOrNull('newsletter', locale) : null,
    };
  }

  async function eventBySlug(slug: string): Promise<EventRow> {
    const event = (await strapi.db.query(UID.event).findOne({ where: { slug }, populate: { newsletterTopic: true } })) as EventRow | null;
    if (!event) throw new errors.NotFoundError(`No event "${slug}" exists.`);
    return event;
  }

  /** The registration a mail-link token points at; a token of another profile is as good as unknown. */
  async function registrationOf(claim: { profileId: number; payload: Record<string, unknown> }): Promise<RegistrationRow> {
    const registration = (await strapi.db.query(UID.registration).findOne({
      where: { id: Number(claim.payload.registrationId) || 0 },
    })) as RegistrationRow | null;
    if (!registration || Number(registration.profileId) !== claim.profileId) throw new LinkError('invalid');
    return registration;
  }

  async function eventOf(registration: RegistrationRow): Promise<EventRow> {
    const event = (await strapi.db.query(UID.event).findOne({ where: { id: registration.eventId } })) as EventRow | null;
    if (!event) throw new LinkError('invalid');
    return event;
  }

  const outcome = (registration: RegistrationRow, event: EventRow): EventLinkOutcome => ({
    locale: registration.locale,
    status: registration.status,
    event: { slug: event.slug, title: eventTitle(event, registration.locale), startsAt: toIso(event.startsAt)! },
  });

  return {
    maxSeats,
    closedReason,

    /** Upcoming events whose registration is open now, soonest first. */
    async list(locale: Locale): Promise<PublicEvent[]> {
      const now = new Date();
      const rows = (await strapi.db.query(UID.event).findMany({
        where: { status: 'scheduled', startsAt: { $gt: now } },
        orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
        populate: { newsletterTopic: true },
        limit: 200,
      })) as EventRow[];
      const taken = await seats().seatsTaken(rows.map((row) => row.id));
      const open = rows.filter((row) => closedReason(row, taken.get(row.id) ?? 0, now) === null);
      return Promise.all(open.map((row) => toPublic(row, taken.get(row.id) ?? 0, locale, now)));
    },

    async get(slug: string, locale: Locale): Promise<PublicEvent> {
      const event = await eventBySlug(slug);
      const taken = (await seats().seatsTaken([event.id])).get(event.id) ?? 0;
      return toPublic(event, taken, locale, new Date());
    },

    /**
     * A registration request. Every accepted request gets the same answer (no enumeration): a new
     * pending registration and a confirmation mail, or nothing when this address is already
     * registered for the event.
     */
    async register(slug: string, input: EventRegistrationInput, meta: RequestMeta): Promise<void> {
      const event = await eventBySlug(slug);
      const now = new Date();
      const taken = (await seats().seatsTaken([event.id])).get(event.id) ?? 0;
      const closed = closedReason(event, taken, now);
      if (closed) throw new ConflictError(closed, { reason: 'registration-closed' });

      if (input.seats > maxSeats(event)) throw fieldError(['seats'], `must be at most ${maxSeats(event)}`);
      const answers: EventAnswers = Object.fromEntries(
        Object.entries(input.answers).map(([id, value]) => [id, typeof value === 'string' ? value.trim() : value]),
      );
      const issues = eventAnswerIssues(eventQuestions(event), answers);
      if (issues.length) {
        throw new errors.ValidationError(issues.length === 1 ? `${issues[0]!.path.join('.')} ${issues[0]!.message}` : `${issues.length} errors occurred`, {
          errors: issues.map((issue) => ({ path: issue.path, message: `${issue.path.join('.')} ${issue.message}`, name: 'ValidationError' })),
        });
      }
      const legalText = await catalog().legalText('event-registration', input.locale, input.legalTextVersion);
      if (!legalText) {
        throw fieldError(['legalTextVersion'], `version ${input.legalTextVersion} of the ${input.locale} event registration consent text does not exist`);
      }
      if (input.newsletter && !event.newsletterTopic) throw fieldError(['newsletter'], 'this event offers no newsletter');
      if (input.newsletter && !input.newsletterLegalTextVersion) throw fieldError(['newsletterLegalTextVersion'], 'is required when newsletter is true');
      // Honeypot: a bot gets the normal answer and nothing happens (after validation, like a human would see it).
      if (input.website) return;

      const newProfile = { locale: input.locale, firstName: input.firstName };
      // A new profile stays pending: registering for an event is no newsletter consent.
      await getService(strapi, 'profileByEmail').inTransaction(input.email, newProfile, async (profile, { created, onCommit }) => {
        if (!created && !profile.firstName && input.firstName) {
          await strapi.db.query(UID.profile).update({ where: { id: profile.id }, data: { firstName: input.firstName } });
        }

        if (input.newsletter && event.newsletterTopic) {
          await getService(strapi, 'signup').accept(
            {
              email: profile.email,
              firstName: input.firstName,
              topics: [event.newsletterTopic.slug],
              locale: input.locale,
              legalTextVersion: input.newsletterLegalTextVersion!,
              consent: true,
              pageUrl: input.pageUrl,
              widget: input.widget,
            },
            meta,
          );
        }

        const registrations = strapi.db.query(UID.registration);
        const active = (await registrations.findOne({
          where: { eventId: event.id, profileId: profile.id, status: { $in: ['confirmed', 'waitlisted', 'attended'] } },
        })) as RegistrationRow | null;
        if (active) return;

        const consent = await getService(strapi, 'ledger').append(
          {
            profileId: profile.id,
            legalTextId: legalText.id,
            purpose: 'event-registration',
            action: 'granted',
            topics: [],
            sourceUrl: input.pageUrl,
            widget: input.widget ?? null,
          },
          meta,
        );
        const data = {
          seats: input.seats,
          answers,
          firstName: input.firstName || null,
          lastName: input.lastName || null,
          locale: input.locale,
          consentId: consent.id,
          sourceUrl: input.pageUrl,
          widget: input.widget ?? null,
        };
        // A second try before confirming replaces the first (its old link then points at the new answers).
        const pending = (await registrations.findOne({ where: { eventId: event.id, profileId: profile.id, status: 'pending' } })) as RegistrationRow | null;
        const registration = (pending
          ? await registrations.update({ where: { id: pending.id }, data })
          : await registrations.create({ data: { ...data, eventId: event.id, profileId: profile.id, status: 'pending' } })) as RegistrationRow;
        await seats().mail('event-confirm', registration, event);
        onCommit(() => kickOutbox(strapi));
      });
    },

    /** GET confirm page: checks the link without using it. */
    async previewConfirm(raw: unknown): Promise<EventLinkOutcome> {
      const registration = await registrationOf(await tokens().peek(raw, 'event-confirm'));
      return outcome(registration, await eventOf(registration));
    },

    async confirm(raw: unknown, meta: RequestMeta): Promise<EventLinkOutcome> {
      const result = await strapi.db.transaction(async ({ trx, onCommit }) => {
        // Used up inside the transaction: a "fully booked" rollback leaves the link usable.
        const claim = await tokens().consume(raw, 'event-confirm');
        const registration = await registrationOf(claim);
        if (registration.status !== 'pending') throw new LinkError('used');
        const event = await seats().lockEvent(trx, registration.eventId);
        if (!event) throw new LinkError('invalid');
        const closed = closedReason(event, 0, new Date());
        if (closed) throw new ConflictError(closed, { reason: 'registration-closed' });
        const placed = await seats().allocate(trx, event, registration);
        const granted = registration.consentId ? await getService(strapi, 'ledger').find(registration.consentId) : null;
        await getService(strapi, 'ledger').append(
          {
            profileId: registration.profileId,
            legalTextId: granted?.legalTextId ?? null,
            purpose: 'event-registration',
            action: 'confirmed',
            topics: [],
            sourceUrl: registration.sourceUrl,
            widget: registration.widget,
          },
          meta,
        );
        onCommit(() => kickOutbox(strapi));
        return outcome(placed, event);
      });
      return result;
    },

    /** GET cancel page: checks the link without using it; a cancelled registration shows as such. */
    async previewCancel(raw: unknown): Promise<EventLinkOutcome> {
      const info = await tokens().inspect(raw, 'event-cancel');
      if (!info.used && info.expired) throw new LinkError('expired');
      const registration = await registrationOf(info);
      return outcome(registration, await eventOf(registration));
    },

    /** Cancels the registration, frees its seats and moves the waiting list up, in one transaction. */
    async cancel(raw: unknown): Promise<EventLinkOutcome> {
      return strapi.db.transaction(async () => {
        const info = await tokens().inspect(raw, 'event-cancel');
        const registration = await registrationOf(info);
        const event = await eventOf(registration);
        // Idempotent: any of the person's cancel links (or a repeated click) answers "cancelled".
        if (registration.status === 'cancelled') return outcome(registration, event);
        if (info.expired) throw new LinkError('expired');
        await seats().release(event.id, [registration.id]);
        return outcome({ ...registration, status: 'cancelled' }, event);
      });
    },
  };
};

export default events;
export type EventsService = ReturnType<typeof events>;
