import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { appDir, freshSecrets } from '../../scripts/lib/app-env.mjs';
import { adminToken, pluginAdminApi } from '../support/admin';
import { freshDatabase, type TestDatabase } from '../support/database';
import { waitUntil } from '../support/instances';
import { linkTo } from '../support/mail-catcher';
import { publicApi, signupBody } from '../support/http';
import { rows } from '../support/rows';
import { settleOutbox, startApp, type TestApp } from '../support/strapi';

// Issue 11: a backup taken the way the README says (SQLite's online backup, pg_dump) while signups
// and their confirmations keep arriving over HTTP restores to a database in which every consent
// confirmed before the backup started is present and provable (the same ledger entries and legal
// texts in the citizen's export), a link mailed before the backup still works, an erasure stays
// remembered, and nothing is half written.

const run = promisify(execFile);
const onPostgres = Boolean(process.env.TEST_POSTGRES_URL);
const PROFILE = 'plugin::civic-dialog.profile' as any;
const CONSENT = 'plugin::civic-dialog.consent' as any;

const scratch = mkdtempSync(join(tmpdir(), 'civic-backup-'));
const apps: TestApp[] = [];

afterAll(async () => {
  for (const app of apps) await app.stop().catch(() => {});
  rmSync(scratch, { recursive: true, force: true });
});

// --- the backup, as the README tells a town to take it ---------------------------------------------

/** SQLite: the README's Node one-liner, in a process of its own (like a cron job), while Strapi writes. */
async function sqliteBackup(databaseFile: string, backupFile: string) {
  const script = "require('better-sqlite3')(process.argv[1]).backup(process.argv[2], { progress: () => 2 ** 31 - 1 })";
  await run(process.execPath, ['-e', script, databaseFile, backupFile], { cwd: appDir });
}

/**
 * pg_dump / pg_restore of the server's major version: a dump by a newer pg_dump carries settings an
 * older server refuses, and an older one refuses a newer server. Missing tools fail the test (never skip).
 */
async function postgresTool(name: 'pg_dump' | 'pg_restore', databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const major = Math.floor(Number((await client.query('SHOW server_version_num')).rows[0].server_version_num) / 10_000);
  await client.end();
  const candidates = [`/usr/lib/postgresql/${major}/bin/${name}`, ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name))];
  const seen: string[] = [];
  for (const candidate of candidates.filter(existsSync)) {
    const { stdout } = await run(candidate, ['--version']);
    const found = Number(stdout.match(/(\d+)(?:\.\d+)+/)?.[1]);
    if (found === major) return candidate;
    seen.push(`${candidate} (${found})`);
  }
  throw new Error(
    `${name} of PostgreSQL ${major} (the server's version) not found${seen.length ? `; found only ${seen.join(', ')}` : ''}: ` +
      `install the client tools, e.g. apt-get install postgresql-client-${major}`,
  );
}

async function takeBackup(app: TestApp): Promise<string> {
  if (onPostgres) {
    const file = join(scratch, 'civic-dialog.dump');
    await run(await postgresTool('pg_dump', app.database.env.DATABASE_URL!), ['--format=custom', `--file=${file}`, app.database.env.DATABASE_URL!]);
    return file;
  }
  const file = join(scratch, 'civic-dialog-backup.db');
  await sqliteBackup(app.database.env.DATABASE_FILENAME!, file);
  return file;
}

