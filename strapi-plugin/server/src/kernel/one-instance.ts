import type { Strapi } from './types';

/**
 * Namespace of the job locks (the second key is hashtext(job name)); apart from the outbox's
 * liveness locks (shared/mail/claims: 4_242_002) and the event reminders' lock (4_242_001).
 */
export const ONE_INSTANCE_LOCK_NAMESPACE = 4_242_003;

export interface OneInstance {
  /**
   * Whether this process runs the job now. PostgreSQL: the first instance to ask takes the job's
   * session advisory lock on a connection of its own and keeps it for as long as it lives (the job
   * stays on one instance); the others get false until the owner is gone — a crash closes its
   * connection and PostgreSQL frees the lock at once, so the next instance to ask takes it over.
   * SQLite: always true (one instance only).
   */
  owns(): Promise<boolean>;
  /** Clean shutdown: gives the job up, another instance takes it at its next run. */
  release(): Promise<void>;
}

/** A background job that runs on one instance at a time (PostgreSQL), e.g. one that reads a mailbox. */
export function oneInstance(strapi: Strapi, name: string): OneInstance {
  let connection: any = null;
  let asking: Promise<boolean> | null = null;
  const knex = () => strapi.db.connection;

  async function drop(): Promise<void> {
    const held = connection;
    connection = null;
    if (!held) return;
    await held.query('SELECT pg_advisory_unlock($1, hashtext($2))', [ONE_INSTANCE_LOCK_NAMESPACE, name]).catch(() => undefined);
    await Promise.resolve(knex().client.releaseConnection(held)).catch(() => undefined);
  }

  async function ask(): Promise<boolean> {
    if (strapi.db.dialect.client !== 'postgres') return true;
    if (connection) {
      // Still the owner while the connection holding the lock answers (after a database restart it does not).
      if (await connection.query('SELECT 1').then(() => true, () => false)) return true;
      strapi.log.warn(`civic-dialog: ${name} lost the connection holding its job lock; asking for it again`);
      await drop();
    }
    const candidate = await knex().client.acquireConnection();
    try {
      const result = await candidate.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [ONE_INSTANCE_LOCK_NAMESPACE, name]);
      if (result.rows?.[0]?.locked) {
        connection = candidate;
        return true;
      }
    } catch (error) {
      await knex().client.releaseConnection(candidate);
      throw error;
    }
    await knex().client.releaseConnection(candidate);
    return false;
  }

  return {
    owns() {
      asking ??= ask().finally(() => {
        asking = null;
      });
      return asking;
    },
    async release() {
      await asking?.catch(() => undefined);
      await drop();
    },
  };
}
