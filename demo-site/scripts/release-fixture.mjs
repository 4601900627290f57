// Refreshes demo-site/tests/fixtures/previous-release/: the databases a release of Civic Dialog wrote,
// which tests/integration/previous-release.test.ts upgrades (boots the current code on a copy and
// uses every row). Run it at each release, on the commit being released:
//
//   node demo-site/scripts/release-fixture.mjs <release commit or tag>
//
// It checks the release out into a temporary git worktree, installs and builds it there, boots its
// demo app on a new SQLite database and on a new PostgreSQL database (TEST_POSTGRES_URL, default
// postgres://postgres@127.0.0.1:5432/postgres; pg_dump of the server's major version on PATH or in
// /usr/lib/postgresql/<major>/bin), and lets citizens do through its public API what citizens do:
// subscribe and confirm, sign up without confirming, unsubscribe, register for an event, answer an
// identified and an anonymous survey. Then it writes:
//   sqlite.sql     the SQLite database as SQL (schema and rows)
//   postgres.sql   the PostgreSQL database (pg_dump --inserts, without psql meta-commands)
//   fixture.json   the release, what the citizens did, and per database the event cancel link it mailed and
//                  what it showed: each citizen's export, the organiser's registrations, the survey results
import { execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import pg from 'pg';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { appDir, baseEnv, freshSecrets } from './lib/app-env.mjs';
import { freePort } from './lib/local-servers.mjs';

const require = createRequire(import.meta.url);
const repo = join(appDir, '..');
const out = join(appDir, 'tests', 'fixtures', 'previous-release');
const instanceMain = fileURLToPath(new URL('../tests/support/instance-main.mjs', import.meta.url));
const postgresUrl = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const TOWN = 'http://town.test';
const ADMIN = { email: 'fixture-admin@musterstadt.example', password: `Fixture-${randomBytes(12).toString('base64url')}` };
const FAR = '2099-06-01T17:00:00.000Z';

/** What the citizens do; the test checks every part of it after the upgrade. */
const SCENARIO = {
  townOrigin: TOWN,
  citizens: {
    anna: { email: 'anna.abo@fixture.example', firstName: 'Anna', locale: 'de', topics: ['abfall', 'kultur'], status: 'active' },
    bernd: { email: 'bernd.offen@fixture.example', firstName: 'Bernd', locale: 'en', topics: ['verkehr'], status: 'pending' },
    clara: { email: 'clara.gast@fixture.example', firstName: 'Clara', lastName: 'Beispiel', locale: 'de' },
    dora: { email: 'dora.weg@fixture.example', firstName: 'Dora', locale: 'de', topics: ['rathaus'], status: 'unsubscribed' },
  },
  event: {
    slug: 'fixture-abend',
    title: 'Bürgerabend (Fixture)',
    startsAt: FAR,
    registrant: 'clara',
    seats: 2,
    questions: [{ id: 'essen', type: 'short-text', label: { de: 'Essenswunsch', en: 'Food' } }],
    answers: { essen: 'vegetarisch' },
  },
  survey: {
    slug: 'fixture-umfrage',
    respondent: 'anna',
    questions: [
      { id: 'ort', type: 'single-choice', required: true, label: { de: 'Wo?', en: 'Where?' }, choices: [{ id: 'park', label: { de: 'Stadtpark' } }, { id: 'schule', label: { de: 'Schule' } }] },
      { id: 'notiz', type: 'free-text', maxLength: 200, label: { de: 'Notiz' } },
    ],
    answers: { ort: 'park', notiz: 'Mehr Bänke' },
  },
  anonymousSurvey: { slug: 'fixture-anonym', answers: { ort: 'schule' } },
};

const sh = (cmd, args, options = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...options });

// --- a mailbox for the old release's mails ----------------------------------------------------------

