import type { Feature } from '../../kernel/feature';
import type { ServicesOf } from '../../kernel/services';
import { getService } from '../../kernel/services';
import { ensureIndexes } from '../../kernel/db';
import { RETENTION_TABLE } from './tables';
import retentionRun from './content-types/retention-run';
import retention from './services/retention';
import deletionDates from './services/deletion-dates';
import retentionAdmin from './controllers/retention-admin';
import { admin } from './routes';

const services = { retention, deletionDates };

declare module '../../kernel/services' {
  interface PluginServices extends ServicesOf<typeof services> {}
}

/** Storage limitation (Art. 5(1)(e) GDPR): the daily job that deletes what is no longer needed, its admin overview, the export's deletion dates. */
export const retentionFeature: Feature = {
  contentTypes: { 'retention-run': retentionRun },
  services,
  controllers: { retentionAdmin },
  routes: { admin },
  async bootstrap({ strapi }) {
    // The day is the claim: one instance runs each day's job.
    await ensureIndexes(strapi, [{ name: 'civic_dialog_retention_runs_day_uq', table: RETENTION_TABLE.retentionRun, columns: ['day'], unique: true }]);
    getService(strapi, 'deletionDates').registerPersonalData();
  },
  start: async ({ strapi }) => {
    getService(strapi, 'retention').start();
  },
  destroy: async ({ strapi }) => {
    await getService(strapi, 'retention').stop();
  },
};
