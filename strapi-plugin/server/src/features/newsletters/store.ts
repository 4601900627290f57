import type { Knex } from 'knex';
import { SHARED_TABLE } from '../../shared/tables';
import { SUBSCRIPTIONS_TABLE } from '../subscriptions';
import { startOfUtcDay } from '../../kernel/time';
import type { ClaimedRows } from '../../shared/mail/claims';
import { NEWSLETTERS_TABLE } from './tables';

/**
 * The set-based SQL of newsletter sends, in knex (row locks and INSERT … SELECT are beyond the Query
 * Engine). Dates are bound as `Date` objects, as the Query Engine writes them, so SQLite (epoch
 * milliseconds) and PostgreSQL (timestamptz) compare like with like.
 *
 * A recipient row moves queued → claimed (a worker took it; nothing handed to SMTP yet) → sending
 * (marked for the hand-over, a few at a time) → sent (recorded in batches). A worker that dies leaves
 * "claimed" rows (safe to give to another worker) and the few "sending" ones it had marked but not
 * yet recorded (sender.ts bounds them): those become "uncertain" (the SMTP server may have accepted
 * the mail) and are reported, never resent.
 */
const S = NEWSLETTERS_TABLE.send;
const D = NEWSLETTERS_TABLE.delivery;
const C = NEWSLETTERS_TABLE.click;
const M = NEWSLETTERS_TABLE.clickMark;

export const NEWSLETTER_INDEXES = [
  { name: 'civic_dialog_newsletter_sends_document_uq', table: S, columns: ['newsletter_document_id'], unique: true },
  { name: 'civic_dialog_newsletter_sends_status_ix', table: S, columns: ['status', 'scheduled_at'] },
  { name: 'civic_dialog_newsletter_deliveries_send_profile_uq', table: D, columns: ['send_id', 'profile_id'], unique: true },
  { name: 'civic_dialog_newsletter_deliveries_send_status_ix', table: D, columns: ['send_id', 'status', 'id'] },
  { name: 'civic_dialog_newsletter_deliveries_status_claimed_ix', table: D, columns: ['status', 'claimed_at'] },
  { name: 'civic_dialog_newsletter_deliveries_profile_ix', table: D, columns: ['profile_id'] },
  { name: 'civic_dialog_newsletter_clicks_send_url_uq', table: C, columns: ['send_id', 'url'], unique: true },
  { name: 'civic_dialog_newsletter_click_marks_mark_uq', table: M, columns: ['mark'], unique: true },
  { name: 'civic_dialog_consents_profile_purpose_ix', table: SHARED_TABLE.consent, columns: ['profile_id', 'purpose', 'id'] },
] as const;

/** Who a send goes to: the chosen topics, optionally narrowed by district or postal code. */
export interface AudienceFilter {
  topicIds: number[];
  districts: string[];
  postalCodes: string[];
}

/** A send's figures as the admin list shows them (failed includes skipped, as in the report). */
export interface SendFigures {
  sent: number;
  failed: number;
  uncertain: number;
  unsubscribes: number;
  clicks: number;
}

export interface ClaimedRow {
  id: number;
  profileId: number;
  locale: 'de' | 'en';
  attempts: number;
}

const placeholders = (values: unknown[]) => values.map(() => '?').join(', ');

/** Profile `p`'s latest newsletter consent (confirmed/withdrawn; the ledger is append-only) is a confirmation. */
const NEWSLETTER_CONSENT_CONFIRMED = `(SELECT c.action FROM ${SHARED_TABLE.consent} c WHERE c.profile_id = p.id AND c.purpose = 'newsletter' AND c.action IN ('confirmed', 'withdrawn') ORDER BY c.id DESC LIMIT 1) = 'confirmed'`;

/**
 * The recipients, as a WHERE over profile `p`: active, with an address, an active subscription to a
 * chosen topic, and whose latest newsletter consent (confirmed/withdrawn; the ledger is
 * append-only) is a confirmation. The same condition is checked again per mail at send time.
 */
