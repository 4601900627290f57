import type { Feature } from '../../kernel/feature';
import type { ServicesOf } from '../../kernel/services';
import { getService } from '../../kernel/services';
import { ensureIndexes } from '../../kernel/db';
import { registerAdminActions } from '../../kernel/http/routes';
import { acceptRawBody } from '../../kernel/http/body-gate';
import bounce from './content-types/bounce';
import suppression from './content-types/suppression';
import bounces from './services/bounces';
import bounceMailbox from './services/bounce-mailbox';
import { bouncesAdmin, bouncesWebhook, WEBHOOK_MAX_BYTES, WEBHOOK_RAW_TYPES } from './controllers';
import { admin, contentApi } from './routes';
import { BOUNCES_TABLE } from './tables';

export { BOUNCES_TABLE, BOUNCES_UID } from './tables';

const services = { bounces, bounceMailbox };

declare module '../../kernel/services' {
  interface PluginServices extends ServicesOf<typeof services> {}
}

/**
 * Bounces and complaints: every mail leaves with a VERP return path naming its row; reports come
 * back over IMAP or a webhook, are recorded, and suppress the address (hard at once, soft after a
 * count in a window, a complaint also unsubscribes). The outbox refuses mail to a suppressed address.
 */
export const bouncesFeature: Feature = {
  contentTypes: { bounce, suppression },
  services,
  controllers: { bouncesWebhook, bouncesAdmin },
  routes: { 'content-api': contentApi, admin },
  async register() {
    acceptRawBody('bounces/webhook', WEBHOOK_RAW_TYPES, WEBHOOK_MAX_BYTES);
  },
  async bootstrap({ strapi }) {
    await ensureIndexes(strapi, [
      { name: 'civic_dialog_bounces_report_key_uq', table: BOUNCES_TABLE.bounce, columns: ['report_key'], unique: true },
      { name: 'civic_dialog_bounces_email_kind_ix', table: BOUNCES_TABLE.bounce, columns: ['email', 'kind', 'created_at'] },
      { name: 'civic_dialog_bounces_profile_ix', table: BOUNCES_TABLE.bounce, columns: ['profile_id'] },
      { name: 'civic_dialog_bounces_send_ix', table: BOUNCES_TABLE.bounce, columns: ['send_id'] },
      { name: 'civic_dialog_suppressions_email_uq', table: BOUNCES_TABLE.suppression, columns: ['email'], unique: true },
      { name: 'civic_dialog_suppressions_profile_ix', table: BOUNCES_TABLE.suppression, columns: ['profile_id'] },
    ]);
    await registerAdminActions(strapi, [{ displayName: 'Lift suppressed addresses (bounces, complaints)', uid: 'bounces.lift' }]);
    const service = getService(strapi, 'bounces');
    getService(strapi, 'personalData').register({ key: 'bounces', export: (id) => service.exportOf(id), eraseMany: (ids) => service.eraseMany(ids) });
    const outbox = getService(strapi, 'outbox');
    outbox.setReturnPath((row) => service.returnPath(row));
    // Refused at send time (the outbox and the newsletter sender ask once per batch), so a suppression also stops mails queued before it.
    outbox.refuseAddresses((addresses) => service.suppressedAmong(addresses));
  },
  start: async ({ strapi }) => {
    getService(strapi, 'bounceMailbox').start();
  },
  destroy: async ({ strapi }) => {
    await getService(strapi, 'bounceMailbox').stop();
  },
};
