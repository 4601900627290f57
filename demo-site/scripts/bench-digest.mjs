// `pnpm bench` (part): the weekly digest for 100,000 subscribers with 50 new entries across 10 topics, SQLite.
// Boots the demo CMS once on an empty database (tables, indexes, seed topics and legal texts), stops
// it, adds six topics (ten in all), bulk-inserts the subscribers with better-sqlite3 — each active,
// with a confirmed double opt-in and one to three topics — and 50 published news articles, five per
// topic, then boots the CMS again with the digest due now and its check every second: the plugin's
// own job runs the week's digest once, as it does in production.
// Figure, against issue 12's target: the selection's time (the digest-run row: started → finished:
// new entries noted, recipients chosen and every digest mail queued, in batches) < 10 s; and the
// longest single transaction during it (timed from each BEGIN to COMMIT as better-sqlite3 runs them).
// BENCH_DIGEST_SUBSCRIBERS for a smaller run. Exit code 1 when anything failed.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { benchDatabase, bulkLoad, compileApp, createTables, epochMs, timedTransactions, transactionTimes } from './lib/bench-cms.mjs';
import { startCms } from './lib/local-servers.mjs';
import { prng } from './lib/prng.mjs';
import { printReport, target } from './lib/targets.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

const SUBSCRIBERS = Number(process.env.BENCH_DIGEST_SUBSCRIBERS ?? 100_000);
const TOPICS = 10;
const ENTRIES = 50;
const TARGET_SECONDS = 10;
const DAY = 86_400_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const bench = benchDatabase('digest');
const { databaseFile } = bench;
const transactionFile = join(bench.dataDir, 'transactions.json');
const failures = [];
const today = new Date();

/** The CMS's environment on the bench database; `digest` makes this week's digest due now and checks every second. */
const benchEnv = (digest = false) =>
  bench.env({
    CIVIC_DIGEST_ENABLED: digest ? 'true' : 'false',
    CIVIC_DIGEST_WEEKDAY: String(today.getUTCDay() || 7),
    CIVIC_DIGEST_HOUR: '0',
    CIVIC_DIGEST_CHECK_INTERVAL_MS: digest ? '1000' : '0',
    ...timedTransactions(transactionFile),
  });

/** Topics, subscribers and articles, straight into the tables Strapi made (indexes dropped for the load, then rebuilt). */
function generate() {
  const tables = ['civic_dialog_profiles', 'civic_dialog_subscriptions', 'civic_dialog_consents'];
  const { db, columnsOf, time, inserter, withoutIndexes, close } = bulkLoad(databaseFile);
  const sample = db.prepare('SELECT * FROM civic_dialog_topics ORDER BY id LIMIT 1').get();
  const legalText = db.prepare("SELECT id FROM civic_dialog_legal_texts WHERE purpose = 'newsletter' ORDER BY id LIMIT 1").get();
  const doc = (kind, n) => `${kind}digest${String(n).padStart(17, '0')}`;
  const now = Date.now();
  const stamps = (ms) => ({ created_at: time(ms), updated_at: time(ms), published_at: time(ms) });

  // The news content type's table and its topic link table, as Strapi named them.
  const link = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'articles%topic%lnk'").get()?.name;
  if (!link) throw new Error('the article has no topic relation (articles_topic_lnk)');
  const linkColumns = [...columnsOf(link)];
  const articleColumn = linkColumns.find((c) => c.startsWith('article'));
  const topicColumn = linkColumns.find((c) => c.startsWith('topic') && !c.endsWith('_ord'));

  const started = performance.now();
  const counts = { topics: 0, subscribers: SUBSCRIBERS, subscriptions: 0, consents: 0, articles: 0 };
  withoutIndexes(tables, () => {
    const topicInsert = inserter('civic_dialog_topics', Object.keys(sample).filter((c) => c !== 'id'));
    const existing = db.prepare('SELECT count(*) AS n FROM civic_dialog_topics').get().n;
    for (let n = existing; n < TOPICS; n++) {
      topicInsert({ ...sample, document_id: doc('t', n), slug: `bench-thema-${n}`, name_de: `Thema ${n}`, name_en: `Topic ${n}`, sort_order: 100 + n });
    }
    const topics = db.prepare('SELECT id FROM civic_dialog_topics ORDER BY id LIMIT ?').all(TOPICS).map((row) => row.id);
    counts.topics = topics.length;

    const profile = inserter('civic_dialog_profiles', ['id', 'document_id', 'email', 'status', 'locale', 'first_name', 'confirmed_at', 'created_at', 'updated_at', 'published_at']);
    const consent = inserter('civic_dialog_consents', ['document_id', 'profile_id', 'legal_text_id', 'purpose', 'action', 'topics', 'source_url', 'widget', 'created_at', 'updated_at', 'published_at']);
    const subscription = inserter('civic_dialog_subscriptions', ['document_id', 'profile_id', 'topic_id', 'status', 'source', 'confirmed_at', 'created_at', 'updated_at', 'published_at']);
    const random = prng(20261203);
    for (let n = 1; n <= SUBSCRIBERS; n++) {
      const createdAt = now - 30 * DAY - Math.floor(random() * 365 * DAY);
      profile({ id: n, document_id: doc('p', n), email: `leser${n}@bench.example`, status: 'active', locale: n % 10 === 3 ? 'en' : 'de', first_name: n % 5 ? null : 'Lena', confirmed_at: time(createdAt + 600_000), ...stamps(createdAt) });
      const mine = new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => topics[Math.floor(random() * topics.length)]));
      for (const [action, at] of [['granted', createdAt], ['confirmed', createdAt + 600_000]]) {
        consent({ document_id: doc('c', ++counts.consents), profile_id: n, legal_text_id: legalText?.id ?? null, purpose: 'newsletter', action, topics: JSON.stringify([...mine]), source_url: 'https://www.musterstadt.example/newsletter.html', widget: 'civic-signup', ...stamps(at) });
      }
      for (const topic of mine) {
        subscription({ document_id: doc('s', ++counts.subscriptions), profile_id: n, topic_id: topic, status: 'active', source: 'https://www.musterstadt.example/newsletter.html', confirmed_at: time(createdAt + 600_000), ...stamps(createdAt) });
      }
    }

    // 50 news articles published in the last days, five per topic.
    const article = inserter('articles', ['document_id', 'title', 'slug', 'summary', 'created_at', 'updated_at', 'published_at']);
    const articleLink = db.prepare(`INSERT INTO ${link} (${articleColumn}, ${topicColumn}) VALUES (?, ?)`);
    for (let n = 0; n < ENTRIES; n++) {
      const at = now - Math.floor(random() * 5 * DAY);
      const { lastInsertRowid } = article({ document_id: doc('a', n), title: `Meldung ${n}`, slug: `meldung-${n}`, summary: 'Neu in Musterstadt.', ...stamps(at) });
      articleLink.run(lastInsertRowid, topics[n % topics.length]);
      counts.articles += 1;
    }
  });
  close();
  return { ...counts, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) };
}

