// `pnpm bench` (urgent alerts): figures, not a test. Boots the demo CMS (`strapi start`) on a fresh
// SQLite database with BENCH_ALERT_NEWSLETTER (100,000) newsletter recipients whose newsletter is
// being sent (its mails queued at the configured newsletter rate) and BENCH_ALERT_RECIPIENTS (10,000)
// citizens of one district with a confirmed alert subscription and a verified number that consents to
// SMS alerts. An editor sends an alert to that district; the script measures the time until the last
// alert mail is accepted by the local SMTP server and the last alert SMS by the local SMS gateway
// (target: < 60 s each, at the configured rates), and that the newsletter goes on afterwards.
// Exit code 1 when anything failed.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { appDir } from './lib/app-env.mjs';
import { freePort, startCms } from './lib/local-servers.mjs';
import { startSmsGateway } from './lib/sms-gateway.mjs';
import { printReport, target } from './lib/targets.mjs';

const require = createRequire(import.meta.url);
const ALERT_RECIPIENTS = Number(process.env.BENCH_ALERT_RECIPIENTS ?? 10_000);
const NEWSLETTER_RECIPIENTS = Number(process.env.BENCH_ALERT_NEWSLETTER ?? 100_000);
/** The configured rates of this run (README "Urgent alerts"): the newsletter's, and the SMS alert lane's. */
const NEWSLETTER_RATE_PER_SECOND = 200;
const SMS_ALERT_RATE_PER_SECOND = 500;
const ORIGIN = 'http://bench.test';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const failures = [];

/** A local SMTP server that accepts everything and counts alert and newsletter mails apart. */
async function startCountingSmtp() {
  const counts = { alert: 0, newsletter: 0, lastAlertAt: 0 };
  const server = new SMTPServer({
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        const to = session.envelope.rcptTo[0]?.address ?? '';
        if (to.startsWith('alert-')) {
          counts.alert += 1;
          counts.lastAlertAt = performance.now();
        } else if (to.startsWith('nl-')) counts.newsletter += 1;
        callback();
      });
    },
  });
  server.on('error', () => {});
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, counts, close: () => new Promise((resolve) => server.close(resolve)) };
}

const smtp = await startCountingSmtp();
const gateway = await startSmsGateway();
const dataDir = mkdtempSync(join(tmpdir(), 'civic-bench-alerts-'));
const admin = { email: 'admin@musterstadt.example', password: `Bench-${Math.random().toString(36).slice(2)}A1!` };
const report = {};

