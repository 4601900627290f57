import type { Strapi } from '../../kernel/types';
import type { PersonalDataSection } from '../../shared/citizens/personal-data';
import { ALERTS_UID } from './tables';
import { alertSubscriptionRows } from './rows';

/** The citizen's alert area and its state in the export; erasure deletes it. */
export function alertsSection(strapi: Strapi): PersonalDataSection {
  return {
    key: 'alerts',
    async export(profileId) {
      const rows = alertSubscriptionRows.many(await strapi.db.query(ALERTS_UID.alertSubscription).findMany({ where: { profileId } }));
      return rows.map((row) => ({ district: row.district, postalCode: row.postalCode, status: row.status, source: row.source, createdAt: row.createdAt, confirmedAt: row.confirmedAt, withdrawnAt: row.withdrawnAt }));
    },
    async eraseMany(profileIds) {
      await strapi.db.query(ALERTS_UID.alertSubscription).deleteMany({ where: { profileId: { $in: profileIds } } });
    },
  };
}
