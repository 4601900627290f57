// What the data benches (bench-digest, -retention, -automations, -alerts) share to boot the demo CMS
// on a database of their own: one place for the bench database, the CMS's environment (SQLite, no
// mail, the background jobs off unless a bench switches one on), the empty first boot that makes
// the tables, the bulk load straight into those tables, the CMS with a call channel, and the
// transaction times. Each bench keeps only its data and its figure.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appDir, baseEnv, freshSecrets } from './app-env.mjs';
import { freePort, startCms } from './local-servers.mjs';

const require = createRequire(import.meta.url);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Compiles the demo app (TypeScript config) once per bench, as `strapi start` needs it. */
export const compileApp = () => require('@strapi/strapi').compileStrapi({ appDir, ignoreDiagnostics: true });

/**
 * A bench's own SQLite database in a fresh directory, with secrets that stay the same across its
 * boots. `env(overrides)` is the CMS's environment on it: no mail goes anywhere (SMTP port 9, the
 * outbox only kicked), the periodic jobs (retention, digest, automations) off unless overridden.
 * `remove()` deletes it; BENCH_KEEP_DATABASE=1 keeps it (for EXPLAIN QUERY PLAN) and says where.
 */
export function benchDatabase(name) {
  const dataDir = mkdtempSync(join(tmpdir(), `civic-bench-${name}-`));
  const databaseFile = join(dataDir, 'bench.db');
  const secrets = freshSecrets();
  return {
    dataDir,
    databaseFile,
    env: (overrides = {}) => ({
      ...secrets,
      DATABASE_CLIENT: 'sqlite',
      DATABASE_FILENAME: databaseFile,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: '9',
      CIVIC_MAIL_POLL_MS: '0',
      CIVIC_RETENTION_CHECK_INTERVAL_MS: '0',
      CIVIC_DIGEST_CHECK_INTERVAL_MS: '0',
      CIVIC_AUTOMATIONS_CHECK_INTERVAL_MS: '0',
      ...overrides,
    }),
    remove() {
      if (process.env.BENCH_KEEP_DATABASE) console.error(`bench-${name}: database kept at ${databaseFile}`);
      else rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Boots the CMS once and stops it: an empty database with every table and index, the demo's seed. */
export async function createTables(env) {
  const cms = await startCms(env);
  await cms.stop();
}

/**
 * The environment that makes the CMS time every SQLite transaction (lib/transaction-times.cjs);
 * `transactionTimes(cms, file)` reads them: [start epoch ms, duration ms] each.
 */
export const timedTransactions = (file) => ({
  NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require=${join(appDir, 'scripts', 'lib', 'transaction-times.cjs')}`].filter(Boolean).join(' '),
  BENCH_TRANSACTION_FILE: file,
});

export async function transactionTimes(cms, file) {
  rmSync(file, { force: true });
  cms.child.kill('SIGUSR2');
  // The CMS writes the file on the signal: read it once it is whole (it may exist before it is written).
  for (let i = 0; i < 300; i++) {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      await sleep(10);
    }
  }
  return [];
}

/** A stored time as epoch milliseconds (SQLite rows hold numbers or ISO text). */
export const epochMs = (value) => (typeof value === 'number' ? value : Date.parse(value));

/**
 * better-sqlite3 on the bench database, set for a bulk load next to nobody (WAL, no fsync, a large
 * cache): `inserter(table, fields)` inserts the fields the table has (a column added later does not
 * break a bench); `withoutIndexes(tables, load)` drops their indexes, runs `load` in one transaction
 * and rebuilds them from their saved definitions; `time(ms)` writes a time as Strapi wrote the seed's
 * topics (epoch milliseconds or ISO text). `close()` checkpoints the WAL, so the CMS starts on a whole file.
 */
export function bulkLoad(databaseFile) {
  const Database = require('better-sqlite3');
  const db = new Database(databaseFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const columnsOf = (table) => new Set(db.prepare(`PRAGMA table_info(${table})`).all().map((c) => c.name));
  const sample = db.prepare('SELECT created_at FROM civic_dialog_topics ORDER BY id LIMIT 1').get();
  if (!sample) throw new Error('the demo seed created no topics');
  return {
    db,
    columnsOf,
    time: typeof sample.created_at === 'number' ? (ms) => ms : (ms) => (ms == null ? null : new Date(ms).toISOString()),
    inserter(table, fields) {
      const columns = columnsOf(table);
      const used = fields.filter((f) => columns.has(f));
      const statement = db.prepare(`INSERT INTO ${table} (${used.join(', ')}) VALUES (${used.map(() => '?').join(', ')})`);
      return (row) => statement.run(...used.map((f) => row[f] ?? null));
    },
    withoutIndexes(tables, load) {
      const indexes = db
        .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(',')})`)
        .all(...tables);
      return db.transaction(() => {
        for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
        const result = load();
        for (const { sql } of indexes) db.exec(sql);
        return { result, indexesRebuilt: indexes.length };
      })();
    },
    close() {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}

/**
 * The demo CMS in a process of its own with a call channel (tests/support/instance-main.mjs):
 * `call(target, method, ...args)` reaches a plugin service by name or Strapi's document service by
 * uid, as the content manager uses it.
 */
export async function startCmsWithCalls(env) {
  const port = await freePort();
  const child = fork(join(appDir, 'tests', 'support', 'instance-main.mjs'), [], {
    cwd: appDir,
    // Its output only when it fails to start (a SIGTERM makes Strapi report its double destroy).
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, ...baseEnv, ...env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, STRAPI_STARTUP_BANNER: 'false' },
  });
  let output = '';
  child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const pending = new Map();
  let nextId = 0;
  await new Promise((resolve, reject) => {
    child.on('message', (message) => {
      if (message.ready) resolve();
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.error) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result);
    });
    void exited.then(() => reject(new Error(`the CMS exited while starting\n${output}`)));
  });
  return {
    call: (target, method, ...args) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ id, target, method, args });
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
