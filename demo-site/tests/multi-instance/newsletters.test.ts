import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstances, waitUntil, type Cluster, type Instance } from '../support/instances';
import { addSubscribers, NEWSLETTER, paragraph, pgSql, subscriberEmail } from '../support/newsletters';

/**
 * Newsletters on several real Strapi processes sharing one PostgreSQL database and one SMTP server:
 * two instances share one send; a sending process killed with SIGKILL: its claims come back within
 * 30 s by the other instance's dead-instance check (the outbox's, the claim timeout stays at its
 * default of 300 s), and after a restart the send completes.
 */

let cluster: Cluster;
const EDITOR = { id: 1, firstname: 'Test', lastname: 'Redaktion' };

beforeAll(async () => {
  cluster = await startInstances(['a', 'b'], { CIVIC_NEWSLETTER_BATCH_SIZE: '50', CIVIC_NEWSLETTER_POLL_MS: '500' });
});
afterAll(async () => {
  await cluster?.stop();
});

const alive = () => cluster.instances.filter((instance) => !dead.has(instance));
const dead = new Set<Instance>();

/** `count` subscribers of a topic of their own, and a newsletter to them; returns its document id. */
async function newsletterTo(prefix: string, count: number): Promise<string> {
  const [instance] = alive();
  const topic = await instance!.call('plugin::civic-dialog.topic', 'create', { data: { slug: `t-${prefix}`, nameDe: prefix, isPublic: true } });
  await addSubscribers(pgSql(cluster.sql), { count, prefix, topicId: topic.id });
  const doc = await instance!.call(NEWSLETTER, 'create', {
    data: {
      subject: `Newsletter ${prefix}`,
      slug: `nl-${prefix}`,
      body: [{ __component: 'civic-newsletter.rich-text', text: paragraph('Hallo Musterstadt') }],
      topics: [topic.documentId],
    },
  });
  return doc.documentId;
}

const received = (prefix: string) => cluster.mail.mails.filter((mail) => mail.to[0]!.startsWith(`${prefix}-`));

/** How many mails each address got. */
function perAddress(prefix: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of received(prefix)) counts.set(mail.to[0]!, (counts.get(mail.to[0]!) ?? 0) + 1);
  return counts;
}

describe('newsletters on several instances', () => {
  it('two instances send one newsletter together: every recipient exactly once, both sent some', async () => {
    const COUNT = 2_000;
    const id = await newsletterTo('shared', COUNT);
    const [first] = alive();
    expect(await first!.call('newsletters', 'send', id, null, EDITOR)).toEqual({ status: 'sending', recipients: COUNT });

    const report = await waitUntil(
      async () => {
        const now = await first!.call('newsletters', 'report', id);
        return now.status === 'sent' ? now : null;
      },
      { timeoutMs: 180_000, what: `${COUNT} newsletter mails sent` },
    );
    expect(report).toMatchObject({ recipients: COUNT, sent: COUNT, failed: 0, uncertain: 0, pending: 0 });
    await waitUntil(() => received('shared').length >= COUNT, { what: 'mails at SMTP' });
    const counts = perAddress('shared');
    expect(counts.size).toBe(COUNT);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(received('shared')).toHaveLength(COUNT);
    const bySender = new Map<string, number>();
    for (const mail of received('shared')) bySender.set(mail.smtpUser ?? '?', (bySender.get(mail.smtpUser ?? '?') ?? 0) + 1);
    expect([...bySender.keys()].sort()).toEqual(['a', 'b']);
  });

  it('a sending process killed with SIGKILL and restarted: nobody gets it twice, nobody is left out but the reported uncertain ones', async ({ annotate }) => {
    const COUNT = 5_000;
    const id = await newsletterTo('crash', COUNT);
    const [victim, ...others] = alive();
    // Only the victim sends until it dies.
    await Promise.all(others.map((instance) => instance.call('newsletterSender', 'stop')));
    await victim!.call('newsletters', 'send', id, null, EDITOR);
    const claims = `SELECT claimed_by, COUNT(*)::int AS n FROM civic_dialog_newsletter_deliveries WHERE status IN ('claimed', 'sending') GROUP BY claimed_by`;
    // Killed in the middle of the send, while it holds claims; they are read in the frozen process
    // just before the kill (a living instance starts giving them back at once).
    let atKill: Array<{ claimed_by: string; n: number }> = [];
    await victim!.killWhen(
      async () => {
        atKill = (await cluster.sql.query<{ claimed_by: string; n: number }>(claims)).rows;
        return received('crash').length >= 1_000 && atKill.length > 0;
      },
      { timeoutMs: 120_000, what: '1,000 mails out and a chunk claimed' },
    );
    const killedAt = Date.now();
    dead.add(victim!);
    expect(atKill.map((row) => cluster.instanceOf(row.claimed_by))).toEqual([victim!.name]);

    // The living instance (its newsletter worker stopped) finds the victim's liveness lock free and
    // gives its claims back — claimed rows to the queue, the ones in SMTP hand-over uncertain —
    // within 30 s of the death, not after the 300 s claim timeout.
    await waitUntil(async () => (await cluster.sql.query(claims)).rows.length === 0, { timeoutMs: 30_000, what: "the dead worker's claims given back" });
    const recoveredAfterMs = Date.now() - killedAt;
    const restarted = await cluster.start(`${victim!.name}2`);

    const report = await waitUntil(
      async () => {
        const now = await restarted.call('newsletters', 'report', id);
        return now.status === 'sent' ? now : null;
      },
      { timeoutMs: 240_000, what: 'send finished after the restart' },
    );
    const counts = perAddress('crash');
    const twice = [...counts.entries()].filter(([, n]) => n > 1).map(([address]) => address);
    const uncertain = (
      await cluster.sql.query<{ email: string }>(
        `SELECT p.email FROM civic_dialog_newsletter_deliveries d JOIN civic_dialog_profiles p ON p.id = d.profile_id WHERE d.status = 'uncertain'`,
      )
    ).rows.map((row) => row.email);
    const missing = Array.from({ length: COUNT }, (_, i) => subscriberEmail('crash', i + 1)).filter((address) => !counts.has(address));
    annotate(`claims at the kill: ${JSON.stringify(atKill)}, given back after ${recoveredAfterMs} ms; uncertain ${uncertain.length}, missing ${missing.length}, twice ${twice.length}`);

    // Uncertain rows are reported, never resent: nobody gets it twice; whoever got nothing is one of them.
    expect(twice).toEqual([]);
    // The window a crash leaves uncertain (README "Exactly once"): rows marked for the SMTP hand-over
    // but not yet recorded, at most (2 + 2) × 5 connections + 2 × 20 = 60.
    expect(uncertain.length).toBeLessThanOrEqual(60);
    expect(missing.every((address) => uncertain.includes(address))).toBe(true);
    expect(report).toMatchObject({ recipients: COUNT, sent: COUNT - uncertain.length, uncertain: uncertain.length, failed: 0, pending: 0 });
    expect(counts.size + missing.length).toBe(COUNT);
  });
});
