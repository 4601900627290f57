// `pnpm bench` (part): the daily retention job over 1,000,000 profiles with 10 % to delete, SQLite.
// Boots the demo CMS once on an empty database (Strapi creates tables, the plugin its indexes, the
// seed topics and legal texts), stops it, bulk-inserts the citizens with better-sqlite3 in one
// transaction — 90 % confirmed (consents, subscriptions, an unsubscribe link, a mail row), 10 % who
// never confirmed and whose link expired weeks ago (the pending consent, the expired DOI token, the
// pending subscription, the DOI mail) — and boots the CMS again with the retention check every
// second: the plugin's own job runs the day's retention once, as it does in production.
// Figures, against issue 12's targets: the run's time (its retention-run row: started → finished)
// < 60 s, and the longest single transaction during it < 1 s, measured by timing each BEGIN … COMMIT
// that better-sqlite3 runs (lib/transaction-times.cjs).
// BENCH_RETENTION_PROFILES for a smaller run (e.g. 100000). Exit code 1 when anything failed.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { benchDatabase, bulkLoad, compileApp, createTables, epochMs, timedTransactions, transactionTimes } from './lib/bench-cms.mjs';
import { startCms } from './lib/local-servers.mjs';
import { prng } from './lib/prng.mjs';
import { printReport, target } from './lib/targets.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

const PROFILES = Number(process.env.BENCH_RETENTION_PROFILES ?? 1_000_000);
/** Every tenth citizen never confirmed: 10 % to delete. */
const DUE_EVERY = 10;
const TARGET_SECONDS = 60;
const TARGET_TRANSACTION_MS = 1_000;
const DAY = 86_400_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const bench = benchDatabase('retention');
const { databaseFile } = bench;
const transactionFile = join(bench.dataDir, 'transactions.json');
const failures = [];

/** The CMS's environment on the bench database; `retention` starts the daily job's check every second (every seeded mail row is sent: nothing to send). */
const benchEnv = (retention = false) => bench.env({ CIVIC_RETENTION_CHECK_INTERVAL_MS: retention ? '1000' : '0', ...timedTransactions(transactionFile) });

/**
 * The citizens and their rows, straight into the tables Strapi made. Indexes are dropped for the
 * load and rebuilt from their saved definitions (as bench-profiles.mjs does).
 */
