import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstances, waitUntil, type Cluster } from '../support/instances';
import { mailCounts, queueSignups } from './mail-queue';

const MAILS = 2_000;
const BATCH = 25;
/** How soon after an instance's death another one must send the mails it had claimed. */
const RECOVERY_MS = 30_000;

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startInstances(['a', 'b'], { CIVIC_RATE_LIMIT_IP_POINTS: '100000', CIVIC_MAIL_BATCH_SIZE: String(BATCH) });
});

afterAll(async () => {
  await cluster?.stop();
});

describe('an instance killed with SIGKILL while draining', () => {
  it(`the other instance finishes ${MAILS} mails: none missing, its claims recovered within 30 s, duplicates bounded and counted`, async ({ annotate }) => {
    const emails = await queueSignups(cluster, MAILS, 'crash');
    const [a, b] = cluster.instances;
    await Promise.all([a!.call('outbox', 'start'), b!.call('outbox', 'start')]);

    // Kill a in the middle of its work: after it sent some, while it holds claimed mails.
    const sentByA = () => cluster.mail.mails.filter((mail) => mail.smtpUser === 'a').length;
    const claimedByA = async () => {
      const { rows } = await cluster.sql.query<{ claimed_by: string }>(
        `SELECT claimed_by FROM civic_dialog_messages WHERE status = 'sending' AND to_address LIKE 'crash-%'`,
      );
      return rows.filter((row) => cluster.instanceOf(row.claimed_by) === 'a').length;
    };
    // What a had claimed and not recorded as sent when it died: the only mails that can reach SMTP
    // twice. Counted in the frozen process just before the kill (b starts taking them over at once).
    let inFlight = 0;
    await a!.killWhen(
      async () => {
        inFlight = await claimedByA();
        return sentByA() >= 200 && inFlight >= 10;
      },
      { timeoutMs: 180_000, what: 'instance a has sent 200 mails and holds 10 claims' },
    );
    const killedAt = Date.now();
    // At most two claimed batches: the one going out and the next, made ready meanwhile (INV-ONCE).
    expect(inFlight).toBeLessThanOrEqual(2 * BATCH);

    // b takes over a's claims within 30 s of the death (not after the 300 s claim timeout) …
    await waitUntil(
      async () => {
        return (await claimedByA()) === 0;
      },
      { timeoutMs: RECOVERY_MS, what: "instance a's claims taken over" },
    );
    const recoveredAfterMs = Date.now() - killedAt;

    // … and finishes the queue.
    const counts = await waitUntil(
      async () => {
        const now = await mailCounts(cluster, 'crash');
        return now.queued + now.sending === 0 ? now : null;
      },
      { timeoutMs: 240_000, what: 'queue drained by instance b' },
    );
    expect(counts).toMatchObject({ sent: MAILS, failed: 0 });
    expect(counts.byInstance.b ?? 0).not.toBe(0);

    // Nothing missing at the SMTP server; a mail twice only if a sent it and died before recording it.
    await waitUntil(() => cluster.mail.mails.filter((mail) => mail.to[0]!.startsWith('crash-')).length >= MAILS, { what: 'mails at SMTP' });
    const received = cluster.mail.mails.filter((mail) => mail.to[0]!.startsWith('crash-'));
    const perAddress = new Map<string, number>();
    for (const mail of received) perAddress.set(mail.to[0]!, (perAddress.get(mail.to[0]!) ?? 0) + 1);
    expect([...perAddress.keys()].sort()).toEqual([...emails].sort());
    const duplicates = received.length - MAILS;
    expect(duplicates).toBeLessThanOrEqual(inFlight);
    // Every duplicate went first through instance a, then through b.
    for (const [address, n] of perAddress) {
      if (n > 1) expect(received.filter((mail) => mail.to[0] === address).map((mail) => mail.smtpUser)).toEqual(['a', 'b']);
    }
    const report = `killed after a sent ${sentByA()} mails; ${inFlight} claimed by a in flight at the kill; recovered after ${recoveredAfterMs} ms; ${duplicates} mail(s) reached SMTP twice`;
    // In the test report and on the console of the run (passed tests' console output is hidden).
    await annotate(report);
    process.stderr.write(`\nSIGKILL test: ${report}\n`);
  });
});
