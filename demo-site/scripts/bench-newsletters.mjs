// `pnpm bench` (newsletters): figures, not a test. Boots the demo CMS (`strapi start`) on a fresh
// SQLite database with 100,000 subscribers and measures, against the targets:
//  - freezing the recipients (the send request, one INSERT … SELECT) on SQLite, and on PostgreSQL
//    when TEST_POSTGRES_URL is set (a web-only instance there, so it freezes and sends nothing);
//  - the send rate with the rate limit off into a local SMTP sink that discards mail, next to a bare
//    nodemailer pool (same connections) sending the same rendered mail to the same sink, same run;
//  - the peak memory (RSS) of the sending process, started as README "Memory of a sending instance"
//    says (SENDING_NODE_OPTIONS: V8's old-space cap, without which V8 on a large machine lets
//    collectable garbage grow to several times Strapi's live heap before it collects);
//  - p99 of the admin's profile list and of a signup while the newsletter goes out.
// Set BENCH_NEWSLETTER_RECIPIENTS for a smaller run. Exit code 1 when anything failed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appDir } from './lib/app-env.mjs';
import { startCms, startSmtpSink } from './lib/local-servers.mjs';
import { printReport, target } from './lib/targets.mjs';

const require = createRequire(import.meta.url);
const RECIPIENTS = Number(process.env.BENCH_NEWSLETTER_RECIPIENTS ?? 100_000);
const BASELINE_MAILS = Math.min(RECIPIENTS, Number(process.env.BENCH_NEWSLETTER_BASELINE_MAILS ?? 20_000));
const SMTP_CONNECTIONS = 5;
const ORIGIN = 'http://bench.test';
/** How README says to start an instance that sends newsletters; the memory figure is of exactly this. */
const SENDING_NODE_OPTIONS = '--max-old-space-size=512';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Child mode: the bare nodemailer pool, in its own process like the CMS (the sink stays in the parent).
if (process.argv[2] === 'baseline') {
  // nodemailer as the plugin has it (a dependency of the plugin, not of the demo).
  const nodemailer = createRequire(require.resolve('@civic-dialog/strapi-plugin/package.json'))('nodemailer');
  const { port, count, file } = JSON.parse(process.argv[3]);
  const mail = JSON.parse(readFileSync(file, 'utf8'));
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: mail.connections });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: mail.connections }, async () => {
      for (let n = next++; n < count; n = next++) {
        await transport.sendMail({ from: mail.from, to: `baseline-${n}@bench.example`, subject: mail.subject, html: mail.html, text: mail.text });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  process.send?.({ perSecond: count / seconds });
  process.exit(0);
}

// The SMTP sink: accepts and discards, counts.
const sink = await startSmtpSink();

const failures = [];
const dataDir = mkdtempSync(join(tmpdir(), 'civic-bench-newsletters-'));
const admin = { email: 'admin@musterstadt.example', password: `Bench-${Math.random().toString(36).slice(2)}A1!` };

/** `strapi start` on the given database; resolves once /_health answers. */
async function startNewsletterCms(database, extraEnv = {}) {
  const { url, child, stop } = await startCms({
      ...database,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(sink.port),
      SMTP_MAX_CONNECTIONS: String(SMTP_CONNECTIONS),
      CIVIC_ALLOWED_ORIGINS: ORIGIN,
      CIVIC_RATE_LIMIT_IP_POINTS: '100000000',
      CIVIC_RATE_LIMIT_EMAIL_POINTS: '100000000',
      CIVIC_NEWSLETTER_RATE_PER_SECOND: '0',
      CIVIC_NEWSLETTER_RATE_PER_HOUR: '0',
      DEMO_ADMIN: '1',
      DEMO_ADMIN_EMAIL: admin.email,
      DEMO_ADMIN_PASSWORD: admin.password,
      ...extraEnv,
  });
  const login = async () => {
    const res = await fetch(`${url}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
    return (await res.json()).data.token;
  };
  let jwt = await login();
  // An admin access token lives 30 minutes (Strapi's default); a run of 100,000 recipients on a busy
  // machine outlives it, so a 401 logs in again once (the retry is part of that request's time).
  const asAdmin = async (path, init = {}) => {
    for (let again = true; ; again = false) {
      const res = await fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${jwt}`, ...(init.headers ?? {}) } });
      if (res.status !== 401 || !again) return res;
      await res.arrayBuffer();
      jwt = await login();
    }
  };
  const api = async (path, init = {}) => {
    const res = await asAdmin(path, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return text ? (text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text) : null;
  };
  return {
    url,
    pid: child.pid,
    api,
    asAdmin,
    stop,
  };
}

