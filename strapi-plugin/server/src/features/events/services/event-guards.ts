import { errors } from '@strapi/utils';
import { EVENT_LIMITS, breakingQuestionChange, eventQuestionsSchema, eventQuestionsToSaveSchema, reminderOffsetsSchema, type EventQuestionDefinition } from '@civic-dialog/contracts';
import type { z } from 'zod';
import type { Strapi } from '../../../kernel/types';
import { EVENTS_UID } from '../tables';
import { getConfig } from '../../../kernel/get-config';
import { toIso } from '../../../kernel/time';
import { getService } from '../../../kernel/services';
import { EXPECTING, SEAT_HOLDING, eventTitle } from './event-seats';
import { eventRows, registrationRows, type EventRow } from '../rows';

const eventTimes = eventRows.pick('startsAt', 'endsAt');
const registrationEvents = registrationRows.pick('id', 'eventId');

interface LifecycleEvent {
  params: { where?: Record<string, unknown>; data?: Record<string, unknown> };
  result?: unknown;
  state: Record<string, unknown>;
}

type Issue = { path: string[]; message: string; name: 'ValidationError' };

/**
 * Rules for events whoever writes them (content manager, Document Service): questions and reminder
 * offsets must match the contracts, and questions with registrations keep what their answers need; cancelling or deleting an event tells everyone registered;
 * more capacity moves the waiting list up. Plus the citizen's registrations in the GDPR export
 * and erasure (indexes: guards).
 */
