/**
 * Event registration (`<civic-event-registration>`) and the organiser's registrations page.
 *
 * Confirmation rule: every registration is confirmed by a link mailed to the address (anyone can
 * type anyone's address), also for addresses with an active newsletter profile. Seats are given
 * out when the link is confirmed, not when the form is sent: confirmed while seats remain, else
 * waitlisted (events with a waiting list) or refused as fully booked (409, the link stays usable).
 */
import { z } from 'zod';
import {
  EVENT_LIMITS,
  LIMITS,
  emailSchema,
  localeSchema,
  personNameSchema,
  refineAnswerCapacity,
  type PublicLegalText,
} from './core';

export const eventSlugSchema = z
  .string()
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be an event slug (lower-case letters, digits, dashes)');

// ---------------------------------------------------------------------------------------------
// Questions: what the editor stores in the event's `questions` JSON (validated on save)

export const EVENT_QUESTION_TYPES = ['short-text', 'long-text', 'single-choice', 'multiple-choice', 'yes-no'] as const;
export type EventQuestionType = (typeof EVENT_QUESTION_TYPES)[number];

/** Stable id of a question or choice: answers and CSV columns are keyed by it. */
const questionIdSchema = z
  .string()
  .max(EVENT_LIMITS.idLength)
  .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'must be an id (lower-case letters, digits, dashes)')
  // Answers are keyed by it: `constructor` would find Object.prototype's in every answers object.
  .refine((id) => !(id in Object.prototype), 'is a reserved word');

const labelSchema = z.strictObject({
  de: z.string().trim().min(1, 'needs a German label').max(EVENT_LIMITS.labelLength),
  en: z.string().trim().max(EVENT_LIMITS.labelLength).optional(),
});

const choiceDefinitionSchema = z.strictObject({ id: questionIdSchema, label: labelSchema });

const questionBase = { id: questionIdSchema, label: labelSchema, required: z.boolean().default(false) };

export const eventQuestionDefinitionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...questionBase,
    type: z.literal('short-text'),
    maxLength: z.number().int().min(1).max(EVENT_LIMITS.shortTextLength).default(EVENT_LIMITS.shortTextLength),
  }),
  z.strictObject({
    ...questionBase,
    type: z.literal('long-text'),
    maxLength: z.number().int().min(1).max(EVENT_LIMITS.longTextLength).default(EVENT_LIMITS.longTextLength),
  }),
  z.strictObject({
    ...questionBase,
    type: z.enum(['single-choice', 'multiple-choice']),
    choices: z.array(choiceDefinitionSchema).min(2, 'needs at least two choices').max(EVENT_LIMITS.choicesPerQuestion),
  }),
  z.strictObject({ ...questionBase, type: z.literal('yes-no') }),
]);
export type EventQuestionDefinition = z.infer<typeof eventQuestionDefinitionSchema>;

