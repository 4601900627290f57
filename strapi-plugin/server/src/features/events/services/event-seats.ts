import type { Knex } from 'knex';
import type { Locale, RegistrationStatus } from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { EVENTS_TABLE, EVENTS_UID } from '../tables';
import { ConflictError } from '../../../kernel/http/errors';
import { enqueueMail, kickOutbox } from '../../../shared/mail/queue';
import type { EventSnapshot } from '../mails/calendar';
import { eventRows, registrationRows, seatSums, type EventRow, type RegistrationRow } from '../rows';

/** Statuses that hold seats: attended people came on a seat they had. */
export const SEAT_HOLDING: RegistrationStatus[] = ['confirmed', 'attended'];
/** Statuses whose people still expect the event (they are told when it is cancelled). */
export const EXPECTING: RegistrationStatus[] = ['confirmed', 'waitlisted', 'attended'];

export const eventTitle = (event: Pick<EventRow, 'title' | 'titleEn'>, locale: Locale) =>
  (locale === 'en' && event.titleEn) || event.title;

/** The event as the mails show it, in the registrant's language. */
export function eventSnapshot(event: EventRow, locale: Locale): EventSnapshot {
  return {
    id: event.id,
    slug: event.slug,
    title: eventTitle(event, locale),
    description: (locale === 'en' && event.descriptionEn) || event.description || null,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timeZone: event.timeZone || 'Europe/Berlin',
    location: event.location,
    address: event.address || null,
  };
}

export type EventMailKind = 'event-confirm' | 'event-registered' | 'event-waitlisted' | 'event-promoted' | 'event-reminder' | 'event-cancelled';

/**
 * Seats: who gets one, who waits, who moves up. Every change runs in a transaction that first locks
 * the event row (PostgreSQL: SELECT … FOR UPDATE; SQLite: transactions already run one at a time on
 * Strapi's single connection), so two confirmations can never both take the last seat.
 */
