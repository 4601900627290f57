import type { Route } from '../../kernel/feature';
import { PUBLIC_ERRORS, can, guard } from '../../kernel/http/routes';

/**
 * The citizen's phone number lives in the preference center (its session); the provider's webhooks
 * authenticate with the shared secret (sms.webhookSecret).
 */
export const contentApi: Route[] = [
  ...(
    [
      ['GET', '/preferences/sms', 'find', false],
      ['POST', '/preferences/sms/phone', 'requestCode', true],
      ['POST', '/preferences/sms/verify', 'verify', true],
      ['PUT', '/preferences/sms/consents', 'updateConsents', true],
      ['DELETE', '/preferences/sms/phone', 'removePhone', false],
    ] as const
  ).map(([method, path, action, json]) => ({
    method,
    path,
    handler: `sms.${action}`,
    config: {
      auth: false,
      middlewares: [PUBLIC_ERRORS, guard({ json, checkOrigin: method !== 'GET' }), 'plugin::civic-dialog.citizen-session'],
    },
  })),
  // Server to server: no Origin check, JSON or form bodies (Twilio posts forms).
  { method: 'POST', path: '/sms/inbound', handler: 'sms.inbound', config: { auth: false, middlewares: [PUBLIC_ERRORS] } },
  { method: 'POST', path: '/sms/delivery-report', handler: 'sms.deliveryReport', config: { auth: false, middlewares: [PUBLIC_ERRORS] } },
];

/** Editors (/civic-dialog/profiles/:id/sms-contact): "do not contact by SMS" on the profile page, with profiles.update. */
export const admin: Route[] = [
  { method: 'PUT', path: '/profiles/:id/sms-contact', handler: 'smsAdmin.doNotContact', config: { policies: can('profiles.update'), middlewares: [PUBLIC_ERRORS] } },
];
