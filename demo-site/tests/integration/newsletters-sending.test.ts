import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import PostalMime from 'postal-mime';
import { adminToken, pluginAdminApi } from '../support/admin';
import { addSubscribers, createNewsletter, knexSql, ownTopic, subscriberEmail } from '../support/newsletters';
import { waitUntil } from '../support/instances';
import { freePort, startApp, type TestApp } from '../support/strapi';

/**
 * Sending a newsletter: pause, resume, cancel, the configured rate, an SMTP outage, consent withdrawn
 * while it sends, a schedule overdue at start. The app sends to a real SMTP server of this file
 * (`relay`) that can be stopped and started on its port like a town's mail relay.
 */

interface Received {
  to: string;
  subject: string;
  /** When the relay was handed the mail (DATA), in ms. */
  at: number;
}

class Relay {
  readonly mails: Received[] = [];
  private server: SMTPServer | null = null;
  constructor(readonly port: number) {}

  async start() {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      disableReverseLookup: true,
      // Stopping ends open connections at once (421), as a relay going down does.
      closeTimeout: 100,
      onData: (stream, session, callback) => {
        const at = Date.now();
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          PostalMime.parse(Buffer.concat(chunks))
            .then((parsed) => {
              for (const rcpt of session.envelope.rcptTo) this.mails.push({ to: rcpt.address.toLowerCase(), subject: parsed.subject ?? '', at });
              callback();
            })
            .catch(callback);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async stop() {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Mails to addresses starting with `prefix-`. */
  of(prefix: string) {
    return this.mails.filter((mail) => mail.to.startsWith(`${prefix}-`));
  }
}

let app: TestApp;
let relay: Relay;
let admin: ReturnType<typeof pluginAdminApi>;
const post = (path: string, body: unknown = {}) => admin(path, { method: 'POST', body: JSON.stringify(body) });
const report = async (id: string) => (await admin(`/newsletters/${id}/report`)).json();
const drain = () => app.strapi.plugin('civic-dialog').service('newsletterSender').drain() as Promise<void>;
const newsletterSettings = () => (app.strapi.config.get('plugin::civic-dialog') as any).newsletters;
const defaults = { ratePerSecond: 0, ratePerHour: 0, maxConsecutiveFailures: 3, retryDelaySeconds: 1, autoResumeSeconds: 1 };
const sql = (query: string, bindings: unknown[] = []) => app.strapi.db.connection.raw(query, bindings as any[]);

/** `count` subscribers of a topic of their own, and a newsletter to that topic. */
async function audience(prefix: string, count: number) {
  const topic = await ownTopic(app.strapi, `t-${prefix}`);
  await addSubscribers(knexSql(app.strapi), { count, prefix, topicId: topic.id });
  return createNewsletter(app.strapi, [topic.documentId]);
}

/** Every address of the prefix got exactly one mail. */
function expectEachOnce(prefix: string, count: number) {
  const addresses = relay.of(prefix).map((mail) => mail.to).sort();
  expect(addresses).toEqual(Array.from({ length: count }, (_, i) => subscriberEmail(prefix, i + 1)).sort());
}

async function deliveryCounts(id: string): Promise<Record<string, number>> {
  const result = await sql(
    `SELECT d.status, COUNT(*) AS n FROM civic_dialog_newsletter_deliveries d JOIN civic_dialog_newsletter_sends s ON s.id = d.send_id
     WHERE s.newsletter_document_id = ? GROUP BY d.status`,
    [id],
  );
  const rows = (Array.isArray(result) ? result : result.rows) as Array<{ status: string; n: number }>;
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

beforeAll(async () => {
  relay = new Relay(await freePort());
  await relay.start();
  // A poller, so a send paused by SMTP failures resumes by itself (CIVIC_NEWSLETTER_AUTO_RESUME_SECONDS).
  app = await startApp({ SMTP_PORT: String(relay.port), CIVIC_NEWSLETTER_POLL_MS: '250' });
  admin = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl));
}, 240_000);
afterAll(async () => {
  await app?.stop();
  await relay?.stop();
});
beforeEach(() => {
  Object.assign(newsletterSettings(), defaults);
});

describe('newsletter sending', () => {
  it('pauses (nothing more goes out, nothing is lost) and resumes to every recipient exactly once', async () => {
    newsletterSettings().ratePerSecond = 5;
    const id = await audience('pause', 20);
    expect((await post(`/newsletters/${id}/send`)).status).toBe(202);
    await waitUntil(() => relay.of('pause').length >= 3, { what: '3 mails out' });
    expect(await (await post(`/newsletters/${id}/pause`)).json()).toEqual({ status: 'paused' });
    await drain();

    const paused = await deliveryCounts(id);
    expect(paused.claimed ?? 0).toBe(0);
    expect(paused.sending ?? 0).toBe(0);
    expect(paused.sent).toBe(relay.of('pause').length);
    expect(paused.queued).toBe(20 - paused.sent!);
    expect(paused.queued).toBeGreaterThan(0);
    expect(await report(id)).toMatchObject({ status: 'paused', pausedReason: expect.stringMatching(/Paused by/) });
    await drain();
    expect(relay.of('pause')).toHaveLength(paused.sent!);

    expect(await (await post(`/newsletters/${id}/resume`)).json()).toEqual({ status: 'sending' });
    await waitUntil(async () => (await report(id)).status === 'sent', { what: 'send finished' });
    expectEachOnce('pause', 20);
    expect(await report(id)).toMatchObject({ recipients: 20, sent: 20, pending: 0, failed: 0, uncertain: 0 });
  });

  it('cancels: what went out stays counted, the rest is cancelled and never sent', async () => {
    newsletterSettings().ratePerSecond = 5;
    const id = await audience('cancel', 20);
    await post(`/newsletters/${id}/send`);
    await waitUntil(() => relay.of('cancel').length >= 3, { what: '3 mails out' });
    expect(await (await post(`/newsletters/${id}/cancel`)).json()).toEqual({ status: 'cancelled' });
    await drain();

    const counts = await deliveryCounts(id);
    const sent = relay.of('cancel').length;
    expect(counts).toEqual({ sent, cancelled: 20 - sent });
    expect(new Set(relay.of('cancel').map((mail) => mail.to)).size).toBe(sent);
    expect(await report(id)).toMatchObject({ status: 'cancelled', sent, pending: 0 });
    expect((await post(`/newsletters/${id}/resume`)).status).toBe(409);
  });

  it('holds the configured rate per second: 13 mails at 4 per second need four budget windows', async () => {
    newsletterSettings().ratePerSecond = 4;
    const id = await audience('rate', 13);
    await post(`/newsletters/${id}/send`);
    await waitUntil(async () => (await report(id)).status === 'sent', { what: 'send finished' });
    expectEachOnce('rate', 13);
    const at = relay.of('rate').map((mail) => mail.at).sort((a, b) => a - b);
    // Mails 2–4 are in the first one-second window at the latest, mail 13 in the fourth at the
    // earliest: at least two seconds apart by the budget. Unlimited, all 13 arrive within a
    // fraction of a second; the bound below leaves a second for delivery jitter.
    expect(at[12]! - at[1]!).toBeGreaterThanOrEqual(1000);
  });

  it('holds the hourly budget: with 7 per hour, 7 of 12 go out and the rest waits (and can be cancelled)', async () => {
    newsletterSettings().ratePerHour = 7;
    const id = await audience('hourly', 12);
    await post(`/newsletters/${id}/send`);
    await waitUntil(() => relay.of('hourly').length >= 7, { what: '7 mails out' });
    try {
      // The eighth waits for the next hour's budget: still sending, five pending.
      expect(await report(id)).toMatchObject({ status: 'sending', sent: 7, pending: 5 });
    } finally {
      await post(`/newsletters/${id}/cancel`);
      await drain();
    }
    expect(relay.of('hourly')).toHaveLength(7);
    expect(await deliveryCounts(id)).toEqual({ sent: 7, cancelled: 5 });
  });

  it('survives an SMTP outage: pauses itself with the reason, resumes, and mails every recipient exactly once', async () => {
    newsletterSettings().ratePerSecond = 10;
    const id = await audience('outage', 30);
    await post(`/newsletters/${id}/send`);
    await waitUntil(() => relay.of('outage').length >= 5, { what: '5 mails out' });
    await relay.stop();
    const paused = await waitUntil(
      async () => {
        const now = await report(id);
        return now.status === 'paused' ? now : null;
      },
      { what: 'send paused by SMTP failures' },
    );
    expect(paused.pausedReason).toMatch(/3 mails in a row could not be handed to the SMTP server/);
    expect(relay.of('outage').length).toBeLessThan(30);

    await relay.start();
    await waitUntil(async () => (await report(id)).status === 'sent', { what: 'send finished after the relay came back', timeoutMs: 60_000 });
    expectEachOnce('outage', 30);
    expect(await report(id)).toMatchObject({ recipients: 30, sent: 30, failed: 0, uncertain: 0, pending: 0 });
  });

  it('does not mail whoever withdraws consent while the send runs, and counts them', async () => {
    newsletterSettings().ratePerSecond = 5;
    const id = await audience('withdraw', 15);
    await post(`/newsletters/${id}/send`);
    await waitUntil(() => relay.of('withdraw').length >= 1, { what: 'first mail out' });
    // The last five (sent last, by id order) withdraw now, as the ledger records it.
    const late = Array.from({ length: 5 }, (_, i) => subscriberEmail('withdraw', 11 + i));
    expect(relay.of('withdraw').filter((mail) => late.includes(mail.to))).toHaveLength(0);
    const profiles = await app.strapi.db.query('plugin::civic-dialog.profile' as any).findMany({ where: { email: { $in: late } } });
    for (const profile of profiles) {
      await app.strapi.db.query('plugin::civic-dialog.consent' as any).create({ data: { profileId: profile.id, purpose: 'newsletter', action: 'withdrawn' } });
    }
    await waitUntil(async () => (await report(id)).status === 'sent', { what: 'send finished' });

    expect(relay.of('withdraw').map((mail) => mail.to).sort()).toEqual(Array.from({ length: 10 }, (_, i) => subscriberEmail('withdraw', i + 1)).sort());
    const done = await report(id);
    expect(done).toMatchObject({ recipients: 15, sent: 10, failed: 5 });
    expect(done.failures).toEqual([{ reason: expect.stringMatching(/consent or the subscription was withdrawn/), count: 5 }]);
  });

  it('does not start a schedule that is far overdue when the worker comes up: it pauses it for the editor', async () => {
    const id = await audience('stale', 4);
    const scheduled = await post(`/newsletters/${id}/send`, { scheduledAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(await scheduled.json()).toEqual({ status: 'scheduled', recipients: 0 });
    // As after a restored backup or servers down for hours: the time passed three hours ago.
    await app.strapi.db.connection('civic_dialog_newsletter_sends').where('newsletter_document_id', id).update({ scheduled_at: new Date(Date.now() - 3 * 3_600_000) });
    await drain();

    expect(await report(id)).toMatchObject({ status: 'paused', recipients: 0, pausedReason: expect.stringMatching(/scheduled time passed/) });
    expect(relay.of('stale')).toHaveLength(0);
    expect(await deliveryCounts(id)).toEqual({});

    // The editor decides: resume sends it now.
    expect(await (await post(`/newsletters/${id}/resume`)).json()).toEqual({ status: 'sending' });
    await waitUntil(async () => (await report(id)).status === 'sent', { what: 'send finished' });
    expectEachOnce('stale', 4);
  });
});
