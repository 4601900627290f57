import type { Strapi } from '../../kernel/types';
import { EVENTS_UID } from './tables';
import { getService } from '../../kernel/services';
import { eventRows } from './rows';
import { eventTitle } from './services/event-seats';

const eventTitles = eventRows.pick('id', 'title', 'titleEn');

/** A registration's consents are for its event (`event:<id>`): the citizen's history names it by its title. */
export function registerEventConsentSubjects(strapi: Strapi): void {
  getService(strapi, 'ledger').registerSubjects('event', async (ids, locale) => {
    const events = eventTitles.many(await strapi.db.query(EVENTS_UID.event).findMany({ where: { id: { $in: ids } }, select: eventTitles.select }));
    return new Map(events.map((event) => [event.id, eventTitle(event, locale)]));
  });
}
