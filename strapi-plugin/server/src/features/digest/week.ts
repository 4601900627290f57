import { atLocalHour, localDay } from '../../kernel/time';

const DAY_MS = 86_400_000;

/** The ISO week of an instant in the town's time zone, e.g. `2026-W49`: each week has one digest run (unique index on it). */
export function isoWeek(now: Date, timeZone: string): string {
  const { day: today, weekday } = localDay(now, timeZone);
  // The Thursday of this week decides the year (ISO 8601).
  const thursday = new Date(today + (4 - weekday) * DAY_MS);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((thursday.getTime() - yearStart) / DAY_MS + 1) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * When the digest of the week holding `now` (local week, Monday to Sunday) falls due: its ISO
 * weekday (1 = Monday … 7 = Sunday) at `hour` o'clock local time; `weeks` later (or earlier, negative).
 */
export function dueAt(now: Date, weekday: number, hour: number, timeZone: string, weeks = 0): Date {
  const today = localDay(now, timeZone);
  const monday = today.day - (today.weekday - 1) * DAY_MS;
  return atLocalHour(monday + (weeks * 7 + weekday - 1) * DAY_MS, hour, timeZone);
}

/** The first due time after `now` (this week's when still ahead, else next week's). */
export function nextDueAt(now: Date, weekday: number, hour: number, timeZone: string): Date {
  const due = dueAt(now, weekday, hour, timeZone);
  return due > now ? due : dueAt(now, weekday, hour, timeZone, 1);
}
