import type { Knex } from 'knex';
import { periodicJob } from '../../../kernel/periodic-job';
import { NEWSLETTERS_TABLE } from '../../newsletters';
import type { Strapi } from '../../../kernel/types';
import { EVENTS_TABLE } from '../../events';
import { RETENTION_UID } from '../tables';
import { SHARED_TABLE } from '../../../shared/tables';
import { SUBSCRIPTIONS_TABLE } from '../../subscriptions';
import { SURVEYS_TABLE } from '../../surveys';
import { getConfig } from '../../../kernel/get-config';
import { isUniqueViolation, totalOf } from '../../../kernel/db';
import { getService } from '../../../kernel/services';
import { cutoffs, RETENTION_RULES, utcDay, type Cutoffs, type RetentionRule, type RetentionSettings, type RuleCounts } from '../dates';
import { candidateIds, retentionRunRows, type RetentionRunRow } from '../rows';

/**
 * No transaction of the job may hold the database (SQLite: every writer) for long; issue 12 allows
 * 1 s at most. Batches aim at a quarter of that, so a batch that takes twice its predecessor's time
 * (a larger table, a loaded machine) still stays well under it.
 */
const TRANSACTION_BUDGET_MS = 250;
const FIRST_BATCH = 100;
const MIN_BATCH = 10;

interface Rule {
  /** The id column of `candidates` (`p.id` when the query has an alias). */
  id: string;
  /** Rows this rule deletes (or redacts) at these cutoffs; must no longer select a row once `apply` ran on it. */
  candidates(knex: Knex, cut: Cutoffs, now: Date): Knex.QueryBuilder;
  /** Deletes or redacts these rows, inside one transaction: set-based, a few statements per batch. */
  apply(trx: Knex.Transaction, ids: number[]): Promise<void>;
  /** Rows a citizen's request may change meanwhile: locked before the batch is selected again (PostgreSQL). */
  lockTable?: string;
}

export interface RetentionRun {
  day: string;
  /** True when this day's run was already claimed (by this or another instance): nothing was deleted. */
  skipped: boolean;
  counts: RuleCounts;
}

const zeroCounts = (): RuleCounts => Object.fromEntries(RETENTION_RULES.map((rule) => [rule, 0])) as RuleCounts;

/**
 * Storage limitation (Art. 5(1)(e) GDPR): the daily job that deletes what is no longer needed, rule
 * by rule (README "Retention"). One instance runs it per UTC day: the run claims its day with a row
 * under a unique index, whoever inserts second skips. Each rule deletes in batches of ids, one short
 * transaction per batch, so no run holds a long lock. Deleting profiles goes through the GDPR
 * erasure (every registered section erases the whole batch at once), never a copy of it. The log
 * names counts, never people.
 */
