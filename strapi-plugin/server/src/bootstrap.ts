import type { LifecycleFn } from './types';
import type { OutboxService } from './services/mail/outbox';
import { getService } from './utils/services';
import { PLUGIN_ID } from './constants';

const bootstrap: LifecycleFn = async ({ strapi }) => {
  // Profiles, consents, topics: ledger/legal-text guards, indexes, rate limiters, RBAC.
  const guards = getService(strapi, 'guards');
  guards.subscribeLifecycles();
  await guards.ensureIndexes();
  await getService(strapi, 'rateLimits').init();
  await strapi
    .service('admin::permission')
    .actionProvider.registerMany([
      { section: 'plugins', displayName: 'Read profiles', uid: 'profiles.read', pluginName: PLUGIN_ID },
    ]);

  // Mail outbox: indexes, leftovers of a previous run, poller.
  await (strapi.plugin('civic-dialog').service('outbox') as OutboxService).start();
};

export default bootstrap;
