import { errors } from '@strapi/utils';
import { stringify } from 'csv-stringify/sync';
import {
  REGISTRATION_CSV_COLUMNS,
  type AdminEventSummary,
  type AdminRegistration,
  type AdminRegistrationList,
  type EventAnswer,
  type EventQuestionDefinition,
  type RegistrationCounts,
  type RegistrationStatus,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../types';
import { TABLE, UID } from '../../constants';
import { ConflictError } from '../../utils/errors';
import { toIso } from '../../utils/time';
import { spreadsheetSafe } from '../../utils/csv';
import { getService, kickOutbox } from '../../utils/services';
import { eventQuestions } from '../client/events';
import type { EventRow, RegistrationRow } from '../common/event-seats';

const EMPTY_COUNTS: RegistrationCounts = { pending: 0, confirmed: 0, waitlisted: 0, cancelled: 0, attended: 0, seatsTaken: 0, seatsWaitlisted: 0 };

interface ListRow {
  id: number;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  seats: number;
  status: RegistrationStatus;
  answers: unknown;
  created_at: unknown;
  confirmed_at: unknown;
  waitlisted_at: unknown;
  cancelled_at: unknown;
  attended_at: unknown;
}

/** An answer as a person reads it: choice labels, ja/nein. */
function answerText(question: EventQuestionDefinition, answer: EventAnswer | undefined): string {
  if (answer === undefined || answer === null) return '';
  if (question.type === 'yes-no') return answer === true ? 'ja' : answer === false ? 'nein' : '';
  if (question.type === 'single-choice' || question.type === 'multiple-choice') {
    const ids = Array.isArray(answer) ? answer : [String(answer)];
    return ids.map((id) => question.choices.find((choice) => choice.id === id)?.label.de ?? id).join('; ');
  }
  return String(answer);
}

/** The organiser's view: counts by grouped SQL, the registrations list, CSV, check-in, manual promotion. */
const eventsAdmin = ({ strapi }: { strapi: Strapi }) => {
  const knex = () => strapi.db.connection;
  const seats = () => getService(strapi, 'eventSeats');

  async function countsOf(eventIds: number[]): Promise<Map<number, RegistrationCounts>> {
    const result = new Map<number, RegistrationCounts>(eventIds.map((id) => [id, { ...EMPTY_COUNTS }]));
    if (!eventIds.length) return result;
    const rows = (await knex()(TABLE.registration)
      .select('event_id', 'status')
      .count({ registrations: '*' })
      .sum({ seats: 'seats' })
      .whereIn('event_id', eventIds)
      .groupBy('event_id', 'status')) as Array<{ event_id: number; status: RegistrationStatus; registrations: string | number; seats: string | number | null }>;
    for (const row of rows) {
      const counts = result.get(Number(row.event_id))!;
      counts[row.status] = Number(row.registrations);
      if (row.status === 'confirmed' || row.status === 'attended') counts.seatsTaken += Number(row.seats ?? 0);
      if (row.status === 'waitlisted') counts.seatsWaitlisted += Number(row.seats ?? 0);
    }
    return result;
  }

  const summary = (event: EventRow, counts: RegistrationCounts): AdminEventSummary => ({
    id: event.id,
    documentId: event.documentId,
    slug: event.slug,
    title: event.title,
    startsAt: toIso(event.startsAt)!,
    endsAt: toIso(event.endsAt)!,
    timeZone: event.timeZone,
    location: event.location,
    status: event.status,
    capacity: event.capacity ?? null,
    waitingList: Boolean(event.waitingList),
    counts,
  });

  async function eventById(id: number): Promise<EventRow> {
    const event = (await strapi.db.query(UID.event).findOne({ where: { id } })) as EventRow | null;
    if (!event) throw new errors.NotFoundError(`No event with id ${id} exists.`);
    return event;
  }

  function listQuery(eventId: number, status?: RegistrationStatus) {
    const query = knex()(`${TABLE.registration} as r`)
      .leftJoin(`${TABLE.profile} as p`, 'p.id', 'r.profile_id')
      .where('r.event_id', eventId);
    if (status) query.where('r.status', status);
    return query;
  }

  const SELECT = [
    'r.id', 'p.email', 'r.first_name', 'r.last_name', 'r.seats', 'r.status', 'r.answers',
    'r.created_at', 'r.confirmed_at', 'r.waitlisted_at', 'r.cancelled_at', 'r.attended_at',
  ];

  const orderRows = (query: any) =>
    query
      .orderByRaw(`CASE r.status WHEN 'attended' THEN 0 WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 WHEN 'pending' THEN 2 ELSE 3 END`)
      .orderByRaw('COALESCE(r.waitlisted_at, r.confirmed_at, r.created_at) ASC')
      .orderBy('r.id', 'asc');

  const parseAnswers = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value ?? {}) as Record<string, EventAnswer>;

  async function waitlistPositions(eventId: number): Promise<Map<number, number>> {
    const rows = (await knex()(TABLE.registration)
      .select('id')
      .where({ event_id: eventId, status: 'waitlisted' })
      .orderBy([{ column: 'waitlisted_at', order: 'asc' }, { column: 'id', order: 'asc' }])) as Array<{ id: number }>;
    return new Map(rows.map((row, index) => [Number(row.id), index + 1]));
  }

  const toAdmin = (row: ListRow, positions: Map<number, number>): AdminRegistration => ({
    id: Number(row.id),
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    seats: Number(row.seats),
    status: row.status,
    answers: parseAnswers(row.answers),
    position: row.status === 'waitlisted' ? positions.get(Number(row.id)) ?? null : null,
    createdAt: toIso(row.created_at)!,
    confirmedAt: toIso(row.confirmed_at),
    waitlistedAt: toIso(row.waitlisted_at),
    cancelledAt: toIso(row.cancelled_at),
    attendedAt: toIso(row.attended_at),
  });

  async function registrationById(id: number): Promise<RegistrationRow> {
    const registration = (await strapi.db.query(UID.registration).findOne({ where: { id } })) as RegistrationRow | null;
    if (!registration) throw new errors.NotFoundError(`No registration with id ${id} exists.`);
    return registration;
  }

  async function adminRegistration(id: number): Promise<AdminRegistration> {
    const registration = await registrationById(id);
    const row = (await orderRows(listQuery(registration.eventId).where('r.id', id).select(SELECT)).first()) as ListRow;
    return toAdmin(row, await waitlistPositions(registration.eventId));
  }

  return {
    async list(): Promise<AdminEventSummary[]> {
      const now = new Date();
      const events = (await strapi.db.query(UID.event).findMany({ orderBy: [{ startsAt: 'asc' }, { id: 'asc' }], limit: 500 })) as EventRow[];
      const counts = await countsOf(events.map((event) => event.id));
      const upcoming = events.filter((event) => new Date(event.endsAt) >= now);
      const past = events.filter((event) => new Date(event.endsAt) < now).reverse();
      return [...upcoming, ...past].map((event) => summary(event, counts.get(event.id)!));
    },

    async registrations(eventId: number, query: { page: number; pageSize: number; status?: RegistrationStatus }): Promise<AdminRegistrationList> {
      const event = await eventById(eventId);
      const counts = (await countsOf([event.id])).get(event.id)!;
      const counted = (await listQuery(event.id, query.status).count({ total: '*' })) as Array<{ total: string | number }>;
      const total = Number(counted[0]?.total ?? 0);
      const rows = (await orderRows(listQuery(event.id, query.status).select(SELECT))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)) as ListRow[];
      const positions = await waitlistPositions(event.id);
      return {
        event: { ...summary(event, counts), questions: eventQuestions(event) },
        results: rows.map((row) => toAdmin(row, positions)),
        pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(total / query.pageSize), total },
      };
    },

    /** Everyone but unconfirmed registrations, in door-list order; UTF-8 with BOM so Excel reads umlauts. */
    async csv(eventId: number): Promise<{ filename: string; body: string }> {
      const event = await eventById(eventId);
      const questions = eventQuestions(event);
      const rows = (await orderRows(listQuery(event.id).whereNot('r.status', 'pending').select(SELECT))) as ListRow[];
      const header = [...REGISTRATION_CSV_COLUMNS, ...questions.map((question) => question.label.de)];
      const records = rows.map((row) => {
        const answers = parseAnswers(row.answers);
        return [
          row.email ?? '',
          row.first_name ?? '',
          row.last_name ?? '',
          String(row.seats),
          row.status,
          toIso(row.created_at) ?? '',
          toIso(row.attended_at) ?? '',
          ...questions.map((question) => answerText(question, answers[question.id])),
        ].map(spreadsheetSafe);
      });
      return { filename: `anmeldungen-${event.slug}.csv`, body: stringify([header, ...records], { bom: true }) };
    },

    /** Check-in at the door: confirmed ↔ attended. */
    async checkIn(id: number, attended: boolean): Promise<AdminRegistration> {
      const registration = await registrationById(id);
      if (!['confirmed', 'attended'].includes(registration.status)) {
        throw new ConflictError(`Only confirmed registrations can be checked in; this one is ${registration.status}.`);
      }
      await strapi.db.query(UID.registration).update({
        where: { id },
        data: attended ? { status: 'attended', attendedAt: registration.attendedAt ?? new Date() } : { status: 'confirmed', attendedAt: null },
      });
      return adminRegistration(id);
    },

    /** Waiting list → confirmed by hand; beyond the capacity only with `override`. */
    async promote(id: number, override: boolean): Promise<AdminRegistration> {
      await strapi.db.transaction(async ({ trx, onCommit }) => {
        const registration = await registrationById(id);
        if (registration.status !== 'waitlisted') throw new ConflictError(`Only waitlisted registrations can be promoted; this one is ${registration.status}.`);
        const event = await seats().lockEvent(trx, registration.eventId);
        if (!event) throw new errors.NotFoundError(`No event with id ${registration.eventId} exists.`);
        const taken = (await seats().seatsTaken([event.id], trx)).get(event.id) ?? 0;
        if (!override && event.capacity !== null && taken + registration.seats > event.capacity) {
          throw new ConflictError(`Not enough seats left (${Math.max(0, event.capacity - taken)} free, ${registration.seats} needed); promote with override to exceed the capacity.`);
        }
        const promoted = (await strapi.db.query(UID.registration).update({
          where: { id },
          data: { status: 'confirmed', confirmedAt: new Date() },
        })) as RegistrationRow;
        await seats().mail('event-promoted', promoted, event);
        onCommit(() => kickOutbox(strapi));
      });
      return adminRegistration(id);
    },
  };
};

export default eventsAdmin;
export type EventsAdminService = ReturnType<typeof eventsAdmin>;
