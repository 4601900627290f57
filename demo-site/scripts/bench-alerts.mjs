// `pnpm bench` (urgent alerts): figures, not a test. Boots the demo CMS (`strapi start`) on a fresh
// SQLite database with BENCH_ALERT_NEWSLETTER (100,000) newsletter recipients whose newsletter is
// being sent (its mails queued at the configured newsletter rate) and BENCH_ALERT_RECIPIENTS (10,000)
// citizens of one district with a confirmed alert subscription and a verified number that consents to
// SMS alerts. An editor sends an alert to that district; the script measures the time until the last
// alert mail is accepted by the local SMTP server and the last alert SMS by the local SMS gateway
// (target: < 60 s each, at the configured rates), and that the newsletter goes on afterwards.
// Exit code 1 when anything failed.
import { createRequire } from 'node:module';
import { benchDatabase, compileApp } from './lib/bench-cms.mjs';
import { startCms, startSmtpSink } from './lib/local-servers.mjs';
import { startSmsGateway } from './lib/sms-gateway.mjs';
import { printReport, target } from './lib/targets.mjs';

const require = createRequire(import.meta.url);
const ALERT_RECIPIENTS = Number(process.env.BENCH_ALERT_RECIPIENTS ?? 10_000);
const NEWSLETTER_RECIPIENTS = Number(process.env.BENCH_ALERT_NEWSLETTER ?? 100_000);
/** The configured rates of this run (README "Urgent alerts"): the newsletter's, and the SMS alert lane's. */
const NEWSLETTER_RATE_PER_SECOND = 200;
const SMS_ALERT_RATE_PER_SECOND = 500;
/** The mail outbox's priority lane has its own budget (mail.alertRatePerSecond), as the SMS alert lane has. */
const MAIL_ALERT_RATE_PER_SECOND = 500;
const ORIGIN = 'http://bench.test';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const failures = [];

// A local SMTP server that accepts everything and counts alert and newsletter mails apart.
const smtp = await startSmtpSink({ countBy: (to) => (to.startsWith('alert-') ? 'alert' : to.startsWith('nl-') ? 'newsletter' : null) });
const mails = (group) => smtp.counts[group] ?? 0;
const gateway = await startSmsGateway();
const bench = benchDatabase('alerts');
const admin = { email: 'admin@musterstadt.example', password: `Bench-${Math.random().toString(36).slice(2)}A1!` };
const report = {};