try {
  await require('@strapi/strapi').compileStrapi({ appDir, ignoreDiagnostics: true });
  const databaseFile = join(dataDir, 'bench.db');
  const cms = await startCms({
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: databaseFile,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_MAX_CONNECTIONS: '5',
    CIVIC_ALLOWED_ORIGINS: ORIGIN,
    CIVIC_NEWSLETTER_RATE_PER_SECOND: String(NEWSLETTER_RATE_PER_SECOND),
    CIVIC_NEWSLETTER_RATE_PER_HOUR: '0',
    CIVIC_SMS_ENABLED: 'true',
    CIVIC_SMS_PROVIDER: 'http',
    CIVIC_SMS_HTTP_URL: gateway.messagesUrl,
    CIVIC_SMS_ALERT_RATE_PER_SECOND: String(SMS_ALERT_RATE_PER_SECOND),
    CIVIC_SMS_POLL_MS: '1000',
    DEMO_ADMIN: '1',
    DEMO_ADMIN_EMAIL: admin.email,
    DEMO_ADMIN_PASSWORD: admin.password,
  });
  // A CMS that dies mid-run is named, not left as a bare "fetch failed".
  cms.child.once('exit', (code, signal) => console.error(`bench: the CMS exited (code ${code}, signal ${signal})`));
  try {
    const login = await fetch(`${cms.url}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
    const jwt = (await login.json()).data.token;
    const api = async (path, init = {}) => {
      const res = await fetch(`${cms.url}${path}`, { ...init, headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
      const text = await res.text();
      if (res.status >= 400) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text.slice(0, 300)}`);
      return text ? JSON.parse(text) : null;
    };

    // Newsletter recipients and alert citizens, set-based (as the other benches do), next to the running CMS.
    const Database = require('better-sqlite3');
    const db = new Database(databaseFile);
    db.pragma('busy_timeout = 30000');
    const run = (sql, ...bindings) => db.prepare(sql).run(...bindings);
    const now = Date.now();
    const topic = (
      await api('/content-manager/collection-types/plugin::civic-dialog.topic', {
        method: 'POST',
        body: JSON.stringify({ slug: 'bench-alerts', nameDe: 'Bench', nameEn: 'Bench', isPublic: true }),
      })
    ).data;
    const counter = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)';
    run(
      `${counter} INSERT INTO civic_dialog_profiles (document_id, email, status, locale, confirmed_at, created_at, updated_at)
       SELECT 'nl' || i, 'nl-' || i || '@bench.example', 'active', 'de', ?, ?, ? FROM n`,
      NEWSLETTER_RECIPIENTS, now, now, now,
    );
    run(`INSERT INTO civic_dialog_subscriptions (document_id, profile_id, topic_id, status, confirmed_at, created_at, updated_at)
         SELECT 'nlsub' || p.id, p.id, ?, 'active', ?, ?, ? FROM civic_dialog_profiles p WHERE p.email LIKE 'nl-%'`, topic.id, now, now, now);
    for (const action of ['granted', 'confirmed']) {
      run(`INSERT INTO civic_dialog_consents (document_id, profile_id, purpose, action, created_at, updated_at)
           SELECT ? || p.id, p.id, 'newsletter', ?, ?, ? FROM civic_dialog_profiles p WHERE p.email LIKE 'nl-%'`, `nl${action}`, action, now, now);
    }
    run(
      `${counter} INSERT INTO civic_dialog_profiles (document_id, email, status, locale, created_at, updated_at)
       SELECT 'al' || i, 'alert-' || i || '@bench.example', 'pending', CASE WHEN i % 10 = 0 THEN 'en' ELSE 'de' END, ?, ? FROM n`,
      ALERT_RECIPIENTS, now, now,
    );
    run(`INSERT INTO civic_dialog_alert_subscriptions (profile_id, district, status, confirmed_at, created_at, updated_at)
         SELECT p.id, 'nord', 'active', ?, ?, ? FROM civic_dialog_profiles p WHERE p.email LIKE 'alert-%'`, now, now, now);
    run(`INSERT INTO civic_dialog_sms_phones (profile_id, phone, verified_at, alerts_consent, registrations_consent, created_at, updated_at)
         SELECT p.id, '+49151' || printf('%07d', p.id), ?, 1, 0, ?, ? FROM civic_dialog_profiles p WHERE p.email LIKE 'alert-%'`, now, now, now);
    db.close();

    // The newsletter goes out at its configured rate: its recipients wait in the queue.
    const paragraph = (text) => [{ type: 'paragraph', children: [{ type: 'text', text }] }];
    const newsletter = (
      await api('/content-manager/collection-types/plugin::civic-dialog.newsletter', {
        method: 'POST',
        body: JSON.stringify({ subject: 'Neues aus Musterstadt', subjectEn: 'News', slug: 'bench-alerts', body: [{ __component: 'civic-newsletter.rich-text', text: paragraph('Hallo'), textEn: paragraph('Hello') }], topics: [topic.documentId] }),
      })
    ).data;
    const frozen = await api(`/civic-dialog/newsletters/${newsletter.documentId}/send`, { method: 'POST', body: '{}' });
    if (frozen.recipients !== NEWSLETTER_RECIPIENTS) failures.push(`newsletter: ${frozen.recipients} recipients, expected ${NEWSLETTER_RECIPIENTS}`);
    while (smtp.counts.newsletter === 0) await sleep(100);

    const alert = (
      await api('/civic-dialog/alerts', {
        method: 'POST',
        body: JSON.stringify({
          shortText: { de: 'Wasserrohrbruch in Nord: Leitungswasser bitte abkochen.', en: 'Burst water main in Nord: please boil tap water.' },
          mailText: { de: 'Die Stadtwerke reparieren die Leitung.', en: 'The utility is repairing it.' },
          severity: 'warning',
          area: { districts: ['Nord'] },
          validUntil: new Date(Date.now() + 6 * 3_600_000).toISOString(),
        }),
      })
    ).data;
    const newsletterBefore = smtp.counts.newsletter;
    const started = performance.now();
    const sent = (await api(`/civic-dialog/alerts/${alert.id}/send`, { method: 'POST', body: '{}' })).data;
    const queuedSeconds = (performance.now() - started) / 1000;
    if (sent.recipients !== ALERT_RECIPIENTS) failures.push(`alert: ${sent.recipients} mails queued, expected ${ALERT_RECIPIENTS}`);
    if (sent.sms !== ALERT_RECIPIENTS) failures.push(`alert: ${sent.sms} SMS queued, expected ${ALERT_RECIPIENTS}`);

    let smsDoneAt = 0;
    const deadline = Date.now() + 300_000;
    while ((smtp.counts.alert < ALERT_RECIPIENTS || gateway.received.length < ALERT_RECIPIENTS) && Date.now() < deadline) {
      if (!smsDoneAt && gateway.received.length >= ALERT_RECIPIENTS) smsDoneAt = performance.now();
      await sleep(50);
    }
    if (!smsDoneAt && gateway.received.length >= ALERT_RECIPIENTS) smsDoneAt = performance.now();
    if (smtp.counts.alert < ALERT_RECIPIENTS) failures.push(`alert: ${smtp.counts.alert} of ${ALERT_RECIPIENTS} mails accepted within 300 s`);
    if (gateway.received.length < ALERT_RECIPIENTS) failures.push(`alert: ${gateway.received.length} of ${ALERT_RECIPIENTS} SMS accepted within 300 s`);
    const mailSeconds = Number(((smtp.counts.lastAlertAt - started) / 1000).toFixed(1));
    const smsSeconds = Number(((smsDoneAt - started) / 1000).toFixed(1));
    const newsletterDuringAlert = smtp.counts.newsletter - newsletterBefore;

    // The newsletter goes on afterwards.
    const afterAlert = smtp.counts.newsletter;
    await sleep(3000);
    const newsletterContinued = smtp.counts.newsletter > afterAlert;
    if (!newsletterContinued) failures.push('newsletter: no newsletter mail went out in the 3 s after the alert');
    const figures = (await api(`/civic-dialog/alerts/${alert.id}/deliveries`)).data.channels;
    await api(`/civic-dialog/newsletters/${newsletter.documentId}/cancel`, { method: 'POST', body: '{}' }).catch(() => undefined);

    report.alerts = {
      recipients: ALERT_RECIPIENTS,
      newsletterQueued: NEWSLETTER_RECIPIENTS,
      rates: { newsletterPerSecond: NEWSLETTER_RATE_PER_SECOND, smsAlertPerSecond: SMS_ALERT_RATE_PER_SECOND, alertMail: 'outbox priority lane, no rate limit' },
      sendRequestSeconds: Number(queuedSeconds.toFixed(2)),
      lastAlertMailAcceptedSeconds: target(mailSeconds, '<', 60),
      lastAlertSmsAcceptedSeconds: target(smsSeconds, '<', 60),
      newsletterMailsWhileAlerting: newsletterDuringAlert,
      newsletterContinuedAfter: newsletterContinued,
      adminFigures: figures,
    };
  } finally {
    await cms.stop();
  }
} catch (error) {
  failures.push(String(error?.stack ?? error));
} finally {
  await smtp.close();
  await gateway.close();
  rmSync(dataDir, { recursive: true, force: true });
}

printReport(report, failures);
