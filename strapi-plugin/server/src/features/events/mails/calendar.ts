import ical, { ICalCalendarMethod } from 'ical-generator';
import type { MailLocale } from '../../../shared/mail/templates';

/**
 * What an event mail knows about its event: a snapshot taken when the mail is queued, so the
 * "cancelled" mail of a deleted event can still say what was cancelled.
 */
export interface EventSnapshot {
  id: number;
  slug: string;
  title: string;
  description: string | null;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  location: string;
  address: string | null;
}

export interface EventMailView {
  title: string;
  when: string;
  location: string;
  address: string;
}

const oneLine = (value: unknown) => String(value ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

function validTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'Europe/Berlin';
  }
}

/** "Donnerstag, 12. März 2026, 19:00–21:00 Uhr" in the event's own time zone. */
export function formatEventTime(event: Pick<EventSnapshot, 'startsAt' | 'endsAt' | 'timeZone'>, locale: MailLocale): string {
  const timeZone = validTimeZone(event.timeZone);
  const tag = locale === 'de' ? 'de-DE' : 'en-GB';
  const start = new Date(event.startsAt);
  const end = new Date(event.endsAt);
  const day = (date: Date) => new Intl.DateTimeFormat(tag, { dateStyle: 'full', timeZone }).format(date);
  const time = (date: Date) => new Intl.DateTimeFormat(tag, { timeStyle: 'short', timeZone }).format(date);
  const suffix = locale === 'de' ? ' Uhr' : '';
  if (day(start) === day(end)) return `${day(start)}, ${time(start)}–${time(end)}${suffix}`;
  return `${day(start)}, ${time(start)}${suffix} – ${day(end)}, ${time(end)}${suffix}`;
}

export function eventMailView(event: EventSnapshot | undefined, locale: MailLocale): EventMailView | null {
  if (!event) return null;
  return {
    title: oneLine(event.title),
    when: formatEventTime(event, locale),
    location: oneLine(event.location),
    address: oneLine(event.address),
  };
}

export interface CalendarInput {
  event: EventSnapshot;
  /** Stable per registration: a second file for the same registration updates the entry, not duplicates it. */
  uid: string;
  /** The organiser's page about the event (town website). */
  url?: string;
  townName: string;
}

/** An RFC 5545 calendar (METHOD:PUBLISH) with one VEVENT; times in UTC so no VTIMEZONE is needed. */
export function eventCalendar({ event, uid, url, townName }: CalendarInput): string {
  const calendar = ical({
    name: townName,
    prodId: { company: townName, product: 'Civic Dialog', language: 'DE' },
    method: ICalCalendarMethod.PUBLISH,
  });
  calendar.createEvent({
    id: uid,
    start: new Date(event.startsAt),
    end: new Date(event.endsAt),
    summary: event.title,
    location: event.address ? `${event.location}, ${event.address}` : event.location,
    description: event.description ?? undefined,
    url: url || undefined,
    stamp: new Date(),
  });
  return calendar.toString();
}
