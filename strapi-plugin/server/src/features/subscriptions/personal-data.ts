import type { Locale } from '@civic-dialog/contracts';
import type { Strapi } from '../../kernel/types';
import { SHARED_UID } from '../../shared/tables';
import { SUBSCRIPTIONS_UID } from './tables';
import type { PersonalDataSection } from '../../shared/citizens/personal-data';
import { profileRows } from '../../shared/citizens/rows';
import { topicName } from './services/catalog';
import { subscriptionRows, topicRows } from './rows';

const profileLocales = profileRows.pick('locale');

/** The citizen's subscriptions in the GDPR export (with topic names in their language); erasure deletes them. */
export function subscriptionsSection(strapi: Strapi): PersonalDataSection {
  const query = (uid: (typeof SHARED_UID)[keyof typeof SHARED_UID] | (typeof SUBSCRIPTIONS_UID)[keyof typeof SUBSCRIPTIONS_UID]) => strapi.db.query(uid);
  return {
    key: 'subscriptions',
    async export(profileId) {
      const rows = subscriptionRows.many(await query(SUBSCRIPTIONS_UID.subscription).findMany({ where: { profileId }, orderBy: { id: 'asc' } }));
      const topics = rows.length ? topicRows.many(await query(SUBSCRIPTIONS_UID.topic).findMany({ where: { id: { $in: rows.map((r) => r.topicId) } } })) : [];
      const profile = profileLocales.one(await query(SHARED_UID.profile).findOne({ where: { id: profileId }, select: profileLocales.select }));
      const locale: Locale = profile?.locale ?? 'de';
      return rows.map((row) => {
        const topic = topics.find((t) => t.id === row.topicId);
        return {
          topic: topic ? { slug: topic.slug, name: topicName(topic, locale) } : null,
          status: row.status,
          source: row.source,
          createdAt: row.createdAt,
          confirmedAt: row.confirmedAt,
          withdrawnAt: row.withdrawnAt,
        };
      });
    },
    async eraseMany(profileIds) {
      await query(SUBSCRIPTIONS_UID.subscription).deleteMany({ where: { profileId: { $in: profileIds } } });
    },
  };
}
