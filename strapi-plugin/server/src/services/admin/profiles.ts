import { errors } from '@strapi/utils';
import type {
  ConsentAction,
  LegalPurpose,
  Locale,
  MessageKind,
  MessageStatus,
  ProfileDetail,
  ProfileList,
  ProfileListItem,
  ProfileListQuery,
  ProfileStatus,
  SubscriptionStatus,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../types';
import { TABLE, UID } from '../../constants';
import { toIso } from '../../utils/time';
import { topicName, type LegalTextRow, type TopicRow } from '../client/catalog';

/** How many of a profile's mails the detail view shows (newest first). */
const DETAIL_MESSAGE_LIMIT = 200;

/** `%` and `_` typed by an editor are literal characters, not wildcards. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Editors' view of citizen profiles: set-based SQL (count + one page), never all rows into Node. */
const profiles = ({ strapi }: { strapi: Strapi }) => {
  const knex = () => strapi.db.connection;

  return {
    async list(query: ProfileListQuery): Promise<ProfileList> {
      const db = knex();
      const filtered = db(`${TABLE.profile} as p`).modify((qb) => {
        if (query.status) qb.where('p.status', query.status);
        if (query.q) {
          const pattern = likePattern(query.q);
          qb.where((w) =>
            w.whereRaw(`p.email like ? escape '\\'`, [pattern]).orWhereRaw(`lower(p.first_name) like ? escape '\\'`, [pattern]),
          );
        }
      });
      const countRow = (await filtered.clone().count({ total: '*' }).first()) as { total: number | string } | undefined;
      const total = Number(countRow?.total ?? 0);
      // Correlated count per row of this page only; uses the (profile_id, status) index.
      const activeTopics = db(`${TABLE.subscription} as s`)
        .count('*')
        .whereRaw('s.profile_id = p.id')
        .andWhere('s.status', 'active')
        .as('active_topics');
      const rows = (await filtered
        .clone()
        .select('p.id', 'p.email', 'p.first_name', 'p.status', 'p.locale', 'p.created_at', activeTopics)
        .orderBy('p.id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)) as Array<Record<string, unknown>>;

      return {
        results: rows.map(
          (row): ProfileListItem => ({
            id: Number(row.id),
            email: String(row.email),
            firstName: (row.first_name as string | null) ?? null,
            status: row.status as ProfileStatus,
            locale: (row.locale as Locale) ?? 'de',
            createdAt: toIso(row.created_at) ?? '',
            activeTopics: Number(row.active_topics ?? 0),
          }),
        ),
        pagination: {
          page: query.page,
          pageSize: query.pageSize,
          pageCount: Math.ceil(total / query.pageSize),
          total,
        },
      };
    },

    async detail(id: number): Promise<ProfileDetail> {
      const profile = (await strapi.db.query(UID.profile).findOne({ where: { id } })) as Record<string, any> | null;
      if (!profile) throw new errors.NotFoundError(`Profile ${id} not found`);
      const locale: Locale = profile.locale === 'en' ? 'en' : 'de';

      const subscriptionRows = (await strapi.db.query(UID.subscription).findMany({
        where: { profileId: id },
        orderBy: { id: 'asc' },
      })) as Array<Record<string, any>>;
      const topicIds = [...new Set(subscriptionRows.map((s) => Number(s.topicId)))];
      const topics = topicIds.length
        ? ((await strapi.db.query(UID.topic).findMany({ where: { id: { $in: topicIds } } })) as TopicRow[])
        : [];

      const consentRows = (await strapi.db.query(UID.consent).findMany({
        where: { profileId: id },
        orderBy: { id: 'desc' },
      })) as Array<Record<string, any>>;
      const legalIds = [...new Set(consentRows.map((c) => c.legalTextId).filter((v) => v != null).map(Number))];
      const legalTexts = legalIds.length
        ? ((await strapi.db.query(UID.legalText).findMany({ where: { id: { $in: legalIds } } })) as LegalTextRow[])
        : [];

      const messageRows = strapi.db.metadata.has(UID.message)
        ? ((await strapi.db.query(UID.message).findMany({
            where: { profileId: id },
            orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
            limit: DETAIL_MESSAGE_LIMIT,
          })) as Array<Record<string, any>>)
        : [];

      const activeTopics = subscriptionRows.filter((s) => s.status === 'active').length;
      return {
        profile: {
          id: Number(profile.id),
          email: profile.email,
          firstName: profile.firstName ?? null,
          status: profile.status as ProfileStatus,
          locale,
          createdAt: toIso(profile.createdAt) ?? '',
          updatedAt: toIso(profile.updatedAt) ?? '',
          confirmedAt: toIso(profile.confirmedAt),
          activeTopics,
        },
        subscriptions: subscriptionRows.map((s) => {
          const topic = topics.find((t) => t.id === Number(s.topicId));
          return {
            topic: topic ? { slug: topic.slug, name: topicName(topic, locale) } : { slug: `#${s.topicId}`, name: '(deleted topic)' },
            status: s.status as SubscriptionStatus,
            source: s.source ?? null,
            createdAt: toIso(s.createdAt) ?? '',
            confirmedAt: toIso(s.confirmedAt),
            withdrawnAt: toIso(s.withdrawnAt),
          };
        }),
        consents: consentRows.map((c) => {
          const legal = legalTexts.find((l) => l.id === Number(c.legalTextId));
          return {
            id: Number(c.id),
            purpose: c.purpose as LegalPurpose,
            action: c.action as ConsentAction,
            legalText: legal ? { version: legal.version, locale: legal.locale, title: legal.title } : null,
            topics: Array.isArray(c.topics) ? c.topics : [],
            sourceUrl: c.sourceUrl ?? null,
            widget: c.widget ?? null,
            ipHash: c.ipHash ?? null,
            createdAt: toIso(c.createdAt) ?? '',
          };
        }),
        messages: messageRows.map((m) => ({
          id: Number(m.id),
          kind: m.kind as MessageKind,
          status: m.status as MessageStatus,
          subject: m.subject ?? '',
          createdAt: toIso(m.createdAt) ?? '',
          sentAt: toIso(m.sentAt),
          error: m.error ?? m.lastError ?? null,
        })),
      };
    },
  };
};

export default profiles;
export type ProfilesService = ReturnType<typeof profiles>;