const eventSeats = ({ strapi }: { strapi: Strapi }) => {
  const isPostgres = () => strapi.db.dialect.client === 'postgres';
  const registrations = () => strapi.db.query(EVENTS_UID.registration);

  /** Queues one event mail in the current transaction; false when its dedupe key was queued before. */
  async function mail(kind: EventMailKind, registration: RegistrationRow, event: EventRow, dedupeKey?: string): Promise<boolean> {
    const queued = await enqueueMail(strapi, {
      profileId: registration.profileId,
      kind,
      locale: registration.locale,
      data: { registrationId: registration.id, seats: registration.seats, event: eventSnapshot(event, registration.locale) },
      dedupeKey,
    });
    return !queued.duplicate;
  }

  /** Seats held per event, one grouped query. */
  async function seatsTaken(eventIds: number[], trx?: Knex): Promise<Map<number, number>> {
    if (!eventIds.length) return new Map();
    const rows = seatSums.many(
      await (trx ?? strapi.db.connection)(EVENTS_TABLE.registration)
        .select('event_id')
        .sum({ seats: 'seats' })
        .whereIn('event_id', eventIds)
        .whereIn('status', SEAT_HOLDING)
        .groupBy('event_id'),
    );
    return new Map(rows.map((row) => [row.event_id, row.seats]));
  }

  /** Locks the event row for the rest of the transaction and returns it (null when it does not exist). */
  async function lockEvent(trx: Knex, eventId: number): Promise<EventRow | null> {
    const query = trx(EVENTS_TABLE.event).select('id').where({ id: eventId });
    const locked = await (isPostgres() ? query.forUpdate() : query).first();
    if (!locked) return null;
    return eventRows.one(await strapi.db.query(EVENTS_UID.event).findOne({ where: { id: eventId } }));
  }

  const fits = (event: EventRow, taken: number, seats: number) => event.capacity === null || taken + seats <= event.capacity;

  /**
   * Moves waitlisted registrations up, oldest first, as long as their seats fit (a big party that
   * does not fit lets a smaller one behind it move up). Call with the event locked.
   */
  async function promoteWaitlisted(trx: Knex, event: EventRow): Promise<RegistrationRow[]> {
    if (event.eventStatus !== 'scheduled' || new Date(event.startsAt).getTime() <= Date.now()) return [];
    let taken = (await seatsTaken([event.id], trx)).get(event.id) ?? 0;
    const waiting = registrationRows.many(
      await registrations().findMany({ where: { eventId: event.id, status: 'waitlisted' }, orderBy: [{ waitlistedAt: 'asc' }, { id: 'asc' }] }),
    );
    const promoted: RegistrationRow[] = [];
    for (const registration of waiting) {
      if (event.capacity !== null && taken >= event.capacity) break;
      if (!fits(event, taken, registration.seats)) continue;
      const updated = registrationRows.existing(
        await registrations().update({ where: { id: registration.id }, data: { status: 'confirmed', confirmedAt: new Date() } }),
      );
      taken += registration.seats;
      promoted.push(updated);
      await mail('event-promoted', updated, event);
    }
    return promoted;
  }

  return {
    seatsTaken,
    lockEvent,
    promoteWaitlisted,
    mail,

    /**
     * Gives a pending registration its place: confirmed while seats remain, else the waiting list,
     * else a 409 "fully booked" (the caller's transaction rolls back; the link stays usable).
     */
    async allocate(trx: Knex, event: EventRow, registration: RegistrationRow): Promise<RegistrationRow> {
      const taken = (await seatsTaken([event.id], trx)).get(event.id) ?? 0;
      const now = new Date();
      if (fits(event, taken, registration.seats)) {
        const confirmed = registrationRows.existing(
          await registrations().update({ where: { id: registration.id }, data: { status: 'confirmed', confirmedAt: now } }),
        );
        await mail('event-registered', confirmed, event);
        return confirmed;
      }
      if (event.waitingList) {
        const waitlisted = registrationRows.existing(
          await registrations().update({ where: { id: registration.id }, data: { status: 'waitlisted', waitlistedAt: now } }),
        );
        await mail('event-waitlisted', waitlisted, event);
        return waitlisted;
      }
      throw new ConflictError('This event is fully booked.', { reason: 'fully-booked' });
    },

    /**
     * Cancels registrations of one event and gives their seats to the waiting list, in the current
     * transaction (or a new one). Returns the promoted registrations.
     */
    async release(eventId: number, registrationIds: number[]): Promise<RegistrationRow[]> {
      return strapi.db.transaction(async ({ trx, onCommit }) => {
        const event = await lockEvent(trx, eventId);
        if (registrationIds.length) {
          await registrations().updateMany({
            where: { id: { $in: registrationIds }, status: { $ne: 'cancelled' } },
            data: { status: 'cancelled', cancelledAt: new Date() },
          });
        }
        if (!event) return [];
        const promoted = await promoteWaitlisted(trx, event);
        if (promoted.length) onCommit(() => kickOutbox(strapi));
        return promoted;
      });
    },

    /** The event is cancelled or deleted: everyone still expecting it gets a mail; their registrations end. */
    async notifyEventCancelled(event: EventRow): Promise<number> {
      return strapi.db.transaction(async ({ onCommit }) => {
        const affected = registrationRows.many(await registrations().findMany({ where: { eventId: event.id, status: { $in: EXPECTING } } }));
        for (const registration of affected) {
          await mail('event-cancelled', registration, event, `event-cancelled:${registration.id}`);
        }
        await registrations().updateMany({
          where: { eventId: event.id, status: { $in: [...EXPECTING, 'pending'] } },
          data: { status: 'cancelled', cancelledAt: new Date() },
        });
        if (affected.length) onCommit(() => kickOutbox(strapi));
        return affected.length;
      });
    },
  };
};

export default eventSeats;
export type EventSeatsService = ReturnType<typeof eventSeats>;
