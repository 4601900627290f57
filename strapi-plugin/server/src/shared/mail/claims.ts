import type { Knex } from 'knex';

/**
 * Rows that worker instances claim with their instance id (`claimed_by`) — the outbox's messages,
 * and what a feature sends in batches of its own (newsletter deliveries) — and the one way they
 * come back when their instance dies (INV-ONCE): on PostgreSQL each instance holds a session
 * advisory lock while it lives (holdLiveness, on a connection of its own; a crash closes the
 * connection and PostgreSQL frees the lock at once). Whoever finds an owner's lock free gives that
 * owner's claims back (reclaimFromDeadInstances); an instance that is alive keeps its claims,
 * however slow its sends. The outbox runs the check for every claim table (outbox.reclaimAlso).
 */

/**
 * Namespace of the liveness locks (the second key is hashtext(instance id)). Two ids with the same
 * hash only make recovery wait for the claim timeout; they never let one instance take the rows of
 * a living one.
 */
export const LIVENESS_LOCK_NAMESPACE = 4_242_002;

/** What came back of a dead owner's claims, by outcome ("requeued", "failed", "uncertain" …). */
export type Recovered = { requeued: number } & Record<string, number>;

export interface ClaimedRows<R extends Recovered = Recovered> {
  /** The instances other than `self` that hold claims of these rows now. */
  owners(knex: Knex, self: string): Promise<string[]>;
  /** Gives back what `owner` had claimed, inside the transaction that holds owner's lock. */
  recover(trx: Knex.Transaction, owner: string, now: Date): Promise<R>;
  /** The log line for what came back (a claim may have been handed to SMTP before the death). */
  describe(owner: string, recovered: R): string;
  /** Rows went back to the queue: wake whoever sends them. */
  onRequeued?(): void;
}

export type Orphans<R extends Recovered = Recovered> = { owner: string } & R;

export interface Liveness {
  /** Whether the connection holding the lock still answers (after a database restart it does not). */
  held(): Promise<boolean>;
  /** Clean shutdown: from now on others may take this instance's claims. */
  release(): Promise<void>;
}

/** PostgreSQL: holds `instanceId`'s liveness lock on a connection of its own for as long as the instance lives. */
export async function holdLiveness(knex: Knex, instanceId: string): Promise<Liveness> {
  const connection = await knex.client.acquireConnection();
  try {
    await connection.query('SELECT pg_advisory_lock($1, hashtext($2))', [LIVENESS_LOCK_NAMESPACE, instanceId]);
  } catch (error) {
    await knex.client.releaseConnection(connection);
    throw error;
  }
  return {
    held: () =>
      connection.query('SELECT 1').then(
        () => true,
        () => false,
      ),
    async release() {
      await connection.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LIVENESS_LOCK_NAMESPACE, instanceId]).catch(() => undefined);
      await knex.client.releaseConnection(connection);
    },
  };
}

/**
 * PostgreSQL: gives back the claims of every owner whose liveness lock is free (it died). The
 * owner's lock is tried inside the transaction that moves its rows, so two instances never move
 * the same owner's rows at once.
 */
export async function reclaimFromDeadInstances<R extends Recovered>(knex: Knex, self: string, rows: ClaimedRows<R>, now = new Date()): Promise<Orphans<R>[]> {
  const orphans: Orphans<R>[] = [];
  for (const owner of await rows.owners(knex, self)) {
    const moved = await knex.transaction(async (trx) => {
      const { rows: lock } = await trx.raw('SELECT pg_try_advisory_xact_lock(?, hashtext(?)) AS free', [LIVENESS_LOCK_NAMESPACE, owner]);
      return lock?.[0]?.free ? rows.recover(trx, owner, now) : null;
    });
    if (moved && Object.values(moved).some((count) => count > 0)) orphans.push({ owner, ...moved });
  }
  return orphans;
}
