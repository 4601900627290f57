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
