import type { Strapi } from '../../../kernel/types';
import { getService } from '../../../kernel/services';
import { DIGEST_UID } from '../tables';
import { digestDeliveryRows } from '../rows';

const deliveries = digestDeliveryRows.pick('week', 'entryCount', 'createdAt');

/**
 * The citizen's digests in the export (which week, how many entries; INV-SELF-SERVICE), erased with
 * the profile. The entries themselves are the town's public content, not personal data.
 */
const digestData = ({ strapi }: { strapi: Strapi }) => ({
  registerPersonalData() {
    getService(strapi, 'personalData').register({
      key: 'digests',
      async export(profileId: number) {
        const rows = deliveries.many(
          await strapi.db.query(DIGEST_UID.delivery).findMany({ where: { profileId }, orderBy: { id: 'asc' }, select: deliveries.select }),
        );
        return rows.map((row) => ({ week: row.week, entries: row.entryCount, queuedAt: row.createdAt }));
      },
      async eraseMany(profileIds: number[]) {
        await strapi.db.query(DIGEST_UID.delivery).deleteMany({ where: { profileId: { $in: profileIds } } });
      },
    });
  },
});

export default digestData;
