/**
 * The SMS channel: verified phone numbers, their consents per purpose, the SMS outbox and its providers.
 *
 * Service API for other features (stable):
 *
 *   import { SMS_PURPOSES } from '../sms';   // 'sms-alerts' | 'sms-registrations' (consent purposes, legal texts)
 *   const queued = await getService(strapi, 'smsOutbox').enqueueMany({
 *     kind: 'alert',                          // what the text is (export, admin)
 *     priority: 'alert',                      // 'alert' | 'normal' (default): alerts overtake, own rate budget
 *     purpose: 'sms-alerts',                  // optional; default from priority (alert → sms-alerts, else sms-registrations)
 *     recipients: [{ profileId }],            // phone optional: the profile's verified number is used
 *     text,                                   // ≤ SMS_MAX_SEGMENTS segments (contracts smsLength: GSM-7 vs UCS-2)
 *     dedupeKeyPrefix: `alert:${id}:`,        // row key = prefix + profileId (UNIQUE): queued once
 *     trx,                                    // optional: the caller's knex transaction
 *   });                                       // → rows queued; recipients without a verified, consenting,
 *                                             //   unsuppressed number are skipped
 *   getService(strapi, 'smsOutbox').kick();   // after commit
 *   await getService(strapi, 'smsOutbox').figures(`alert:${id}:`); // { queued, sending, sent, failed, delivered }
 *   await getService(strapi, 'smsOutbox').drain();                  // tests/benches: send what is due now
 *
 * Citizens (public routes, preference-center session): GET /preferences/sms, POST /preferences/sms/phone
 * (code by SMS), POST /preferences/sms/verify, PUT /preferences/sms/consents, DELETE /preferences/sms/phone.
 * Provider webhooks (sms.webhookSecret): POST /sms/inbound (STOP replies), POST /sms/delivery-report.
 * Editors (profiles.update): PUT /civic-dialog/profiles/:id/sms-contact { doNotContact, reason? } — audited.
 *
 * The outbox does nothing while config `sms.enabled` is false (rows stay queued).
 */
import type { Feature } from '../../kernel/feature';
import type { ServicesOf } from '../../kernel/services';
import { getService } from '../../kernel/services';
import smsMessage from './content-types/sms-message';
import smsPhone from './content-types/sms-phone';
import smsCode from './content-types/sms-code';
import smsOutbox from './services/sms-outbox';
import smsPhones from './services/sms-phones';
import smsController from './controllers/sms';
import smsAdminController from './controllers/sms-admin';
import { admin, contentApi } from './routes';
import { registerSmsPersonalData } from './personal-data';

export { SMS_PURPOSES, type SmsPurpose } from '@civic-dialog/contracts';
export { SMS_TABLE, SMS_UID } from './tables';
export type { SmsEnqueueManyInput, SmsFigures } from './services/sms-outbox';

const services = { smsOutbox, smsPhones };

declare module '../../kernel/services' {
  interface PluginServices extends ServicesOf<typeof services> {}
}

/** The SMS channel (README "SMS channel"). */
export const smsFeature: Feature = {
  contentTypes: { 'sms-message': smsMessage, 'sms-phone': smsPhone, 'sms-code': smsCode },
  services,
  controllers: { sms: smsController, smsAdmin: smsAdminController },
  routes: { 'content-api': contentApi, admin },
  async bootstrap({ strapi }) {
    const outbox = getService(strapi, 'smsOutbox');
    await outbox.ensureIndexes();
    await getService(strapi, 'smsPhones').init();
    registerSmsPersonalData(strapi);
    // A dead instance's claimed texts come back with its mails (one liveness lock per instance).
    getService(strapi, 'outbox').reclaimAlso(outbox.claimedRows);
  },
  start: async ({ strapi }) => {
    getService(strapi, 'smsOutbox').start();
  },
  destroy: async ({ strapi }) => {
    await getService(strapi, 'smsOutbox').stop();
  },
};
