import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signupBody } from '../support/http';
import { startInstances, waitUntil, type Cluster, type Instance } from '../support/instances';
import { linkTo } from '../support/mail-catcher';

/**
 * The weekly digest on two instances sharing one PostgreSQL database: both run the same week at
 * once, each citizen gets one digest; a week claimed by an instance that died is taken over.
 */

const DAY = 86_400_000;
const CITIZENS = 24;

let cluster: Cluster;
let firstMonday: number;

const instance = (n: number): Instance => cluster.instances[n % cluster.instances.length]!;
const week = (k: number) => new Date(firstMonday + k * 7 * DAY + 8 * 3_600_000);
const emails = Array.from({ length: CITIZENS }, (_, n) => `mi-digest-${n}@example.org`);
const digestsTo = (email: string) => cluster.mail.to(email).filter((mail) => /Wochenüberblick/.test(mail.subject));

async function topicId(slug: string): Promise<number> {
  const { rows } = await cluster.sql.query<{ id: number }>('SELECT id FROM civic_dialog_topics WHERE slug = $1', [slug]);
  return rows[0]!.id;
}

async function publishArticle(slug: string, topic: string) {
  await instance(0).call('api::article.article', 'create', { data: { title: `Artikel ${slug}`, slug, topic: await topicId(topic) }, status: 'published' });
}

beforeAll(async () => {
  cluster = await startInstances(['a', 'b'], { CIVIC_RATE_LIMIT_IP_POINTS: '500', CIVIC_DIGEST_CHECK_INTERVAL_MS: '0' });
  const today = new Date();
  firstMonday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - ((today.getUTCDay() || 7) - 1) * DAY + 7 * DAY;
  // Week 0 takes in the seed's content before anyone follows a topic.
  await instance(0).call('digest', 'runOnce', week(0));
  await Promise.all(
    emails.map(async (email, n) => {
      const answer = await instance(n).api.postJson('/signups', signupBody({ email, topics: ['abfall'] }));
      expect(answer.status).toBe(202);
      const [doi] = await cluster.mail.waitFor(email, 1, 120_000);
      const token = linkTo(doi!, '/api/civic-dialog/confirm').searchParams.get('token')!;
      expect((await instance(n + 1).api.postJson('/confirm', { token })).status).toBe(200);
      await cluster.mail.waitFor(email, 2, 120_000);
    }),
  );
}, 400_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('weekly digest on two instances', () => {
  it('sends each citizen one digest when both instances run the same week at once', async () => {
    await publishArticle('mi-biotonne', 'abfall');
    const runs = await Promise.all([instance(0).call('digest', 'runOnce', week(1)), instance(1).call('digest', 'runOnce', week(1))]);
    // One ran it, the other found the week claimed or done.
    expect(runs.filter((run) => !run.skipped)).toHaveLength(1);
    expect(runs.find((run) => run.skipped)?.skipped).toMatch(/^(claimed|done)$/);
    await waitUntil(() => emails.every((email) => digestsTo(email).length >= 1), { timeoutMs: 120_000, what: 'every citizen has a digest' });
    // Both instances drain their outboxes: nothing more is queued or in flight.
    await waitUntil(
      async () => Number((await cluster.sql.query("SELECT count(*) AS n FROM civic_dialog_messages WHERE kind = 'digest' AND status IN ('queued', 'sending')")).rows[0].n) === 0,
      { what: 'digests sent' },
    );
    for (const email of emails) expect(digestsTo(email)).toHaveLength(1);
    const { rows } = await cluster.sql.query("SELECT count(*) AS n FROM civic_dialog_messages WHERE kind = 'digest'");
    expect(Number(rows[0].n)).toBe(CITIZENS);
  });

  it('takes over a week whose claiming instance died, and still sends each citizen one digest', async () => {
    await publishArticle('mi-sperrmuell', 'abfall');
    // An instance claimed week 2 a moment ago and died: its liveness lock is free (nobody holds it).
    const { rows: weekRows } = await cluster.sql.query(
      "SELECT to_char(($1::timestamptz AT TIME ZONE 'UTC'), 'IYYY-\"W\"IW') AS week",
      [week(2).toISOString()],
    );
    await cluster.sql.query(
      'INSERT INTO civic_dialog_digest_runs (week, claimed_by, heartbeat_at, started_at, created_at, updated_at) VALUES ($1, $2, $3, $3, $3, $3)',
      [weekRows[0].week, 'gone-host:999999:deadbeef', week(2)],
    );
    const run = await instance(1).call('digest', 'runOnce', week(2));
    expect(run).toMatchObject({ entries: 1, queued: CITIZENS });
    await waitUntil(() => emails.every((email) => digestsTo(email).length >= 2), { timeoutMs: 120_000, what: 'every citizen has the second digest' });
    await waitUntil(
      async () => Number((await cluster.sql.query("SELECT count(*) AS n FROM civic_dialog_messages WHERE kind = 'digest' AND status IN ('queued', 'sending')")).rows[0].n) === 0,
      { what: 'digests sent' },
    );
    for (const email of emails) expect(digestsTo(email)).toHaveLength(2);
    // Week 2 is done: the other instance finds nothing to do.
    expect((await instance(0).call('digest', 'runOnce', week(2))).skipped).toBe('done');
  });
});
