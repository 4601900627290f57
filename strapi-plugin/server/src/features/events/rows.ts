import { z } from 'zod';
import { EVENT_STATUSES, REGISTRATION_STATUSES, localeSchema } from '@civic-dialog/contracts';
import { EVENTS_TABLE } from './tables';
import { col, rowsOf, type RowOf } from '../../kernel/db';
import { topicRows } from '../subscriptions';

/** civic_dialog_events. `questions` and `reminderOffsets` were checked against the contracts on save. */
export const eventRows = rowsOf(
  EVENTS_TABLE.event,
  z.object({
    id: col.int,
    documentId: col.text,
    title: col.text,
    titleEn: col.textOrNull,
    slug: col.text,
    description: col.textOrNull,
    descriptionEn: col.textOrNull,
    startsAt: col.time,
    endsAt: col.time,
    timeZone: col.text,
    location: col.text,
    address: col.textOrNull,
    capacity: col.intOrNull,
    waitingList: col.bool,
    registrationOpensAt: col.timeOrNull,
    registrationClosesAt: col.timeOrNull,
    maxSeatsPerRegistration: col.int,
    questions: col.json(),
    reminderOffsets: col.json(),
    /** Not `status`: Strapi 5's content manager reads a body's `status` as draft/published. */
    eventStatus: z.enum(EVENT_STATUSES),
    /** Only when the query populates it. */
    newsletterTopic: topicRows.schema.nullish(),
  }),
);
export type EventRow = RowOf<typeof eventRows>;

/** An answer as stored: the contracts checked it on the way in; read back, only its type is checked. */
const storedAnswers = z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean()])).nullable();

/** civic_dialog_registrations. */
export const registrationRows = rowsOf(
  EVENTS_TABLE.registration,
  z.object({
    id: col.int,
    eventId: col.int,
    profileId: col.int,
    status: z.enum(REGISTRATION_STATUSES),
    seats: col.int,
    answers: col.json(storedAnswers),
    firstName: col.textOrNull,
    lastName: col.textOrNull,
    locale: localeSchema,
    consentId: col.intOrNull,
    sourceUrl: col.textOrNull,
    widget: col.textOrNull,
    createdAt: col.time,
    confirmedAt: col.timeOrNull,
    waitlistedAt: col.timeOrNull,
    cancelledAt: col.timeOrNull,
    attendedAt: col.timeOrNull,
  }),
);
export type RegistrationRow = RowOf<typeof registrationRows>;

/** Registrations and seats per event and status (grouped SQL). */
export const registrationCounts = rowsOf(
  EVENTS_TABLE.registration,
  z.object({ event_id: col.int, status: z.enum(REGISTRATION_STATUSES), registrations: col.count, seats: col.count }),
);

/** Seats held per event (grouped SQL). */
export const seatSums = rowsOf(EVENTS_TABLE.registration, z.object({ event_id: col.int, seats: col.count }));
