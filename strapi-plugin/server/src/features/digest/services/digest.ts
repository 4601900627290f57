import type { Knex } from 'knex';
import type { Strapi } from '../../../kernel/types';
import { periodicJob } from '../../../kernel/periodic-job';
import { getConfig } from '../../../kernel/get-config';
import { getService } from '../../../kernel/services';
import { isUniqueViolation } from '../../../kernel/db';
import { SHARED_TABLE } from '../../../shared/tables';
import { LIVENESS_LOCK_NAMESPACE } from '../../../shared/mail/claims';
import { kickOutbox } from '../../../shared/mail/queue';
import { renderSubject } from '../../../shared/mail/renderer';
import { SUBSCRIPTIONS_TABLE } from '../../subscriptions';
import { EVENTS_UID } from '../../events';
import { SURVEYS_UID } from '../../surveys';
import { DIGEST_TABLE, DIGEST_UID } from '../tables';
import { countRows, digestRunRows, profileIdRows, sourceEntries, type DigestRunRow } from '../rows';
import { dueAt, isoWeek, nextDueAt } from '../week';

/** A claim whose heartbeat is older than this belongs to an instance that died (SQLite; PostgreSQL also asks the liveness lock). */
const STALE_CLAIM_MS = 5 * 60_000;
/** The week of entries that were already there when the digest first ran: never sent. */
export const BASELINE_WEEK = 'baseline';

export type DigestSource = 'news' | 'event' | 'survey';

export interface DigestRun {
  week: string;
  /** Why nothing was sent this time: off, not yet due, done (by this or another instance), claimed by a living instance. */
  skipped?: 'disabled' | 'not-due' | 'done' | 'claimed';
  /** New entries of the week (all topics). */
  entries: number;
  /** Digests queued now (a run taken over counts only what it queued itself). */
  queued: number;
}

interface SourceSpec {
  source: DigestSource;
  uid: string;
  /** The relation attribute that names the entry's topic. */
  topicAttribute: string;
  /** The attribute shown as the entry's date, and the one that says since when the entry is public. */
  dateAttribute: string;
  publicSinceAttribute: string;
  titleEnAttribute?: string;
  /** Only what is public and still relevant. */
  filter(qb: Knex.QueryBuilder, column: (attribute: string) => string, now: Date): void;
}

/**
 * The weekly digest: each citizen one mail with the new news, events and surveys on their topics
 * since the last digest, or nothing when nothing is new. One instance runs each week (it claims the
 * week's digest-run row, unique index; another takes over when the claim's owner died). Everything
 * is set-based: new entries are noted with the week that first saw them (digest-entry, unique per
 * source document), recipients are chosen and their mails queued with two INSERT … SELECT per batch
 * of profile ids, each batch one short transaction, the mail's dedupe key `digest:<week>:<profileId>`
 * (unique) makes it once per citizen and week however often a batch runs.
 */
