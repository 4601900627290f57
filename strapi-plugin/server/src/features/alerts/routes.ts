import type { Route } from '../../kernel/feature';
import { PUBLIC_ERRORS, guard, botCheck, can } from '../../kernel/http/routes';
import { SIGNUP_RATE_LIMIT } from '../../shared/rate-limits/signup-rate-limit';

const send = can('alerts.send');
/** The preference center's session check (registered by features/preferences). */
const CITIZEN_SESSION = 'plugin::civic-dialog.citizen-session';
const admin = (method: string, path: string, handler: string): Route => ({ method, path, handler: `alerts.${handler}`, config: { policies: send, middlewares: [PUBLIC_ERRORS] } });

/** Admin (/civic-dialog/alerts…): writing, sending and watching alerts, all with alerts.send. */
export const adminRoutes: Route[] = [
  admin('GET', '/alerts', 'list'),
  admin('GET', '/alerts/areas', 'areas'),
  admin('POST', '/alerts', 'create'),
  admin('GET', '/alerts/:id', 'findOne'),
  admin('POST', '/alerts/:id/send', 'send'),
  admin('GET', '/alerts/:id/audience', 'audience'),
  admin('GET', '/alerts/:id/deliveries', 'deliveries'),
];

/** Public (/api/civic-dialog/alerts…): the current alerts, the alert signup and its confirm link. */
export const contentApiRoutes: Route[] = [
  { method: 'GET', path: '/alerts', handler: 'alerts.current', config: { auth: false, middlewares: [PUBLIC_ERRORS] } },
  {
    method: 'POST',
    path: '/alerts/signups',
    handler: 'alerts.signup',
    config: { auth: false, middlewares: [PUBLIC_ERRORS, guard({ json: true, checkOrigin: true }), SIGNUP_RATE_LIMIT, botCheck('alert-signup')] },
  },
  { method: 'GET', path: '/alerts/confirm', handler: 'alerts.confirmPage', config: { auth: false, middlewares: [PUBLIC_ERRORS] } },
  // No origin check on mail-link posts: the token is the authorisation.
  { method: 'POST', path: '/alerts/confirm', handler: 'alerts.confirm', config: { auth: false, middlewares: [PUBLIC_ERRORS, guard({})] } },
  // The preference center, with the citizen's session (the preferences feature's middleware).
  ...(
    [
      ['GET', 'preferences'],
      ['PUT', 'updatePreferences'],
    ] as const
  ).map(([method, action]) => ({
    method,
    path: '/preferences/alerts',
    handler: `alerts.${action}`,
    config: { auth: false, middlewares: [PUBLIC_ERRORS, guard({ json: method === 'PUT', checkOrigin: method !== 'GET' }), CITIZEN_SESSION] },
  })),
];
