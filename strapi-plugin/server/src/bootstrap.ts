import type { LifecycleFn } from './types';
import type { OutboxService } from './services/mail/outbox';

const bootstrap: LifecycleFn = async ({ strapi }) => {
  // Mail outbox: indexes, leftovers of a previous run, poller.
  await (strapi.plugin('civic-dialog').service('outbox') as OutboxService).start();
};

export default bootstrap;
