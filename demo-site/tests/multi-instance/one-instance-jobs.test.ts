import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstances, type Cluster, type Instance } from '../support/instances';
import { startImapServer, type ImapServer } from '../support/imap-server';

/**
 * Background jobs that run on one instance at a time (kernel/one-instance): the bounce mailbox
 * reader (IMAP) and the automations' daily date triggers, on two real Strapi processes sharing
 * one PostgreSQL database and one Dovecot mailbox. The first instance to run a job keeps it while
 * it lives: the other does not connect to IMAP / does not evaluate the triggers, even when both
 * run at the same moment. When the owner is killed with SIGKILL, the other takes the job over at
 * its next run. The jobs run when the test says so (poll and check intervals 0).
 */

const FIXTURES = fileURLToPath(new URL('../../../strapi-plugin/server/src/features/bounces/fixtures/', import.meta.url));
const AUTOMATION = 'plugin::civic-dialog.automation';

let cluster: Cluster;
let imap: ImapServer;
let reportNo = 0;

const count = async (sql: string, bindings: unknown[] = []) => Number((await cluster.sql.query(sql, bindings)).rows[0].n);

/** A hard bounce (Postfix DSN) to a return path that is not ours: read, counted, moved. */
function dsn(): string {
  return readFileSync(join(FIXTURES, 'postfix-hard.eml'), 'utf8')
    .replaceAll('{{VERP}}', 'bounces+m1-0000000000@elsewhere.example')
    .replaceAll('{{RECIPIENT}}', `gone-${++reportNo}@example.org`)
    .replace(/^Message-I[dD]: .*$/m, `Message-ID: <mi-report-${reportNo}@reports.example>`);
}

/** `n` pending profiles (never confirmed) created `days` days ago. */
async function pendingProfiles(prefix: string, n: number, days: number) {
  const created = new Date(Date.now() - days * 86_400_000);
  await cluster.sql.query(
    `INSERT INTO civic_dialog_profiles (document_id, email, status, locale, created_at, updated_at)
     SELECT $1 || i, $2 || i || '@example.org', 'pending', 'de', $3, $3 FROM generate_series(1, $4) AS i`,
    [`${prefix}-doc-`, `${prefix}-`, created, n],
  );
}

const runsOf = (automationId: number) =>
  cluster.sql.query<{ profile_id: number; n: string }>('SELECT profile_id, count(*) AS n FROM civic_dialog_automation_runs WHERE automation_id = $1 GROUP BY profile_id', [automationId]);

beforeAll(async () => {
  imap = await startImapServer();
  // Nothing runs by itself: the mailbox is read and the automations run when the test calls them.
  cluster = await startInstances(['a', 'b'], { ...imap.env(), CIVIC_AUTOMATIONS_CHECK_INTERVAL_MS: '0' });
});

afterAll(async () => {
  await cluster?.stop();
  await imap?.stop();
});

describe('jobs that run on one instance at a time', () => {
  let automationId: number;

  it('the bounce mailbox is read by one instance only, also when both run the job at once', async () => {
    const [a, b] = cluster.instances as [Instance, Instance];
    imap.deliver(dsn());
    // a reads first and keeps the job.
    expect(await a.call('bounceMailbox', 'readNow')).toMatchObject({ read: 1, otherInstance: false });
    imap.deliver(dsn());
    // b, asked alone while a is idle, does not connect: the message stays for a.
    expect(await b.call('bounceMailbox', 'readNow')).toMatchObject({ read: 0, otherInstance: true });
    expect(imap.count('INBOX')).toBe(1);
    imap.deliver(dsn());
    // Both at the same moment: a reads both messages, b none; each moved once.
    const [byA, byB] = await Promise.all([a.call('bounceMailbox', 'readNow'), b.call('bounceMailbox', 'readNow')]);
    expect(byA).toMatchObject({ read: 2, failed: 0, otherInstance: false });
    expect(byB).toMatchObject({ read: 0, otherInstance: true });
    expect(imap.count('INBOX')).toBe(0);
    expect(imap.count('Processed')).toBe(3);
  });

  it('the date trigger is evaluated by one instance: everyone matching enters once', async () => {
    const [a, b] = cluster.instances as [Instance, Instance];
    await pendingProfiles('mi-date-1', 30, 3);
    const automation = await a.call(AUTOMATION, 'create', {
      data: {
        name: 'Erinnerung an die Bestätigung',
        enabled: true,
        trigger: { type: 'date', condition: 'pending-for-days', amount: 2 },
        steps: [{ id: 'wait', type: 'wait', days: 30 }],
      },
    });
    automationId = automation.id;
    // a first: it takes the job; then both at the same moment.
    expect(await a.call('automations', 'runOnce', new Date(), { dateTriggers: true })).toMatchObject({ dateTriggers: 'evaluated' });
    const [byA, byB] = await Promise.all([
      a.call('automations', 'runOnce', new Date(), { dateTriggers: true }),
      b.call('automations', 'runOnce', new Date(), { dateTriggers: true }),
    ]);
    expect(byA).toMatchObject({ dateTriggers: 'evaluated' });
    expect(byB).toMatchObject({ dateTriggers: 'other-instance', entered: 0 });
    const { rows } = await runsOf(automationId);
    const pending = await count(`SELECT count(*) AS n FROM civic_dialog_profiles WHERE status = 'pending' AND created_at < now() - interval '2 days'`);
    expect(pending).toBeGreaterThanOrEqual(30);
    expect(rows).toHaveLength(pending);
    expect(rows.every((row) => Number(row.n) === 1)).toBe(true);
  });

  it('the owner killed with SIGKILL: the other instance takes both jobs over at its next run', async () => {
    const [a, b] = cluster.instances as [Instance, Instance];
    await a.kill();
    imap.deliver(dsn());
    expect(await b.call('bounceMailbox', 'readNow')).toMatchObject({ read: 1, failed: 0, otherInstance: false });
    expect(imap.count('INBOX')).toBe(0);
    expect(imap.count('Processed')).toBe(4);

    await pendingProfiles('mi-date-2', 20, 3);
    const before = (await runsOf(automationId)).rows.length;
    expect(await b.call('automations', 'runOnce', new Date(), { dateTriggers: true })).toMatchObject({ dateTriggers: 'evaluated', entered: 20 });
    const { rows } = await runsOf(automationId);
    expect(rows).toHaveLength(before + 20);
    expect(rows.every((row) => Number(row.n) === 1)).toBe(true);
  });
});