/** Restores into a new, empty database, as the README says. */
async function restore(backup: string): Promise<TestDatabase> {
  const database = await freshDatabase();
  if (onPostgres) {
    const url = database.env.DATABASE_URL!;
    await run(await postgresTool('pg_restore', url), ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${url}`, backup]);
  } else {
    copyFileSync(backup, database.env.DATABASE_FILENAME!);
  }
  return database;
}

// --- citizens signing up and confirming, without pause ----------------------------------------------

interface Citizen {
  email: string;
  signupAt: number;
  confirmedAt?: number;
}

/** `loops` citizens at a time sign up and confirm by the mailed link, one after another, until stopped. */
function traffic(app: TestApp, loops = 3) {
  const api = publicApi(app.baseUrl);
  const citizens: Citizen[] = [];
  let stopping = false;
  const loop = async () => {
    while (!stopping) {
      const citizen: Citizen = { email: `fluss-${citizens.length + 1}@example.org`, signupAt: performance.now() };
      citizens.push(citizen);
      const signup = await api.postJson('/signups', signupBody({ email: citizen.email, firstName: 'Fluss', topics: ['abfall', 'verkehr'] }));
      if (signup.status !== 202) throw new Error(`signup of ${citizen.email}: ${signup.status}`);
      const [doi] = await app.mail.waitFor(citizen.email);
      const confirm = await api.postJson('/confirm', { token: linkTo(doi!, '/api/civic-dialog/confirm').searchParams.get('token') });
      if (confirm.status !== 200) throw new Error(`confirming ${citizen.email}: ${confirm.status}`);
      citizen.confirmedAt = performance.now();
    }
  };
  const running = Array.from({ length: loops }, loop);
  return {
    citizens,
    async stop() {
      stopping = true;
      await Promise.all(running);
    },
  };
}

/** What proves a citizen's consent: their export's profile, subscriptions and consents (with the full legal text). */
async function proofOf(app: TestApp, admin: ReturnType<typeof pluginAdminApi>, email: string) {
  const profile = await rows(app.strapi).profile(email);
  if (!profile) return null;
  const res = await admin(`/profiles/${profile.id}/export`);
  expect(res.status).toBe(200);
  const { sections } = (await res.json()) as any;
  return { id: profile.id, profile: sections.profile, subscriptions: sections.subscriptions, consents: sections.consents };
}

describe(`backup and restore of a running installation on ${onPostgres ? 'PostgreSQL (pg_dump, pg_restore)' : 'SQLite (online backup)'}`, () => {
  it('a backup taken while signups and confirmations arrive restores every consent confirmed before it started, provably', async () => {
    const app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '100000', CIVIC_MAIL_POLL_MS: '200' });
    apps.push(app);
    // A restore keeps the installation's secrets (APP_KEYS hash consent IPs and erased addresses).
    const secrets = Object.fromEntries(Object.keys(freshSecrets()).map((key) => [key, process.env[key]!]));
    const api = publicApi(app.baseUrl);
    const admin = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl));

    // Before the backup: a citizen who has the confirmation mail but has not clicked yet, and one erased.
    const waiting = 'wartet.noch@example.org';
    expect((await api.postJson('/signups', signupBody({ email: waiting, topics: ['kultur'] }))).status).toBe(202);
    const waitingToken = linkTo((await app.mail.waitFor(waiting))[0]!, '/api/civic-dialog/confirm').searchParams.get('token');
    const erased = 'geloescht@example.org';
    expect((await api.postJson('/signups', signupBody({ email: erased }))).status).toBe(202);
    await app.mail.waitFor(erased);
    const erasedId = (await rows(app.strapi).profile(erased)).id;
    expect((await admin(`/profiles/${erasedId}/erase`, { method: 'POST' })).status).toBe(200);

    const flow = traffic(app);
    let backup: string;
    let confirmedBefore: Citizen[];
    let backupEnd: number;
    try {
      await waitUntil(() => flow.citizens.filter((c) => c.confirmedAt).length >= 10, { what: '10 confirmed signups' });
      const backupStart = performance.now();
      confirmedBefore = flow.citizens.filter((c) => c.confirmedAt !== undefined && c.confirmedAt < backupStart);
      // Writes are under way as the backup starts: citizens between their signup and its confirmation.
      expect(flow.citizens.filter((c) => c.confirmedAt === undefined).length).toBeGreaterThan(0);
      backup = await takeBackup(app);
      backupEnd = performance.now();
      // And they go on after it: wait for a citizen who signed up only after the backup had finished.
      await waitUntil(() => flow.citizens.some((c) => c.signupAt > backupEnd && c.confirmedAt), { what: 'a signup after the backup, confirmed' });
    } finally {
      await flow.stop();
    }
    await settleOutbox(app);
    const after = flow.citizens.filter((c) => c.signupAt > backupEnd);

    const proofs = new Map<string, Awaited<ReturnType<typeof proofOf>>>();
    for (const citizen of confirmedBefore) proofs.set(citizen.email, await proofOf(app, admin, citizen.email));
    await app.stop();
    apps.splice(apps.indexOf(app), 1);

    // The restore: a new database from the backup, the same secrets, the current code.
    const restored = await startApp({ ...secrets, CIVIC_RATE_LIMIT_IP_POINTS: '100000' }, { database: await restore(backup) });
    apps.push(restored);
    const restoredAdmin = pluginAdminApi(restored.baseUrl, await adminToken(restored.baseUrl));
    const db = rows(restored.strapi);

    expect(confirmedBefore.length).toBeGreaterThanOrEqual(10);
    for (const citizen of confirmedBefore) {
      const before = proofs.get(citizen.email)!;
      expect(before.consents.map((c: any) => [c.action, c.purpose, c.legalText?.version])).toEqual([
        ['granted', 'newsletter', 1],
        ['confirmed', 'newsletter', 1],
      ]);
      const now = await proofOf(restored, restoredAdmin, citizen.email);
      expect(now, citizen.email).toEqual(before);
      expect(now!.profile.status).toBe('active');
      expect(now!.consents[1].legalText.body.length).toBeGreaterThan(50);
    }

    // Nothing half written: every profile of the flow in the backup is pending with its granted consent,
    // or active with granted and confirmed; a signup after the backup is not in it.
    for (const citizen of flow.citizens) {
      const profile = await db.profile(citizen.email);
      if (after.includes(citizen)) {
        expect(profile, citizen.email).toBeNull();
        continue;
      }
      if (!profile) continue; // its signup's work had not been done when the backup started
      const consents = (await db.consents(profile.id)).map((c: any) => c.action);
      const subscriptions = (await db.subscriptions(profile.id)).map((s: any) => s.status);
      expect([profile.status, consents, subscriptions], citizen.email).toEqual(
        profile.status === 'active' ? ['active', ['granted', 'confirmed'], ['active', 'active']] : ['pending', ['granted'], ['pending', 'pending']],
      );
    }
    const orphans = await restored.strapi.db.query(CONSENT).count({ where: { profileId: { $notIn: (await restored.strapi.db.query(PROFILE).findMany({ select: ['id'] })).map((p: any) => p.id) } } });
    expect(orphans).toBe(0);

    // The link mailed before the backup confirms on the restored installation, and its welcome goes out.
    const confirm = await publicApi(restored.baseUrl).postJson('/confirm', { token: waitingToken });
    expect(confirm.status).toBe(200);
    expect((await db.profile(waiting)).status).toBe('active');
    expect((await restored.mail.waitFor(waiting))[0]!.subject).toMatch(/willkommen/i);
    // The erased address is still known as erased (an HMAC with the kept APP_KEYS).
    expect(await restored.strapi.plugin('civic-dialog').service('gdpr').wasErased(erased)).toBe(true);
  }, 300_000);
});