/** This week's digest-run row once it finished (the CMS writes it; WAL lets this connection read alongside). */
async function finishedRun(timeoutMs) {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const row = db.prepare('SELECT week, started_at, finished_at, entries, recipients FROM civic_dialog_digest_runs ORDER BY id DESC LIMIT 1').get();
      if (row?.finished_at) return row;
      if (Date.now() > deadline) throw new Error(`the digest run did not finish within ${timeoutMs / 1000} s`);
      await sleep(100);
    }
  } finally {
    db.close();
  }
}

function queuedDigests() {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT count(*) AS n, count(DISTINCT dedupe_key) AS keys FROM civic_dialog_messages WHERE kind = 'digest'").get();
  } finally {
    db.close();
  }
}

let cms;
try {
  await compileApp();

  // 1. An empty database with every table and index, the demo topics and legal texts.
  await createTables(benchEnv());

  // 2. Topics, subscribers, articles.
  const generation = generate();

  // 3. The CMS on that database; its digest check claims this week's run within a second.
  cms = await startCms(benchEnv(true));
  const run = await finishedRun(10 * 60_000);
  const startedAt = epochMs(run.started_at);
  const finishedAt = epochMs(run.finished_at);
  const seconds = (finishedAt - startedAt) / 1000;
  const during = (await transactionTimes(cms, transactionFile)).filter(([at]) => at >= startedAt && at <= finishedAt);
  const longest = during.reduce((max, [, ms]) => Math.max(max, ms), 0);
  const queued = queuedDigests();

  // Every subscriber follows a topic with five new articles: each gets exactly one digest.
  if (run.recipients !== SUBSCRIBERS) failures.push(`${run.recipients} digests chosen, expected ${SUBSCRIBERS}`);
  if (queued.n !== SUBSCRIBERS || queued.keys !== SUBSCRIBERS) failures.push(`${queued.n} digest mails queued (${queued.keys} keys), expected ${SUBSCRIBERS}`);
  if (run.entries < ENTRIES) failures.push(`${run.entries} new entries noted, expected at least ${ENTRIES}`);

  printReport(
    {
      database: 'sqlite',
      generation,
      run: { week: run.week, entries: run.entries, recipients: run.recipients, seconds: Number(seconds.toFixed(2)), transactions: during.length, longestTransactionMs: Number(longest.toFixed(1)) },
      targets: {
        selectionSeconds: target(Number(seconds.toFixed(2)), '<', TARGET_SECONDS),
      },
    },
    failures,
  );
} finally {
  await cms?.stop();
  bench.remove();
}