/**
 * A topic and `RECIPIENTS` subscribers of it (three INSERT … SELECT), and two newsletters to them: the
 * first goes out alone (send rate, memory), the second while editors and citizens use the site (latency).
 */
async function prepare(cms, runSql, dateValue) {
  const topic = (
    await cms.api('/content-manager/collection-types/plugin::civic-dialog.topic', {
      method: 'POST',
      body: JSON.stringify({ slug: 'bench-newsletter', nameDe: 'Bench', nameEn: 'Bench', isPublic: true }),
    })
  ).data;
  const now = dateValue(new Date());
  const like = 'nl-%@bench.example';
  await runSql(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO civic_dialog_profiles (document_id, email, status, locale, first_name, confirmed_at, created_at, updated_at)
     SELECT 'nlbench' || i, 'nl-' || i || '@bench.example', 'active', CASE WHEN i % 10 = 0 THEN 'en' ELSE 'de' END, 'Erika', ?, ?, ? FROM n`,
    [RECIPIENTS, now, now, now],
  );
  await runSql(
    `INSERT INTO civic_dialog_subscriptions (document_id, profile_id, topic_id, status, confirmed_at, created_at, updated_at)
     SELECT 'nlsub' || p.id, p.id, ?, 'active', ?, ?, ? FROM civic_dialog_profiles p WHERE p.email LIKE ?`,
    [topic.id, now, now, now, like],
  );
  for (const action of ['granted', 'confirmed']) {
    await runSql(
      `INSERT INTO civic_dialog_consents (document_id, profile_id, purpose, action, created_at, updated_at)
       SELECT ? || p.id, p.id, 'newsletter', ?, ?, ? FROM civic_dialog_profiles p WHERE p.email LIKE ?`,
      [`nl${action}`, action, now, now, like],
    );
  }
  const paragraph = (text) => [{ type: 'paragraph', children: [{ type: 'text', text }] }];
  const documentIds = [];
  for (const slug of ['bench-alone', 'bench-busy']) {
    const newsletter = (
      await cms.api('/content-manager/collection-types/plugin::civic-dialog.newsletter', {
        method: 'POST',
        body: JSON.stringify({
          subject: 'Neues aus Musterstadt',
          subjectEn: 'News from Musterstadt',
          preheader: 'Baustellen, Stadtfest und Wertstoffhof',
          slug,
          webArchive: true,
          body: [
            { __component: 'civic-newsletter.rich-text', text: paragraph('Liebe Bürgerinnen und Bürger, '.repeat(20)), textEn: paragraph('Dear citizens, '.repeat(20)) },
            { __component: 'civic-newsletter.button', label: 'Mehr lesen', labelEn: 'Read more', url: 'https://musterstadt.example/aktuelles' },
          ],
          topics: [topic.documentId],
        }),
      })
    ).data;
    const audience = await cms.api(`/civic-dialog/newsletters/${newsletter.documentId}/audience`);
    if (audience.total !== RECIPIENTS) failures.push(`audience: ${audience.total} recipients, expected ${RECIPIENTS}`);
    documentIds.push(newsletter.documentId);
  }
  return documentIds;
}

/** Sends a frozen newsletter and waits until it has gone out; the final report and the seconds it took. */
async function sendAndWait(cms, documentId) {
  const started = performance.now();
  let polls = 0;
  for (;;) {
    const now = await cms.api(`/civic-dialog/newsletters/${documentId}/report`);
    if (now.status !== 'sending') {
      if (now.status !== 'sent') failures.push(`send: ended ${now.status} (${now.pausedReason ?? ''})`);
      if (now.sent !== RECIPIENTS) failures.push(`send: ${now.sent} sent of ${RECIPIENTS} (failed ${now.failed}, uncertain ${now.uncertain})`);
      return { report: now, seconds: (performance.now() - started) / 1000 };
    }
    if (++polls % 20 === 0) console.error(`bench: ${now.slug ?? documentId} ${now.status}: ${now.sent} of ${RECIPIENTS} sent`);
    await sleep(500);
  }
}

/** Times the send request: resolves, checks and freezes every recipient in one transaction. */
async function timeFreeze(cms, documentId) {
  const started = performance.now();
  const result = await cms.api(`/civic-dialog/newsletters/${documentId}/send`, { method: 'POST', body: '{}' });
  const seconds = (performance.now() - started) / 1000;
  if (result.recipients !== RECIPIENTS) failures.push(`freeze: ${result.recipients} recipients frozen, expected ${RECIPIENTS}`);
  return Number(seconds.toFixed(2));
}

/** Resident memory of the CMS process and its children (the bin shim may start node as a child), in MB. */
const rssMb = (pid) => {
  const rows = spawnSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of rows) if (tree.has(parent) && !tree.has(child)) tree.add(child), (grew = true);
  }
  return rows.filter(([id]) => tree.has(id)).reduce((sum, [, , kb]) => sum + kb, 0) / 1024;
};

/** How often each probe asks: a busy town's editors and citizens, not a load test. */
const PROBE_INTERVAL_MS = 100;

/** Latency percentiles (ms) of requests sent every PROBE_INTERVAL_MS (or when the last one answered), until `until()`. */
async function probe(name, request, until) {
  const times = [];
  let errors = 0;
  while (!until()) {
    const started = performance.now();
    const next = sleep(PROBE_INTERVAL_MS);
    try {
      const res = await request();
      if (res.status >= 300) errors += 1;
      await res.arrayBuffer();
    } catch {
      errors += 1;
    }
    times.push(performance.now() - started);
    await next;
  }
  if (errors) failures.push(`${name}: ${errors} request(s) failed during the send`);
  times.sort((a, b) => a - b);
  const at = (q) => Number((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN).toFixed(1));
  return { requests: times.length, p50: at(0.5), p99: at(0.99) };
}

const report = {};
try {
  await require('@strapi/strapi').compileStrapi({ appDir, ignoreDiagnostics: true });

  // ---- SQLite: freeze, send rate, memory, latency under load ------------------------------------
  const databaseFile = join(dataDir, 'bench.db');
  const cms = await startNewsletterCms(
    { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: databaseFile },
    { CIVIC_NEWSLETTER_POLL_MS: '0', NODE_OPTIONS: [process.env.NODE_OPTIONS, SENDING_NODE_OPTIONS].filter(Boolean).join(' ') },
  );
  try {
    const Database = require('better-sqlite3');
    const db = new Database(databaseFile);
    db.pragma('busy_timeout = 30000');
    const runSql = async (sql, bindings) => db.prepare(sql).run(...bindings);
    const [alone, busy] = await prepare(cms, runSql, (date) => date.getTime());
    db.close();

    // The same rendered mail the newsletter sends (German), for the bare pool.
    const html = await cms.api(`/civic-dialog/newsletters/${alone}/preview?locale=de&format=html`);
    const text = await cms.api(`/civic-dialog/newsletters/${alone}/preview?locale=de&format=text`);
    const mailFile = join(dataDir, 'mail.json');
    writeFileSync(mailFile, JSON.stringify({ from: 'Stadt Musterstadt <newsletter@musterstadt.example>', subject: 'Neues aus Musterstadt', html, text, connections: SMTP_CONNECTIONS }));
    const baseline = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'baseline', JSON.stringify({ port: sink.port, count: BASELINE_MAILS, file: mailFile })], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      child.once('message', resolve);
      child.once('exit', (code) => (code ? reject(new Error(`baseline pool exited with ${code}`)) : null));
    });
    const sunkBefore = sink.received();

    const idle = rssMb(cms.pid);
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(cms.pid))), 200);

    // 1. The first newsletter alone: freeze, then the send rate next to the bare pool's.
    const freezeSeconds = await timeFreeze(cms, alone);
    const first = await sendAndWait(cms, alone);

    // 2. The second while an editor pages through profiles and citizens sign up.
    await timeFreeze(cms, busy);
    let done = false;
    let signupCounter = 0;
    const [, profiles, signups] = await Promise.all([
      sendAndWait(cms, busy).finally(() => (done = true)),
      probe('admin profile list', () => cms.asAdmin('/civic-dialog/profiles?page=1&pageSize=25'), () => done),
      probe(
        'signup',
        () =>
          fetch(`${cms.url}/api/civic-dialog/signups`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: ORIGIN },
            body: JSON.stringify({
              email: `during-${++signupCounter}@bench.example`,
              topics: ['abfall'],
              locale: 'de',
              legalTextVersion: 1,
              consent: true,
              pageUrl: `${ORIGIN}/newsletter.html`,
              widget: 'civic-signup',
              website: '',
            }),
          }),
        () => done,
      ),
    ]);
    clearInterval(sampler);
    const newsletterPerSecond = first.report.sent / first.seconds;
    const ratio = Number((newsletterPerSecond / baseline.perSecond).toFixed(2));

    Object.assign(report, {
      recipients: RECIPIENTS,
      freezeSqliteSeconds: target(freezeSeconds, '<', 10),
      sendRate: {
        newsletterMailsPerSecond: Math.round(newsletterPerSecond),
        bareNodemailerPoolMailsPerSecond: Math.round(baseline.perSecond),
        baselineMails: BASELINE_MAILS,
        smtpConnections: SMTP_CONNECTIONS,
        ratio: target(ratio, '>=', 0.5),
      },
      sendingProcessPeakRssMb: { ...target(Math.round(peak), '<', 400), idleMb: Math.round(idle), nodeOptions: SENDING_NODE_OPTIONS },
      duringSend: {
        adminProfileListP99Ms: { ...target(profiles.p99, '<', 250), p50: profiles.p50, requests: profiles.requests },
        signupP99Ms: { ...target(signups.p99, '<', 250), p50: signups.p50, requests: signups.requests },
      },
      mailsAtSink: sink.received() - sunkBefore,
    });
  } finally {
    await cms.stop();
  }

  // ---- PostgreSQL: freeze only (a web-only instance: nothing is sent) -----------------------------
  const postgresUrl = process.env.TEST_POSTGRES_URL;
  if (postgresUrl) {
    const pg = require('pg');
    const name = `civic_bench_${Date.now().toString(36)}`;
    const adminDb = new pg.Client({ connectionString: postgresUrl });
    await adminDb.connect();
    await adminDb.query(`CREATE DATABASE ${name}`);
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    const pgCms = await startNewsletterCms({ DATABASE_CLIENT: 'postgres', DATABASE_URL: url.toString() }, { CIVIC_ROLE: 'web' });
    const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
    try {
      const runSql = (sql, bindings) => {
        let n = 0;
        return pool.query(sql.replace(/\?/g, () => `$${++n}`), bindings);
      };
      const [documentId] = await prepare(pgCms, runSql, (date) => date);
      report.freezePostgresSeconds = target(await timeFreeze(pgCms, documentId), '<', 10);
    } finally {
      await pool.end();
      await pgCms.stop();
      await adminDb.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await adminDb.end();
    }
  } else {
    report.freezePostgresSeconds = 'skipped: set TEST_POSTGRES_URL';
  }
} catch (error) {
  failures.push(`bench: ${error?.stack ?? error}`);
} finally {
  await sink.close();
  rmSync(dataDir, { recursive: true, force: true });
}

printReport({ newsletters: report }, failures);
process.exit(process.exitCode ?? 0);