const eventGuards = ({ strapi }: { strapi: Strapi }) => {
  const seats = () => getService(strapi, 'eventSeats');

  function zodIssues(field: string, error: z.ZodError): Issue[] {
    return error.issues.map((issue) => {
      const path = [field, ...issue.path.map(String)];
      return { path, message: `${path.join('.')} ${issue.message}`, name: 'ValidationError' };
    });
  }

  async function validate(data: Record<string, unknown>, where?: Record<string, unknown>) {
    const issues: Issue[] = [];
    const fail = (path: string[], message: string) => issues.push({ path, message: `${path.join('.')} ${message}`, name: 'ValidationError' });
    if ('questions' in data) {
      const parsed = eventQuestionsToSaveSchema.safeParse(data.questions ?? []);
      if (parsed.success) data.questions = parsed.data;
      else issues.push(...zodIssues('questions', parsed.error));
    }
    if ('reminderOffsets' in data) {
      const parsed = reminderOffsetsSchema.safeParse(data.reminderOffsets ?? []);
      if (parsed.success) data.reminderOffsets = parsed.data;
      else issues.push(...zodIssues('reminderOffsets', parsed.error));
    }
    if (typeof data.timeZone === 'string') {
      try {
        new Intl.DateTimeFormat('en', { timeZone: data.timeZone });
      } catch {
        fail(['timeZone'], 'must be an IANA time zone such as Europe/Berlin');
      }
    }
    const ceiling = Math.min(getConfig(strapi).events?.maxSeatsPerRegistration ?? 10, EVENT_LIMITS.seatsPerRegistration);
    if (data.maxSeatsPerRegistration !== undefined && data.maxSeatsPerRegistration !== null && Number(data.maxSeatsPerRegistration) > ceiling) {
      fail(['maxSeatsPerRegistration'], `must be at most ${ceiling}`);
    }
    if ('startsAt' in data || 'endsAt' in data) {
      const current = where ? eventTimes.one(await strapi.db.query(EVENTS_UID.event).findOne({ where, select: eventTimes.select })) : null;
      const start = toIso(data.startsAt ?? current?.startsAt);
      const end = toIso(data.endsAt ?? current?.endsAt);
      if (start && end && end <= start) fail(['endsAt'], 'must be after startsAt');
    }
    if (issues.length) {
      throw new errors.ValidationError(issues.length === 1 ? issues[0]!.message : `${issues.length} errors occurred`, { errors: issues });
    }
  }

  /** Once an event has registrations, their answers and the CSV columns depend on its questions: the survey rule for answered questions applies. */
  async function checkAnsweredQuestions(data: Record<string, unknown>, rows: EventRow[]) {
    if (!('questions' in data)) return;
    for (const row of rows) {
      if (!(await strapi.db.query(EVENTS_UID.registration).count({ where: { eventId: row.id } }))) continue;
      const before = eventQuestionsSchema.safeParse(row.questions ?? []);
      if (!before.success) continue;
      const problem = breakingQuestionChange(before.data, data.questions as EventQuestionDefinition[], 'the event already has registrations');
      if (problem) throw new errors.ValidationError(`questions ${problem}`, { errors: [{ path: ['questions'], message: `questions ${problem}`, name: 'ValidationError' }] });
    }
  }

  async function eventsWhere(where: Record<string, unknown> | undefined): Promise<EventRow[]> {
    return eventRows.many(await strapi.db.query(EVENTS_UID.event).findMany({ where: where ?? {} }));
  }

  /** Before a delete: registrants are told (the mail carries the event), then their registrations go. */
  async function beforeDelete(event: LifecycleEvent) {
    for (const row of await eventsWhere(event.params.where)) {
      if (row.eventStatus === 'scheduled' && new Date(row.endsAt) > new Date()) await seats().notifyEventCancelled(row);
      await strapi.db.query(EVENTS_UID.registration).deleteMany({ where: { eventId: row.id } });
    }
  }

  async function beforeUpdate(event: LifecycleEvent) {
    const data = event.params.data ?? {};
    await validate(data, event.params.where);
    const rows = await eventsWhere(event.params.where);
    await checkAnsweredQuestions(data, rows);
    event.state.before = rows.map((row) => ({ id: row.id, eventStatus: row.eventStatus, capacity: row.capacity }));
  }

  async function afterUpdate(event: LifecycleEvent) {
    const before = (event.state.before ?? []) as Array<Pick<EventRow, 'id' | 'eventStatus' | 'capacity'>>;
    for (const previous of before) {
      const row = eventRows.one(await strapi.db.query(EVENTS_UID.event).findOne({ where: { id: previous.id } }));
      if (!row) continue;
      if (previous.eventStatus === 'scheduled' && row.eventStatus === 'cancelled') {
        await seats().notifyEventCancelled(row);
      } else if (row.eventStatus === 'scheduled' && (row.capacity === null || (previous.capacity !== null && row.capacity > previous.capacity))) {
        await seats().release(row.id, []);
      }
    }
  }

  async function exportRegistrations(profileId: number) {
    const rows = registrationRows.many(await strapi.db.query(EVENTS_UID.registration).findMany({ where: { profileId }, orderBy: { id: 'asc' } }));
    const eventIds = [...new Set(rows.map((row) => row.eventId))];
    const events = eventIds.length ? eventRows.many(await strapi.db.query(EVENTS_UID.event).findMany({ where: { id: { $in: eventIds } } })) : [];
    return rows.map((row) => {
      const event = events.find((candidate) => candidate.id === row.eventId);
      return {
        event: event
          ? { title: eventTitle(event, row.locale), startsAt: event.startsAt, endsAt: event.endsAt, location: event.location }
          : null,
        status: row.status,
        seats: row.seats,
        firstName: row.firstName,
        lastName: row.lastName,
        answers: row.answers ?? {},
        sourceUrl: row.sourceUrl,
        createdAt: row.createdAt,
        confirmedAt: row.confirmedAt,
        waitlistedAt: row.waitlistedAt,
        cancelledAt: row.cancelledAt,
        attendedAt: row.attendedAt,
      };
    });
  }

  /** Erasure: seats and waiting-list places are given up first (the waiting list moves up), then the rows go. */
  async function eraseRegistrations(profileIds: number[]) {
    const rows = registrationEvents.many(
      await strapi.db.query(EVENTS_UID.registration).findMany({
        where: { profileId: { $in: profileIds }, status: { $in: [...SEAT_HOLDING, ...EXPECTING] } },
        select: registrationEvents.select,
      }),
    );
    const byEvent = new Map<number, number[]>();
    for (const row of rows) byEvent.set(row.eventId, [...(byEvent.get(row.eventId) ?? []), row.id]);
    for (const [eventId, ids] of byEvent) await seats().release(eventId, ids);
    await strapi.db.query(EVENTS_UID.registration).deleteMany({ where: { profileId: { $in: profileIds } } });
  }

  return {
    validate,

    subscribeLifecycles() {
      strapi.db.lifecycles.subscribe({
        models: [EVENTS_UID.event],
        beforeCreate: (event: LifecycleEvent) => validate(event.params.data ?? {}),
        beforeUpdate,
        afterUpdate,
        beforeUpdateMany: beforeUpdate,
        afterUpdateMany: afterUpdate,
        beforeDelete,
        beforeDeleteMany: beforeDelete,
      });
    },

    registerPersonalData() {
      getService(strapi, 'personalData').register({ key: 'registrations', export: exportRegistrations, eraseMany: eraseRegistrations });
    },
  };
};

export default eventGuards;
export type EventGuardsService = ReturnType<typeof eventGuards>;
