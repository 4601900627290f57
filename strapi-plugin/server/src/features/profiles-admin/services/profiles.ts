import { errors } from '@strapi/utils';
import { z } from 'zod';
import type {
  Locale,
  ProfileDetail,
  ProfileDetail360,
  ProfileList,
  ProfileListItem,
  ProfileListQuery,
  TimelineEntry,
} from '@civic-dialog/contracts';
import { CORE_SECTIONS } from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { SHARED_TABLE, SHARED_UID } from '../../../shared/tables';
import { SUBSCRIPTIONS_TABLE, SUBSCRIPTIONS_UID } from '../../subscriptions';
import { col, rowsOf, totalOf } from '../../../kernel/db';
import { getService } from '../../../kernel/services';
import { enqueueMail, kickOutbox } from '../../../shared/mail/queue';
import { profileRows } from '../../../shared/citizens/rows';
import { consentRows, legalTextRows } from '../../../shared/consent/rows';
import { messageRows } from '../../../shared/mail/rows';
import { subscriptionRows, topicName, topicRows } from '../../subscriptions';

/** A row of the editors' profile list: the profile's columns (knex) and its count of active topics. */
const listedProfiles = profileRows.sql('id', 'email', 'firstName', 'status', 'locale', 'createdAt');
const activeTopicCounts = rowsOf(SHARED_TABLE.profile, z.object({ active_topics: col.count }));
const detailMessages = messageRows.pick('id', 'kind', 'status', 'subject', 'error', 'createdAt', 'sentAt');
const resentProfiles = profileRows.pick('status', 'locale');
const consentIds = consentRows.pick('id');
const pendingTopics = subscriptionRows.pick('topicId');
const topicSlugs = topicRows.pick('slug');

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
  sqlite: [`CREATE INDEX IF NOT EXISTS civic_dialog_profiles_first_name_lower_ix ON ${SHARED_TABLE.profile} (lower(first_name))`],
  postgres: [
    `CREATE INDEX IF NOT EXISTS civic_dialog_profiles_email_pattern_ix ON ${SHARED_TABLE.profile} (email text_pattern_ops)`,
    `CREATE INDEX IF NOT EXISTS civic_dialog_profiles_first_name_pattern_ix ON ${SHARED_TABLE.profile} (lower(first_name) text_pattern_ops)`,
  ],
};