export function audienceWhere(filter: AudienceFilter): { sql: string; bindings: unknown[] } {
  if (!filter.topicIds.length) return { sql: '1 = 0', bindings: [] };
  const bindings: unknown[] = [...filter.topicIds];
  let sql = `p.status = 'active' AND p.email IS NOT NULL
    AND EXISTS (SELECT 1 FROM ${SUBSCRIPTIONS_TABLE.subscription} s WHERE s.profile_id = p.id AND s.status = 'active' AND s.topic_id IN (${placeholders(filter.topicIds)}))
    AND ${NEWSLETTER_CONSENT_CONFIRMED}`;
  const narrow: string[] = [];
  if (filter.districts.length) {
    narrow.push(`lower(p.district) IN (${placeholders(filter.districts)})`);
    bindings.push(...filter.districts.map((district) => district.toLowerCase()));
  }
  if (filter.postalCodes.length) {
    narrow.push(`p.postal_code IN (${placeholders(filter.postalCodes)})`);
    bindings.push(...filter.postalCodes);
  }
  if (narrow.length) sql += ` AND (${narrow.join(' OR ')})`;
  return { sql, bindings };
}

export function createNewsletterStore({ knex, client, instanceId }: { knex: Knex; client: string; instanceId: string }) {
  const isSqlite = client === 'sqlite';
  const rowsOf = (result: any): any[] => (Array.isArray(result) ? result : (result?.rows ?? []));

  return {
    async ensureIndexes(): Promise<void> {
      for (const index of NEWSLETTER_INDEXES) {
        const columns = index.columns.map((column) => `"${column}"`).join(', ');
        await knex.raw(`CREATE ${'unique' in index && index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS "${index.name}" ON "${index.table}" (${columns})`);
      }
    },

    /** How many would get it now, and how many of them read English. */
    async countAudience(filter: AudienceFilter): Promise<{ total: number; en: number }> {
      const where = audienceWhere(filter);
      const result = await knex.raw(
        `SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN p.locale = 'en' THEN 1 ELSE 0 END), 0) AS en FROM ${SHARED_TABLE.profile} p WHERE ${where.sql}`,
        where.bindings,
      );
      const row = rowsOf(result)[0] ?? {};
      return { total: Number(row.total ?? 0), en: Number(row.en ?? 0) };
    },

    /** Freezes the recipients of a send: one INSERT … SELECT (inside the caller's transaction). */
    async freeze(trx: Knex.Transaction, sendId: number, filter: AudienceFilter, hasEnglish: boolean, now = new Date()): Promise<number> {
      const where = audienceWhere(filter);
      const locale = hasEnglish ? `CASE WHEN p.locale = 'en' THEN 'en' ELSE 'de' END` : `'de'`;
      await trx.raw(
        `INSERT INTO ${D} (send_id, profile_id, locale, status, attempts, created_at, updated_at)
         SELECT ?, p.id, ${locale}, 'queued', 0, ?, ? FROM ${SHARED_TABLE.profile} p WHERE ${where.sql}`,
        [sendId, now, now, ...where.bindings],
      );
      const [counted] = await trx(D).where({ send_id: sendId }).count({ count: '*' });
      return Number(counted?.count ?? 0);
    },

    /**
     * Claims up to `limit` due recipients of a send for this instance. PostgreSQL: FOR UPDATE SKIP
     * LOCKED, so several instances never claim the same row; SQLite has one worker per database.
     */
    async claim(sendId: number, limit: number, now = new Date()): Promise<ClaimedRow[]> {
      const due = (qb: Knex.QueryBuilder) =>
        qb
          .where({ send_id: sendId, status: 'queued' })
          .andWhere((w) => w.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now))
          .orderBy('id')
          .limit(limit);
      const claimed = { status: 'claimed', claimed_by: instanceId, claimed_at: now, updated_at: now };
      const read = async (trx: Knex | Knex.Transaction, ids: number[]) =>
        ids.length ? ((await trx(D).select('id', 'profile_id', 'locale', 'attempts').whereIn('id', ids).orderBy('id')) as any[]) : [];
      const rows = await knex.transaction(async (trx) => {
        const selected = isSqlite ? await due(trx(D).select('id')) : await due(trx(D).select('id')).forUpdate().skipLocked();
        const ids = selected.map((row: { id: number }) => Number(row.id));
        if (ids.length) await trx(D).whereIn('id', ids).update(claimed);
        return read(trx, ids);
      });
      return rows.map((row) => ({ id: Number(row.id), profileId: Number(row.profile_id), locale: row.locale === 'en' ? 'en' : 'de', attempts: Number(row.attempts) }));
    },

    /**
     * Marks claimed rows of a send for the SMTP hand-over, in one statement: → sending, only while
     * the send is still sending and for recipients who may still get it (the audience condition,
     * checked again now, for the whole chunk at once). The ones whose consent or subscription went
     * meanwhile are marked skipped; the rest (`stopped`: the send was paused or cancelled, or the
     * claim lost) stay claimed for release().
     */
    async markSending(rows: ClaimedRow[], sendId: number, filter: AudienceFilter, now = new Date()): Promise<{ sending: Set<number>; refused: number; stopped: number }> {
      if (!rows.length) return { sending: new Set(), refused: 0, stopped: 0 };
      const where = audienceWhere(filter);
      const ids = rows.map((row) => row.id);
      const sendActive = `EXISTS (SELECT 1 FROM ${S} n WHERE n.id = ? AND n.status = 'sending')`;
      const mine = (list: number[]) => `id IN (${placeholders(list)}) AND status = 'claimed' AND claimed_by = ?`;
      // Who may still get it, asked with the profile ids bound (primary-key lookups) and apart from
      // the UPDATE: joined into it, PostgreSQL planned with statistics that lag behind a bulk signup
      // a scan over every subscriber per chunk.
      const profileIds = [...new Set(rows.map((row) => row.profileId))];
      const allowed = new Set(
        rowsOf(await knex.raw(`SELECT p.id FROM ${SHARED_TABLE.profile} p WHERE p.id IN (${placeholders(profileIds)}) AND ${where.sql}`, [...profileIds, ...where.bindings])).map(
          (row) => Number(row.id),
        ),
      );
      const go = rows.filter((row) => allowed.has(row.profileId)).map((row) => row.id);
      const started = go.length
        ? rowsOf(
            await knex.raw(`UPDATE ${D} SET status = 'sending', claimed_at = ?, updated_at = ? WHERE ${mine(go)} AND ${sendActive} RETURNING id`, [
              now,
              now,
              ...go,
              instanceId,
              sendId,
            ]),
          )
        : [];
      const sending = new Set(started.map((row) => Number(row.id)));
      const gone = rows.filter((row) => !allowed.has(row.profileId)).map((row) => row.id);
      const skipped = gone.length
        ? changes(
            await knex.raw(`UPDATE ${D} SET status = 'skipped', error = ?, updated_at = ? WHERE ${mine(gone)} AND ${sendActive}`, [
              'Not sent: the newsletter consent or the subscription was withdrawn before this mail went out.',
              now,
              ...gone,
              instanceId,
              sendId,
            ]),
            isSqlite,
          )
        : 0;
      return { sending, refused: skipped, stopped: ids.length - sending.size - skipped };
    },

    /** Records rows the SMTP server accepted, in one statement (only while this instance holds them). */
    async recordSent(ids: number[], now = new Date()): Promise<number> {
      if (!ids.length) return 0;
      const count = await knex(D)
        .whereIn('id', ids)
        .andWhere({ status: 'sending', claimed_by: instanceId })
        .update({ status: 'sent', sent_at: now, error: null, updated_at: now });
      return Number(count);
    },

    /** Records a failed hand-over of one row (only while this instance holds it): failed, or queued again for a retry. */
    async recordFailure(
      id: number,
      outcome: { status: 'failed'; error: string } | { status: 'queued'; error: string; nextAttemptAt: Date; countAttempt: boolean },
      now = new Date(),
    ): Promise<boolean> {
      const changes: Record<string, unknown> = { status: outcome.status, updated_at: now, error: outcome.error.slice(0, 2000), claimed_by: null };
      if (outcome.status === 'failed' || outcome.countAttempt) changes.attempts = knex.raw('attempts + 1');
      if (outcome.status === 'queued') changes.next_attempt_at = outcome.nextAttemptAt;
      const count = await knex(D).where({ id, status: 'sending', claimed_by: instanceId }).update(changes);
      return Number(count) === 1;
    },

    /**
     * Gives rows back to the queue that this instance claimed or marked but never handed to SMTP
     * (pause, cancel, shutdown, a stop between marking and hand-over). Only the caller knows a
     * marked row was not handed over: never pass one that was.
     */
    async release(ids: number[], now = new Date()): Promise<void> {
      if (!ids.length) return;
      await knex(D)
        .whereIn('id', ids)
        .whereIn('status', ['claimed', 'sending'])
        .andWhere({ claimed_by: instanceId })
        .update({ status: 'queued', claimed_by: null, claimed_at: null, updated_at: now });
    },

    /**
     * After a crash, by the claim timeout (SQLite at start: everything; PostgreSQL: the backstop of
     * the dead-instance check, newsletterClaims). `before` bounds it to claims older than any live
     * send takes.
     */
    async recover(before: Date, now = new Date()): Promise<{ requeued: number; uncertain: number }> {
      return giveBack(knex, (qb) => qb.andWhere('claimed_at', '<', before), now);
    },

    /** Marks a send sent once none of its rows can still go out. */
    async completeIfDone(sendId: number, now = new Date()): Promise<boolean> {
      const count = await knex(S)
        .where({ id: sendId, status: 'sending' })
        .whereNotExists(knex(D).select(knex.raw('1')).where('send_id', sendId).whereIn('status', ['queued', 'claimed', 'sending']))
        .update({ status: 'sent', finished_at: now, updated_at: now });
      return Number(count) === 1;
    },

    /** Cancel: every row that has not gone out will not. */
    async cancelPending(trx: Knex.Transaction, sendId: number, now = new Date()): Promise<void> {
      await trx(D).where('send_id', sendId).whereIn('status', ['queued', 'claimed']).update({ status: 'cancelled', updated_at: now });
    },

    async countsByStatus(sendId: number): Promise<Record<string, number>> {
      const rows = (await knex(D).select('status').count({ count: '*' }).where('send_id', sendId).groupBy('status')) as any[];
      return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
    },

    async failureReasons(sendId: number): Promise<Array<{ reason: string; count: number }>> {
      const rows = (await knex(D)
        .select('error')
        .count({ count: '*' })
        .where('send_id', sendId)
        .whereIn('status', ['failed', 'skipped', 'uncertain'])
        .groupBy('error')
        .orderBy('count', 'desc')
        .limit(20)) as any[];
      return rows.map((row) => ({ reason: String(row.error ?? 'unknown'), count: Number(row.count) }));
    },

    async unsubscribes(sendId: number): Promise<number> {
      const [counted] = await knex(D).where('send_id', sendId).whereNotNull('unsubscribed_at').count({ count: '*' });
      return Number(counted?.count ?? 0);
    },

    /**
     * A click on a link of a send, counted once per mark (one mark per mail and link): the mark is
     * kept so the mail's next click of that link finds it; the count says how many mails' links
     * were opened, nothing about who opened them. Mark and count change together or not at all.
     */
    async countClick(sendId: number, url: string, mark: string, now = new Date()): Promise<boolean> {
      return knex.transaction(async (trx) => {
        const marked = await trx.raw(
          `INSERT INTO ${M} (send_id, mark, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (mark) DO NOTHING`,
          [sendId, mark, startOfUtcDay(now), startOfUtcDay(now)],
        );
        if (changes(marked, isSqlite) !== 1) return false;
        await trx.raw(
          `INSERT INTO ${C} (send_id, url, clicks, created_at, updated_at) VALUES (?, ?, 1, ?, ?)
           ON CONFLICT (send_id, url) DO UPDATE SET clicks = ${C}.clicks + 1, updated_at = excluded.updated_at`,
          [sendId, url, now, now],
        );
        return true;
      });
    },

    async clicks(sendId: number): Promise<Array<{ url: string; count: number }>> {
      const rows = (await knex(C).select('url', 'clicks').where('send_id', sendId).orderBy('clicks', 'desc')) as any[];
      return rows.map((row) => ({ url: String(row.url), count: Number(row.clicks) }));
    },

    /** The figures of several sends at once (the admin list and widget): one grouped query per table. */
    async figuresOf(sendIds: number[]): Promise<Map<number, SendFigures>> {
      const figures = new Map<number, SendFigures>(sendIds.map((id) => [id, { sent: 0, failed: 0, uncertain: 0, unsubscribes: 0, clicks: 0 }]));
      if (!sendIds.length) return figures;
      const count = (condition: string) => knex.raw(`COALESCE(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`);
      const deliveries = (await knex(D)
        .select('send_id', {
          sent: count(`status = 'sent'`),
          failed: count(`status IN ('failed', 'skipped')`),
          uncertain: count(`status = 'uncertain'`),
          unsubscribes: count('unsubscribed_at IS NOT NULL'),
        })
        .whereIn('send_id', sendIds)
        .groupBy('send_id')) as any[];
      for (const row of deliveries) {
        Object.assign(figures.get(Number(row.send_id))!, { sent: Number(row.sent), failed: Number(row.failed), uncertain: Number(row.uncertain), unsubscribes: Number(row.unsubscribes) });
      }
      const clicks = (await knex(C).select('send_id').sum({ clicks: 'clicks' }).whereIn('send_id', sendIds).groupBy('send_id')) as any[];
      for (const row of clicks) figures.get(Number(row.send_id))!.clicks = Number(row.clicks ?? 0);
      return figures;
    },

    /** Per topic (German name), the active profiles with an active subscription and a confirmed newsletter consent; most first. */
    async subscribersPerTopic(): Promise<Array<{ name: string; subscribers: number }>> {
      const result = await knex.raw(
        `SELECT t.name_de AS name, COUNT(DISTINCT s.profile_id) AS subscribers
         FROM ${SUBSCRIPTIONS_TABLE.topic} t
         LEFT JOIN ${SUBSCRIPTIONS_TABLE.subscription} s ON s.topic_id = t.id AND s.status = 'active'
           AND EXISTS (SELECT 1 FROM ${SHARED_TABLE.profile} p WHERE p.id = s.profile_id AND p.status = 'active' AND ${NEWSLETTER_CONSENT_CONFIRMED})
         GROUP BY t.id, t.name_de, t.sort_order
         ORDER BY subscribers DESC, t.sort_order, t.name_de`,
      );
      return rowsOf(result).map((row) => ({ name: String(row.name), subscribers: Number(row.subscribers) }));
    },

    /** The recipient unsubscribed through this send's link (the report counts them). */
    async markUnsubscribed(sendId: number, profileId: number, now = new Date()): Promise<void> {
      await knex(D).where({ send_id: sendId, profile_id: profileId }).whereNull('unsubscribed_at').update({ unsubscribed_at: now, updated_at: now });
    },
  };
}

