import type { Knex } from 'knex';
import { SHARED_TABLE } from '../tables';
import { holdLiveness, reclaimFromDeadInstances, type ClaimedRows, type Orphans } from './claims';

/**
 * Set-based state changes of the outbox table, in knex: claiming with row locks is beyond the Query
 * Engine. Dates are passed as `Date` objects, exactly as the Query Engine writes them, so SQLite
 * (epoch milliseconds) and PostgreSQL (timestamptz) compare like with like.
 */
export interface MessageStoreOptions {
  knex: Knex;
  /** strapi.db.dialect.client */
  client: 'sqlite' | 'postgres' | 'mysql' | string;
  /** PostgreSQL schema, when the host app sets one. */
  schema?: string;
  /** Who claims: written to claimed_by. */
  instanceId: string;
}

export interface SendOutcome {
  id: number;
  status: 'sent' | 'queued' | 'failed';
  providerMessageId?: string;
  error?: string;
  nextAttemptAt?: Date;
  /** A new text for the row (an SMS verification text without its code once it is done); others keep theirs. */
  text?: string;
}

export { LIVENESS_LOCK_NAMESPACE } from './claims';

/** Outcomes per UPDATE of finishMany (about seven bound values each). */
const FINISH_CHUNK = 500;

/** Mails claimed by a dead instance: queued again, or failed when they had no attempts left. */
export type MessageOrphans = Orphans<{ requeued: number; failed: number }>;

export const MESSAGE_INDEXES = [
  { name: 'civic_dialog_messages_status_created_idx', columns: ['status', 'created_at'], unique: false },
  { name: 'civic_dialog_messages_profile_created_idx', columns: ['profile_id', 'created_at'], unique: false },
  { name: 'civic_dialog_messages_dedupe_key_uq', columns: ['dedupe_key'], unique: true },
] as const;

/**
 * The claim's order as an index (priority lane first, then oldest first), so a claim of a batch reads
 * the batch and sorts nothing, however many mails wait. Made apart from MESSAGE_INDEXES: a descending
 * column (and on PostgreSQL its NULLS LAST) is beyond the column lists above.
 */
export const MESSAGE_CLAIM_INDEX = 'civic_dialog_messages_claim_order_idx';
/** The (status, priority) index of the release before, which the claim index replaces. */
const REPLACED_INDEXES = ['civic_dialog_messages_status_priority_idx'];

/** Where recordOutcomes writes: a claim table (the mail outbox's messages, the SMS outbox's texts). */
export interface OutcomeTable {
  knex: Knex;
  client: string;
  schema?: string;
  table: string;
  /** Only rows still claimed by this instance take an outcome. */
  instanceId: string;
}

/**
 * Records the outcomes of a batch in one UPDATE per FINISH_CHUNK outcomes (CASE by id), only for
 * the rows `instanceId` still holds the claim of; returns how many it recorded (fewer: another
 * worker reclaimed some meanwhile). Sent rows keep their attempts; the others count one more.
 */
export async function recordOutcomes({ knex, client, schema, table, instanceId }: OutcomeTable, outcomes: SendOutcome[], now = new Date()): Promise<number> {
  let recorded = 0;
  for (let start = 0; start < outcomes.length; start += FINISH_CHUNK) {
    const chunk = outcomes.slice(start, start + FINISH_CHUNK);
    const sent = chunk.filter((outcome) => outcome.status === 'sent');
    const unsent = chunk.filter((outcome) => outcome.status !== 'sent');
    const bindings: unknown[] = [];
    /** `CASE id WHEN ? THEN ? … ELSE <otherwise> END` over the outcomes given. */
    const byId = (list: SendOutcome[], value: (outcome: SendOutcome) => unknown, otherwise: string) => {
      if (!list.length) return otherwise;
      for (const outcome of list) bindings.push(outcome.id, value(outcome));
      return `CASE id ${list.map(() => 'WHEN ? THEN ?').join(' ')} ELSE ${otherwise} END`;
    };
    const inList = (list: SendOutcome[]) => {
      bindings.push(...list.map((outcome) => outcome.id));
      return list.map(() => '?').join(', ');
    };
    const set = [
      `status = ${byId(chunk, (outcome) => outcome.status, 'status')}`,
      `error = ${byId(chunk, (outcome) => (outcome.status === 'sent' ? null : (outcome.error ?? 'unknown error').slice(0, 2000)), 'error')}`,
      `sent_at = ${byId(sent, () => now, 'sent_at')}`,
      `provider_message_id = ${byId(sent, (outcome) => outcome.providerMessageId ?? null, 'provider_message_id')}`,
      `next_attempt_at = ${byId(unsent, (outcome) => outcome.nextAttemptAt ?? null, 'next_attempt_at')}`,
      ...(unsent.length ? [`attempts = CASE WHEN id IN (${inList(unsent)}) THEN attempts + 1 ELSE attempts END`] : []),
      ...(unsent.length ? [`claimed_at = CASE WHEN id IN (${inList(unsent)}) THEN NULL ELSE claimed_at END`] : []),
      ...(chunk.some((outcome) => outcome.text !== undefined)
        ? [`text = ${byId(chunk.filter((outcome) => outcome.text !== undefined), (outcome) => outcome.text, 'text')}`]
        : []),
      'updated_at = ?',
    ];
    bindings.push(now);
    const where = `id IN (${inList(chunk)}) AND status = 'sending' AND claimed_by = ?`;
    bindings.push(instanceId);
    const qualified = schema ? `${schema}.${table}` : table;
    const result = await knex.raw(`UPDATE ${qualified} SET ${set.join(', ')} WHERE ${where}`, bindings);
    recorded += Number(client === 'sqlite' ? (result?.changes ?? 0) : (result?.rowCount ?? 0));
  }
  return recorded;
}

