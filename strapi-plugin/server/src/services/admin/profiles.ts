import { errors } from '@strapi/utils';
import type {
  ConsentAction,
  LegalPurpose,
  Locale,
  MessageKind,
  MessageStatus,
  ProfileDetail,
  ProfileDetail360,
  ProfileList,
  ProfileListItem,
  ProfileListQuery,
  ProfileStatus,
  SubscriptionStatus,
  TimelineEntry,
} from '@civic-dialog/contracts';
import { CORE_SECTIONS } from '@civic-dialog/contracts';
import type { Strapi } from '../../types';
import { TABLE, UID } from '../../constants';
import { toIso } from '../../utils/time';
import { enqueueMail, getService, kickOutbox } from '../../utils/services';
import { topicName, type LegalTextRow, type TopicRow } from '../client/catalog';

/** How many of a profile's mails the detail view shows (newest first). */
const DETAIL_MESSAGE_LIMIT = 200;

/** A prefix pattern; `%` and `_` typed by an editor are literal characters, not wildcards. */
function prefixPattern(text: string): string {
  return `${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Above every character: `[text, text + MAX_CHAR)` is exactly the strings starting with text (binary order). */
const MAX_CHAR = '\u{10FFFF}';

/**
 * Indexes for the editors' search: emails are stored lower-case, names are searched lower-case.
 * SQLite: prefix search as a range on the plain index and the lower(first_name) expression index
 * (SQLite's LIKE is case-insensitive and cannot use a binary index). PostgreSQL: LIKE 'prefix%'
 * with text_pattern_ops indexes, which work whatever the database collation.
 */
const SEARCH_INDEXES: Record<'sqlite' | 'postgres', string[]> = {
  sqlite: [`CREATE INDEX IF NOT EXISTS civic_dialog_profiles_first_name_lower_ix ON ${TABLE.profile} (lower(first_name))`],
  postgres: [
    `CREATE INDEX IF NOT EXISTS civic_dialog_profiles_email_pattern_ix ON ${TABLE.profile} (email text_pattern_ops)`,
    `CREATE INDEX IF NOT EXISTS civic_dialog_profiles_first_name_pattern_ix ON ${TABLE.profile} (lower(first_name) text_pattern_ops)`,
  ],
};

/** Editors' view of citizen profiles: set-based SQL (count + one page), never all rows into Node. */
const profiles = ({ strapi }: { strapi: Strapi }) => {
  const knex = () => strapi.db.connection;
  const isPostgres = () => strapi.db.dialect.client === 'postgres';

  /** The subscriptions that put a profile in a topic's audience (active or awaiting confirmation). */
  function topicSubscriptions(topic: string) {
    return knex()(`${TABLE.subscription} as s`)
      .where('s.topic_id', knex()(TABLE.topic).select('id').where('slug', topic))
      .whereIn('s.status', ['active', 'pending']);
  }

  /**
   * Narrows a profiles query by the editor's filters; every branch can use an index. The topic
   * filter either probes the (topic_id, status, profile_id) index once per candidate profile
   * ('probe': profiles come from the search/status index, or newest first) or lists the topic's
   * subscriptions and looks the profiles up ('list'). A search or status filter always probes:
   * listing a big topic first would materialise hundreds of thousands of ids for a few hits.
   */
  function applyFilters(qb: any, query: ProfileListQuery, topicPlan: 'probe' | 'list' = 'probe') {
    if (query.status) qb.where('p.status', query.status);
    if (query.topic) {
      const subscribed = topicSubscriptions(query.topic);
      if (topicPlan === 'list') qb.whereIn('p.id', subscribed.select('s.profile_id'));
      else qb.whereExists(subscribed.select(knex().raw('1')).whereRaw('s.profile_id = p.id'));
    }
    const q = query.q?.toLowerCase();
    if (!q) return;
    if (isPostgres()) {
      const pattern = prefixPattern(q);
      qb.where((w: any) =>
        w.whereRaw(`p.email like ? escape '\\'`, [pattern]).orWhereRaw(`lower(p.first_name) like ? escape '\\'`, [pattern]),
      );
    } else {
      qb.where((w: any) =>
        w
          .whereRaw('p.email >= ? and p.email < ?', [q, q + MAX_CHAR])
          .orWhereRaw('lower(p.first_name) >= ? and lower(p.first_name) < ?', [q, q + MAX_CHAR]),
      );
    }
  }

  return {
    /** Called in bootstrap: the search indexes of this database. */
    async ensureSearchIndexes() {
      for (const sql of SEARCH_INDEXES[isPostgres() ? 'postgres' : 'sqlite']) await knex().raw(sql);
    },

    async list(query: ProfileListQuery): Promise<ProfileList> {
      const db = knex();
      const countOf = async (qb: any) => Number(((await qb.count({ total: '*' }).first()) as { total?: number | string } | undefined)?.total ?? 0);
      let total: number;
      let topicPlan: 'probe' | 'list' = 'probe';
      if (query.topic && !query.q && !query.status) {
        // One subscription per profile and topic, and erasure deletes a profile's subscriptions:
        // counting them (covering index) counts the profiles without a lookup per row.
        total = await countOf(topicSubscriptions(query.topic));
        // SQLite runs the subquery as written (PostgreSQL plans IN and EXISTS alike, as a semi-join).
        // Newest first, probing each profile costs about shown rows × profiles / total lookups;
        // listing the topic costs total. A big topic is probed, a small one (or a deep page) listed.
        if (!isPostgres()) {
          const profileCount = await countOf(db(TABLE.profile));
          const probes = (query.page * query.pageSize * profileCount) / Math.max(total, 1);
          topicPlan = probes < total ? 'probe' : 'list';
        }
      } else {
        total = await countOf(db(`${TABLE.profile} as p`).modify((qb) => applyFilters(qb, query)));
      }
      const filtered = db(`${TABLE.profile} as p`).modify((qb) => applyFilters(qb, query, topicPlan));
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
            email: String(row.email ?? ''),
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

    /** Everything about one citizen: the core tables, a merged timeline and later features' sections. */
    async detail(id: number): Promise<ProfileDetail360> {
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

      const messageRows = (await strapi.db.query(UID.message).findMany({
        where: { profileId: id },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        limit: DETAIL_MESSAGE_LIMIT,
      })) as Array<Record<string, any>>;

      const activeTopics = subscriptionRows.filter((s) => s.status === 'active').length;
      const base: ProfileDetail = {
        profile: {
          id: Number(profile.id),
          email: profile.email ?? '',
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
      const registry = getService(strapi, 'personalData');
      const sections: Record<string, unknown> = {};
      for (const key of registry.sectionKeys()) {
        if (!(CORE_SECTIONS as readonly string[]).includes(key)) sections[key] = await registry.exportSection(key, id);
      }
      return {
        ...base,
        profileFields: { postalCode: profile.postalCode ?? null, district: profile.district ?? null },
        timeline: timelineOf(base, toIso(profile.createdAt)),
        sections,
      };
    },

    /** Sends the double opt-in mail again for a pending profile (the editor answers a phone call). */
    async resendConfirmation(id: number): Promise<void> {
      await strapi.db.transaction(async ({ onCommit }) => {
        const profile = (await strapi.db.query(UID.profile).findOne({ where: { id } })) as Record<string, any> | null;
        if (!profile || profile.status === 'erased') throw new errors.NotFoundError(`Profile ${id} not found`);
        if (profile.status !== 'pending') {
          throw new errors.ValidationError(`Only a pending profile can be sent a confirmation (this one is ${profile.status}).`);
        }
        const granted = (await strapi.db.query(UID.consent).findOne({
          where: { profileId: id, purpose: 'newsletter', action: 'granted' },
          orderBy: { id: 'desc' },
        })) as { id: number } | null;
        const pending = (await strapi.db.query(UID.subscription).findMany({ where: { profileId: id, status: 'pending' } })) as Array<{
          topicId: number;
        }>;
        if (!granted || !pending.length) {
          throw new errors.ValidationError('This profile has no pending subscription to confirm.');
        }
        const topics = (await strapi.db.query(UID.topic).findMany({
          where: { id: { $in: pending.map((s) => s.topicId) } },
        })) as TopicRow[];
        await enqueueMail(strapi, {
          profileId: id,
          kind: 'doi',
          locale: profile.locale,
          data: { consentId: granted.id, topics: topics.map((t) => t.slug) },
        });
        onCommit(() => kickOutbox(strapi));
      });
    },
  };
};

/** Subscriptions, consents and mails of one profile as one list, newest first. */
function timelineOf(detail: ProfileDetail, createdAt: string | null): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  if (createdAt) entries.push({ at: createdAt, type: 'profile', action: 'created', label: null });
  if (detail.profile.confirmedAt) entries.push({ at: detail.profile.confirmedAt, type: 'profile', action: 'confirmed', label: null });
  for (const s of detail.subscriptions) {
    entries.push({ at: s.createdAt, type: 'subscription', action: 'created', label: s.topic.slug });
    if (s.confirmedAt) entries.push({ at: s.confirmedAt, type: 'subscription', action: 'active', label: s.topic.slug });
    if (s.withdrawnAt) entries.push({ at: s.withdrawnAt, type: 'subscription', action: 'unsubscribed', label: s.topic.slug });
  }
  for (const c of detail.consents) {
    const text = c.legalText ? `${c.legalText.title} v${c.legalText.version} (${c.legalText.locale})` : null;
    entries.push({ at: c.createdAt, type: 'consent', action: c.action, label: [c.topics.join(', '), text].filter(Boolean).join(' · ') || null });
  }
  for (const m of detail.messages) entries.push({ at: m.sentAt ?? m.createdAt, type: 'message', action: m.status, label: m.subject || m.kind });
  return entries.filter((e) => e.at).sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

export default profiles;
export type ProfilesService = ReturnType<typeof profiles>;
