import type { Locale } from '@civic-dialog/contracts';

/**
 * Dates as citizens read them: in the page language and in the time zone where things happen
 * (an event in Berlin starts at 18:00 also for a reader abroad), with the zone's short name.
 */
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
