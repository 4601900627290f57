import type { LifecycleFn } from './types';
import { getService } from './utils/services';
import { PLUGIN_ID } from './constants';
import { EVENT_MAIL_KINDS, eventMailExtension } from './services/common/event-mails';
import { surveyMailExtension } from './services/common/survey-mails';

const bootstrap: LifecycleFn = async ({ strapi }) => {
  // The core personal data sections first: erasure runs later features' sections before them.
  getService(strapi, 'gdpr').registerCoreSections();

  // Profiles, consents, topics: ledger/legal-text guards, indexes, rate limiters, RBAC.
  const guards = getService(strapi, 'guards');
  guards.subscribeLifecycles();
  await guards.ensureIndexes();
  await getService(strapi, 'profiles').ensureSearchIndexes();
  await getService(strapi, 'rateLimits').init();
  await strapi
    .service('admin::permission')
    .actionProvider.registerMany([
      { section: 'plugins', displayName: 'Read profiles', uid: 'profiles.read', pluginName: PLUGIN_ID },
      { section: 'plugins', displayName: 'Edit profiles (resend confirmation)', uid: 'profiles.update', pluginName: PLUGIN_ID },
      { section: 'plugins', displayName: 'Export profiles (GDPR)', uid: 'profiles.export', pluginName: PLUGIN_ID },
      { section: 'plugins', displayName: 'Erase profiles (GDPR)', uid: 'profiles.erase', pluginName: PLUGIN_ID },
      { section: 'plugins', displayName: 'Read the audit log', uid: 'audit.read', pluginName: PLUGIN_ID },
    ]);

  // Surveys: questions checked on save, indexes, RBAC, identified responses in the GDPR export/erasure.
  const surveyRules = getService(strapi, 'surveyRules');
  surveyRules.subscribeLifecycles();
  await surveyRules.ensureIndexes();
  await strapi
    .service('admin::permission')
    .actionProvider.registerMany([
      { section: 'plugins', displayName: 'Read survey results', uid: 'surveys.read', pluginName: PLUGIN_ID },
    ]);
  getService(strapi, 'personalData').register(getService(strapi, 'surveyResults').personalDataSection());
  getService(strapi, 'outbox').extend(['survey-confirm'], surveyMailExtension(strapi));

  // Events: rules on save, RBAC, registrations in the GDPR export/erasure, links and .ics in event mails.
  const eventGuards = getService(strapi, 'eventGuards');
  eventGuards.subscribeLifecycles();
  eventGuards.registerPersonalData();
  await strapi
    .service('admin::permission')
    .actionProvider.registerMany([
      { section: 'plugins', displayName: 'Read event registrations', uid: 'events.read', pluginName: PLUGIN_ID },
      { section: 'plugins', displayName: 'Manage event registrations (check-in, waiting list)', uid: 'events.manage', pluginName: PLUGIN_ID },
    ]);
  getService(strapi, 'outbox').extend([...EVENT_MAIL_KINDS], eventMailExtension(strapi));

  // Mail outbox: indexes, leftovers of a previous run, poller.
  await getService(strapi, 'outbox').start();
  // Event reminders: a periodic job (PostgreSQL: one instance at a time, by advisory lock).
  getService(strapi, 'eventReminders').start();
};

export default bootstrap;
