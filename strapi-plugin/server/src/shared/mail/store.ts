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
}

export { LIVENESS_LOCK_NAMESPACE } from './claims';

/** Mails claimed by a dead instance: queued again, or failed when they had no attempts left. */
export type MessageOrphans = Orphans<{ requeued: number; failed: number }>;

export const MESSAGE_INDEXES = [
  { name: 'civic_dialog_messages_status_created_idx', columns: ['status', 'created_at'], unique: false },
  { name: 'civic_dialog_messages_profile_created_idx', columns: ['profile_id', 'created_at'], unique: false },
  { name: 'civic_dialog_messages_dedupe_key_uq', columns: ['dedupe_key'], unique: true },
  // The priority lane (urgent alerts): its claim and the newsletter worker's "anything urgent waiting?" read only these.
  { name: 'civic_dialog_messages_status_priority_idx', columns: ['status', 'priority'], unique: false },
] as const;

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
    },

    /**
     * Claims up to `limit` due messages for this instance. On PostgreSQL/MySQL the rows are locked
     * with FOR UPDATE SKIP LOCKED in one short transaction, so concurrent instances never claim the
     * same row; SQLite has a single worker per database (the caller serialises drains).
     */
    async claim(limit: number, now = new Date()): Promise<number[]> {
      const claimed = { status: 'sending', claimed_at: now, claimed_by: instanceId, updated_at: now };
      // The priority lane first (priority > 0: urgent alerts), oldest first; the rest of the batch in the usual order.
      const urgent = (qb: Knex.QueryBuilder) => due(qb, now).andWhere('priority', '>', 0).orderBy('priority', 'desc').orderBy('id');
      const usual = (qb: Knex.QueryBuilder) => due(qb, now).orderBy('created_at').orderBy('id');
      if (client === 'sqlite') {
        const first = (await urgent(messages().select('id')).limit(limit)).map((row: { id: number }) => Number(row.id));
        const rest = first.length < limit ? await usual(messages().select('id').whereNotIn('id', first)).limit(limit - first.length) : [];
        const ids = [...first, ...rest.map((row: { id: number }) => Number(row.id))];
        if (ids.length) await messages().whereIn('id', ids).andWhere('status', 'queued').update(claimed);
        return ids;
      }
      return knex.transaction(async (trx) => {
        const first = (await urgent(messages(trx).select('id')).limit(limit).forUpdate().skipLocked()).map((row: { id: number }) => Number(row.id));
        const rest = first.length < limit ? await usual(messages(trx).select('id').whereNotIn('id', first)).limit(limit - first.length).forUpdate().skipLocked() : [];
        const ids = [...first, ...rest.map((row: { id: number }) => Number(row.id))];
        if (ids.length) await messages(trx).whereIn('id', ids).update(claimed);
        return ids;
      });
    },

    /** Whether priority mail (urgent alerts) is due or being sent: the newsletter worker waits meanwhile. */
    async priorityPending(now = new Date()): Promise<boolean> {
      const row = await messages()
        .select('id')
        .where('priority', '>', 0)
        .andWhere((w) =>
          w.where('status', 'sending').orWhere((queued) => queued.where('status', 'queued').andWhere((d) => d.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now))),
        )
        .first();
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

    /** Records the outcome of a send; only while this instance still holds the claim. */
    async finish(outcome: SendOutcome, now = new Date()): Promise<boolean> {
      const changes: Record<string, unknown> = { status: outcome.status, updated_at: now };
      if (outcome.status === 'sent') {
        Object.assign(changes, { sent_at: now, provider_message_id: outcome.providerMessageId ?? null, error: null });
      } else {
        Object.assign(changes, {
          attempts: knex.raw('?? + 1', ['attempts']),
          error: (outcome.error ?? 'unknown error').slice(0, 2000),
          next_attempt_at: outcome.nextAttemptAt ?? null,
          claimed_at: null,
        });
      }
      const count = await messages()
        .where({ id: outcome.id, status: 'sending', claimed_by: instanceId })
        .update(changes);
      return Number(count) === 1;
    },
  };
}

export type MessageStore = ReturnType<typeof createMessageStore>;
