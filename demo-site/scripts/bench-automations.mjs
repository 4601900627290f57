// `pnpm bench` (part): an automation with 100,000 people entering at once, SQLite and, when
// TEST_POSTGRES_URL or BENCH_POSTGRES_URL is set, PostgreSQL (issue 12; there the followers are made
// set-based with generate_series on a fresh database).
// Boots the demo CMS once on an empty database (tables, indexes, seed topics, the shipped automation
// templates), stops it, bulk-inserts 100,000 followers of one topic with better-sqlite3 — each
// active, with a confirmed double opt-in — and switches on the shipped "announce a new event"
// automation; then boots the CMS again (its automation job every second) in a process of its own
// and publishes an event with that topic through Strapi's document service, as the content manager
// does: the trigger enrols the followers in the event's transaction, and the job sends the step.
// Figure, against issue 12's target: seconds from publishing the event until every follower's run
// is enrolled AND every announcement is queued in the outbox (one row per person, unique dedupe key)
// < 30 s. Then, on SQLite, the announcements are sent at the configured rate: the mails per second
// the local SMTP server accepts over BENCH_AUTOMATION_SEND_SECONDS (20) once all are queued, next to
// the outbox's configured rate (mail.ratePerSecond, MAIL_RATE_PER_SECOND here; met: at least 95 % of it).
// BENCH_AUTOMATION_FOLLOWERS for a smaller run. Exit code 1 when anything failed.
import { createRequire } from 'node:module';
import { benchDatabase, bulkLoad, compileApp, createTables, startCmsWithCalls } from './lib/bench-cms.mjs';
import { startSmtpSink } from './lib/local-servers.mjs';
import { printReport, target } from './lib/targets.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

const FOLLOWERS = Number(process.env.BENCH_AUTOMATION_FOLLOWERS ?? 100_000);
const TARGET_SECONDS = 30;
/** The outbox's configured rate for the announcements (mail.ratePerSecond), and how long the sending is measured. */
const MAIL_RATE_PER_SECOND = 100;
const SEND_SECONDS = Number(process.env.BENCH_AUTOMATION_SEND_SECONDS ?? 20);
const DAY = 86_400_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const bench = benchDatabase('automations');
const { databaseFile } = bench;
const failures = [];

/** The CMS's environment (no mail is sent: the figure is enrolment and queueing); `automations`: its job every second. */
const cmsEnv = (automations) => bench.env({ CIVIC_AUTOMATIONS_CHECK_INTERVAL_MS: automations ? '1000' : '0' });

/** Followers of the first topic, straight into the tables Strapi made (indexes dropped for the load, then rebuilt); the template switched on. */
function generate() {
  const { db, time, inserter, withoutIndexes, close } = bulkLoad(databaseFile);
  const tables = ['civic_dialog_profiles', 'civic_dialog_subscriptions', 'civic_dialog_consents'];
  const topic = db.prepare('SELECT id, slug, document_id, created_at FROM civic_dialog_topics ORDER BY id LIMIT 1').get();
  const automation = db.prepare("SELECT id FROM civic_dialog_automations WHERE template_key = 'announce-event'").get();
  if (!automation) throw new Error('the shipped automation "announce-event" is missing');
  const legalText = db.prepare("SELECT id FROM civic_dialog_legal_texts WHERE purpose = 'newsletter' ORDER BY id LIMIT 1").get();
  const doc = (kind, n) => `${kind}autom${String(n).padStart(19, '0')}`;
  const now = Date.now();
  const stamps = (ms) => ({ created_at: time(ms), updated_at: time(ms), published_at: time(ms) });
  const started = performance.now();
  const firstId = (db.prepare('SELECT max(id) AS id FROM civic_dialog_profiles').get().id ?? 0) + 1;
  withoutIndexes(tables, () => {
    const profile = inserter('civic_dialog_profiles', ['id', 'document_id', 'email', 'status', 'locale', 'first_name', 'confirmed_at', 'created_at', 'updated_at', 'published_at']);
    const consent = inserter('civic_dialog_consents', ['document_id', 'profile_id', 'legal_text_id', 'purpose', 'action', 'topics', 'source_url', 'widget', 'created_at', 'updated_at', 'published_at']);
    const subscription = inserter('civic_dialog_subscriptions', ['document_id', 'profile_id', 'topic_id', 'status', 'source', 'confirmed_at', 'created_at', 'updated_at', 'published_at']);
    for (let n = 0; n < FOLLOWERS; n++) {
      const id = firstId + n;
      const createdAt = now - 30 * DAY - (n % 365) * DAY;
      profile({ id, document_id: doc('p', n), email: `folgt${n}@bench.example`, status: 'active', locale: n % 10 === 3 ? 'en' : 'de', first_name: n % 5 ? null : 'Lena', confirmed_at: time(createdAt + 600_000), ...stamps(createdAt) });
      for (const [action, at] of [['granted', createdAt], ['confirmed', createdAt + 600_000]]) {
        consent({ document_id: doc(action === 'granted' ? 'g' : 'c', n), profile_id: id, legal_text_id: legalText?.id ?? null, purpose: 'newsletter', action, topics: JSON.stringify([topic.slug]), source_url: 'https://www.musterstadt.example/newsletter.html', widget: 'civic-signup', ...stamps(at) });
      }
      subscription({ document_id: doc('s', n), profile_id: id, topic_id: topic.id, status: 'active', source: 'https://www.musterstadt.example/newsletter.html', confirmed_at: time(createdAt + 600_000), ...stamps(createdAt) });
    }
    // The town switches the shipped template on (any topic: the event's topic decides who follows).
    db.prepare('UPDATE civic_dialog_automations SET enabled = 1 WHERE id = ?').run(automation.id);
  });
  close();
  return { topic, automationId: automation.id, generation: { followers: FOLLOWERS, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) } };
}

