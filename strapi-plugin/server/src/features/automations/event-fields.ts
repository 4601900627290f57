import type { Strapi } from '../../kernel/types';
import { getConfig } from '../../kernel/get-config';
import { EVENTS_UID } from '../events';

/** Where the town's website lists its events (the newsletters' setting, else `<website>/veranstaltungen.html`). */
export function eventsPageUrl(strapi: Strapi): string {
  const configured = (strapi.config.get('plugin::civic-dialog') as any)?.newsletters?.eventsPageUrl as string | undefined;
  return configured || `${getConfig(strapi).town.websiteUrl.replace(/\/+$/, '')}/veranstaltungen.html`;
}

/**
 * The `{{event.*}}` placeholders of an automation started by an event, per language: its title, its
 * date and time in the event's time zone, and the link to its registration on the town's website
 * (the same link as the newsletters' upcoming-events block: `<events page>?event=<slug>`).
 */
export async function eventFields(strapi: Strapi, documentId: string): Promise<Record<string, { de: string; en: string }>> {
  const event = (await strapi.db.query(EVENTS_UID.event).findOne({ where: { documentId } })) as any;
  if (!event) return {};
  const timeZone = typeof event.timeZone === 'string' && event.timeZone ? event.timeZone : 'Europe/Berlin';
  const date = (locale: string) =>
    new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(event.startsAt));
  const link = `${eventsPageUrl(strapi)}?event=${encodeURIComponent(String(event.slug))}`;
  return {
    'event.title': { de: String(event.title), en: String(event.titleEn || event.title) },
    'event.date': { de: date('de'), en: date('en') },
    'event.link': { de: link, en: link },
  };
}