/** The event's `questions` field: unique question ids, unique choice ids per question. */
export const eventQuestionsSchema = z
  .array(eventQuestionDefinitionSchema)
  .max(EVENT_LIMITS.questionsPerEvent)
  .superRefine((questions, ctx) => {
    const seen = new Set<string>();
    questions.forEach((question, index) => {
      if (seen.has(question.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate question id "${question.id}"` });
      seen.add(question.id);
      if ('choices' in question) {
        const choiceIds = new Set<string>();
        question.choices.forEach((choice, choiceIndex) => {
          if (choiceIds.has(choice.id)) {
            ctx.addIssue({ code: 'custom', path: [index, 'choices', choiceIndex, 'id'], message: `duplicate choice id "${choice.id}"` });
          }
          choiceIds.add(choice.id);
        });
      }
    });
  });

/** What a save must pass (the server's lifecycle, the admin's builder): the questions, and their largest answers fit into one request. */
export const eventQuestionsToSaveSchema = eventQuestionsSchema.superRefine(refineAnswerCapacity);

/** The event's `reminderOffsets` field: minutes before the start, e.g. [1440] = 24 hours before. */
export const reminderOffsetsSchema = z
  .array(z.number().int().min(1).max(EVENT_LIMITS.reminderOffsetMinutes))
  .max(EVENT_LIMITS.reminderOffsets)
  .refine((offsets) => new Set(offsets).size === offsets.length, 'must not repeat an offset');

/** A question as the widget shows it: labels in the requested language. */
export type EventQuestion =
  | { id: string; type: 'short-text' | 'long-text'; label: string; required: boolean; maxLength: number }
  | {
      id: string;
      type: 'single-choice' | 'multiple-choice';
      label: string;
      required: boolean;
      choices: Array<{ id: string; label: string }>;
    }
  | { id: string; type: 'yes-no'; label: string; required: boolean };

/** An answer: text, a choice id (single), choice ids (multiple), or yes/no. */
export const eventAnswerSchema = z.union([
  z.string().max(EVENT_LIMITS.longTextLength),
  z.array(z.string().max(EVENT_LIMITS.idLength)).max(EVENT_LIMITS.choicesPerQuestion),
  z.boolean(),
]);
export type EventAnswer = z.infer<typeof eventAnswerSchema>;
export type EventAnswers = Record<string, EventAnswer>;


// ---------------------------------------------------------------------------------------------
// Public reads: GET /events?locale=de, GET /events/:slug?locale=de

export const EVENT_STATUSES = ['scheduled', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export interface PublicEvent {
  slug: string;
  /** In the requested language (falls back to German). */
  title: string;
  /** Plain text; paragraphs separated by blank lines. */
  description: string | null;
  /** ISO 8601 instants (UTC); show them in `timeZone`. */
  startsAt: string;
  endsAt: string;
  /** IANA time zone of the event, e.g. Europe/Berlin. */
  timeZone: string;
  location: string;
  address: string | null;
  /** null = unlimited. */
  capacity: number | null;
  /** Seats not yet confirmed to anyone; null = unlimited. 0 with waitingList = registrations go to the waiting list. */
  seatsLeft: number | null;
  waitingList: boolean;
  registrationOpensAt: string | null;
  registrationClosesAt: string | null;
  /** Open now: scheduled, after opensAt, before closesAt and the start, and seats left or a waiting list. */
  registrationOpen: boolean;
  maxSeatsPerRegistration: number;
  questions: EventQuestion[];
  /** A newsletter topic offered with a separate, unchecked checkbox (double opt-in of its own). */
  newsletterTopic: { slug: string; name: string } | null;
  /** The consent text for purpose 'event-registration' in the requested language (null if the town has none). */
  legalText: PublicLegalText | null;
  /** The current newsletter consent text, when a newsletter topic is offered. */
  newsletterLegalText: PublicLegalText | null;
}

export interface EventList {
  data: PublicEvent[];
}

export interface EventResponse {
  data: PublicEvent;
}

// ---------------------------------------------------------------------------------------------
// Register: POST /events/:slug/registrations → 202 (the same answer for every accepted request)

export const eventRegistrationRequestSchema = z.strictObject({
  email: emailSchema,
  firstName: personNameSchema(LIMITS.firstNameLength).optional(),
  lastName: personNameSchema(EVENT_LIMITS.lastNameLength).optional(),
  seats: z.number().int().min(1).max(EVENT_LIMITS.seatsPerRegistration).default(1),
  answers: z
    .record(questionIdSchema, eventAnswerSchema)
    .refine((answers) => Object.keys(answers).length <= EVENT_LIMITS.questionsPerEvent, 'has too many answers')
    .default({}),
  locale: localeSchema,
  /** The version of the 'event-registration' consent text the citizen was shown. */
  legalTextVersion: z.number().int().positive(),
  consent: z.literal(true, { message: 'consent is required' }),
  /** The separate, unchecked newsletter checkbox for the event's topic: starts the newsletter double opt-in. */
  newsletter: z.boolean().optional(),
  /** The newsletter consent text version shown next to that checkbox; required when newsletter is true. */
  newsletterLegalTextVersion: z.number().int().positive().optional(),
  pageUrl: z.url({ protocol: /^https?$/ }).max(LIMITS.urlLength),
  widget: z.string().max(64).optional(),
  /** Honeypot: humans leave it empty. */
  website: z.string().max(LIMITS.urlLength).optional(),
});
export type EventRegistrationRequest = z.input<typeof eventRegistrationRequestSchema>;
export type EventRegistrationInput = z.output<typeof eventRegistrationRequestSchema>;

export interface EventRegistrationAccepted {
  data: { status: 'accepted' };
}

// ---------------------------------------------------------------------------------------------
// Mail links: POST /event-confirm, POST /event-cancel ({ token }), next to /confirm and /unsubscribe
// (GET on the same paths shows a page with a button; JSON clients get these answers)

export interface EventRegistrationConfirmed {
  /** confirmed: has seats; waitlisted: on the waiting list, promoted automatically when seats free up. */
  data: { status: 'confirmed' | 'waitlisted'; event: { slug: string; title: string; startsAt: string } };
}

export interface EventRegistrationCancelled {
  data: { status: 'cancelled'; event: { slug: string; title: string; startsAt: string } };
}

// ---------------------------------------------------------------------------------------------
// Admin: /civic-dialog/events-admin… and /civic-dialog/event-registrations/:id (RBAC events.read / events.manage)

export const REGISTRATION_STATUSES = ['pending', 'confirmed', 'waitlisted', 'cancelled', 'attended'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export interface RegistrationCounts {
  /** Registrations (not seats) per status. */
  pending: number;
  confirmed: number;
  waitlisted: number;
  cancelled: number;
  attended: number;
  /** Seats held by confirmed + attended registrations. */
  seatsTaken: number;
  /** Seats asked for on the waiting list. */
  seatsWaitlisted: number;
}

export interface AdminEventSummary {
  id: number;
  documentId: string;
  slug: string;
  title: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  location: string;
  status: EventStatus;
  capacity: number | null;
  waitingList: boolean;
  counts: RegistrationCounts;
}

/** `GET /events-admin`: upcoming first, then past events (newest first). */
export interface AdminEventList {
  results: AdminEventSummary[];
}

export const adminRegistrationListQuerySchema = z.object({
  status: z.enum(REGISTRATION_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
/** The query string of the registrations list (all optional; page 1, 50 per page by default). */
export interface AdminRegistrationListQuery {
  status?: RegistrationStatus;
  page?: number;
  pageSize?: number;
}

export interface AdminRegistration {
  id: number;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  seats: number;
  status: RegistrationStatus;
  answers: EventAnswers;
  /** 1-based place on the waiting list (waitlisted only), else null. */
  position: number | null;
  createdAt: string;
  confirmedAt: string | null;
  waitlistedAt: string | null;
  cancelledAt: string | null;
  attendedAt: string | null;
}

/** `GET /events-admin/:id/registrations?status&page&pageSize`: confirmed/attended first, then the waiting list in order. */
export interface AdminRegistrationList {
  event: AdminEventSummary & { questions: EventQuestionDefinition[] };
  results: AdminRegistration[];
  pagination: { page: number; pageSize: number; pageCount: number; total: number };
}

/** `PUT /event-registrations/:id/attendance`: check-in at the door (true) or undo it (false); sets the state, so repeating it is harmless. */
export const registrationCheckInSchema = z.strictObject({ attended: z.boolean() });
export type RegistrationCheckIn = z.infer<typeof registrationCheckInSchema>;

/** `POST /event-registrations/:id/promote`: waiting list → confirmed; `override` allows exceeding the capacity. */
export const registrationPromoteSchema = z.strictObject({ override: z.boolean().default(false) });
export type RegistrationPromote = z.input<typeof registrationPromoteSchema>;

/**
 * The answer of check-in and promote (RBAC events.manage): only the registration's new state. No
 * address, names or answers — those need events.read, which a door helper may not have.
 */
export interface AdminRegistrationStateResult {
  data: Pick<AdminRegistration, 'id' | 'seats' | 'status' | 'confirmedAt' | 'attendedAt'>;
}

/** `GET /events-admin/:id/registrations.csv`: UTF-8 with BOM, comma-separated, all but pending. These columns, then one per question headed by its German label. */
export const REGISTRATION_CSV_COLUMNS = ['email', 'firstName', 'lastName', 'seats', 'status', 'registeredAt', 'attendedAt'] as const;