const retention = ({ strapi }: { strapi: Strapi }) => {
  const settings = (): RetentionSettings => getConfig(strapi).retention;
  const knex = () => strapi.db.connection;
  const exists = (knex: Knex, table: string, where: (qb: Knex.QueryBuilder) => void) =>
    knex(table).select(knex.raw('1')).where((qb) => where(qb));

  const notDuePending = (alias: string, cut: Cutoffs) => (qb: Knex.QueryBuilder) =>
    qb.whereNot(`${alias}.status`, 'pending').orWhere(`${alias}.created_at`, '>=', cut.pendingCreatedBefore);

  function deliveryTable(): string | null {
    return NEWSLETTERS_TABLE.delivery;
  }

  const rules: Record<RetentionRule, Rule> = {
    // Link tokens are of no use once expired or used; the grace keeps "already used" for a second click.
    tokens: {
      id: 'id',
      candidates: (k, cut) =>
        k(SHARED_TABLE.token).where((qb) => qb.where('expires_at', '<', cut.tokensDoneBefore).orWhere('used_at', '<', cut.tokensDoneBefore)),
      apply: async (trx, ids) => {
        await trx(SHARED_TABLE.token).whereIn('id', ids).del();
      },
    },
    // Never confirmed, the confirmation link expired: the registration holds no seat and proves nothing.
    pendingRegistrations: {
      id: 'id',
      candidates: (k, cut) => k(EVENTS_TABLE.registration).where('status', 'pending').andWhere('created_at', '<', cut.pendingCreatedBefore),
      apply: async (trx, ids) => {
        await trx(EVENTS_TABLE.registration).whereIn('id', ids).del();
      },
    },
    pendingSurveyResponses: {
      id: 'id',
      candidates: (k, cut) => k(SURVEYS_TABLE.surveyResponse).where('status', 'pending').andWhere('created_at', '<', cut.pendingCreatedBefore),
      apply: async (trx, ids) => {
        await trx(SURVEYS_TABLE.surveyAnswer).whereIn('response_id', ids).del();
        await trx(SURVEYS_TABLE.surveyResponse).whereIn('id', ids).del();
      },
    },
    // The event consent text promises deletion after the event; the consent itself stays as proof.
    pastEventRegistrations: {
      id: 'r.id',
      candidates: (k, cut) =>
        k(`${EVENTS_TABLE.registration} as r`).whereExists(
          exists(k, `${EVENTS_TABLE.event} as e`, (qb) =>
            qb
              .whereRaw('e.id = r.event_id')
              .andWhere((ended) =>
                ended
                  .where('e.ends_at', '<', cut.eventsEndedBefore)
                  .orWhere((noEnd) => noEnd.whereNull('e.ends_at').andWhere('e.starts_at', '<', cut.eventsEndedBefore)),
              ),
          ),
        ),
      apply: async (trx, ids) => {
        await trx(EVENTS_TABLE.registration).whereIn('id', ids).del();
      },
    },
    // An address nobody confirmed (often typed by someone else): nothing was ever agreed. Kept while
    // anything of it is still pending or in use (a newer grant, a live token, a registration, an answer).
    unconfirmedProfiles: {
      id: 'p.id',
      // A citizen who signs up again updates the profile row first (signup), so that row is the one to lock.
      lockTable: SHARED_TABLE.profile,
      candidates: (k, cut, now) =>
        k(`${SHARED_TABLE.profile} as p`)
          .where('p.status', 'pending')
          .andWhere('p.created_at', '<', cut.pendingCreatedBefore)
          .whereNotExists(
            exists(k, `${SHARED_TABLE.consent} as c`, (qb) =>
              qb.whereRaw('c.profile_id = p.id').andWhere((w) => w.whereNot('c.action', 'granted').orWhere('c.created_at', '>=', cut.pendingCreatedBefore)),
            ),
          )
          .whereNotExists(exists(k, `${SHARED_TABLE.token} as t`, (qb) => qb.whereRaw('t.profile_id = p.id').andWhere('t.expires_at', '>=', now)))
          // Pending rows the earlier rules of the same run delete do not keep it (so the preview counts what a run deletes).
          .whereNotExists(exists(k, `${EVENTS_TABLE.registration} as r`, (qb) => qb.whereRaw('r.profile_id = p.id').andWhere(notDuePending('r', cut))))
          .whereNotExists(exists(k, `${SURVEYS_TABLE.surveyResponse} as s`, (qb) => qb.whereRaw('s.profile_id = p.id').andWhere(notDuePending('s', cut))))
          .whereNotExists(exists(k, `${SUBSCRIPTIONS_TABLE.subscription} as sub`, (qb) => qb.whereRaw('sub.profile_id = p.id').andWhere('sub.status', 'active'))),
      apply: async (trx, ids) => {
        await getService(strapi, 'guards').deleteUnconfirmedGrants(ids);
        await getService(strapi, 'personalData').eraseProfiles(ids);
        // The erasure proof answers a citizen's request (Art. 17); nobody asked here, so no hash of the address stays.
        await trx(SHARED_TABLE.erasure).whereIn('profile_id', ids).del();
      },
    },
    // The fact that a mail was sent (kind, status, times) stays for the consent proof; to whom and what goes.
    mailPersonalData: {
      id: 'id',
      candidates: (k, cut) =>
        k(SHARED_TABLE.message)
          .where('created_at', '<', cut.mailsCreatedBefore)
          .whereIn('status', ['sent', 'failed'])
          .andWhere((w) => w.whereNot('to_address', '').orWhereNot('subject', '').orWhereNotNull('data').orWhereNotNull('error')),
      apply: async (trx, ids) => {
        await trx(SHARED_TABLE.message).whereIn('id', ids).update({ to_address: '', subject: '', data: null, error: null });
      },
    },
    // SMTP errors quote addresses; the delivery row (who got which issue, when) stays for the proof.
    newsletterDeliveryErrors: {
      id: 'id',
      candidates: (k, cut) => {
        const table = deliveryTable();
        return table ? k(table).whereNotNull('error').andWhere('created_at', '<', cut.mailsCreatedBefore) : k(SHARED_TABLE.message).whereRaw('1 = 0');
      },
      apply: async (trx, ids) => {
        const table = deliveryTable();
        if (table) await trx(table).whereIn('id', ids).update({ error: null });
      },
    },
    // Where a consent came from (IP hash, browser) only matters while it may be disputed soon after.
    consentNetworkData: {
      id: 'id',
      candidates: (k, cut) =>
        k(SHARED_TABLE.consent).where('created_at', '<', cut.consentsCreatedBefore).andWhere((w) => w.whereNotNull('ip_hash').orWhereNotNull('user_agent')),
      apply: async (_trx, ids) => getService(strapi, 'guards').redactConsentNetworkData(ids),
    },
    auditLog: {
      id: 'id',
      candidates: (k, cut) => k(SHARED_TABLE.auditEntry).where('created_at', '<', cut.auditCreatedBefore),
      apply: async (_trx, ids) => getService(strapi, 'guards').deleteAuditEntries(ids),
    },
  };

  function cutoffsAt(now: Date): Cutoffs {
    return cutoffs(settings(), getConfig(strapi).tokens.doiTtlSeconds, now);
  }

  async function applyRule(rule: Rule, cut: Cutoffs, now: Date): Promise<number> {
    const largest = settings().batchSize;
    // How long one batch takes depends on the rule (a profile touches every personal-data section,
    // a token one row), the table sizes and the machine's load; so the batch adapts: it starts small,
    // doubles while a transaction stays under a quarter of the budget and halves when one exceeds it.
    let size = Math.min(largest, FIRST_BATCH);
    let deleted = 0;
    let after: number | null = null;
    for (;;) {
      // Ids above the last batch (anonymous survey rows have negative ids): a row a batch could not change is never selected again.
      const query = rule.candidates(knex(), cut, now);
      if (after !== null) query.andWhere(rule.id, '>', after);
      const ids = candidateIds.many(await query.select(`${rule.id} as id`).orderBy(rule.id).limit(size)).map((row) => row.id);
      if (!ids.length) break;
      const started = performance.now();
      // Selected again inside the transaction: whatever changed since (a citizen signed up again, confirmed) is left alone.
      deleted += await strapi.db.transaction(async ({ trx }) => {
        // PostgreSQL: a signup that updates one of these rows now waits until the batch is done, or
        // the selection below (a new snapshot after the wait) sees its commit and leaves the row
        // alone. SQLite runs one write transaction at a time.
        if (rule.lockTable && strapi.db.dialect.client === 'postgres') await trx(rule.lockTable).whereIn('id', ids).forUpdate().select('id');
        const still = candidateIds.many(await rule.candidates(trx, cut, now).whereIn(rule.id, ids).select(`${rule.id} as id`)).map((row) => row.id);
        if (still.length) await rule.apply(trx, still);
        return still.length;
      });
      const took = performance.now() - started;
      after = ids[ids.length - 1]!;
      if (ids.length < size) break;
      if (took > TRANSACTION_BUDGET_MS) size = Math.max(MIN_BATCH, Math.floor(size / 2));
      else if (took < TRANSACTION_BUDGET_MS / 4) size = Math.min(largest, size * 2);
    }
    return deleted;
  }

  async function claimDay(day: string, now: Date): Promise<RetentionRunRow | null> {
    const runs = strapi.db.query(RETENTION_UID.retentionRun);
    if (await runs.findOne({ where: { day }, select: ['id'] })) return null;
    try {
      return retentionRunRows.existing(await runs.create({ data: { day, startedAt: now, counts: null } }));
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async function run(now: Date): Promise<RetentionRun> {
    const day = utcDay(now);
    const counts = zeroCounts();
    const claimed = await claimDay(day, new Date());
    if (!claimed) return { day, skipped: true, counts };
    const cut = cutoffsAt(now);
    for (const name of RETENTION_RULES) counts[name] = await applyRule(rules[name], cut, now);
    await strapi.db.query(RETENTION_UID.retentionRun).update({ where: { id: claimed.id }, data: { finishedAt: new Date(), counts } });
    strapi.log.info(`civic-dialog: retention ${day}: ${RETENTION_RULES.map((name) => `${name} ${counts[name]}`).join(', ')}`);
    return { day, skipped: false, counts };
  }

  // One run per process at a time; a second call waits, then finds the day claimed.
  const job = periodicJob(strapi, 'retention', run);

  return {
    /** Today's run, unless an instance ran it already. Tests pass a fake now (each now's UTC day runs once). */
    runOnce: job.runNow,

    /** What a run at `now` would delete, per rule (before earlier rules ran: a profile kept by a pending registration counts next day). */
    async preview(now: Date = new Date()): Promise<RuleCounts> {
      const cut = cutoffsAt(now);
      const counts = zeroCounts();
      for (const name of RETENTION_RULES) {
        const rule = rules[name];
        const k = knex();
        counts[name] = totalOf(await k.count({ total: '*' }).from(rule.candidates(k, cut, now).select(`${rule.id} as id`).as('due')).first());
      }
      return counts;
    },

    cutoffsAt,

    async lastRun(): Promise<RetentionRunRow | null> {
      return retentionRunRows.one(await strapi.db.query(RETENTION_UID.retentionRun).findOne({ orderBy: { day: 'desc' } }));
    },

    /** Start: each instance checks every retention.checkIntervalMs whether today's run is done (0 = never). */
    start() {
      job.start(settings().checkIntervalMs);
    },

    /** Destroy: no new runs; the running one finishes. */
    stop: job.stop,
  };
};

export default retention;
export type RetentionService = ReturnType<typeof retention>;
