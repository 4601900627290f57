/** The ISO week of a UTC time, e.g. `2026-W49`: each week has one digest run (unique index on it). */
export function isoWeek(now: Date): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  // The Thursday of this week decides the year (ISO 8601).
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** When this week's digest falls due: its ISO weekday (1 = Monday … 7 = Sunday) at `hour` o'clock UTC. */
export function dueAt(now: Date, weekday: number, hour: number): Date {
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() || 7) - 1));
  return new Date(monday.getTime() + (weekday - 1) * 86_400_000 + hour * 3_600_000);
}

/** The first due time after `now` (this week's when still ahead, else next week's). */
export function nextDueAt(now: Date, weekday: number, hour: number): Date {
  const due = dueAt(now, weekday, hour);
  return due > now ? due : new Date(due.getTime() + 7 * 86_400_000);
}
