import type { Route } from '../../kernel/feature';
import { PUBLIC_ERRORS, guard, botCheck, can } from '../../kernel/http/routes';
import { SIGNUP_RATE_LIMIT } from '../../shared/rate-limits/signup-rate-limit';

/** Public routes for the signup widget and the mail links, under /api/civic-dialog. No auth: tokens and limits guard them. */
export const contentApi: Route[] = [
  {
    method: 'POST',
    path: '/signups',
    handler: 'signup.create',
    config: {
      auth: false,
      middlewares: [PUBLIC_ERRORS, guard({ json: true, checkOrigin: true }), SIGNUP_RATE_LIMIT, botCheck('signup')],
    },
  },
  { method: 'GET', path: '/confirm', handler: 'mailLinks.confirmPage', config: { auth: false, middlewares: [PUBLIC_ERRORS] } },
  {
    method: 'POST',
    path: '/confirm',
    handler: 'mailLinks.confirm',
    // No origin check on mail-link posts: the 256-bit token is the authorisation (see README).
    config: { auth: false, middlewares: [PUBLIC_ERRORS, guard({})] },
  },
  { method: 'GET', path: '/unsubscribe', handler: 'mailLinks.unsubscribePage', config: { auth: false, middlewares: [PUBLIC_ERRORS] } },
  {
    method: 'POST',
    path: '/unsubscribe',
    handler: 'mailLinks.unsubscribe',
    config: { auth: false, middlewares: [PUBLIC_ERRORS, guard({})] },
  },
  { method: 'GET', path: '/topics', handler: 'catalog.topics', config: { auth: false, middlewares: [PUBLIC_ERRORS] } },
  {
    method: 'GET',
    path: '/legal-texts/current',
    handler: 'catalog.currentLegalText',
    config: { auth: false, middlewares: [PUBLIC_ERRORS] },
  },
];

/**
 * Admin panel (/civic-dialog/subscriptions/…): the dashboard's figures over time, with the same
 * permission as the rest of the dashboard (newsletters.read, registered by the newsletters feature).
 */
export const admin: Route[] = [
  {
    method: 'GET',
    path: '/subscriptions/stats',
    handler: 'subscriptionStats.weekly',
    config: { policies: can('newsletters.read'), middlewares: [PUBLIC_ERRORS] },
  },
];
