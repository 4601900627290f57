import type { Route } from '../../kernel/feature';
import { PUBLIC_ERRORS, can, guard, botCheck } from '../../kernel/http/routes';
import { SIGNUP_RATE_LIMIT } from '../../shared/rate-limits/signup-rate-limit';

/** The public list and form; the confirm and cancel links of the mails (GET shows a button, POST acts). */
export const contentApi: Route[] = [
  { method: 'GET', path: '/events', handler: 'events.list', config: { auth: false, middlewares: [PUBLIC_ERRORS] } },
  { method: 'GET', path: '/events/:slug', handler: 'events.findOne', config: { auth: false, middlewares: [PUBLIC_ERRORS] } },
  {
    method: 'POST',
    path: '/events/:slug/registrations',
    handler: 'events.register',
    config: {
      auth: false,
      middlewares: [PUBLIC_ERRORS, guard({ json: true, checkOrigin: true }), SIGNUP_RATE_LIMIT, botCheck('event-registration')],
    },
  },
  { method: 'GET', path: '/event-confirm', handler: 'events.confirmPage', config: { auth: false, middlewares: [PUBLIC_ERRORS] } },
  { method: 'POST', path: '/event-confirm', handler: 'events.confirm', config: { auth: false, middlewares: [PUBLIC_ERRORS, guard({})] } },
  { method: 'GET', path: '/event-cancel', handler: 'events.cancelPage', config: { auth: false, middlewares: [PUBLIC_ERRORS] } },
  { method: 'POST', path: '/event-cancel', handler: 'events.cancel', config: { auth: false, middlewares: [PUBLIC_ERRORS, guard({})] } },
];

// 404/409 of the registrations page keep their status (see kernel/http/public-errors).
const eventRoute = (method: string, path: string, handler: string, policies: unknown[]): Route => ({
  method,
  path,
  handler,
  config: { policies, middlewares: [PUBLIC_ERRORS] },
});

/** Admin panel: registrations, CSV, check-in and the waiting list. */
export const admin: Route[] = [
  eventRoute('GET', '/events-admin', 'eventsAdmin.find', can('events.read')),
  eventRoute('GET', '/events-admin/:id/registrations', 'eventsAdmin.registrations', can('events.read')),
  eventRoute('GET', '/events-admin/:id/registrations.csv', 'eventsAdmin.csv', can('events.read')),
  eventRoute('PUT', '/event-registrations/:id/attendance', 'eventsAdmin.checkIn', can('events.manage')),
  eventRoute('POST', '/event-registrations/:id/promote', 'eventsAdmin.promote', can('events.manage')),
];
