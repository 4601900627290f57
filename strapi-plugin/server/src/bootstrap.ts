import type { LifecycleFn } from './types';
import type { OutboxService } from './services/mail/outbox';
import { getService } from './utils/services';
import { PLUGIN_ID } from './constants';

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

  // Mail outbox: indexes, leftovers of a previous run, poller.
  await (strapi.plugin('civic-dialog').service('outbox') as OutboxService).start();
};

export default bootstrap;
