import { EVENT_LIMITS, reminderOffsetsSchema } from '@civic-dialog/contracts';
import type { Strapi } from '../../types';
import { UID } from '../../constants';
import { getConfig } from '../../utils/config';
import { isUniqueViolation } from '../../utils/db';
import { kickOutbox, getService } from '../../utils/services';
import type { EventRow, RegistrationRow } from './event-seats';

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
 * its message carries the dedupe key `event-reminder:<registrationId>:<offset>` (unique in the
 * outbox), so neither a second run nor a restart nor a second instance sends it again. On
 * PostgreSQL only the instance holding the advisory lock runs; the key is the backstop.
 */
const eventReminders = ({ strapi }: { strapi: Strapi }) => {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<ReminderRun> | null = null;

  async function queueDue(now: Date): Promise<number> {
    const events = (await strapi.db.query(UID.event).findMany({
      where: {
        status: 'scheduled',
        startsAt: { $gt: now, $lte: new Date(now.getTime() + EVENT_LIMITS.reminderOffsetMinutes * MINUTE) },
      },
    })) as EventRow[];
    let queued = 0;
    for (const event of events) {
      const parsed = reminderOffsetsSchema.safeParse(event.reminderOffsets ?? []);
      if (!parsed.success) continue;
      const start = new Date(event.startsAt).getTime();
      for (const offset of parsed.data) {
        const dueAt = new Date(start - offset * MINUTE);
        if (dueAt > now) continue;
        // Registered after the reminder was due: they just got their confirmation, no reminder for this offset.
        const registrations = (await strapi.db.query(UID.registration).findMany({
          where: { eventId: event.id, status: 'confirmed', confirmedAt: { $lte: dueAt } },
          orderBy: { id: 'asc' },
        })) as RegistrationRow[];
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

  /** Queues every reminder due at `now` that was not queued before. Tests pass a fake now. */
  async function runDueReminders(now: Date = new Date()): Promise<ReminderRun> {
    // One run per process at a time; a call during a run waits for it and runs again.
    while (running) await running.catch(() => undefined);
    running = run(now).finally(() => {
      running = null;
    });
    return running;
  }

  return {
    runDueReminders,

    /** Bootstrap: the periodic job (config events.reminderIntervalMs; 0 = off). */
    start() {
      const interval = getConfig(strapi).events?.reminderIntervalMs ?? 60_000;
      if (interval <= 0) return;
      timer = setInterval(() => {
        runDueReminders().catch((error) => strapi.log.error(`civic-dialog: event reminders failed: ${error?.stack ?? error}`));
      }, interval);
      timer.unref();
    },

    /** Destroy: no new runs; the running one finishes. */
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
};

export default eventReminders;
export type EventRemindersService = ReturnType<typeof eventReminders>;