async function startMailbox() {
  const mails = [];
  const server = new SMTPServer({
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () =>
        PostalMime.parse(Buffer.concat(chunks))
          .then((mail) => {
            mails.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), text: mail.text ?? '', headers: mail.headers });
            callback();
          })
          .catch(callback),
      );
    },
  });
  server.on('error', () => {});
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    /** The first mail to `email` whose text has `what` (a link's path) or that `what(mail)` picks, once it has arrived. */
    async find(email, what) {
      const picks = typeof what === 'function' ? what : (mail) => mail.text.includes(what);
      const deadline = Date.now() + 60_000;
      for (;;) {
        const found = mails.find((mail) => mail.to.includes(email) && picks(mail));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no mail to ${email} with ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    /** The mails to `email` received so far. */
    received: (email) => mails.filter((mail) => mail.to.includes(email)),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const tokenIn = (mail, path) => {
  const link = mail.text.match(new RegExp(`https?://\\S*${path}\\?token=([A-Za-z0-9_-]+)`));
  if (!link) throw new Error(`no ${path} link in a mail:\n${mail.text}`);
  return link[1];
};

// --- the release's demo app, as a child process ------------------------------------------------------

async function bootRelease(releaseApp, databaseEnv, mailbox) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = fork(instanceMain, [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      ...baseEnv,
      ...freshSecrets(),
      ...databaseEnv,
      STRAPI_APP_DIR: releaseApp,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(mailbox.port),
      CIVIC_ALLOWED_ORIGINS: TOWN,
      TOWN_WEBSITE_URL: TOWN,
      CIVIC_MAIL_POLL_MS: '500',
      CIVIC_MAIL_COOLDOWN_SECONDS: '0',
      STRAPI_STARTUP_BANNER: 'false',
      // An editor who records what the release shows (exports, registrations, results); not kept for the test.
      DEMO_ADMIN: '1',
      DEMO_ADMIN_EMAIL: ADMIN.email,
      DEMO_ADMIN_PASSWORD: ADMIN.password,
    },
  });
  await new Promise((resolve, reject) => {
    child.on('message', (message) => message.ready && resolve());
    child.once('exit', (code) => reject(new Error(`the release's app exited while starting (${code})`)));
  });
  let next = 0;
  const call = (target, method, ...args) =>
    new Promise((resolve, reject) => {
      const id = next++;
      const answer = (message) => {
        if (message.id !== id) return;
        child.off('message', answer);
        if (message.error) reject(new Error(message.error));
        else resolve(message.result);
      };
      child.on('message', answer);
      child.send({ id, target, method, args });
    });
  const post = async (path, body) => {
    const res = await fetch(`${baseUrl}/api/civic-dialog${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TOWN },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    baseUrl,
    call,
    post,
    async stop() {
      // instance-main exits when its parent goes (everything is committed and every mail sent by now).
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}

/** What the citizens do, through the release's public API; returns the cancel link's token of the registration. */
async function actAsCitizens(app, mailbox) {
  const { citizens, event, survey, anonymousSurvey } = SCENARIO;
  const day = 86_400_000;
  await app.call('plugin::civic-dialog.event', 'create', {
    data: {
      title: event.title,
      slug: event.slug,
      description: 'Ein Abend, der nicht vergeht: die Anmeldung bleibt stornierbar.',
      startsAt: event.startsAt,
      endsAt: new Date(Date.parse(event.startsAt) + 2 * 3_600_000).toISOString(),
      location: 'Bürgersaal',
      address: 'Marktplatz 1, 12345 Musterstadt',
      capacity: 20,
      waitingList: true,
      maxSeatsPerRegistration: 2,
      questions: event.questions,
      reminderOffsets: [],
    },
  });
  for (const [slug, mode] of [[survey.slug, 'identified'], [anonymousSurvey.slug, 'anonymous']]) {
    await app.call('plugin::civic-dialog.survey', 'create', {
      data: {
        title: `Umfrage ${slug}`,
        slug,
        mode,
        questions: survey.questions,
        opensAt: new Date(Date.now() - day).toISOString(),
        closesAt: '2099-12-31T23:00:00.000Z',
      },
    });
  }

  const consent = (locale, page) => ({ locale, legalTextVersion: 1, consent: true, pageUrl: `${TOWN}/${page}` });
  const signup = (who) =>
    app.post('/signups', { email: who.email, firstName: who.firstName, topics: who.topics, widget: 'civic-signup', website: '', ...consent(who.locale, 'newsletter.html') });

  // Anna subscribes and confirms; Bernd signs up and never confirms; Dora subscribes, confirms and leaves.
  for (const who of [citizens.anna, citizens.bernd, citizens.dora]) await signup(who);
  for (const who of [citizens.anna, citizens.dora]) {
    await app.post('/confirm', { token: tokenIn(await mailbox.find(who.email, '/confirm?'), '/api/civic-dialog/confirm') });
  }
  await mailbox.find(citizens.bernd.email, '/confirm?');
  const listUnsubscribe = (mail) => mail.headers.find((header) => header.key === 'list-unsubscribe')?.value;
  const unsubscribe = listUnsubscribe(await mailbox.find(citizens.dora.email, listUnsubscribe)).slice(1, -1);
  const left = await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  if (left.status !== 200) throw new Error(`one-click unsubscribe: ${left.status}`);

  // Clara registers for the event and confirms; the mail that confirms the seat carries the cancel link.
  const clara = citizens.clara;
  await app.post(`/events/${event.slug}/registrations`, {
    email: clara.email,
    firstName: clara.firstName,
    lastName: clara.lastName,
    seats: event.seats,
    answers: event.answers,
    widget: 'civic-event-registration',
    website: '',
    ...consent(clara.locale, 'veranstaltungen.html'),
  });
  await app.post('/event-confirm', { token: tokenIn(await mailbox.find(clara.email, '/event-confirm?'), '/api/civic-dialog/event-confirm') });
  const cancelToken = tokenIn(await mailbox.find(clara.email, '/event-cancel?'), '/api/civic-dialog/event-cancel');

  // Anna answers the identified survey and confirms; someone answers the anonymous one.
  const anna = citizens.anna;
  await app.post(`/surveys/${survey.slug}/responses`, { email: anna.email, answers: survey.answers, widget: 'civic-survey', ...consent(anna.locale, 'umfrage.html') });
  await app.post('/survey-confirm', { token: tokenIn(await mailbox.find(anna.email, '/survey-confirm?'), '/api/civic-dialog/survey-confirm') });
  const { data: participation } = await app.post(`/surveys/${anonymousSurvey.slug}/participations`, {});
  await app.post(`/surveys/${anonymousSurvey.slug}/responses`, { participationToken: participation.participationToken, answers: anonymousSurvey.answers, locale: 'de', widget: 'civic-survey' });

  // Every mail out before the release stops (a queued one would be sent again by the upgraded code).
  await app.call('outbox', 'drain');
  return { eventCancel: cancelToken, ...(await recordViews(app, mailbox)) };
}

/**
 * What the release shows of that data: each citizen's own export (manage link → session → export;
 * null for a citizen the release sends no manage link), the organiser's registrations, the survey results.
 */
async function recordViews(app, mailbox) {
  const exports = {};
  for (const who of Object.values(SCENARIO.citizens)) {
    await app.post('/preferences/link', { email: who.email, locale: who.locale, pageUrl: `${TOWN}/mein-newsletter.html` });
  }
  await app.call('outbox', 'drain');
  for (const [name, who] of Object.entries(SCENARIO.citizens)) {
    const mail = mailbox.received(who.email).find((candidate) => candidate.text.includes('#civic-token='));
    if (!mail) {
      exports[name] = null;
      continue;
    }
    const { data: session } = await app.post('/preferences/session', { token: mail.text.match(/#civic-token=([A-Za-z0-9_-]+)/)[1] });
    const res = await fetch(`${app.baseUrl}/api/civic-dialog/preferences/export`, { headers: { authorization: `Bearer ${session.sessionToken}`, origin: TOWN } });
    if (res.status !== 200) throw new Error(`export of ${who.email}: ${res.status} ${await res.text()}`);
    exports[name] = (await res.json()).sections;
  }

  const login = await fetch(`${app.baseUrl}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const { data } = await login.json();
  const get = async (path) => {
    const res = await fetch(`${app.baseUrl}/civic-dialog${path}`, { headers: { authorization: `Bearer ${data.token}` } });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const event = (await get('/events-admin')).results.find((item) => item.slug === SCENARIO.event.slug);
  const registrations = (await get(`/events-admin/${event.id}/registrations`)).results;
  const surveys = {};
  for (const item of (await get('/surveys-admin')).results) {
    if ([SCENARIO.survey.slug, SCENARIO.anonymousSurvey.slug].includes(item.slug)) surveys[item.slug] = (await get(`/surveys-admin/${item.id}/results?locale=de`)).questions;
  }
  return { exports, event, registrations, surveys };
}

// --- the databases as SQL ----------------------------------------------------------------------------

const sqlValue = (value) =>
  value === null ? 'NULL' : typeof value === 'number' || typeof value === 'bigint' ? String(value) : Buffer.isBuffer(value) ? `X'${value.toString('hex')}'` : `'${String(value).replace(/'/g, "''")}'`;

/** Schema and rows of a SQLite database as SQL that `exec` loads into an empty database (like sqlite3's .dump). */
function dumpSqlite(file) {
  const Database = require('better-sqlite3');
  const db = new Database(file);
  db.defaultSafeIntegers(true);
  const lines = ['PRAGMA foreign_keys=OFF;', 'BEGIN TRANSACTION;'];
  const objects = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type = 'table' DESC, rowid").all();
  for (const { type, name, sql } of objects) {
    lines.push(`${sql};`);
    if (type !== 'table') continue;
    for (const row of db.prepare(`SELECT * FROM "${name}"`).raw(true).all()) lines.push(`INSERT INTO "${name}" VALUES(${row.map(sqlValue).join(',')});`);
  }
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get()) {
    lines.push('DELETE FROM sqlite_sequence;');
    for (const row of db.prepare('SELECT name, seq FROM sqlite_sequence').raw(true).all()) lines.push(`INSERT INTO sqlite_sequence VALUES(${row.map(sqlValue).join(',')});`);
  }
  lines.push('COMMIT;');
  db.close();
  return `${lines.join('\n')}\n`;
}

function pgDumpBinary(major) {
  const candidates = [`/usr/lib/postgresql/${major}/bin/pg_dump`, ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'pg_dump'))];
  for (const candidate of candidates.filter(existsSync)) {
    if (Number(execFileSync(candidate, ['--version']).toString().match(/(\d+)(?:\.\d+)+/)?.[1]) === major) return candidate;
  }
  throw new Error(`pg_dump of PostgreSQL ${major} (the server's version) not found: install postgresql-client-${major}`);
}