/** Editors' view of citizen profiles: set-based SQL (count + one page), never all rows into Node. */
const profiles = ({ strapi }: { strapi: Strapi }) => {
  const knex = () => strapi.db.connection;
  const isPostgres = () => strapi.db.dialect.client === 'postgres';

  /** The subscriptions that put a profile in a topic's audience (active or awaiting confirmation). */
  function topicSubscriptions(topic: string) {
    return knex()(`${SUBSCRIPTIONS_TABLE.subscription} as s`)
      .where('s.topic_id', knex()(SUBSCRIPTIONS_TABLE.topic).select('id').where('slug', topic))
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
      const countOf = async (qb: any) => totalOf(await qb.count({ total: '*' }).first());
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
          const profileCount = await countOf(db(SHARED_TABLE.profile));
          const probes = (query.page * query.pageSize * profileCount) / Math.max(total, 1);
          topicPlan = probes < total ? 'probe' : 'list';
        }
      } else {
        total = await countOf(db(`${SHARED_TABLE.profile} as p`).modify((qb) => applyFilters(qb, query)));
      }
      const filtered = db(`${SHARED_TABLE.profile} as p`).modify((qb) => applyFilters(qb, query, topicPlan));
      // Correlated count per row of this page only; uses the (profile_id, status) index.
      const activeTopics = db(`${SUBSCRIPTIONS_TABLE.subscription} as s`)
        .count('*')
        .whereRaw('s.profile_id = p.id')
        .andWhere('s.status', 'active')
        .as('active_topics');
      const rows: unknown[] = await filtered
        .clone()
        .select(...listedProfiles.select.map((column) => `p.${column}`), activeTopics)
        .orderBy('p.id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize);

      return {
        results: rows.map((row): ProfileListItem => {
          const profile = listedProfiles.existing(row);
          return {
            id: profile.id,
            email: profile.email ?? '',
            firstName: profile.firstName,
            status: profile.status,
            locale: profile.locale,
            createdAt: profile.createdAt,
            activeTopics: activeTopicCounts.existing(row).active_topics,
          };
        }),
        pagination: {
          page: query.page,
          pageSize: query.pageSize,
          pageCount: Math.ceil(total / query.pageSize),
          total,
        },
      };
    },

    /**
     * Everything about one citizen: the core tables, a merged timeline and later features' sections.
     * Topic names are in `language`, the editor's (default: the citizen's).
     */
    async detail(id: number, language?: Locale): Promise<ProfileDetail360> {
      const profile = profileRows.one(await strapi.db.query(SHARED_UID.profile).findOne({ where: { id } }));
      if (!profile) throw new errors.NotFoundError(`Profile ${id} not found`);
      const locale: Locale = language ?? profile.locale;

      const subscriptions = subscriptionRows.many(await strapi.db.query(SUBSCRIPTIONS_UID.subscription).findMany({ where: { profileId: id }, orderBy: { id: 'asc' } }));
      const consents = consentRows.many(await strapi.db.query(SHARED_UID.consent).findMany({ where: { profileId: id }, orderBy: { id: 'desc' } }));
      // The topics of the subscriptions and of the consents (by slug: a consent names what was agreed to).
      const topicIds = [...new Set(subscriptions.map((s) => s.topicId))];
      const consentSlugs = [...new Set(consents.flatMap((c) => c.topics))];
      const topics =
        topicIds.length || consentSlugs.length
          ? topicRows.many(await strapi.db.query(SUBSCRIPTIONS_UID.topic).findMany({ where: { $or: [{ id: { $in: topicIds } }, { slug: { $in: consentSlugs } }] } }))
          : [];
      const nameOfSlug = (slug: string) => {
        const topic = topics.find((t) => t.slug === slug);
        return topic ? topicName(topic, locale) : slug;
      };

      const legalIds = [...new Set(consents.flatMap((c) => (c.legalTextId === null ? [] : [c.legalTextId])))];
      const legalTexts = legalIds.length ? legalTextRows.many(await strapi.db.query(SHARED_UID.legalText).findMany({ where: { id: { $in: legalIds } } })) : [];

      const messages = detailMessages.many(
        await strapi.db.query(SHARED_UID.message).findMany({
          where: { profileId: id },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          limit: DETAIL_MESSAGE_LIMIT,
          select: detailMessages.select,
        }),
      );

      const activeTopics = subscriptions.filter((s) => s.status === 'active').length;
      const base: ProfileDetail = {
        profile: {
          id: profile.id,
          email: profile.email ?? '',
          firstName: profile.firstName,
          status: profile.status,
          locale,
          createdAt: profile.createdAt,
          updatedAt: profile.updatedAt,
          confirmedAt: profile.confirmedAt,
          activeTopics,
        },
        subscriptions: subscriptions.map((s) => {
          const topic = topics.find((t) => t.id === s.topicId);
          return {
            topic: topic ? { slug: topic.slug, name: topicName(topic, locale) } : { slug: `#${s.topicId}`, name: '(deleted topic)' },
            status: s.status,
            source: s.source,
            createdAt: s.createdAt,
            confirmedAt: s.confirmedAt,
            withdrawnAt: s.withdrawnAt,
          };
        }),
        consents: consents.map((c) => {
          const legal = legalTexts.find((l) => l.id === c.legalTextId);
          return {
            id: c.id,
            purpose: c.purpose,
            action: c.action,
            legalText: legal ? { version: legal.version, locale: legal.locale, title: legal.title } : null,
            topics: c.topics,
            sourceUrl: c.sourceUrl,
            widget: c.widget,
            ipHash: c.ipHash,
            createdAt: c.createdAt,
          };
        }),
        messages: messages.map((m) => ({
          id: m.id,
          kind: m.kind,
          status: m.status,
          subject: m.subject,
          createdAt: m.createdAt,
          sentAt: m.sentAt,
          error: m.error,
        })),
      };
      const registry = getService(strapi, 'personalData');
      const sections: Record<string, unknown> = {};
      for (const key of registry.sectionKeys()) {
        if (!(CORE_SECTIONS as readonly string[]).includes(key)) sections[key] = await registry.exportSection(key, id);
      }
      return {
        ...base,
        profileFields: { postalCode: profile.postalCode, district: profile.district },
        timeline: timelineOf(base, profile.createdAt, nameOfSlug),
        sections,
      };
    },

    /** Sends the double opt-in mail again for a pending profile (the editor answers a phone call). */
    async resendConfirmation(id: number): Promise<void> {
      await strapi.db.transaction(async ({ onCommit }) => {
        const profile = resentProfiles.one(await strapi.db.query(SHARED_UID.profile).findOne({ where: { id }, select: resentProfiles.select }));
        if (!profile || profile.status === 'erased') throw new errors.NotFoundError(`Profile ${id} not found`);
        if (profile.status !== 'pending') {
          throw new errors.ValidationError(`Only a pending profile can be sent a confirmation (this one is ${profile.status}).`);
        }
        const granted = consentIds.one(
          await strapi.db.query(SHARED_UID.consent).findOne({
            where: { profileId: id, purpose: 'newsletter', action: 'granted' },
            orderBy: { id: 'desc' },
            select: consentIds.select,
          }),
        );
        const pending = pendingTopics.many(
          await strapi.db.query(SUBSCRIPTIONS_UID.subscription).findMany({ where: { profileId: id, status: 'pending' }, select: pendingTopics.select }),
        );
        if (!granted || !pending.length) {
          throw new errors.ValidationError('This profile has no pending subscription to confirm.');
        }
        const topics = topicSlugs.many(
          await strapi.db.query(SUBSCRIPTIONS_UID.topic).findMany({ where: { id: { $in: pending.map((s) => s.topicId) } }, select: topicSlugs.select }),
        );
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

/** Subscriptions, consents and mails of one profile as one list, newest first; topics by name. */
function timelineOf(detail: ProfileDetail, createdAt: string | null, topicNameOf: (slug: string) => string): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  if (createdAt) entries.push({ at: createdAt, type: 'profile', action: 'created', label: null });
  if (detail.profile.confirmedAt) entries.push({ at: detail.profile.confirmedAt, type: 'profile', action: 'confirmed', label: null });
  for (const s of detail.subscriptions) {
    entries.push({ at: s.createdAt, type: 'subscription', action: 'created', label: s.topic.name });
    if (s.confirmedAt) entries.push({ at: s.confirmedAt, type: 'subscription', action: 'active', label: s.topic.name });
    if (s.withdrawnAt) entries.push({ at: s.withdrawnAt, type: 'subscription', action: 'unsubscribed', label: s.topic.name });
  }
  for (const c of detail.consents) {
    const text = c.legalText ? `${c.legalText.title} v${c.legalText.version} (${c.legalText.locale})` : null;
    const topics = c.topics.map(topicNameOf).join(', ');
    entries.push({ at: c.createdAt, type: 'consent', action: c.action, label: [topics, text].filter(Boolean).join(' · ') || null });
  }
  for (const m of detail.messages) entries.push({ at: m.sentAt ?? m.createdAt, type: 'message', action: m.status, label: m.subject || m.kind });
  return entries.filter((e) => e.at).sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

export default profiles;
export type ProfilesService = ReturnType<typeof profiles>;
