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
import type { Strapi } from '../../../kernel/types';
import { EVENTS_TABLE, EVENTS_UID } from '../tables';
import { SHARED_TABLE } from '../../../shared/tables';
import { ConflictError } from '../../../kernel/http/errors';
import { totalOf, type RowOf } from '../../../kernel/db';
import { spreadsheetSafe } from '../../../kernel/csv';
import { getService } from '../../../kernel/services';
import { kickOutbox } from '../../../shared/mail/queue';
import { eventQuestions } from './events';
import { profileRows } from '../../../shared/citizens/rows';
import { eventRows, registrationCounts, registrationRows, type EventRow, type RegistrationRow } from '../rows';

/** A row of the organiser's list: the registration's columns (knex) and the registrant's address. */
const listed = registrationRows.sql(
  'id', 'firstName', 'lastName', 'seats', 'status', 'answers', 'createdAt', 'confirmedAt', 'waitlistedAt', 'cancelledAt', 'attendedAt',
);
const registrants = profileRows.sql('email');
const waitlisted = registrationRows.sql('id');
type ListRow = RowOf<typeof listed> & RowOf<typeof registrants>;
const listRow = (row: unknown): ListRow => ({ ...listed.existing(row), ...registrants.existing(row) });

const EMPTY_COUNTS: RegistrationCounts = { pending: 0, confirmed: 0, waitlisted: 0, cancelled: 0, attended: 0, seatsTaken: 0, seatsWaitlisted: 0 };

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
    const rows = registrationCounts.many(
      await knex()(EVENTS_TABLE.registration)
        .select('event_id', 'status')
        .count({ registrations: '*' })
        .sum({ seats: 'seats' })
        .whereIn('event_id', eventIds)
        .groupBy('event_id', 'status'),
    );
    for (const row of rows) {
      const counts = result.get(row.event_id)!;
      counts[row.status] = row.registrations;
      if (row.status === 'confirmed' || row.status === 'attended') counts.seatsTaken += row.seats;
      if (row.status === 'waitlisted') counts.seatsWaitlisted += row.seats;
    }
    return result;
  }

  const summary = (event: EventRow, counts: RegistrationCounts): AdminEventSummary => ({
    id: event.id,
    documentId: event.documentId,
    slug: event.slug,
    title: event.title,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timeZone: event.timeZone,
    location: event.location,
    status: event.eventStatus,
    capacity: event.capacity,
    waitingList: event.waitingList,
    counts,
  });

  async function eventById(id: number): Promise<EventRow> {
    const event = eventRows.one(await strapi.db.query(EVENTS_UID.event).findOne({ where: { id } }));
    if (!event) throw new errors.NotFoundError(`No event with id ${id} exists.`);
    return event;
  }

  function listQuery(eventId: number, status?: RegistrationStatus) {
    const query = knex()(`${EVENTS_TABLE.registration} as r`)
      .leftJoin(`${SHARED_TABLE.profile} as p`, 'p.id', 'r.profile_id')
      .where('r.event_id', eventId);
    if (status) query.where('r.status', status);
    return query;
  }

  const SELECT = [...listed.select.map((column) => `r.${column}`), ...registrants.select.map((column) => `p.${column}`)];

  const orderRows = (query: any) =>
    query
      .orderByRaw(`CASE r.status WHEN 'attended' THEN 0 WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 WHEN 'pending' THEN 2 ELSE 3 END`)
      .orderByRaw('COALESCE(r.waitlisted_at, r.confirmed_at, r.created_at) ASC')
      .orderBy('r.id', 'asc');

  async function waitlistPositions(eventId: number): Promise<Map<number, number>> {
    const rows = waitlisted.many(
      await knex()(EVENTS_TABLE.registration)
        .select(waitlisted.select)
        .where({ event_id: eventId, status: 'waitlisted' })
        .orderBy([{ column: 'waitlisted_at', order: 'asc' }, { column: 'id', order: 'asc' }]),
    );
    return new Map(rows.map((row, index) => [row.id, index + 1]));
  }

  const toAdmin = (row: ListRow, positions: Map<number, number>): AdminRegistration => ({
    id: row.id,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    seats: row.seats,
    status: row.status,
    answers: row.answers ?? {},
    position: row.status === 'waitlisted' ? positions.get(row.id) ?? null : null,
    createdAt: row.createdAt,
    confirmedAt: row.confirmedAt,
    waitlistedAt: row.waitlistedAt,
    cancelledAt: row.cancelledAt,
    attendedAt: row.attendedAt,
  });

  async function registrationById(id: number): Promise<RegistrationRow> {
    const registration = registrationRows.one(await strapi.db.query(EVENTS_UID.registration).findOne({ where: { id } }));
    if (!registration) throw new errors.NotFoundError(`No registration with id ${id} exists.`);
    return registration;
  }

  async function adminRegistration(id: number): Promise<AdminRegistration> {
    const registration = await registrationById(id);
    const row = listRow(await orderRows(listQuery(registration.eventId).where('r.id', id).select(SELECT)).first());
    return toAdmin(row, await waitlistPositions(registration.eventId));
  }

  return {
    async list(): Promise<AdminEventSummary[]> {
      const now = new Date();
      const events = eventRows.many(await strapi.db.query(EVENTS_UID.event).findMany({ orderBy: [{ startsAt: 'asc' }, { id: 'asc' }], limit: 500 }));
      const counts = await countsOf(events.map((event) => event.id));
      const upcoming = events.filter((event) => new Date(event.endsAt) >= now);
      const past = events.filter((event) => new Date(event.endsAt) < now).reverse();
      return [...upcoming, ...past].map((event) => summary(event, counts.get(event.id)!));
    },

    async registrations(eventId: number, query: { page: number; pageSize: number; status?: RegistrationStatus }): Promise<AdminRegistrationList> {
      const event = await eventById(eventId);
      const counts = (await countsOf([event.id])).get(event.id)!;
      const counted: unknown[] = await listQuery(event.id, query.status).count({ total: '*' });
      const total = totalOf(counted[0]);
      const rows: unknown[] = await orderRows(listQuery(event.id, query.status).select(SELECT))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize);
      const positions = await waitlistPositions(event.id);
      return {
        event: { ...summary(event, counts), questions: eventQuestions(event) },
        results: rows.map((row) => toAdmin(listRow(row), positions)),
        pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(total / query.pageSize), total },
      };
    },

    /** Everyone but unconfirmed registrations, in door-list order; UTF-8 with BOM so Excel reads umlauts. */
    async csv(eventId: number): Promise<{ filename: string; body: string }> {
      const event = await eventById(eventId);
      const questions = eventQuestions(event);
      const rows: unknown[] = await orderRows(listQuery(event.id).whereNot('r.status', 'pending').select(SELECT));
      // The question labels are editor text: guarded like the cells (a header is a cell to a spreadsheet).
      const header = [...REGISTRATION_CSV_COLUMNS, ...questions.map((question) => spreadsheetSafe(question.label.de))];
      const records = rows.map((raw) => {
        const row = listRow(raw);
        const answers = row.answers ?? {};
        return [
          row.email ?? '',
          row.firstName ?? '',
          row.lastName ?? '',
          String(row.seats),
          row.status,
          row.createdAt,
          row.attendedAt ?? '',
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
      await strapi.db.query(EVENTS_UID.registration).update({
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
        const promoted = registrationRows.existing(
          await strapi.db.query(EVENTS_UID.registration).update({ where: { id }, data: { status: 'confirmed', confirmedAt: new Date() } }),
        );
        await seats().mail('event-promoted', promoted, event);
        onCommit(() => kickOutbox(strapi));
      });
      return adminRegistration(id);
    },
  };
};

export default eventsAdmin;
export type EventsAdminService = ReturnType<typeof eventsAdmin>;
