import type { Feature } from '../../kernel/feature';
import type { ServicesOf } from '../../kernel/services';
import { getService } from '../../kernel/services';
import { ensureIndexes } from '../../kernel/db';
import { manageLinkExtension } from '../preferences';
import { unsubscribeLinkExtension } from '../subscriptions';
import { DIGEST_TABLE } from './tables';
import digestEntry from './content-types/digest-entry';
import digestRun from './content-types/digest-run';
import digestDelivery from './content-types/digest-delivery';
import digest from './services/digest';
import digestData from './services/digest-data';
import digestAdmin from './controllers/digest-admin';
import { digestMailExtension, registerDigestMails } from './mails/extension';
import { admin } from './routes';

export { DIGEST_TABLE, DIGEST_UID } from './tables';

const services = { digest, digestData };

declare module '../../kernel/services' {
  interface PluginServices extends ServicesOf<typeof services> {}
}

/** The weekly digest: each citizen one mail with the new news, events and surveys on their topics (config `digest`). */
export const digestFeature: Feature = {
  contentTypes: { 'digest-entry': digestEntry, 'digest-run': digestRun, 'digest-delivery': digestDelivery },
  services,
  controllers: { digestAdmin },
  routes: { admin },
  register: async () => {
    registerDigestMails();
  },
  async bootstrap({ strapi }) {
    await ensureIndexes(strapi, [
      // The week is the claim: one instance runs each week's digest.
      { name: 'civic_dialog_digest_runs_week_uq', table: DIGEST_TABLE.run, columns: ['week'], unique: true },
      // Each source document is in one week's digest.
      { name: 'civic_dialog_digest_entries_source_uq', table: DIGEST_TABLE.entry, columns: ['source', 'source_document_id'], unique: true },
      { name: 'civic_dialog_digest_entries_week_topic_idx', table: DIGEST_TABLE.entry, columns: ['week', 'topic_id'] },
      // One digest per citizen and week (the mail's dedupe key says the same for the outbox).
      { name: 'civic_dialog_digest_deliveries_week_profile_uq', table: DIGEST_TABLE.delivery, columns: ['week', 'profile_id'], unique: true },
      { name: 'civic_dialog_digest_deliveries_profile_idx', table: DIGEST_TABLE.delivery, columns: ['profile_id'] },
    ]);
    const outbox = getService(strapi, 'outbox');
    outbox.extend(['digest'], digestMailExtension(strapi));
    outbox.extend(['digest'], unsubscribeLinkExtension(strapi));
    outbox.extend(['digest'], manageLinkExtension(strapi));
    getService(strapi, 'digestData').registerPersonalData();
  },
  start: async ({ strapi }) => {
    getService(strapi, 'digest').start();
  },
  destroy: async ({ strapi }) => {
    await getService(strapi, 'digest').stop();
  },
};