try {
  await compileApp();
  const { databaseFile } = bench;
  const cms = await startCms(bench.env({
    SMTP_PORT: String(smtp.port),
    CIVIC_MAIL_POLL_MS: '30000',
    SMTP_MAX_CONNECTIONS: '5',
    CIVIC_ALLOWED_ORIGINS: ORIGIN,
    CIVIC_NEWSLETTER_RATE_PER_SECOND: String(NEWSLETTER_RATE_PER_SECOND),
    CIVIC_NEWSLETTER_RATE_PER_HOUR: '0',
    CIVIC_MAIL_ALERT_RATE_PER_SECOND: String(MAIL_ALERT_RATE_PER_SECOND),
    CIVIC_SMS_ENABLED: 'true',
    CIVIC_SMS_PROVIDER: 'http',
    CIVIC_SMS_HTTP_URL: gateway.messagesUrl,
    CIVIC_SMS_ALERT_RATE_PER_SECOND: String(SMS_ALERT_RATE_PER_SECOND),
    CIVIC_SMS_POLL_MS: '1000',
    DEMO_ADMIN: '1',
    DEMO_ADMIN_EMAIL: admin.email,
    DEMO_ADMIN_PASSWORD: admin.password,
  }));
  // A CMS that dies mid-run is named, not left as a bare "fetch failed".
  cms.child.once('exit', (code, signal) => console.error(`bench: the CMS exited (code ${code}, signal ${signal})`));
  try {
    const login = await fetch(`${cms.url}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
    const jwt = (await login.json()).data.token;
    const api = async (path, init = {}) => {
      const request = () => fetch(`${cms.url}${path}`, { ...init, headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
      // The bulk load below blocks this process for longer than the CMS keeps an idle connection open:
      // a request on the connection the CMS closed meanwhile never reached it, and goes again on a new one.
      const res = await request().catch((error) => {
        if (error?.cause?.code === 'UND_ERR_SOCKET') return request();
        throw error;
      });
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
    while (mails('newsletter') === 0) await sleep(100);

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
    const newsletterBefore = mails('newsletter');
    const started = performance.now();
    const sent = (await api(`/civic-dialog/alerts/${alert.id}/send`, { method: 'POST', body: '{}' })).data;
    const queuedSeconds = (performance.now() - started) / 1000;
    if (sent.recipients !== ALERT_RECIPIENTS) failures.push(`alert: ${sent.recipients} mails queued, expected ${ALERT_RECIPIENTS}`);
    if (sent.sms !== ALERT_RECIPIENTS) failures.push(`alert: ${sent.sms} SMS queued, expected ${ALERT_RECIPIENTS}`);

    let smsDoneAt = 0;
    const deadline = Date.now() + 300_000;
    while ((mails('alert') < ALERT_RECIPIENTS || gateway.received.length < ALERT_RECIPIENTS) && Date.now() < deadline) {
      if (!smsDoneAt && gateway.received.length >= ALERT_RECIPIENTS) smsDoneAt = performance.now();
      await sleep(50);
    }
    if (!smsDoneAt && gateway.received.length >= ALERT_RECIPIENTS) smsDoneAt = performance.now();
    if (mails('alert') < ALERT_RECIPIENTS) failures.push(`alert: ${mails('alert')} of ${ALERT_RECIPIENTS} mails accepted within 300 s`);
    if (gateway.received.length < ALERT_RECIPIENTS) failures.push(`alert: ${gateway.received.length} of ${ALERT_RECIPIENTS} SMS accepted within 300 s`);
    const mailSeconds = Number(((smtp.lastAt.alert - started) / 1000).toFixed(1));
    const smsSeconds = Number(((smsDoneAt - started) / 1000).toFixed(1));
    const newsletterDuringAlert = mails('newsletter') - newsletterBefore;

    // The newsletter goes on afterwards.
    const afterAlert = mails('newsletter');
    await sleep(3000);
    const newsletterContinued = mails('newsletter') > afterAlert;
    if (!newsletterContinued) failures.push('newsletter: no newsletter mail went out in the 3 s after the alert');
    const figures = (await api(`/civic-dialog/alerts/${alert.id}/deliveries`)).data.channels;
    await api(`/civic-dialog/newsletters/${newsletter.documentId}/cancel`, { method: 'POST', body: '{}' }).catch(() => undefined);

    report.alerts = {
      recipients: ALERT_RECIPIENTS,
      newsletterQueued: NEWSLETTER_RECIPIENTS,
      rates: { newsletterPerSecond: NEWSLETTER_RATE_PER_SECOND, smsAlertPerSecond: SMS_ALERT_RATE_PER_SECOND, mailAlertPerSecond: MAIL_ALERT_RATE_PER_SECOND },
      sendRequestSeconds: Number(queuedSeconds.toFixed(2)),
      lastAlertMailAcceptedSeconds: target(mailSeconds, '<', 60),
      lastAlertSmsAcceptedSeconds: target(smsSeconds, '<', 60),
      alertMailsPerSecond: Number((mails('alert') / mailSeconds).toFixed(1)),
      newsletterMailsWhileAlerting: newsletterDuringAlert,
      newsletterContinuedAfter: newsletterContinued,
      adminFigures: figures,
    };
  } finally {
    await cms.stop();
  }
} catch (error) {
  failures.push(`${error?.stack ?? error}${error?.cause ? `\ncause: ${error.cause?.stack ?? error.cause}` : ''}`);
} finally {
  await smtp.close();
  await gateway.close();
  bench.remove();
}

printReport(report, failures);
