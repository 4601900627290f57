import type { Route } from '../../kernel/feature';
import { PUBLIC_ERRORS, guard, botCheck } from '../../kernel/http/routes';
import { SIGNUP_RATE_LIMIT } from '../../shared/rate-limits/signup-rate-limit';

/** Preference center: link and session are public (token- and rate-limited); the rest needs a session. */
export const contentApi: Route[] = [
  {
    method: 'POST',
    path: '/preferences/link',
    handler: 'preferences.requestLink',
    config: {
      auth: false,
      middlewares: [
        PUBLIC_ERRORS,
        guard({ json: true, checkOrigin: true }),
        { name: SIGNUP_RATE_LIMIT, config: { bucket: 'manage-link' } },
        botCheck('manage-link'),
      ],
    },
  },
  {
    method: 'POST',
    path: '/preferences/session',
    handler: 'preferences.openSession',
    config: { auth: false, middlewares: [PUBLIC_ERRORS, guard({ json: true, checkOrigin: true })] },
  },
  ...(
    [
      ['GET', '/preferences', 'find', false],
      ['PATCH', '/preferences/profile', 'updateProfile', true],
      ['PUT', '/preferences/subscriptions', 'updateSubscriptions', true],
      ['POST', '/preferences/unsubscribe-all', 'unsubscribeAll', false],
      ['GET', '/preferences/export', 'exportData', false],
      ['POST', '/preferences/erase', 'erase', true],
    ] as const
  ).map(([method, path, action, json]) => ({
    method,
    path,
    handler: `preferences.${action}`,
    config: {
      auth: false,
      middlewares: [PUBLIC_ERRORS, guard({ json, checkOrigin: method !== 'GET' }), 'plugin::civic-dialog.citizen-session'],
    },
  })),
];