const digest = ({ strapi }: { strapi: Strapi }) => {
  const settings = () => getConfig(strapi).digest;
  const knex = () => strapi.db.connection;
  const isPostgres = () => strapi.db.dialect.client === 'postgres';
  const instanceId = () => getService(strapi, 'outbox').instanceId;
  /** Times bound into raw SQL the way Strapi writes them (PostgreSQL: timestamp without time zone). */
  const time = () => (isPostgres() ? 'CAST(? AS timestamp)' : '?');

  function sources(): SourceSpec[] {
    const list: SourceSpec[] = [];
    const news = settings().newsContentType;
    if (news) {
      list.push({
        source: 'news',
        uid: news,
        topicAttribute: 'topic',
        dateAttribute: 'publishedAt',
        publicSinceAttribute: 'publishedAt',
        filter: (qb, column) => qb.whereNotNull(column('publishedAt')),
      });
    }
    list.push({
      source: 'event',
      uid: EVENTS_UID.event,
      topicAttribute: 'newsletterTopic',
      dateAttribute: 'startsAt',
      publicSinceAttribute: 'createdAt',
      titleEnAttribute: 'titleEn',
      filter: (qb, column, now) => qb.whereNot(column('eventStatus'), 'cancelled').andWhere(column('endsAt'), '>=', now),
    });
    list.push({
      source: 'survey',
      uid: SURVEYS_UID.survey,
      topicAttribute: 'topic',
      dateAttribute: 'opensAt',
      publicSinceAttribute: 'createdAt',
      titleEnAttribute: 'titleEn',
      filter: (qb, column, now) => qb.where((open) => open.whereNull(column('closesAt')).orWhere(column('closesAt'), '>=', now)),
    });
    return list;
  }

  const warned = new Set<string>();
  function warnOnce(key: string, message: string) {
    if (warned.has(key)) return;
    warned.add(key);
    strapi.log.warn(`civic-dialog: digest: ${message}`);
  }

  /**
   * Notes the entries of one source that the digest has not seen yet, with this week (or, on the very
   * first run, the baseline for what was public before the last 7 days). A few new rows a week: one
   * SELECT of what is unseen and one INSERT, whatever the number of citizens.
   */
  async function collect(spec: SourceSpec, week: string, now: Date, baselineBefore: Date | null): Promise<void> {
    const meta = strapi.db.metadata.get(spec.uid as never) as any;
    const relation = meta?.attributes?.[spec.topicAttribute];
    if (!meta || !relation?.joinTable) {
      warnOnce(spec.uid, `${spec.uid} has no relation "${spec.topicAttribute}" to a topic; its entries are left out`);
      return;
    }
    const column = (attribute: string) => `t.${meta.attributes[attribute]?.columnName ?? attribute}`;
    const link = relation.joinTable;
    const k = knex();
    const query = k(`${meta.tableName} as t`)
      .join(`${link.name} as l`, `l.${link.joinColumn.name}`, 't.id')
      .whereNotNull(`l.${link.inverseJoinColumn.name}`)
      .whereNotExists(
        k(`${DIGEST_TABLE.entry} as e`).select(k.raw('1')).where('e.source', spec.source).andWhereRaw('e.source_document_id = t.document_id'),
      )
      .select(
        't.document_id as documentId',
        `l.${link.inverseJoinColumn.name} as topicId`,
        `${column('title')} as title`,
        k.raw(`${spec.titleEnAttribute ? column(spec.titleEnAttribute) : 'NULL'} as ${k.client.wrapIdentifier('titleEn')}`),
        k.raw(`${meta.attributes.slug ? column('slug') : 'NULL'} as slug`),
        `${column(spec.dateAttribute)} as entryDate`,
        `${column(spec.publicSinceAttribute)} as createdAt`,
      );
    spec.filter(query, column, now);
    const found = sourceEntries.many(await query);
    if (!found.length) return;
    // Draft & publish may hand a document twice (its locales); one entry per document.
    const unique = [...new Map(found.map((row) => [row.documentId, row])).values()];
    await k(DIGEST_TABLE.entry)
      .insert(
        unique.map((row) => ({
          source: spec.source,
          source_document_id: row.documentId,
          topic_id: row.topicId,
          title: (row.title || '').slice(0, 255),
          title_en: row.titleEn ? row.titleEn.slice(0, 255) : null,
          slug: row.slug,
          entry_date: row.entryDate ? new Date(row.entryDate) : null,
          week: baselineBefore && row.createdAt && new Date(row.createdAt) < baselineBefore ? BASELINE_WEEK : week,
          first_seen_at: now,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict(['source', 'source_document_id'])
      .ignore();
  }

  /**
   * One batch of profile ids (lo, hi]: who has new entries of the week on an active topic (INV-DOI:
   * an active profile whose latest newsletter consent is a confirmation) gets a delivery row and one
   * queued mail. Both INSERTs ignore what exists (unique week+profile, unique dedupe key).
   * CROSS JOIN keeps SQLite's loop order profile → its 1–3 subscriptions → the week's entries of that
   * topic (its planner otherwise probed every profile's subscriptions once per entry: 5× slower at
   * 100,000 subscribers, bench-digest); PostgreSQL plans it as an inner join.
   */
  async function queueBatch(trx: Knex.Transaction, week: string, lo: number, hi: number, now: Date, subjects: { de: string; en: string }) {
    const consent = SHARED_TABLE.consent;
    await trx.raw(
      `INSERT INTO ${DIGEST_TABLE.delivery} (week, profile_id, entry_count, created_at, updated_at)
       SELECT ?, p.id, COUNT(DISTINCT e.id), ${time()}, ${time()}
       FROM ${SHARED_TABLE.profile} p
       CROSS JOIN ${SUBSCRIPTIONS_TABLE.subscription} s
       CROSS JOIN ${DIGEST_TABLE.entry} e
       WHERE s.profile_id = p.id AND s.status = 'active' AND e.topic_id = s.topic_id AND e.week = ?
         AND p.id > ? AND p.id <= ? AND p.status = 'active' AND p.email IS NOT NULL
         AND (SELECT c.action FROM ${consent} c WHERE c.profile_id = p.id AND c.purpose = 'newsletter' AND c.action IN ('confirmed', 'withdrawn')
              ORDER BY c.id DESC LIMIT 1) = 'confirmed'
       GROUP BY p.id
       ON CONFLICT (week, profile_id) DO NOTHING`,
      [week, now, now, week, lo, hi],
    );
    const data = JSON.stringify({ week });
    await trx.raw(
      `INSERT INTO ${SHARED_TABLE.message} (profile_id, kind, status, to_address, locale, subject, data, attempts, dedupe_key, created_at, updated_at)
       SELECT d.profile_id, 'digest', 'queued', p.email,
         CASE WHEN LOWER(COALESCE(p.locale, 'de')) LIKE 'en%' THEN 'en' ELSE 'de' END,
         CASE WHEN LOWER(COALESCE(p.locale, 'de')) LIKE 'en%' THEN ? ELSE ? END,
         ${isPostgres() ? 'CAST(? AS json)' : '?'}, 0, ${isPostgres() ? 'CAST(? AS varchar(255))' : '?'} || CAST(d.profile_id AS varchar(20)), ${time()}, ${time()}
       FROM ${DIGEST_TABLE.delivery} d
       JOIN ${SHARED_TABLE.profile} p ON p.id = d.profile_id
       WHERE d.week = ? AND d.profile_id > ? AND d.profile_id <= ? AND p.email IS NOT NULL
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [subjects.en, subjects.de, data, `digest:${week}:`, now, now, week, lo, hi],
    );
  }

  /** PostgreSQL: whether the owner of a claim died (its outbox liveness lock is free). */
  async function ownerDied(owner: string): Promise<boolean> {
    if (!isPostgres() || owner === instanceId()) return false;
    return knex().transaction(async (trx) => {
      const { rows } = await trx.raw('SELECT pg_try_advisory_xact_lock(?, hashtext(?)) AS free', [LIVENESS_LOCK_NAMESPACE, owner]);
      return Boolean(rows?.[0]?.free);
    });
  }

  /** This week's run row for this instance: a new claim, or a takeover of a dead instance's; null when not ours. */
  async function claimWeek(week: string, now: Date): Promise<{ run: DigestRunRow | null; skipped?: DigestRun['skipped'] }> {
    const runs = strapi.db.query(DIGEST_UID.run);
    const existing = digestRunRows.one(await runs.findOne({ where: { week } }));
    const self = instanceId();
    if (!existing) {
      try {
        return { run: digestRunRows.existing(await runs.create({ data: { week, claimedBy: self, heartbeatAt: now, startedAt: now } })) };
      } catch (error) {
        if (isUniqueViolation(error)) return { run: null, skipped: 'claimed' };
        throw error;
      }
    }
    if (existing.finishedAt) return { run: null, skipped: 'done' };
    const stale = !existing.heartbeatAt || now.getTime() - new Date(existing.heartbeatAt).getTime() > STALE_CLAIM_MS;
    if (existing.claimedBy !== self && !stale && !(existing.claimedBy && (await ownerDied(existing.claimedBy)))) return { run: null, skipped: 'claimed' };
    // Take over only the claim we saw: of two instances taking over, one wins.
    const taken = await knex()(DIGEST_TABLE.run)
      .where({ id: existing.id })
      .andWhere((qb) => (existing.claimedBy ? qb.where('claimed_by', existing.claimedBy) : qb.whereNull('claimed_by')))
      .update({ claimed_by: self, heartbeat_at: now });
    if (!taken) return { run: null, skipped: 'claimed' };
    if (existing.claimedBy && existing.claimedBy !== self) strapi.log.warn(`civic-dialog: digest ${week}: taken over from ${existing.claimedBy}, which stopped`);
    return { run: { ...existing, claimedBy: self } };
  }

  async function run(now: Date): Promise<DigestRun> {
    const config = settings();
    const { timeZone } = getConfig(strapi);
    const week = isoWeek(now, timeZone);
    if (!config.enabled) return { week, skipped: 'disabled', entries: 0, queued: 0 };
    if (now < dueAt(now, config.weekday, config.hour, timeZone)) return { week, skipped: 'not-due', entries: 0, queued: 0 };
    const { run: claimed, skipped } = await claimWeek(week, now);
    if (!claimed) return { week, skipped, entries: 0, queued: 0 };

    // The first run ever lists only what became public in the 7 days before it fell due.
    const earlier = countRows.one(await knex()(DIGEST_TABLE.run).whereNot('week', week).count({ total: '*' }).first())?.total ?? 0;
    const baselineBefore = earlier ? null : dueAt(now, config.weekday, config.hour, timeZone, -1);
    for (const spec of sources()) await collect(spec, week, now, baselineBefore);
    const entries = countRows.one(await knex()(DIGEST_TABLE.entry).where({ week }).count({ total: '*' }).first())?.total ?? 0;

    let queued = 0;
    if (entries) {
      const town = getConfig(strapi).town;
      const subjects = { de: renderSubject('digest', 'de', { town, topics: [] }), en: renderSubject('digest', 'en', { town, topics: [] }) };
      const range = profileIdRows.one(
        await knex()(SUBSCRIPTIONS_TABLE.subscription).where('status', 'active').min({ lo: 'profile_id' }).max({ hi: 'profile_id' }).first(),
      );
      const before = await queuedCount(week);
      if (range?.lo != null && range.hi != null) {
        for (let lo = range.lo - 1; lo < range.hi; lo += config.batchSize) {
          const hi = Math.min(lo + config.batchSize, range.hi);
          await strapi.db.transaction(({ trx }) => queueBatch(trx, week, lo, hi, now, subjects));
          // The heartbeat says this instance is still at it (a takeover waits for it to stop).
          await knex()(DIGEST_TABLE.run).where({ id: claimed.id, claimed_by: instanceId() }).update({ heartbeat_at: new Date(Math.max(Date.now(), now.getTime())) });
        }
      }
      queued = (await queuedCount(week)) - before;
    }
    const recipients = await queuedCount(week);
    // Real time when it is later than `now` (a test's moved clock is later): the run's row tells how long it took.
    const finishedAt = new Date(Math.max(Date.now(), now.getTime()));
    await knex()(DIGEST_TABLE.run).where({ id: claimed.id }).update({ finished_at: finishedAt, entries, recipients, heartbeat_at: finishedAt });
    strapi.log.info(`civic-dialog: digest ${week}: ${entries} new entries, ${recipients} digests queued`);
    if (queued) kickOutbox(strapi);
    return { week, entries, queued };
  }

  async function queuedCount(week: string): Promise<number> {
    return countRows.one(await knex()(DIGEST_TABLE.delivery).where({ week }).count({ total: '*' }).first())?.total ?? 0;
  }

  const job = periodicJob(strapi, 'digest', run);

  return {
    /** This week's digest, when it is switched on, due and not yet done. Tests pass a fake now (each now's ISO week runs once). */
    runOnce: job.runNow,

    /** The admin's read-only panel: the settings, when it runs next, the last run (counts only). */
    async overview(now: Date = new Date()) {
      const config = settings();
      const { timeZone } = getConfig(strapi);
      const last = digestRunRows.one(await strapi.db.query(DIGEST_UID.run).findOne({ orderBy: { id: 'desc' } }));
      const thisWeek = digestRunRows.one(await strapi.db.query(DIGEST_UID.run).findOne({ where: { week: isoWeek(now, timeZone) } }));
      const due = dueAt(now, config.weekday, config.hour, timeZone);
      const next = thisWeek?.finishedAt || now < due ? nextDueAt(now, config.weekday, config.hour, timeZone) : now;
      return {
        settings: { enabled: config.enabled, weekday: config.weekday, hour: config.hour, timeZone, newsContentType: config.newsContentType },
        nextRun: config.enabled ? (thisWeek?.finishedAt ? dueAt(now, config.weekday, config.hour, timeZone, 1) : next).toISOString() : null,
        lastRun: last ? { week: last.week, startedAt: last.startedAt, finishedAt: last.finishedAt, entries: last.entries, recipients: last.recipients } : null,
      };
    },

    /** Start: each instance checks every digest.checkIntervalMs whether this week's digest is due (0 = never). */
    start() {
      job.start(settings().checkIntervalMs);
    },

    stop: job.stop,
  };
};

export default digest;
export type DigestService = ReturnType<typeof digest>;