/** Runs of the automation still before their step (an index range: cheap to poll while the CMS works). */
const pending = (reader, automationId) => reader.prepare("SELECT count(*) AS n FROM civic_dialog_automation_runs WHERE automation_id = ? AND run_status = 'active'").get(automationId).n;

/** Runs enrolled and announcements queued for the automation (WAL lets this connection read alongside the CMS). */
function progress(reader, automationId) {
  const runs = reader.prepare('SELECT count(*) AS n FROM civic_dialog_automation_runs WHERE automation_id = ?').get(automationId).n;
  const mails = reader.prepare("SELECT count(*) AS n, count(DISTINCT dedupe_key) AS keys FROM civic_dialog_messages WHERE kind = 'automation' AND dedupe_key LIKE ?").get(`automation:${automationId}:%`);
  return { runs, mails: mails.n, keys: mails.keys };
}

/**
 * Publishes an event with the topic through the CMS and polls until every announcement is queued:
 * `pending()` (runs not yet stepped) every 100 ms, and `progress()` (the outbox rows, a scan of the
 * whole table) once none is pending — a poll of the outbox itself would take a CPU core of the
 * 2-core machine from the CMS it measures. The mails are queued in the transaction that moves the
 * runs on, so "none pending" is "all queued"; `progress()` confirms it, and its time is counted.
 */
async function timeAnnouncement(cms, topicDocumentId, { pending, progress }) {
  const start = new Date(Date.now() + 7 * DAY);
  start.setUTCSeconds(0, 0);
  const began = performance.now();
  await cms.call('plugin::civic-dialog.event', 'create', {
    data: {
      title: 'Bürgerversammlung',
      slug: 'bench-buergerversammlung',
      description: 'Alle sind eingeladen.',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
      location: 'Bürgersaal',
      address: 'Marktplatz 1, 12345 Musterstadt',
      capacity: 1000,
      waitingList: true,
      maxSeatsPerRegistration: 2,
      questions: [],
      reminderOffsets: [],
      newsletterTopic: { connect: [{ documentId: topicDocumentId }] },
    },
  });
  const enrolledSeconds = (performance.now() - began) / 1000;
  const deadline = Date.now() + 10 * 60_000;
  let now = { runs: 0, mails: 0, keys: 0 };
  while (Date.now() < deadline) {
    if ((await pending()) === 0) {
      now = await progress();
      if (now.mails >= FOLLOWERS) break;
    }
    await sleep(100);
  }
  const seconds = (performance.now() - began) / 1000;
  return { followers: FOLLOWERS, runs: now.runs, queued: now.mails, keys: now.keys, enrolledWithTheEventSeconds: Number(enrolledSeconds.toFixed(2)), seconds: Number(seconds.toFixed(2)) };
}

function check(database, run) {
  if (run.runs !== FOLLOWERS) failures.push(`${database}: ${run.runs} runs enrolled, expected ${FOLLOWERS}`);
  if (run.queued !== FOLLOWERS || run.keys !== FOLLOWERS) failures.push(`${database}: ${run.queued} announcements queued (${run.keys} keys), expected ${FOLLOWERS}`);
}

