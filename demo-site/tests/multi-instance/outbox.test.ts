import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstances, waitUntil, type Cluster } from '../support/instances';
import { mailCounts, queueSignups } from './mail-queue';

const MAILS = 2_000;

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startInstances(['a', 'b'], { CIVIC_RATE_LIMIT_IP_POINTS: '100000', CIVIC_MAIL_BATCH_SIZE: '25' });
});

afterAll(async () => {
  await cluster?.stop();
});

describe('the outbox shared by two instances on one PostgreSQL database', () => {
  it(`drains ${MAILS} queued mails with both instances, each mail exactly once`, async () => {
    const emails = await queueSignups(cluster, MAILS, 'drain');
    await Promise.all(cluster.instances.map((instance) => instance.call('outbox', 'start')));

    const counts = await waitUntil(
      async () => {
        const now = await mailCounts(cluster, 'drain');
        return now.sent === MAILS ? now : null;
      },
      { timeoutMs: 240_000, what: `${MAILS} doi mails sent` },
    );
    expect(counts).toMatchObject({ sent: MAILS, queued: 0, sending: 0, failed: 0 });

    // At the SMTP server: every address exactly once.
    await waitUntil(() => cluster.mail.mails.filter((mail) => mail.to[0]!.startsWith('drain-')).length >= MAILS, { what: 'mails at SMTP' });
    const received = cluster.mail.mails.filter((mail) => mail.to[0]!.startsWith('drain-'));
    expect(received).toHaveLength(MAILS);
    expect(new Set(received.map((mail) => mail.to[0])).size).toBe(MAILS);
    expect(new Set(received.map((mail) => mail.to[0]))).toEqual(new Set(emails));

    // Both instances sent some, and the database and the SMTP server agree on who sent what.
    const bySmtp = { a: 0, b: 0 } as Record<string, number>;
    for (const mail of received) bySmtp[mail.smtpUser ?? 'unknown'] = (bySmtp[mail.smtpUser ?? 'unknown'] ?? 0) + 1;
    expect(Object.keys(bySmtp).sort()).toEqual(['a', 'b']);
    expect(bySmtp.a).not.toBe(0);
    expect(bySmtp.b).not.toBe(0);
    expect(counts.byInstance).toEqual(bySmtp);
  });

});
