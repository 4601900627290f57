import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstances, waitUntil, type Cluster } from '../support/instances';
import { smsEnv, startSmsGateway, type SmsGateway } from '../support/sms-gateway';

/**
 * The SMS outbox on two real Strapi processes sharing one PostgreSQL database and one local SMS
 * gateway (the generic HTTP provider): an alert's texts to PEOPLE citizens with SMS consent are
 * drained by both instances; one is killed with SIGKILL mid-sending, holding claimed texts it has
 * not handed to the gateway yet. The other gives them back through the outbox's dead-instance
 * check (the killed instance's liveness lock is free) and sends them: every text reaches the
 * gateway exactly once — none twice, none lost.
 *
 * The kill is timed (in the frozen process, see Instance.killWhen) so that no text of the killed
 * instance is between the gateway's answer and its record: that one window (README "SMS channel":
 * a worker that dies after the gateway took a text but before recording it may send it once more)
 * is what the assertion "exactly once" leaves out, and only it.
 */

const PEOPLE = 400;
const PREFIX = 'mi-sms';
const TEXT = 'Warnung Musterstadt: Hochwasser an der Altstadt. Meiden Sie das Ufer.';
/** How soon after the death the other instance must have taken the claims over (the check runs every 10 s). */
const RECOVERY_MS = 30_000;

let cluster: Cluster;
let gateway: SmsGateway;

const phoneOf = (n: number) => `+49151${String(n).padStart(7, '0')}`;
const count = async (sql: string, bindings: unknown[] = []) => Number((await cluster.sql.query(sql, bindings)).rows[0].n);

/** PEOPLE active profiles, each with a verified number and consent to SMS alerts (set-based). */
async function citizensWithSmsConsent(): Promise<number[]> {
  const now = new Date();
  await cluster.sql.query(
    `INSERT INTO civic_dialog_profiles (document_id, email, status, locale, confirmed_at, created_at, updated_at)
     SELECT $1 || i, $2 || i || '@example.org', 'active', 'de', $3, $3, $3 FROM generate_series(1, $4) AS i`,
    [`${PREFIX}-doc-`, `${PREFIX}-`, now, PEOPLE],
  );
  await cluster.sql.query(
    `INSERT INTO civic_dialog_sms_phones (document_id, profile_id, phone, verified_at, alerts_consent, registrations_consent, created_at, updated_at)
     SELECT 'smsphone-' || p.id, p.id, '+49151' || lpad(substring(p.email from '${PREFIX}-(\\d+)@'), 7, '0'), $1, true, false, $1, $1
     FROM civic_dialog_profiles p WHERE p.email LIKE $2`,
    [now, `${PREFIX}-%@example.org`],
  );
  const { rows } = await cluster.sql.query<{ id: number }>(`SELECT id FROM civic_dialog_profiles WHERE email LIKE $1 ORDER BY id`, [`${PREFIX}-%@example.org`]);
  return rows.map((row) => Number(row.id));
}

/** The rows of the alert's texts: id, status and the instance that claimed them. */
async function rowsOfTheAlert() {
  const { rows } = await cluster.sql.query<{ id: number; status: string; claimed_by: string | null }>(
    `SELECT id, status, claimed_by FROM civic_dialog_sms_messages WHERE dedupe_key LIKE $1`,
    [`${PREFIX}:%`],
  );
  return rows.map((row) => ({ id: String(row.id), status: row.status, instance: cluster.instanceOf(row.claimed_by) }));
}

beforeAll(async () => {
  gateway = await startSmsGateway();
  // 40 alert texts per second per instance: a few seconds of sending, long enough to kill one in the middle.
  cluster = await startInstances(['a', 'b'], { ...smsEnv(gateway), CIVIC_SMS_ALERT_RATE_PER_SECOND: '40' });
});

afterAll(async () => {
  await cluster?.stop();
  await gateway?.close();
});

