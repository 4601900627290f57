import type { Knex } from 'knex';
import { TABLE } from '../../constants';

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

export const MESSAGE_INDEXES = [
  { name: 'civic_dialog_messages_status_created_idx', columns: ['status', 'created_at'], unique: false },
  { name: 'civic_dialog_messages_profile_created_idx', columns: ['profile_id', 'created_at'], unique: false },
  { name: 'civic_dialog_messages_dedupe_key_uq', columns: ['dedupe_key'], unique: true },
] as const;

export function createMessageStore({ knex, client, schema, instanceId }: MessageStoreOptions) {
  const table = TABLE.message;
  const messages = (k: Knex | Knex.Transaction = knex) => (schema ? k(table).withSchema(schema) : k(table));
  const due = (qb: Knex.QueryBuilder, now: Date) =>
    qb.where('status', 'queued').andWhere((w) => w.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now));

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
      if (client === 'sqlite') {
        const rows = await due(messages().select('id'), now).orderBy('created_at').orderBy('id').limit(limit);
        const ids = rows.map((row: { id: number }) => Number(row.id));
        if (ids.length) await messages().whereIn('id', ids).andWhere('status', 'queued').update(claimed);
        return ids;
      }
      return knex.transaction(async (trx) => {
        const rows = await due(messages(trx).select('id'), now)
          .orderBy('created_at')
          .orderBy('id')
          .limit(limit)
          .forUpdate()
          .skipLocked();
        const ids = rows.map((row: { id: number }) => Number(row.id));
        if (ids.length) await messages(trx).whereIn('id', ids).update(claimed);
        return ids;
      });
    },

    /**
     * Puts messages whose worker died mid-send back in the queue (or fails them once they used up
     * their attempts). `claimedBefore` bounds it to claims older than a send can take.
     * Such a mail may have reached the SMTP server before the crash: delivery is at least once.
     */
    async reclaim(claimedBefore: Date, maxAttempts: number, now = new Date()): Promise<number> {
      const stuck = (qb: Knex.QueryBuilder) =>
        qb.where('status', 'sending').andWhere((w) => w.whereNull('claimed_at').orWhere('claimed_at', '<', claimedBefore));
      const failed = await stuck(messages())
        .andWhere('attempts', '>=', maxAttempts - 1)
        .update({
          status: 'failed',
          attempts: knex.raw('?? + 1', ['attempts']),
          error: 'The worker stopped while sending this mail, and it has no attempts left.',
          updated_at: now,
        });
      const requeued = await stuck(messages()).update({
        status: 'queued',
        attempts: knex.raw('?? + 1', ['attempts']),
        claimed_at: null,
        claimed_by: null,
        next_attempt_at: null,
        error: 'The worker stopped while sending this mail; it is queued again.',
        updated_at: now,
      });
      return Number(failed) + Number(requeued);
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
