// `pnpm bench` (part): the editors' profile list on 1,000,000 citizens, SQLite. Boots the demo CMS
// once on an empty database (Strapi creates tables, the plugin its indexes, the seed topics and the
// demo admin), stops it, bulk-inserts the profiles and their subscriptions with better-sqlite3 in one
// transaction, boots the CMS again on that file and times GET /civic-dialog/profiles as the admin
// panel calls it (super-admin JWT). Prints JSON: p50/max per query and the rows found.
// Target (issue 3): a search answers in < 300 ms.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appDir, freshSecrets } from './lib/app-env.mjs';
import { startCms } from './lib/local-servers.mjs';
import { prng } from './lib/prng.mjs';
import { printReport, target } from './lib/targets.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

const PROFILES = Number(process.env.BENCH_PROFILES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_PROFILE_RUNS ?? 7);
const TARGET_MS = 300;

const FIRST_NAMES = [
  'Anna', 'Emma', 'Mia', 'Sofia', 'Hannah', 'Lena', 'Marie', 'Lea', 'Clara', 'Paula', 'Laura', 'Julia',
  'Sarah', 'Lisa', 'Katharina', 'Sabine', 'Petra', 'Monika', 'Ursula', 'Renate', 'Ingrid', 'Helga', 'Ayşe', 'Zeynep',
  'Olga', 'Agnieszka', 'Giulia', 'Fatima', 'Noah', 'Leon', 'Paul', 'Ben', 'Finn', 'Elias', 'Felix', 'Jonas',
  'Lukas', 'Maximilian', 'Thomas', 'Michael', 'Andreas', 'Stefan', 'Peter', 'Klaus', 'Jürgen', 'Wolfgang', 'Uwe',
  'Mehmet', 'Ali', 'Piotr', 'Luca', 'Ahmed', 'Erika', 'Max', 'Karl', 'Otto', 'Heinz', 'Gisela', 'Brigitte', 'Dieter',
];
const LAST_NAMES = [
  'mueller', 'schmidt', 'schneider', 'fischer', 'weber', 'meyer', 'wagner', 'becker', 'schulz', 'hoffmann',
  'schaefer', 'koch', 'bauer', 'richter', 'klein', 'wolf', 'schroeder', 'neumann', 'schwarz', 'zimmermann',
  'braun', 'krueger', 'hofmann', 'hartmann', 'lange', 'schmitt', 'werner', 'krause', 'meier', 'lehmann',
  'yilmaz', 'kaya', 'nowak', 'kowalski', 'rossi', 'mustermann',
];
const DOMAINS = ['example.org', 'example.com', 'example.net', 'mail.example', 'posteo.example', 'web.example'];
const DISTRICTS = ['Altstadt', 'Nordviertel', 'Südstadt', 'Am Hafen', 'Oberdorf', null, null, null];


const dataDir = mkdtempSync(join(tmpdir(), 'civic-bench-profiles-'));
const databaseFile = join(dataDir, 'bench.db');
const secrets = freshSecrets();
// The bench asks the demo seed for an admin with a password of its own run.
const benchAdmin = { email: 'admin@musterstadt.example', password: `Bench-${randomBytes(12).toString('base64url')}` };

/** `strapi start` on the bench database. */
const startBenchCms = () =>
  startCms({
    ...secrets,
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: databaseFile,
    // No mail is sent; the worker only polls.
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: '9',
    DEMO_ADMIN: '1',
    DEMO_ADMIN_EMAIL: benchAdmin.email,
    DEMO_ADMIN_PASSWORD: benchAdmin.password,
  });

/**
 * Inserts PROFILES profiles with 1–3 subscriptions each. The tables' own indexes are dropped for
 * the load and recreated from their saved definitions afterwards (a sorted build beats a million
 * random index inserts); the result is the same schema Strapi and the plugin created.
 */
