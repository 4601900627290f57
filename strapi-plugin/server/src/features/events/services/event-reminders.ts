import { EVENT_LIMITS, reminderOffsetsSchema } from '@civic-dialog/contracts';
import { periodicJob } from '../../../kernel/periodic-job';
import type { Strapi } from '../../../kernel/types';
import { EVENTS_UID } from '../tables';
import { getConfig } from '../../../kernel/get-config';
import { isUniqueViolation } from '../../../kernel/db';
import { getService } from '../../../kernel/services';
import { kickOutbox } from '../../../shared/mail/queue';
import { eventRows, registrationRows } from '../rows';

/** Key of the PostgreSQL advisory lock that makes one instance at a time run the reminder job. */
const REMINDER_LOCK_KEY = 4_242_001;
const MINUTE = 60_000;

export interface ReminderRun {
  /** Reminder mails queued by this run. */
  queued: number;
  /** True when another instance held the lock (PostgreSQL) and this run did nothing. */
  skipped: boolean;
}

/**
 * Reminder mails at each event's offsets (minutes before the start). Each reminder is queued once:
 * its message carries the dedupe key (INV-ONCE) `event-reminder:<registrationId>:<offset>` (unique in the
 * outbox), so neither a second run nor a restart nor a second instance sends it again. On
 * PostgreSQL only the instance holding the advisory lock runs; the key is the backstop.
 */
const eventReminders = ({ strapi }: { strapi: Strapi }) => {
  async function queueDue(now: Date): Promise<number> {
    const events = eventRows.many(
      await strapi.db.query(EVENTS_UID.event).findMany({
        where: {
          eventStatus: 'scheduled',
          startsAt: { $gt: now, $lte: new Date(now.getTime() + EVENT_LIMITS.reminderOffsetMinutes * MINUTE) },
        },
      }),
    );
    let queued = 0;
    for (const event of events) {
      const parsed = reminderOffsetsSchema.safeParse(event.reminderOffsets ?? []);
      if (!parsed.success) continue;
      const start = new Date(event.startsAt).getTime();
      for (const offset of parsed.data) {
        const dueAt = new Date(start - offset * MINUTE);
        if (dueAt > now) continue;
        // Registered after the reminder was due: they just got their confirmation, no reminder for this offset.
        const registrations = registrationRows.many(
          await strapi.db.query(EVENTS_UID.registration).findMany({
            where: { eventId: event.id, status: 'confirmed', confirmedAt: { $lte: dueAt } },
            orderBy: { id: 'asc' },
          }),
        );
        for (const registration of registrations) {
          const dedupeKey = `event-reminder:${registration.id}:${offset}`;
          try {
            if (await getService(strapi, 'eventSeats').mail('event-reminder', registration, event, dedupeKey)) queued += 1;
          } catch (error) {
            if (!isUniqueViolation(error)) throw error;
          }
        }
      }
    }
    return queued;
  }

  async function run(now: Date): Promise<ReminderRun> {
    if (strapi.db.dialect.client !== 'postgres') {
      const queued = await queueDue(now);
      if (queued) kickOutbox(strapi);
      return { queued, skipped: false };
    }
    return strapi.db.transaction(async ({ trx, onCommit }) => {
      const result = await trx.raw('SELECT pg_try_advisory_xact_lock(?) AS locked', [REMINDER_LOCK_KEY]);
      if (!result.rows?.[0]?.locked) return { queued: 0, skipped: true };
      const queued = await queueDue(now);
      if (queued) onCommit(() => kickOutbox(strapi));
      return { queued, skipped: false };
    });
  }

  // One run per process at a time; a call during a run waits for it and runs again.
  const job = periodicJob(strapi, 'event reminders', run);

  return {
    /** Queues every reminder due at `now` that was not queued before. Tests pass a fake now. */
    runDueReminders: job.runNow,

    /** Bootstrap: the periodic job (config events.reminderIntervalMs; 0 = off). */
    start() {
      job.start(getConfig(strapi).events?.reminderIntervalMs ?? 60_000);
    },

    /** Destroy: no new runs; the running one finishes. */
    stop: job.stop,
  };
};

export default eventReminders;
export type EventRemindersService = ReturnType<typeof eventReminders>;
