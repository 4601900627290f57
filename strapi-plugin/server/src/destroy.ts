import type { LifecycleFn } from './types';
import type { OutboxService } from './services/mail/outbox';
import { getService } from './utils/services';

const destroy: LifecycleFn = async ({ strapi }) => {
  await getService(strapi, 'eventReminders').stop();
  // Stops the mail poller and closes the pooled SMTP transport.
  await (strapi.plugin('civic-dialog').service('outbox') as OutboxService).stop();
};

export default destroy;