/** PostgreSQL (when TEST_POSTGRES_URL or BENCH_POSTGRES_URL is set): a fresh database, the followers set-based (generate_series), the same figure. */
async function onPostgres(postgresUrl) {
  const pg = require('pg');
  const name = `civic_bench_automations_${Date.now().toString(36)}`;
  const adminDb = new pg.Client({ connectionString: postgresUrl });
  await adminDb.connect();
  await adminDb.query(`CREATE DATABASE ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  let pgCms;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  try {
    pgCms = await startCmsWithCalls({ ...cmsEnv(true), DATABASE_CLIENT: 'postgres', DATABASE_URL: url.toString(), DATABASE_FILENAME: '' });
    const started = performance.now();
    const topic = (await pool.query('SELECT id, slug, document_id FROM civic_dialog_topics ORDER BY id LIMIT 1')).rows[0];
    const automation = (await pool.query("SELECT id FROM civic_dialog_automations WHERE template_key = 'announce-event'")).rows[0];
    if (!topic || !automation) throw new Error('postgres: the seed topics or the shipped automation are missing');
    const like = 'folgt%@bench.example';
    await pool.query(
      `INSERT INTO civic_dialog_profiles (document_id, email, status, locale, first_name, confirmed_at, created_at, updated_at)
       SELECT 'pautom' || i, 'folgt' || i || '@bench.example', 'active', CASE WHEN i % 10 = 3 THEN 'en' ELSE 'de' END, CASE WHEN i % 5 = 0 THEN 'Lena' END, now(), now(), now()
       FROM generate_series(1, $1) AS i`,
      [FOLLOWERS],
    );
    await pool.query(
      `INSERT INTO civic_dialog_subscriptions (document_id, profile_id, topic_id, status, confirmed_at, created_at, updated_at)
       SELECT 'sautom' || p.id, p.id, $1, 'active', now(), now(), now() FROM civic_dialog_profiles p WHERE p.email LIKE $2`,
      [topic.id, like],
    );
    for (const action of ['granted', 'confirmed']) {
      await pool.query(
        `INSERT INTO civic_dialog_consents (document_id, profile_id, purpose, action, created_at, updated_at)
         SELECT $1 || p.id, p.id, 'newsletter', $2, now(), now() FROM civic_dialog_profiles p WHERE p.email LIKE $3`,
        [`${action}-`, action, like],
      );
    }
    await pool.query('ANALYZE');
    await pool.query('UPDATE civic_dialog_automations SET enabled = true WHERE id = $1', [automation.id]);
    const generation = { followers: FOLLOWERS, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) };
    const run = await timeAnnouncement(pgCms, topic.document_id, {
      pending: async () => Number((await pool.query("SELECT count(*) AS n FROM civic_dialog_automation_runs WHERE automation_id = $1 AND run_status = 'active'", [automation.id])).rows[0].n),
      progress: async () => {
        const runs = Number((await pool.query('SELECT count(*) AS n FROM civic_dialog_automation_runs WHERE automation_id = $1', [automation.id])).rows[0].n);
        const mails = (await pool.query("SELECT count(*) AS n, count(DISTINCT dedupe_key) AS keys FROM civic_dialog_messages WHERE kind = 'automation' AND dedupe_key LIKE $1", [`automation:${automation.id}:%`])).rows[0];
        return { runs, mails: Number(mails.n), keys: Number(mails.keys) };
      },
    });
    check('postgres', run);
    return { generation, run };
  } finally {
    await pool.end();
    await pgCms?.stop();
    await adminDb.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await adminDb.end();
  }
}

let cms;
try {
  await compileApp();

  // 1. An empty database with every table and index, the demo topics and the shipped templates.
  await createTables(cmsEnv(false));

  // 2. The followers; the template switched on.
  const { topic, automationId, generation } = generate();

  // 3. The CMS with its automation job and a local SMTP server, the outbox at its configured rate; an event with that topic published.
  const sink = await startSmtpSink();
  cms = await startCmsWithCalls({ ...cmsEnv(true), SMTP_PORT: String(sink.port), CIVIC_MAIL_RATE_PER_SECOND: String(MAIL_RATE_PER_SECOND) });
  const reader = new Database(databaseFile, { readonly: true, fileMustExist: true });
  const run = await timeAnnouncement(cms, topic.document_id, { pending: () => pending(reader, automationId), progress: () => progress(reader, automationId) });
  reader.close();
  check('sqlite', run);
  // 4. Then sent at the configured rate: the mails the SMTP server accepts in SEND_SECONDS.
  const before = sink.received();
  const sendStarted = performance.now();
  await sleep(SEND_SECONDS * 1000);
  const sentPerSecond = Number(((sink.received() - before) / ((performance.now() - sendStarted) / 1000)).toFixed(1));
  await cms.stop();
  cms = undefined;
  await sink.close();

  const report = {
    database: 'sqlite',
    generation,
    run: { ...run, sending: { configuredPerSecond: MAIL_RATE_PER_SECOND, measuredSeconds: SEND_SECONDS, sentPerSecond } },
    targets: {
      enrolledAndQueuedSeconds: target(run.seconds, '<', TARGET_SECONDS),
      sentPerSecondAtConfiguredRate: target(sentPerSecond, '>=', 0.95 * MAIL_RATE_PER_SECOND),
    },
  };
  const postgresUrl = process.env.BENCH_POSTGRES_URL || process.env.TEST_POSTGRES_URL;
  if (postgresUrl) {
    const postgres = await onPostgres(postgresUrl);
    report.postgres = postgres;
    report.targets.enrolledAndQueuedPostgresSeconds = target(postgres.run.seconds, '<', TARGET_SECONDS);
  } else {
    report.targets.enrolledAndQueuedPostgresSeconds = 'skipped: set TEST_POSTGRES_URL or BENCH_POSTGRES_URL';
  }
  printReport(report, failures);
} finally {
  await cms?.stop();
  bench.remove();
}
