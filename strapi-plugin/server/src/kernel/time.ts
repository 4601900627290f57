/**
 * Dates read with raw knex come back as Date (PostgreSQL), ISO string, or epoch milliseconds
 * (SQLite stores Strapi datetimes as numbers); the API always answers ISO strings.
 */
export function toIso(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date =
    value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Midnight UTC of a date's day: what anonymous rows keep instead of a time that matches a log line. */
export function startOfUtcDay(date: Date): Date {
  const day = new Date(date);
  day.setUTCHours(0, 0, 0, 0);
  return day;
}

const DAY_MS = 86_400_000;

/** The offset of `timeZone` from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** Whether `timeZone` is an IANA zone this Node knows (e.g. Europe/Berlin). */
export function isTimeZone(timeZone: unknown): boolean {
  try {
    return typeof timeZone === 'string' && timeZone !== '' && Boolean(new Intl.DateTimeFormat('en', { timeZone }));
  } catch {
    return false;
  }
}

/**
 * The local calendar day of an instant in `timeZone`: `day` is that date's UTC midnight in ms (for
 * date arithmetic without DST), `weekday` ISO (1 = Monday … 7 = Sunday).
 */
export function localDay(instant: Date, timeZone: string): { day: number; weekday: number } {
  const wall = instant.getTime() + offsetAt(instant.getTime(), timeZone);
  const day = wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
  return { day, weekday: new Date(day).getUTCDay() || 7 };
}

/**
 * The instant the clocks in `timeZone` show `hour`:00 on a local calendar day (its UTC midnight in
 * ms, as localDay gives it). An hour skipped by the spring change falls on the hour after it; an
 * hour that occurs twice in autumn, on its second (standard time) occurrence.
 */
export function atLocalHour(day: number, hour: number, timeZone: string): Date {
  const wall = day + hour * 3_600_000;
  // Twice: the offset at the first guess can differ from the one at the wall time on a DST change day.
  const first = wall - offsetAt(wall, timeZone);
  return new Date(wall - offsetAt(first, timeZone));
}
