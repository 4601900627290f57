import type { Route } from '../../kernel/feature';
import { can, PUBLIC_ERRORS } from '../../kernel/http/routes';

/** Mail services post here (server to server, no Origin): the controller checks the shared secret. */
export const contentApi: Route[] = [
  { method: 'POST', path: '/bounces/webhook', handler: 'bouncesWebhook.receive', config: { auth: false, middlewares: [PUBLIC_ERRORS] } },
];

export const admin: Route[] = [
  { method: 'GET', path: '/bounces/suppressions', handler: 'bouncesAdmin.suppressions', config: { policies: can('profiles.read') } },
  { method: 'POST', path: '/bounces/suppressions/:id/lift', handler: 'bouncesAdmin.lift', config: { policies: can('bounces.lift') } },
  { method: 'GET', path: '/bounces/newsletters', handler: 'bouncesAdmin.newsletters', config: { policies: can('newsletters.read') } },
];