export function createMessageStore({ knex, client, schema, instanceId }: MessageStoreOptions) {
  const table = SHARED_TABLE.message;
  const messages = (k: Knex | Knex.Transaction = knex) => (schema ? k(table).withSchema(schema) : k(table));
  const due = (qb: Knex.QueryBuilder, now: Date) =>
    qb.where('status', 'queued').andWhere((w) => w.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now));

  /** Fails the stuck rows that used up their attempts and queues the others again; returns both counts. */
  async function requeue(
    k: Knex | Knex.Transaction,
    stuck: (qb: Knex.QueryBuilder) => Knex.QueryBuilder,
    maxAttempts: number,
    why: string,
    now: Date,
  ): Promise<{ failed: number; requeued: number }> {
    const failed = await stuck(messages(k))
      .andWhere('attempts', '>=', maxAttempts - 1)
      .update({
        status: 'failed',
        attempts: k.raw('?? + 1', ['attempts']),
        error: `${why}, and it has no attempts left.`,
        updated_at: now,
      });
    const requeued = await stuck(messages(k)).update({
      status: 'queued',
      attempts: k.raw('?? + 1', ['attempts']),
      claimed_at: null,
      claimed_by: null,
      next_attempt_at: null,
      error: `${why}; it is queued again.`,
      updated_at: now,
    });
    return { failed: Number(failed), requeued: Number(requeued) };
  }

  /** The messages as a claim table: what the dead-instance check gives back, and how (queued again, or failed). */
  function claimedRows(maxAttempts: number): ClaimedRows<{ requeued: number; failed: number }> {
    return {
      async owners(k, self) {
        const rows = (await messages(k).distinct('claimed_by').where('status', 'sending').whereNotNull('claimed_by').whereNot('claimed_by', self)) as Array<{
          claimed_by: string;
        }>;
        return rows.map((row) => row.claimed_by);
      },
      recover(trx, owner, now) {
        const stuck = (qb: Knex.QueryBuilder) => qb.where({ status: 'sending', claimed_by: owner });
        const why = `Instance ${owner} stopped while sending this mail (it may have reached the SMTP server already)`;
        return requeue(trx, stuck, maxAttempts, why, now);
      },
      describe: (owner, { requeued, failed }) =>
        `civic-dialog: instance ${owner} stopped while sending; ${requeued} of its mails queued again, ${failed} failed (no attempts left). Any of them may have been delivered already and go out twice.`,
    };
  }

  return {
    /** Indexes for the worker's claim query, the admin's per-profile list and campaign dedupe. */
    async ensureIndexes(): Promise<void> {
      const qualified = schema ? `${schema}.${table}` : table;
      for (const index of MESSAGE_INDEXES) {
        const columns = index.columns.map(() => '??').join(', ');
        const unique = index.unique ? 'UNIQUE ' : '';
        if (client === 'mysql') {
          // MySQL has no CREATE INDEX IF NOT EXISTS; an existing index answers ER_DUP_KEYNAME.
          await knex
            .raw(`CREATE ${unique}INDEX ?? ON ?? (${columns})`, [index.name, qualified, ...index.columns])
            .catch((error: { code?: string }) => {
              if (error?.code !== 'ER_DUP_KEYNAME') throw error;
            });
        } else {
          await knex.raw(`CREATE ${unique}INDEX IF NOT EXISTS ?? ON ?? (${columns})`, [
            index.name,
            qualified,
            ...index.columns,
          ]);
        }
      }
      if (client === 'mysql') return;
      const name = (index: string) => (schema ? `${schema}.${index}` : index);
      for (const index of REPLACED_INDEXES) await knex.raw('DROP INDEX IF EXISTS ??', [name(index)]);
      const priority = client === 'postgres' ? 'priority DESC NULLS LAST' : 'priority DESC';
      await knex.raw(`CREATE INDEX IF NOT EXISTS ?? ON ?? (status, ${priority}, created_at, id)`, [MESSAGE_CLAIM_INDEX, qualified]);
    },

    /**
     * Claims up to `limit` due messages for this instance. On PostgreSQL/MySQL the rows are locked
     * with FOR UPDATE SKIP LOCKED in one short transaction, so concurrent instances never claim the
     * same row; SQLite has a single worker per database (the caller serialises drains).
     */
    async claim(limit: number, now = new Date()): Promise<number[]> {
      const claimed = { status: 'sending', claimed_at: now, claimed_by: instanceId, updated_at: now };
      // One statement's order: the priority lane first (priority > 0: urgent alerts), then oldest first.
      // SQLite sorts NULL last in DESC order already (knex's own NULLS LAST for SQLite drops the column).
      const pick = (k: Knex | Knex.Transaction) =>
        due(messages(k).select('id'), now).orderByRaw(client === 'sqlite' ? 'priority DESC' : 'priority DESC NULLS LAST').orderBy('created_at').orderBy('id').limit(limit);
      const idsOf = (rows: Array<{ id: number }>) => rows.map((row) => Number(row.id));
      if (client === 'sqlite') {
        const ids = idsOf(await pick(knex));
        if (ids.length) await messages().whereIn('id', ids).andWhere('status', 'queued').update(claimed);
        return ids;
      }
      return knex.transaction(async (trx) => {
        const ids = idsOf(await pick(trx).forUpdate().skipLocked());
        if (ids.length) await messages(trx).whereIn('id', ids).update(claimed);
        return ids;
      });
    },

    /**
     * Whether priority mail (urgent alerts) is due or going out: queued and due, or claimed since
     * `claimedAfter` (an older claim is a dead worker's, given back by reclaim, and holds nothing).
     * Reads only priority rows, through the claim index (both branches of the OR).
     */
    async priorityPending(claimedAfter: Date, now = new Date()): Promise<boolean> {
      const row = await messages()
        .first('id')
        .where('priority', '>', 0)
        .andWhere((w) => w.where((q) => due(q, now)).orWhere((q) => q.where('status', 'sending').andWhere('claimed_at', '>=', claimedAfter)));
      return Boolean(row);
    },

    /**
     * Puts messages whose worker died mid-send back in the queue (or fails them once they used up
     * their attempts). `claimedBefore` bounds it to claims older than a send can take.
     * Such a mail may have reached the SMTP server before the crash: delivery is at least once.
     */
    async reclaim(claimedBefore: Date, maxAttempts: number, now = new Date()): Promise<number> {
      const stuck = (qb: Knex.QueryBuilder) =>
        qb.where('status', 'sending').andWhere((w) => w.whereNull('claimed_at').orWhere('claimed_at', '<', claimedBefore));
      const { failed, requeued } = await requeue(knex, stuck, maxAttempts, 'The worker stopped while sending this mail', now);
      return failed + requeued;
    },

    /** PostgreSQL: this instance's liveness lock (shared/mail/claims.ts), held while it lives. */
    holdLiveness: () => holdLiveness(knex, instanceId),

    claimedRows,

    /**
     * PostgreSQL: queues again (or fails, out of attempts) the mails claimed by instances whose
     * liveness lock is free — they died — at once instead of after the claim timeout.
     */
    reclaimFromDeadInstances(maxAttempts: number, now = new Date()): Promise<MessageOrphans[]> {
      return reclaimFromDeadInstances(knex, instanceId, claimedRows(maxAttempts), now);
    },

    /**
     * Records the outcomes of a batch (recordOutcomes) for the rows this instance still holds the
     * claim of; returns how many it recorded (fewer: another worker reclaimed some meanwhile).
     */
    finishMany: (outcomes: SendOutcome[], now = new Date()): Promise<number> =>
      recordOutcomes({ knex, client, schema, table, instanceId }, outcomes, now),
  };
}

export type MessageStore = ReturnType<typeof createMessageStore>;