/** A plain-SQL dump that the pg client can run as one query: no psql meta-commands (\restrict …). */
function dumpPostgres(url, major) {
  const sql = execFileSync(pgDumpBinary(major), ['--format=plain', '--inserts', '--no-owner', '--no-privileges', url], { maxBuffer: 256 * 1024 * 1024 }).toString();
  return sql
    .split('\n')
    .filter((line) => !line.startsWith('\\'))
    .join('\n');
}

// --- main ----------------------------------------------------------------------------------------------

const ref = process.argv[2];
if (!ref) {
  console.error('usage: node demo-site/scripts/release-fixture.mjs <release commit or tag>');
  process.exit(2);
}
const commit = execFileSync('git', ['rev-parse', `${ref}^{commit}`], { cwd: repo }).toString().trim();
const subject = execFileSync('git', ['log', '-1', '--format=%cs %s', commit], { cwd: repo }).toString().trim();
const tree = mkdtempSync(join(tmpdir(), 'civic-release-'));
const pnpm = join(repo, 'node_modules', '.bin', 'pnpm');
const env = { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' };

sh('git', ['worktree', 'add', '--detach', tree, commit], { cwd: repo });
try {
  console.log(`\n== Installing and building ${commit.slice(0, 7)} (${subject}) in ${tree} ==`);
  sh(pnpm, ['install', '--frozen-lockfile', '--prefer-offline'], { cwd: tree, env });
  sh(pnpm, ['run', 'build'], { cwd: tree, env });
  const releaseApp = join(tree, 'demo-site');
  sh(process.execPath, ['-e', "require('@strapi/strapi').compileStrapi({ appDir: process.cwd(), ignoreDiagnostics: true })"], { cwd: releaseApp, env });

  // Per database: the cancel link's token and what the release showed.
  const recorded = {};
  mkdirSync(out, { recursive: true });

  console.log('\n== The release on SQLite ==');
  const sqliteDir = mkdtempSync(join(tmpdir(), 'civic-release-db-'));
  const sqliteFile = join(sqliteDir, 'data.db');
  try {
    const mailbox = await startMailbox();
    const app = await bootRelease(releaseApp, { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: sqliteFile }, mailbox);
    recorded.sqlite = await actAsCitizens(app, mailbox);
    await app.stop();
    await mailbox.close();
    writeFileSync(join(out, 'sqlite.sql'), dumpSqlite(sqliteFile));
  } finally {
    rmSync(sqliteDir, { recursive: true, force: true });
  }

  console.log('\n== The release on PostgreSQL ==');
  const name = `civic_release_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  const major = Math.floor(Number((await admin.query('SHOW server_version_num')).rows[0].server_version_num) / 10_000);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  try {
    const mailbox = await startMailbox();
    const app = await bootRelease(releaseApp, { DATABASE_CLIENT: 'postgres', DATABASE_URL: url.toString() }, mailbox);
    recorded.postgres = await actAsCitizens(app, mailbox);
    await app.stop();
    await mailbox.close();
    writeFileSync(join(out, 'postgres.sql'), dumpPostgres(url.toString(), major));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }

  const fixture = { release: commit, subject, madeAt: new Date().toISOString(), postgresMajor: major, ...SCENARIO, recorded };
  writeFileSync(join(out, 'fixture.json'), `${JSON.stringify(fixture, null, 2)}\n`);
  console.log(`\nWrote ${out}: sqlite.sql (${readFileSync(join(out, 'sqlite.sql')).length} bytes), postgres.sql, fixture.json`);
} finally {
  sh('git', ['worktree', 'remove', '--force', tree], { cwd: repo });
}
