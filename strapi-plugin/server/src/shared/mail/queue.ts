import type { Strapi } from '../../kernel/types';
import { getService } from '../../kernel/services';
import type { EnqueueInput } from './outbox';

/** Queues a mail in the caller's transaction (the outbox renders and sends it later). */
export function enqueueMail(strapi: Strapi, input: EnqueueInput) {
  return getService(strapi, 'outbox').enqueue(input);
}

/** Starts draining the outbox; call it after commit (a kick never throws, a failed drain is logged). */
export function kickOutbox(strapi: Strapi) {
  getService(strapi, 'outbox').kick();
}
