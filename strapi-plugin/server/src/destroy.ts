import type { LifecycleFn } from './types';
import { getService } from './utils/services';

const destroy: LifecycleFn = async ({ strapi }) => {
  await getService(strapi, 'eventReminders').stop();
  // Stops the mail poller and closes the pooled SMTP transport.
  await getService(strapi, 'outbox').stop();
};

export default destroy;