function generate() {
  const { db, time, inserter: insertFields, withoutIndexes, close } = bulkLoad(databaseFile);
  const tables = ['civic_dialog_profiles', 'civic_dialog_subscriptions', 'civic_dialog_consents', 'civic_dialog_tokens', 'civic_dialog_messages'];
  for (const table of tables) {
    const existing = db.prepare(`SELECT count(*) AS n FROM ${table}`).get().n;
    if (existing) throw new Error(`expected an empty ${table}, found ${existing} rows`);
  }
  const topics = db.prepare('SELECT id, slug, created_at FROM civic_dialog_topics ORDER BY sort_order, id').all();
  const legalText = db.prepare("SELECT id FROM civic_dialog_legal_texts WHERE purpose = 'newsletter' ORDER BY id LIMIT 1").get();
  /** An INSERT of the fields of the given sample row. */
  const inserter = (table, sample) => insertFields(table, Object.keys(sample));
  const stamps = (ms) => ({ created_at: time(ms), updated_at: time(ms), published_at: time(ms) });
  const ids = { subscription: 0, consent: 0, token: 0, message: 0 };
  const doc = (kind, n) => `${kind}bench${String(n).padStart(18, '0')}`;

  const profileRow = (n, status, createdAt) => ({
    id: n,
    document_id: doc('p', n),
    email: `buerger${n}@bench.example`,
    status,
    locale: n % 10 === 3 ? 'en' : 'de',
    first_name: n % 5 ? null : 'Lena',
    confirmed_at: time(status === 'pending' ? null : createdAt + 600_000),
    ...stamps(createdAt),
  });
  const subscriptionRow = (profileId, topicId, status, createdAt) => ({
    document_id: doc('s', ++ids.subscription),
    profile_id: profileId,
    topic_id: topicId,
    status,
    source: 'https://www.musterstadt.example/newsletter.html',
    confirmed_at: time(status === 'active' ? createdAt + 600_000 : null),
    ...stamps(createdAt),
  });
  const consentRow = (profileId, action, createdAt, network) => ({
    document_id: doc('c', ++ids.consent),
    profile_id: profileId,
    legal_text_id: legalText?.id ?? null,
    purpose: 'newsletter',
    action,
    topics: JSON.stringify([topics[profileId % topics.length].slug]),
    source_url: 'https://www.musterstadt.example/newsletter.html',
    widget: 'civic-signup',
    ip_hash: network ? randomBytes(16).toString('hex') : null,
    user_agent: network ? 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' : null,
    ...stamps(createdAt),
  });
  const tokenRow = (profileId, purpose, createdAt, expiresAt) => ({
    document_id: doc('t', ++ids.token),
    token_hash: randomBytes(32).toString('hex'),
    purpose,
    profile_id: profileId,
    expires_at: time(expiresAt),
    used_at: null,
    ...stamps(createdAt),
  });
  const messageRow = (profileId, kind, createdAt, address) => ({
    document_id: doc('m', ++ids.message),
    profile_id: profileId,
    kind,
    status: 'sent',
    to_address: address,
    locale: 'de',
    subject: address ? 'Bitte bestätigen Sie Ihre Anmeldung' : '',
    attempts: 1,
    sent_at: time(createdAt + 1000),
    ...stamps(createdAt),
  });
  const insert = {
    profile: inserter('civic_dialog_profiles', profileRow(1, 'active', 0)),
    subscription: inserter('civic_dialog_subscriptions', subscriptionRow(1, 1, 'active', 0)),
    consent: inserter('civic_dialog_consents', consentRow(1, 'granted', 0, true)),
    token: inserter('civic_dialog_tokens', tokenRow(1, 'doi', 0, 0)),
    message: inserter('civic_dialog_messages', messageRow(1, 'doi', 0, 'x')),
  };
  // The sample rows above only named the columns: count from zero.
  for (const key of Object.keys(ids)) ids[key] = 0;

  const random = prng(20261203);
  const now = Date.now();
  const started = performance.now();
  let due = 0;
  const { indexesRebuilt } = withoutIndexes(tables, () => {
    for (let n = 1; n <= PROFILES; n++) {
      const topic = topics[Math.floor(random() * random() * topics.length)].id;
      if (n % DUE_EVERY === 0) {
        // Signed up 20 to 60 days ago and never clicked the link (valid 7 days, + 7 days' grace).
        due += 1;
        const createdAt = now - (20 + Math.floor(random() * 40)) * DAY;
        insert.profile(profileRow(n, 'pending', createdAt));
        insert.consent(consentRow(n, 'granted', createdAt, true));
        insert.subscription(subscriptionRow(n, topic, 'pending', createdAt));
        insert.token(tokenRow(n, 'doi', createdAt, createdAt + 7 * DAY));
        insert.message(messageRow(n, 'doi', createdAt, `buerger${n}@bench.example`));
      } else {
        // Confirmed some time in the last three years; a few unsubscribed since.
        const createdAt = now - 30 * DAY - Math.floor(random() * 3 * 365 * DAY);
        // Earlier daily runs removed where-from after 6 months and mail addresses after 90 days.
        const halfYearOld = now - createdAt > 175 * DAY;
        const mailOld = now - createdAt > 85 * DAY;
        const status = random() < 0.1 ? 'unsubscribed' : 'active';
        insert.profile(profileRow(n, status, createdAt));
        insert.consent(consentRow(n, 'granted', createdAt, !halfYearOld));
        insert.consent(consentRow(n, status === 'active' ? 'confirmed' : 'withdrawn', createdAt + 600_000, !halfYearOld));
        insert.subscription(subscriptionRow(n, topic, status === 'active' ? 'active' : 'withdrawn', createdAt));
        insert.token(tokenRow(n, 'unsubscribe', createdAt, null));
        insert.message(messageRow(n, 'welcome', createdAt + 600_000, mailOld ? '' : `buerger${n}@bench.example`));
      }
    }
  });
  close();
  return { profiles: PROFILES, due, ...ids, indexesRebuilt, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) };
}

/** The day's retention-run row once it finished (the CMS writes it; WAL lets this connection read alongside). */
async function finishedRun(timeoutMs) {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const row = db.prepare('SELECT started_at, finished_at, counts FROM civic_dialog_retention_runs ORDER BY id DESC LIMIT 1').get();
      if (row?.finished_at) return row;
      if (Date.now() > deadline) throw new Error(`the retention run did not finish within ${timeoutMs / 1000} s`);
      await sleep(250);
    }
  } finally {
    db.close();
  }
}

let cms;
try {
  await compileApp();

  // 1. An empty database with every table and index, the demo topics and legal texts.
  await createTables(benchEnv());

  // 2. The citizens.
  const generation = generate();

  // 3. The CMS on that database; its retention check claims today's run within a second.
  cms = await startCms(benchEnv(true));
  const run = await finishedRun(30 * 60_000);
  const startedAt = epochMs(run.started_at);
  const finishedAt = epochMs(run.finished_at);
  const counts = typeof run.counts === 'string' ? JSON.parse(run.counts) : run.counts;
  const during = (await transactionTimes(cms, transactionFile)).filter(([at]) => at >= startedAt && at <= finishedAt);
  const longest = during.reduce((max, [, ms]) => Math.max(max, ms), 0);
  const seconds = (finishedAt - startedAt) / 1000;

  if (counts.unconfirmedProfiles !== generation.due) failures.push(`erased ${counts.unconfirmedProfiles} never-confirmed profiles, expected ${generation.due}`);
  if (counts.tokens !== generation.due) failures.push(`deleted ${counts.tokens} tokens, expected ${generation.due}`);
  if (!during.length) failures.push('no transaction was measured during the run');

  printReport(
    {
      database: 'sqlite',
      generation,
      run: { counts, seconds: Number(seconds.toFixed(1)), transactions: during.length, longestTransactionMs: Number(longest.toFixed(1)) },
      targets: {
        runSeconds: target(Number(seconds.toFixed(1)), '<', TARGET_SECONDS),
        longestTransactionMs: target(Number(longest.toFixed(1)), '<', TARGET_TRANSACTION_MS),
      },
    },
    failures,
  );
} finally {
  await cms?.stop();
  bench.remove();
}
