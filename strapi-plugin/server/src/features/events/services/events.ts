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
  type SignupRequest,
} from '@civic-dialog/contracts';
import { formatEventTime } from '../mails/calendar';
import type { Strapi } from '../../../kernel/types';
import { EVENTS_UID } from '../tables';
import { SHARED_UID } from '../../../shared/tables';
import { ConflictError, LinkError, fieldError } from '../../../kernel/http/errors';
import { getConfig } from '../../../kernel/get-config';
import { getService } from '../../../kernel/services';
import { kickOutbox } from '../../../shared/mail/queue';
import { subjectOf, type RequestMeta } from '../../../shared/consent/ledger';
import { topicName, type SignupPlan } from '../../subscriptions';
import { eventSnapshot, eventTitle } from './event-seats';
import { eventRows, registrationRows, type EventRow, type RegistrationRow } from '../rows';

export interface EventLinkOutcome {
  locale: Locale;
  status: RegistrationRow['status'];
  event: { slug: string; title: string; startsAt: string };
  /** What the link confirms, for its page: the seats and the event's time in words. */
  seats: number;
  when: string;
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

  const FULLY_BOOKED = 'This event is fully booked.';

  /** Why registration is not open now, or null when it is. */
  function closedReason(event: EventRow, taken: number, now: Date): string | null {
    if (event.eventStatus !== 'scheduled') return 'This event has been cancelled.';
    if (event.registrationOpensAt && new Date(event.registrationOpensAt) > now) return 'Registration for this event has not opened yet.';
    if (event.registrationClosesAt && new Date(event.registrationClosesAt) <= now) return 'Registration for this event is closed.';
    if (new Date(event.startsAt) <= now) return 'Registration for this event is closed: it has already started.';
    if (event.capacity !== null && taken >= event.capacity && !event.waitingList) return FULLY_BOOKED;
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
      seatsLeft: event.capacity === null ? null : Math.max(0, event.capacity - taken),
      waitingList: event.waitingList,
      registrationOpensAt: event.registrationOpensAt,
      registrationClosesAt: event.registrationClosesAt,
      registrationOpen: closedReason(event, taken, now) === null,
      maxSeatsPerRegistration: maxSeats(event),
      questions: eventQuestions(event).map((question) => publicQuestion(question, locale)),
      newsletterTopic: topic ? { slug: topic.slug, name: topicName(topic, locale) } : null,
      legalText: await legalTextOrNull('event-registration', locale),
      newsletterLegalText: topic ? await legalTextOrNull('newsletter', locale) : null,
    };
  }

  async function eventBySlug(slug: string): Promise<EventRow> {
    const event = eventRows.one(await strapi.db.query(EVENTS_UID.event).findOne({ where: { slug }, populate: { newsletterTopic: true } }));
    if (!event) throw new errors.NotFoundError(`No event "${slug}" exists.`);
    return event;
  }

  /** The registration a mail-link token points at; a token of another profile is as good as unknown. */
  async function registrationOf(claim: { profileId: number; payload: Record<string, unknown> }): Promise<RegistrationRow> {
    const registration = registrationRows.one(await strapi.db.query(EVENTS_UID.registration).findOne({ where: { id: Number(claim.payload.registrationId) || 0 } }));
    if (!registration || registration.profileId !== claim.profileId) throw new LinkError('invalid');
    return registration;
  }

  async function eventOf(registration: RegistrationRow): Promise<EventRow> {
    const event = eventRows.one(await strapi.db.query(EVENTS_UID.event).findOne({ where: { id: registration.eventId } }));
    if (!event) throw new LinkError('invalid');
    return event;
  }

  const outcome = (registration: RegistrationRow, event: EventRow): EventLinkOutcome => ({
    locale: registration.locale,
    status: registration.status,
    event: { slug: event.slug, title: eventTitle(event, registration.locale), startsAt: event.startsAt },
    seats: registration.seats,
    when: formatEventTime({ startsAt: event.startsAt, endsAt: event.endsAt, timeZone: event.timeZone }, registration.locale),
  });

  /**
   * The registration's work for the address, after the answer: one transaction that writes the
   * pending registration (a second try before confirming replaces the first) and queues the
   * confirmation mail, unless the address is registered already or its mail budget is spent.
   */
  async function registerAddress(
    event: EventRow,
    input: EventRegistrationInput,
    answers: EventAnswers,
    legalTextId: number,
    meta: RequestMeta,
    newsletter: { input: SignupRequest; plan: SignupPlan } | null,
  ): Promise<void> {
    // A new profile stays pending: registering for an event is no newsletter consent. The names stay
    // with the registration; the profile takes the first name over when the registration is confirmed.
    await getService(strapi, 'profileByEmail').inTransaction(input.email, { locale: input.locale }, async (profile, { onCommit }) => {
      if (newsletter) await getService(strapi, 'signup').apply({ ...newsletter.input, email: profile.email! }, newsletter.plan, meta);

      const registrations = strapi.db.query(EVENTS_UID.registration);
      const active = registrationRows.one(
        await registrations.findOne({ where: { eventId: event.id, profileId: profile.id, status: { $in: ['confirmed', 'waitlisted', 'attended'] } } }),
      );
      if (active) return;

      const consent = await getService(strapi, 'ledger').append(
        {
          profileId: profile.id,
          legalTextId,
          purpose: 'event-registration',
          action: 'granted',
          topics: [],
          subject: subjectOf('event', event.id),
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
      // Every try is a pending registration of its own, with its own link: anyone can type this
      // address, so a second try must not change what the first one's link confirms. Confirming one
      // drops the other pending ones (confirm below).
      const registration = registrationRows.existing(
        await registrations.create({ data: { ...data, eventId: event.id, profileId: profile.id, status: 'pending' } }),
      );
      // Within the cooldown or beyond the mailbox's budget: the registration is recorded, only no mail
      // (a link already mailed still confirms its own registration).
      if (!(await getService(strapi, 'rateLimits').allowMail(input.email, `event:${event.id}`))) return;
      await seats().mail('event-confirm', registration, event);
      onCommit(() => kickOutbox(strapi));
    });
  }

  return {
    maxSeats,
    closedReason,

    /** Upcoming events whose registration is open now, soonest first. */
    async list(locale: Locale): Promise<PublicEvent[]> {
      const now = new Date();
      const rows = eventRows.many(
        await strapi.db.query(EVENTS_UID.event).findMany({
          where: { eventStatus: 'scheduled', startsAt: { $gt: now } },
          orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
          populate: { newsletterTopic: true },
          limit: 200,
        }),
      );
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
      // The reason is what the widget says (in the citizen's language); the message is for developers.
      if (closed) throw new ConflictError(closed, { reason: closed === FULLY_BOOKED ? 'fully-booked' : 'registration-closed' });

      if (input.seats > maxSeats(event)) throw fieldError(['seats'], `must be at most ${maxSeats(event)}`, 'too-many-seats');
      const answers: EventAnswers = Object.fromEntries(
        Object.entries(input.answers).map(([id, value]) => [id, typeof value === 'string' ? value.trim() : value]),
      );
      const issues = eventAnswerIssues(eventQuestions(event), answers);
      if (issues.length) {
        throw new errors.ValidationError(issues.length === 1 ? `${issues[0]!.path.join('.')} ${issues[0]!.message}` : `${issues.length} errors occurred`, {
          errors: issues.map((issue) => ({ path: issue.path, message: `${issue.path.join('.')} ${issue.message}`, name: 'ValidationError', code: 'invalid-answer' })),
        });
      }
      const legalText = await catalog().legalText('event-registration', input.locale, input.legalTextVersion);
      if (!legalText) {
        throw fieldError(['legalTextVersion'], `version ${input.legalTextVersion} of the ${input.locale} event registration consent text does not exist`, 'legal-text-outdated');
      }
      if (input.newsletter && !event.newsletterTopic) throw fieldError(['newsletter'], 'this event offers no newsletter', 'not-offered');
      if (input.newsletter && !input.newsletterLegalTextVersion) throw fieldError(['newsletterLegalTextVersion'], 'is required when newsletter is true', 'legal-text-outdated');
      const newsletterSignup =
        input.newsletter && event.newsletterTopic
          ? {
              email: input.email,
              firstName: input.firstName,
              topics: [event.newsletterTopic.slug],
              locale: input.locale,
              legalTextVersion: input.newsletterLegalTextVersion!,
              consent: true as const,
              pageUrl: input.pageUrl,
              widget: input.widget,
            }
          : null;
      // Checked before the answer like the rest; the signup itself is part of the work after it.
      const newsletterPlan = newsletterSignup ? await getService(strapi, 'signup').prepare(newsletterSignup) : null;
      // Honeypot: a bot gets the normal answer and nothing happens (after validation, like a human would see it).
      if (input.website) return;

      // Whether the address is known decides what happens, so it happens after the answer.
      const newsletter = newsletterSignup && newsletterPlan ? { input: newsletterSignup, plan: newsletterPlan } : null;
      getService(strapi, 'intake').afterAnswer('event registration', () => registerAddress(event, input, answers, legalText.id, meta, newsletter));
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
        // The address's other tries are void now (one registration per person and event).
        await strapi.db.query(EVENTS_UID.registration).updateMany({
          where: { eventId: registration.eventId, profileId: registration.profileId, status: 'pending', id: { $ne: registration.id } },
          data: { status: 'cancelled', cancelledAt: new Date() },
        });
        // The registration's first name, now confirmed by the mailbox's owner; a name the profile has stays.
        if (registration.firstName) {
          await strapi.db.query(SHARED_UID.profile).updateMany({ where: { id: registration.profileId, firstName: null }, data: { firstName: registration.firstName } });
        }
        const granted = registration.consentId ? await getService(strapi, 'ledger').find(registration.consentId) : null;
        await getService(strapi, 'ledger').append(
          {
            profileId: registration.profileId,
            legalTextId: granted?.legalTextId ?? null,
            purpose: 'event-registration',
            action: 'confirmed',
            topics: [],
            subject: subjectOf('event', event.id),
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
