import type { Locale } from '@civic-dialog/contracts';

/**
 * Dates as citizens read them: in the page language and in the time zone where things happen
 * (an event in Berlin starts at 18:00 also for a reader abroad), with the zone's short name.
 */
/** The reader's own time zone: for what the citizen did or when something opens for them. */
export const READER_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

const DATE_TIME: Intl.DateTimeFormatOptions = {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};

/** "Freitag, 22. März 2030, 18:00 MEZ". */
export function formatDateTime(locale: Locale, at: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { ...DATE_TIME, timeZone }).format(new Date(at));
}

/** "Freitag, 22. März 2030, 18:00–20:30 MEZ"; the date twice only when the span crosses midnight. */
export function formatDateTimeRange(locale: Locale, start: string, end: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { ...DATE_TIME, timeZone }).formatRange(new Date(start), new Date(end));
}

/** A calendar day (YYYY-MM-DD) in the page language, e.g. "1. Mai 2026" (no time zone shift). */
export function formatDate(locale: Locale, isoDate: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}
