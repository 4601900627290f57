import { expect } from 'vitest';
import { signupBody } from '../support/http';
import type { Cluster } from '../support/instances';

/**
 * Queues `count` double opt-in mails the way the product does: one signup each over HTTP, spread
 * over the instances. The outbox of every instance is stopped first, so the mails wait in the
 * queue until the test starts the outboxes again (`instance.call('outbox', 'start')`).
 * Addresses are `<prefix>-<n>@example.org`.
 */
export async function queueSignups(cluster: Cluster, count: number, prefix: string): Promise<string[]> {
  await Promise.all(cluster.instances.map((instance) => instance.call('outbox', 'stop')));
  const emails = Array.from({ length: count }, (_, n) => `${prefix}-${n}@example.org`);
  let next = 0;
  const statuses: number[] = [];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let n = next++; n < count; n = next++) {
        const instance = cluster.instances[n % cluster.instances.length]!;
        const signup = () => instance.api.postJson('/signups', signupBody({ email: emails[n] }));
        // On a loaded machine a kept-alive connection the server just closed resets; the instance is
        // fine, and the same signup again gets the same answer (and no second mail).
        const response = await signup().catch((error) => {
          if (!instance.running()) throw new Error(`instance ${instance.name} died\n${instance.output()}`);
          if (String(error?.cause?.code) !== 'ECONNRESET') throw error;
          return signup();
        });
        statuses.push(response.status);
      }
    }),
  );
  expect(statuses.filter((status) => status !== 202)).toEqual([]);
  // A signup answers first and does its work (rows, mail) right after: wait for that work.
  await Promise.all(cluster.instances.map((instance) => instance.call('intake', 'settle')));
  expect(await mailCounts(cluster, prefix)).toMatchObject({ queued: count, sending: 0, sent: 0, failed: 0 });
  return emails;
}

export interface MailCounts {
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  /** Sent mails by the instance that claimed them (claimed_by). */
  byInstance: Record<string, number>;
}

/** The outbox rows of the addresses `<prefix>-…`, counted by status, and the sent ones by instance. */
export async function mailCounts(cluster: Cluster, prefix: string): Promise<MailCounts> {
  const { rows } = await cluster.sql.query<{ status: string; claimed_by: string | null; n: string }>(
    `SELECT status, claimed_by, count(*) AS n FROM civic_dialog_messages WHERE to_address LIKE $1 GROUP BY status, claimed_by`,
    [`${prefix}-%`],
  );
  const counts: MailCounts = { queued: 0, sending: 0, sent: 0, failed: 0, byInstance: {} };
  for (const row of rows) {
    const n = Number(row.n);
    counts[row.status as 'queued' | 'sending' | 'sent' | 'failed'] += n;
    if (row.status === 'sent') {
      const name = cluster.instanceOf(row.claimed_by) ?? `unknown:${row.claimed_by}`;
      counts.byInstance[name] = (counts.byInstance[name] ?? 0) + n;
    }
  }
  return counts;
}