/**
 * Gives back the claims `which` selects: claimed rows go back to the queue (nothing was handed to
 * SMTP); rows in "sending" become "uncertain" (SMTP may have accepted them) and are never resent.
 */
async function giveBack(k: Knex | Knex.Transaction, which: (qb: Knex.QueryBuilder) => Knex.QueryBuilder, now: Date): Promise<{ requeued: number; uncertain: number }> {
  const uncertain = await which(k(D).where('status', 'sending')).update({
    status: 'uncertain',
    error: 'The sending worker stopped while handing this mail to the SMTP server: it may or may not have been delivered, so it is not sent again.',
    updated_at: now,
  });
  const requeued = await which(k(D).where('status', 'claimed')).update({ status: 'queued', claimed_by: null, claimed_at: null, updated_at: now });
  return { requeued: Number(requeued), uncertain: Number(uncertain) };
}

/**
 * Newsletter deliveries as a claim table of the outbox's dead-instance check (shared/mail/claims.ts):
 * within seconds of a worker's death on PostgreSQL its claimed rows go back to the queue and the few
 * it had marked for the SMTP hand-over but not yet recorded become uncertain — the same mechanism as for the mails
 * (INV-ONCE).
 */
export function newsletterClaims(onRequeued: () => void): ClaimedRows<{ requeued: number; uncertain: number }> {
  return {
    async owners(knex, self) {
      const rows = (await knex(D).distinct('claimed_by').whereIn('status', ['claimed', 'sending']).whereNotNull('claimed_by').whereNot('claimed_by', self)) as Array<{
        claimed_by: string;
      }>;
      return rows.map((row) => row.claimed_by);
    },
    recover: (trx, owner, now) => giveBack(trx, (qb) => qb.andWhere('claimed_by', owner), now),
    describe: (owner, { requeued, uncertain }) =>
      `civic-dialog: instance ${owner} stopped while sending a newsletter; ${requeued} of its recipients queued again, ${uncertain} uncertain (the SMTP server may have accepted their mail: reported, not sent again).`,
    onRequeued,
  };
}

/** Rows changed by a raw UPDATE (better-sqlite3: `changes`; pg: `rowCount`). */
function changes(result: any, isSqlite: boolean): number {
  if (isSqlite) return Number(result?.changes ?? 0);
  return Number(result?.rowCount ?? 0);
}

export type NewsletterStore = ReturnType<typeof createNewsletterStore>;