function generate() {
  const db = new Database(databaseFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const tables = ['civic_dialog_profiles', 'civic_dialog_subscriptions'];
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(',')})`)
    .all(...tables);
  const topics = db.prepare('SELECT id, slug, created_at FROM civic_dialog_topics ORDER BY sort_order, id').all();
  if (topics.length < 2) throw new Error('the demo seed created no topics');
  // Timestamps in the form Strapi wrote the seeded rows (epoch milliseconds or text).
  const time = typeof topics[0].created_at === 'number' ? (ms) => ms : (ms) => (ms == null ? null : new Date(ms).toISOString());
  const profileColumns = new Set(db.prepare('PRAGMA table_info(civic_dialog_profiles)').all().map((c) => c.name));
  const subscriptionColumns = new Set(db.prepare('PRAGMA table_info(civic_dialog_subscriptions)').all().map((c) => c.name));
  const existing = db.prepare('SELECT count(*) AS n FROM civic_dialog_profiles').get().n;
  if (existing) throw new Error(`expected an empty profiles table, found ${existing} rows`);

  const random = prng(20260401);
  const pick = (list) => list[Math.floor(random() * list.length)];
  // Signups spread over the last three years, in id order.
  const end = Date.now();
  const start = end - 3 * 365 * 86_400_000;
  const docId = (n) => `bench${String(n).padStart(19, '0')}`;

  const profileData = (n) => {
    const first = pick(FIRST_NAMES);
    const roll = random();
    const status = roll < 0.7 ? 'active' : roll < 0.85 ? 'pending' : roll < 0.97 ? 'unsubscribed' : 'erased';
    const createdAt = Math.floor(start + ((end - start) * n) / PROFILES);
    const erased = status === 'erased';
    return {
      document_id: docId(n),
      email: erased ? null : `${first.toLowerCase().replace(/ş/g, 's').replace(/ü/g, 'ue')}.${pick(LAST_NAMES)}${n}@${pick(DOMAINS)}`,
      status,
      locale: random() < 0.9 ? 'de' : 'en',
      first_name: erased ? null : random() < 0.8 ? first : null,
      postal_code: erased ? null : random() < 0.4 ? `1234${Math.floor(random() * 10)}` : null,
      district: erased ? null : pick(DISTRICTS),
      confirmed_at: time(status === 'active' || status === 'unsubscribed' ? createdAt + 600_000 : null),
      unsubscribed_at: time(status === 'unsubscribed' ? createdAt + 86_400_000 : null),
      created_at: time(createdAt),
      updated_at: time(createdAt),
      published_at: time(createdAt),
    };
  };
  const profileFields = Object.keys(profileData(1)).filter((f) => profileColumns.has(f));
  const insertProfile = db.prepare(
    `INSERT INTO civic_dialog_profiles (id, ${profileFields.join(', ')}) VALUES (?, ${profileFields.map(() => '?').join(', ')})`,
  );
  const subscriptionFields = ['document_id', 'profile_id', 'topic_id', 'status', 'source', 'confirmed_at', 'withdrawn_at', 'created_at', 'updated_at', 'published_at'].filter(
    (f) => subscriptionColumns.has(f),
  );
  const insertSubscription = db.prepare(
    `INSERT INTO civic_dialog_subscriptions (${subscriptionFields.join(', ')}) VALUES (${subscriptionFields.map(() => '?').join(', ')})`,
  );

  let subscriptions = 0;
  const started = performance.now();
  db.transaction(() => {
    for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
    for (let n = 1; n <= PROFILES; n++) {
      const profile = profileData(n);
      insertProfile.run(n, ...profileFields.map((f) => profile[f]));
      if (profile.status === 'erased') continue;
      // 1–3 topics, the first one more popular than the last.
      const count = 1 + Math.floor(random() * random() * 3.5);
      const chosen = new Set();
      while (chosen.size < Math.min(count, topics.length)) chosen.add(topics[Math.floor(random() * random() * topics.length)]);
      const subscriptionStatus = profile.status === 'active' ? 'active' : profile.status;
      for (const topic of chosen) {
        subscriptions += 1;
        const row = {
          document_id: `benchsub${String(subscriptions).padStart(16, '0')}`,
          profile_id: n,
          topic_id: topic.id,
          status: subscriptionStatus,
          source: 'https://www.musterstadt.example/newsletter.html',
          confirmed_at: profile.confirmed_at,
          withdrawn_at: profile.unsubscribed_at,
          created_at: profile.created_at,
          updated_at: profile.updated_at,
          published_at: profile.published_at,
        };
        insertSubscription.run(...subscriptionFields.map((f) => row[f]));
      }
    }
    for (const { sql } of indexes) db.exec(sql);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { profiles: PROFILES, subscriptions, indexesRebuilt: indexes.length, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

let cms;
try {
  await require('@strapi/strapi').compileStrapi({ appDir, ignoreDiagnostics: true });

  // 1. An empty database with every table and index, the demo topics and the demo admin.
  cms = await startBenchCms();
  await cms.stop();

  // 2. A million citizens.
  const generation = generate();

  // 3. The CMS on that database, and the editor's list as the admin panel asks for it.
  cms = await startBenchCms();
  const login = await fetch(`${cms.url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(benchAdmin),
  });
  if (!login.ok) throw new Error(`admin login failed: ${login.status}`);
  const jwt = (await login.json()).data.token;

  const queries = {
    page1: 'page=1&pageSize=20',
    page50: 'page=50&pageSize=20',
    emailPrefix: 'q=lena.schmidt',
    emailPrefixShort: 'q=an',
    firstName: 'q=Zeynep',
    statusPending: 'status=pending',
    topicSmallest: 'topic=rathaus',
    topicLargest: 'topic=abfall',
    topicLastPage: 'topic=rathaus&page=3557',
    topicAndStatus: 'topic=kultur&status=pending',
    searchAndTopic: 'q=zeynep&topic=abfall',
    noHits: 'q=niemand.hier',
  };
  const results = {};
  for (const [name, query] of Object.entries(queries)) {
    const times = [];
    let body;
    // One cold call, then RUNS warm ones.
    for (let run = 0; run <= RUNS; run++) {
      const startedAt = performance.now();
      const res = await fetch(`${cms.url}/civic-dialog/profiles?${query}`, { headers: { authorization: `Bearer ${jwt}` } });
      body = await res.json();
      const ms = performance.now() - startedAt;
      if (!res.ok) throw new Error(`${query}: ${res.status} ${JSON.stringify(body)}`);
      if (run > 0) times.push(ms);
    }
    results[name] = {
      query,
      p50Ms: Number(median(times).toFixed(1)),
      maxMs: Number(Math.max(...times).toFixed(1)),
      total: body.pagination.total,
      rows: body.results.length,
    };
  }
  const searches = ['emailPrefix', 'emailPrefixShort', 'firstName', 'searchAndTopic', 'noHits'];
  printReport({
    database: 'sqlite',
    generation,
    runsPerQuery: RUNS,
    profileList: results,
    // Each search's median against the target.
    targets: Object.fromEntries(searches.map((name) => [`${name}P50Ms`, target(results[name].p50Ms, '<', TARGET_MS)])),
  });
} finally {
  await cms?.stop();
  // BENCH_KEEP_DATABASE=1 keeps the file for EXPLAIN QUERY PLAN.
  if (process.env.BENCH_KEEP_DATABASE) console.error(`bench-profiles: database kept at ${databaseFile}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
