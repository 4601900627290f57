import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstances, waitUntil, type Cluster, type Instance } from '../support/instances';
import { addSubscribers, pgSql, subscriberEmail } from '../support/newsletters';
import { eventData } from '../support/security-fixtures';

/**
 * Automations on two real Strapi processes sharing one PostgreSQL database and one SMTP catcher,
 * both with the automation job running: an event published with a topic enrols its followers, and
 * each gets the announcement exactly once (dedupe key automation:<automation>:<run>:<step>) — when
 * both instances compete for the runs, and when the instance holding them is killed with SIGKILL
 * mid-step (its step's transaction, which holds the runs' row locks, is rolled back; the other
 * instance then picks the runs).
 */

const FOLLOWERS = 200;
const AUTOMATION = 'plugin::civic-dialog.automation';
const EVENT = 'plugin::civic-dialog.event';
const TOPIC = 'plugin::civic-dialog.topic';

let cluster: Cluster;
const alive = (): Instance[] => cluster.instances.filter((instance) => instance.running());

const count = async (sql: string, bindings: unknown[] = []) => Number((await cluster.sql.query(sql, bindings)).rows[0].n);

/** A topic of its own with FOLLOWERS followers, and an automation announcing its events by mail. */
async function announcing(prefix: string): Promise<{ automationId: number; topicDocumentId: string }> {
  const [instance] = alive();
  const topic = await instance!.call(TOPIC, 'create', { data: { slug: `mi-${prefix}`, nameDe: prefix, isPublic: true } });
  await addSubscribers(pgSql(cluster.sql), { count: FOLLOWERS, prefix, topicId: topic.id });
  const automation = await instance!.call(AUTOMATION, 'create', {
    data: {
      name: `Ankündigung ${prefix}`,
      enabled: true,
      trigger: { type: 'event-published', topic: `mi-${prefix}` },
      steps: [{ id: 'announce', type: 'send-mail', subject: { de: 'Neu: {{event.title}}', en: 'New: {{event.title}}' }, body: { de: '{{event.title}}\n{{event.link}}', en: '{{event.title}}' } }],
    },
  });
  return { automationId: automation.id, topicDocumentId: topic.documentId };
}

async function publishEvent(instance: Instance, slug: string, topicDocumentId: string) {
  return instance.call(EVENT, 'create', {
    data: eventData(slug, { title: `Sitzung ${slug}`, description: 'Eine Sitzung.', newsletterTopic: { connect: [{ documentId: topicDocumentId }] } }),
  });
}

const received = (prefix: string) => cluster.mail.mails.filter((mail) => mail.to[0]!.startsWith(`${prefix}-`));

/** Every follower has exactly one announcement, in the outbox and at the SMTP catcher. */
async function expectExactlyOnce(prefix: string, automationId: number) {
  const keys = `automation:${automationId}:%`;
  await waitUntil(async () => (await count("SELECT count(*) AS n FROM civic_dialog_messages WHERE dedupe_key LIKE $1 AND status = 'sent'", [keys])) === FOLLOWERS, {
    timeoutMs: 180_000,
    what: `${FOLLOWERS} announcements sent`,
  });
  await waitUntil(() => received(prefix).length >= FOLLOWERS, { timeoutMs: 60_000, what: `${FOLLOWERS} announcements at SMTP` });
  // Every run went through its one step, and no row is left claimed.
  await waitUntil(async () => (await count("SELECT count(*) AS n FROM civic_dialog_automation_runs WHERE automation_id = $1 AND run_status = 'done' AND claimed_by IS NULL", [automationId])) === FOLLOWERS, {
    what: 'every run done',
  });
  const { rows } = await cluster.sql.query<{ dedupe_key: string; to_address: string }>('SELECT dedupe_key, to_address FROM civic_dialog_messages WHERE dedupe_key LIKE $1', [keys]);
  expect(rows).toHaveLength(FOLLOWERS);
  expect(new Set(rows.map((row) => row.to_address)).size).toBe(FOLLOWERS);
  for (const row of rows) expect(row.dedupe_key).toMatch(new RegExp(`^automation:${automationId}:\\d+:announce$`));
  const perAddress = new Map<string, number>();
  for (const mail of received(prefix)) perAddress.set(mail.to[0]!, (perAddress.get(mail.to[0]!) ?? 0) + 1);
  const expected = Array.from({ length: FOLLOWERS }, (_, n) => subscriberEmail(prefix, n + 1)).sort();
  expect([...perAddress.keys()].sort()).toEqual(expected);
  expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
  expect(received(prefix).every((mail) => mail.subject.startsWith('Neu: Sitzung'))).toBe(true);
}

beforeAll(async () => {
  // The job runs on both instances, every second (and at once on the instance that enrolled people).
  cluster = await startInstances(['a', 'b'], { CIVIC_AUTOMATIONS_CHECK_INTERVAL_MS: '1000' });
}, 400_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('automations on two instances', () => {
  it(`an event published with a topic: each of ${FOLLOWERS} followers gets exactly one announcement while both instances run the job`, async () => {
    const { automationId, topicDocumentId } = await announcing('mi-auto');
    await publishEvent(cluster.instances[0]!, 'mi-auto-sitzung', topicDocumentId);
    expect(await count('SELECT count(*) AS n FROM civic_dialog_automation_runs WHERE automation_id = $1', [automationId])).toBe(FOLLOWERS);
    // The other instance runs the job at the same moment as the one that enrolled them.
    await cluster.instances[1]!.call('automations', 'runOnce');
    await expectExactlyOnce('mi-auto', automationId);
  });

  it('SIGKILL of the instance holding the runs mid-step: its transaction rolls back, the other runs the step, still exactly one mail each', async () => {
    const { automationId, topicDocumentId } = await announcing('mi-kill');
    // Hold back inserts into the outbox: whichever instance picks the runs stops inside the step's
    // transaction (runs locked, mails not yet), where the kill catches it.
    const blocker = await cluster.sql.connect();
    let holder: Instance | undefined;
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE civic_dialog_messages IN SHARE ROW EXCLUSIVE MODE');
      await publishEvent(cluster.instances[0]!, 'mi-kill-sitzung', topicDocumentId);
      // The waiting insert's connection names its process (application_name civic-dialog:<pid>).
      const waiting = await waitUntil(
        async () => {
          const { rows } = await cluster.sql.query<{ application_name: string }>(
            "SELECT application_name FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO civic_dialog_messages%'",
          );
          return rows.length ? rows : null;
        },
        { timeoutMs: 60_000, what: 'an instance stepping the runs' },
      );
      const pid = Number(waiting[0]!.application_name.split(':')[1]);
      holder = cluster.instances.find((instance) => instance.pid === pid);
      expect(holder).toBeDefined();
      await holder!.kill();
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }
    // Nothing of the killed step's transaction was left behind: no mail, no run moved on or claimed.
    expect(await count('SELECT count(*) AS n FROM civic_dialog_messages WHERE dedupe_key LIKE $1', [`automation:${automationId}:%`])).toBe(0);
    expect(await count("SELECT count(*) AS n FROM civic_dialog_automation_runs WHERE automation_id = $1 AND (run_status <> 'active' OR claimed_by IS NOT NULL)", [automationId])).toBe(0);
    const survivor = alive();
    expect(survivor).toHaveLength(1);
    expect(survivor[0]!.name).not.toBe(holder!.name);
    // … and its job runs the step.
    await expectExactlyOnce('mi-kill', automationId);
    expect(received('mi-kill').every((mail) => mail.smtpUser === survivor[0]!.name)).toBe(true);
  });
});
