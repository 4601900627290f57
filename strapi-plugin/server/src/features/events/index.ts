import type { Feature } from '../../kernel/feature';
import type { ServicesOf } from '../../kernel/services';
import { getService } from '../../kernel/services';
import { registerAdminActions } from '../../kernel/http/routes';
import event from './content-types/event';
import registration from './content-types/registration';
import events from './services/events';
import eventSeats from './services/event-seats';
import eventGuards from './services/event-guards';
import eventReminders from './services/event-reminders';
import eventsAdmin from './services/events-admin';
import eventsController from './controllers/events';
import eventsAdminController from './controllers/events-admin';
import { EVENT_MAIL_KINDS, eventMailExtension, registerEventMails } from './mails/extension';
import { admin, contentApi } from './routes';
import { ensureIndexes } from '../../kernel/db';
import { PLUGIN_ID } from '../../kernel/constants';
import { EVENT_INDEXES } from './indexes';
import { registerEventConsentSubjects } from './consent-subjects';
import { registerEventMigrations } from './migrations';

// Other features read these tables (newsletters, retention).
export { EVENTS_TABLE, EVENTS_UID } from './tables';

const services = { events, eventSeats, eventGuards, eventReminders, eventsAdmin };

declare module '../../kernel/services' {
  interface PluginServices extends ServicesOf<typeof services> {}
}

/** Town events: registration with double opt-in, seats and waiting list, reminders, check-in. */
export const eventsFeature: Feature = {
  contentTypes: { event, registration },
  services,
  controllers: { events: eventsController, eventsAdmin: eventsAdminController },
  routes: { 'content-api': contentApi, admin },
  async register({ strapi }) {
    registerEventMigrations(strapi);
    registerEventMails();
    // The admin's question builder (admin/src/components/QuestionBuilder.tsx) edits `questions`; stored as JSON.
    strapi.customFields.register([
      { name: 'event-questions', plugin: PLUGIN_ID, type: 'json' },
      // And `reminderOffsets` (admin/src/components/ReminderBuilder.tsx).
      { name: 'reminder-offsets', plugin: PLUGIN_ID, type: 'json' },
    ]);
  },
  async bootstrap({ strapi }) {
    // Rules on save, RBAC, registrations in the GDPR export/erasure, links and .ics in event mails.
    await ensureIndexes(strapi, EVENT_INDEXES);
    const guards = getService(strapi, 'eventGuards');
    guards.subscribeLifecycles();
    guards.registerPersonalData();
    await registerAdminActions(strapi, [
      { displayName: 'Read event registrations', uid: 'events.read' },
      { displayName: 'Manage event registrations (check-in, waiting list)', uid: 'events.manage' },
    ]);
    getService(strapi, 'outbox').extend([...EVENT_MAIL_KINDS], eventMailExtension(strapi));
    registerEventConsentSubjects(strapi);
  },
  start: async ({ strapi }) => {
    // Reminders: a periodic job (PostgreSQL: one instance at a time, by advisory lock).
    getService(strapi, 'eventReminders').start();
  },
  destroy: async ({ strapi }) => {
    await getService(strapi, 'eventReminders').stop();
  },
};