describe('the SMS outbox shared by two instances', () => {
  it(`an alert to ${PEOPLE} citizens, one instance killed with SIGKILL mid-sending: every text reaches the gateway exactly once`, async ({ annotate }) => {
    const [a, b] = cluster.instances;
    const profileIds = await citizensWithSmsConsent();
    expect(profileIds).toHaveLength(PEOPLE);
    const queued = await a!.call<number>('smsOutbox', 'enqueueMany', {
      kind: 'alert',
      priority: 'alert',
      recipients: profileIds.map((profileId) => ({ profileId })),
      text: TEXT,
      dedupeKeyPrefix: `${PREFIX}:`,
    });
    expect(queued).toBe(PEOPLE);
    await Promise.all([a!.call('smsOutbox', 'kick'), b!.call('smsOutbox', 'kick')]);

    // Frozen, a has sent some texts, holds claimed ones, and none of its claimed texts is at the
    // gateway yet (the gateway lives in this process: the DB query lets it read what a wrote before the freeze).
    let atKill = { sentByA: 0, claimedByA: 0 };
    await a!.killWhen(
      async () => {
        const rows = await rowsOfTheAlert();
        const claimed = rows.filter((row) => row.instance === 'a' && row.status === 'sending');
        const atGateway = new Set(gateway.received.map((sms) => sms.id));
        atKill = { sentByA: rows.filter((row) => row.instance === 'a' && row.status === 'sent').length, claimedByA: claimed.length };
        return atKill.sentByA >= 40 && claimed.length >= 5 && claimed.every((row) => !atGateway.has(row.id));
      },
      { timeoutMs: 120_000, what: 'instance a has sent 40 texts and holds 5 claimed ones not yet at the gateway' },
    );
    const killedAt = Date.now();

    // b gives a's claims back within 30 s (not after sms.sendingTimeoutSeconds) …
    await waitUntil(async () => (await rowsOfTheAlert()).every((row) => !(row.instance === 'a' && row.status === 'sending')), {
      timeoutMs: RECOVERY_MS,
      what: "instance a's claimed texts given back",
    });
    const recoveredAfterMs = Date.now() - killedAt;

    // … and sends everything.
    await waitUntil(async () => (await count(`SELECT count(*) AS n FROM civic_dialog_sms_messages WHERE dedupe_key LIKE $1 AND status = 'sent'`, [`${PREFIX}:%`])) === PEOPLE, {
      timeoutMs: 120_000,
      what: `${PEOPLE} texts recorded sent`,
    });
    expect(await count(`SELECT count(*) AS n FROM civic_dialog_sms_messages WHERE dedupe_key LIKE $1 AND status <> 'sent'`, [`${PREFIX}:%`])).toBe(0);
    const rows = await rowsOfTheAlert();
    expect(rows.filter((row) => row.instance === 'b').length).toBeGreaterThan(0);

    await waitUntil(() => gateway.received.filter((sms) => sms.text === TEXT).length >= PEOPLE, { what: `${PEOPLE} texts at the gateway` });
    const received = gateway.received.filter((sms) => sms.text === TEXT);
    const perPhone = new Map<string, number>();
    for (const sms of received) perPhone.set(sms.to, (perPhone.get(sms.to) ?? 0) + 1);
    // None lost: every citizen's number …
    expect([...perPhone.keys()].sort()).toEqual(Array.from({ length: PEOPLE }, (_, n) => phoneOf(n + 1)).sort());
    // … none twice: exactly PEOPLE texts, each row once.
    expect(received).toHaveLength(PEOPLE);
    expect(new Set(received.map((sms) => sms.id)).size).toBe(PEOPLE);

    const report = `killed after a sent ${atKill.sentByA} texts, holding ${atKill.claimedByA} claimed; recovered after ${recoveredAfterMs} ms; ${received.length} texts at the gateway for ${PEOPLE} citizens`;
    await annotate(report);
    process.stderr.write(`\nSMS SIGKILL test: ${report}\n`);
  });
});
