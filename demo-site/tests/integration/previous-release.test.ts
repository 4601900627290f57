import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appDir } from '../../scripts/lib/app-env.mjs';
import { adminToken, pluginAdminApi, TEST_ADMIN } from '../support/admin';
import { freshDatabase, type TestDatabase } from '../support/database';
import { linkTo } from '../support/mail-catcher';
import { publicApi, signupBody } from '../support/http';
import { rows } from '../support/rows';
import { settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

// Issue 11: the current code boots on a database the previous release wrote (tests/fixtures/
// previous-release, made by scripts/release-fixture.mjs from that release's own code and refreshed
// at each release) and finds every profile, consent, subscription, registration and survey response
// as that release showed them — and usable: a manage link and export, a topic dropped, the cancel
// link that release mailed, a pending signup confirmed, an unsubscribed citizen back.

const FIXTURE = join(appDir, 'tests', 'fixtures', 'previous-release');
const fixture = JSON.parse(readFileSync(join(FIXTURE, 'fixture.json'), 'utf8'));
const onPostgres = Boolean(process.env.TEST_POSTGRES_URL);
const recorded = onPostgres ? fixture.recorded.postgres : fixture.recorded.sqlite;
const citizens = fixture.citizens as Record<'anna' | 'bernd' | 'clara' | 'dora', { email: string; locale: string; topics?: string[]; status?: string }>;
/** The export sections that hold what citizens gave (messages and tokens are the plugin's own bookkeeping). */
const DATA_SECTIONS = ['profile', 'subscriptions', 'consents', 'registrations', 'surveyResponses'];

let app: TestApp;
let api: ReturnType<typeof publicApi>;
let admin: ReturnType<typeof pluginAdminApi>;
let db: ReturnType<typeof rows>;
/** What the current code shows right after booting on the release's data, before any test changes it. */
const seen: { exports: Record<string, any>; event: any; registrations: any[]; surveys: Record<string, any> } = {
  exports: {},
  event: null,
  registrations: [],
  surveys: {},
};

/** The seeded event an editor of the release cancelled (written here: the fixture's own are all scheduled). */
const CANCELLED_EVENT = 'gemeinderatssitzung';

/**
 * A new database holding what the release wrote, with one event cancelled in the release's
 * column (`status`; now `event_status`), so a rename that loses the data shows.
 */
async function releaseDatabase(): Promise<TestDatabase> {
  const database = await freshDatabase();
  const sql = readFileSync(join(FIXTURE, onPostgres ? 'postgres.sql' : 'sqlite.sql'), 'utf8');
  // pg_dump's script leaves an empty search_path behind: the table by its schema there.
  const cancel = `UPDATE ${onPostgres ? 'public.' : ''}civic_dialog_events SET status = 'cancelled' WHERE slug = '${CANCELLED_EVENT}'`;
  if (onPostgres) {
    const client = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
    await client.query(sql);
    expect((await client.query(cancel)).rowCount).toBe(1);
    await client.end();
  } else {
    const sqlite = new Database(database.env.DATABASE_FILENAME!);
    sqlite.exec(sql);
    expect(sqlite.prepare(cancel).run().changes).toBe(1);
    sqlite.close();
  }
  return database;
}

async function adminGet(path: string) {
  const res = await admin(path);
  expect(res.status, path).toBe(200);
  return res.json() as Promise<any>;
}

beforeAll(async () => {
  expect(fixture.townOrigin).toBe(TOWN_ORIGIN);
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '500', CIVIC_MAIL_COOLDOWN_SECONDS: '0', TOWN_WEBSITE_URL: TOWN_ORIGIN }, { database: await releaseDatabase() });
  api = publicApi(app.baseUrl);
  db = rows(app.strapi);
  // The release's editors stay; this test logs in as an editor of its own.
  const superAdmin = await app.strapi.service('admin::role').getSuperAdmin();
  await app.strapi.service('admin::user').create({ ...TEST_ADMIN, firstname: 'Test', lastname: 'Upgrade', isActive: true, registrationToken: null, roles: [superAdmin.id] });
  admin = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl));

  for (const [name, citizen] of Object.entries(citizens)) {
    const profile = await db.profile(citizen.email);
    seen.exports[name] = profile ? (await adminGet(`/profiles/${profile.id}/export`)).sections : null;
  }
  seen.event = (await adminGet('/events-admin')).results.find((item: any) => item.slug === fixture.event.slug);
  seen.registrations = seen.event ? (await adminGet(`/events-admin/${seen.event.id}/registrations`)).results : [];
  for (const item of (await adminGet('/surveys-admin')).results) {
    if (item.slug in recorded.surveys) seen.surveys[item.slug] = (await adminGet(`/surveys-admin/${item.id}/results?locale=de`)).questions;
  }
});

afterAll(async () => {
  await app?.stop();
});

describe(`upgrade from the previous release (${String(fixture.release).slice(0, 7)}) on ${onPostgres ? 'PostgreSQL' : 'SQLite'}`, () => {
  it("finds each citizen's profile, subscriptions, consents with their legal texts, registrations and survey responses as the release exported them", () => {
    for (const [name, before] of Object.entries(recorded.exports as Record<string, any>)) {
      expect(before, `${name}: the release exported nothing`).not.toBeNull();
      const now = seen.exports[name];
      expect(now, `${name}: profile not found`).not.toBeNull();
      for (const section of DATA_SECTIONS.filter((key) => key in before)) {
        expect(now[section], `${name}: ${section}`).toMatchObject(before[section]);
      }
    }
    // What the release was given is there (not only what it exported): a proof per consent.
    expect(seen.exports.anna.consents.map((c: any) => [c.purpose, c.action, c.legalText.version])).toEqual([
      ['newsletter', 'granted', 1],
      ['newsletter', 'confirmed', 1],
      ['survey', 'granted', 1],
      ['survey', 'confirmed', 1],
    ]);
    expect(seen.exports.dora.consents.map((c: any) => c.action)).toEqual(['granted', 'confirmed', 'withdrawn']);
  });

  it('shows the organiser the same registration and the same survey results', () => {
    expect(seen.event).toMatchObject(recorded.event);
    expect(seen.registrations).toMatchObject(recorded.registrations);
    expect(seen.registrations.map((r: any) => [r.email, r.seats, r.status, r.answers])).toEqual([
      [citizens.clara.email, fixture.event.seats, 'confirmed', fixture.event.answers],
    ]);
    expect(Object.keys(seen.surveys).sort()).toEqual(Object.keys(recorded.surveys).sort());
    for (const slug of Object.keys(recorded.surveys)) expect(seen.surveys[slug], slug).toMatchObject(recorded.surveys[slug]);
  });

  it("keeps each event's status the release stored: the cancelled one stays cancelled and closed, an editor can save it", async () => {
    const events = (await adminGet('/events-admin')).results;
    const statuses = Object.fromEntries(events.map((item: any) => [item.slug, item.status]));
    expect(statuses).toMatchObject({ [CANCELLED_EVENT]: 'cancelled', [fixture.event.slug]: 'scheduled' });
    expect(Object.values(statuses).filter((status) => status === 'cancelled')).toHaveLength(1);
    const publicSlugs = (await api.get('/events')).body.data.map((item: any) => item.slug);
    expect(publicSlugs).toContain(fixture.event.slug);
    expect(publicSlugs).not.toContain(CANCELLED_EVENT);

    // The content manager saves the release's event as the admin panel sends it (the whole form).
    const documentId = events.find((item: any) => item.slug === CANCELLED_EVENT).documentId;
    const url = `${app.baseUrl}/content-manager/collection-types/plugin::civic-dialog.event/${documentId}`;
    const headers = { authorization: `Bearer ${await adminToken(app.baseUrl)}`, 'content-type': 'application/json' };
    const loaded = (await (await fetch(url, { headers })).json()) as any;
    expect(loaded.data.eventStatus).toBe('cancelled');
    const { id, createdAt, updatedAt, publishedAt, locale, createdBy, updatedBy, localizations, ...form } = loaded.data;
    const saved = await fetch(url, { method: 'PUT', headers, body: JSON.stringify({ ...form, newsletterTopic: { connect: [], disconnect: [] }, location: 'Bürgerhaus' }) });
    expect(saved.status).toBe(200);
    expect((await saved.json()) as any).toMatchObject({ data: { location: 'Bürgerhaus', eventStatus: 'cancelled' } });
  });

  it("lets a subscriber of the release get a manage link, drop a topic and export her survey answers", async () => {
    const { email, topics } = citizens.anna;
    const before = app.mail.to(email).length;
    expect((await api.postJson('/preferences/link', { email, locale: 'de', pageUrl: `${TOWN_ORIGIN}/mein-newsletter.html` })).status).toBe(202);
    const mail = (await app.mail.waitFor(email, before + 1))[before]!;
    const token = mail.text.match(/#civic-token=([A-Za-z0-9_-]{43})/)![1];
    const session = await api.postJson('/preferences/session', { token });
    expect(session.status).toBe(200);
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${app.baseUrl}/api/civic-dialog${path}`, {
        method,
        headers: { authorization: `Bearer ${session.body.data.sessionToken}`, origin: TOWN_ORIGIN, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: (await res.json()) as any };
    };

    const view = await call('GET', '/preferences');
    expect(view.status).toBe(200);
    const exported = await call('GET', '/preferences/export');
    expect(exported.status).toBe(200);
    expect(exported.body.sections.surveyResponses.map((r: any) => [r.survey.slug, r.status, r.answers])).toEqual([
      [fixture.survey.slug, 'confirmed', fixture.survey.answers],
    ]);

    const kept = topics!.slice(0, 1);
    const changed = await call('PUT', '/preferences/subscriptions', { topics: kept });
    expect(changed.status).toBe(200);
    const profile = await db.profile(email);
    const statuses = await Promise.all(
      (await db.subscriptions(profile.id)).map(async (s: any) => [(await app.strapi.db.query('plugin::civic-dialog.topic' as any).findOne({ where: { id: s.topicId } })).slug, s.status]),
    );
    expect(Object.fromEntries(statuses)).toEqual(Object.fromEntries(topics!.map((slug) => [slug, kept.includes(slug) ? 'active' : 'unsubscribed'])));
  });

  it('cancels the registration with the cancel link the release mailed, and frees its seats', async () => {
    const res = await api.postJson('/event-cancel', { token: recorded.eventCancel });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'cancelled', event: { slug: fixture.event.slug } });
    const [registration] = await db.registrations((await db.profile(citizens.clara.email)).id);
    expect(registration.status).toBe('cancelled');
    const event = (await adminGet('/events-admin')).results.find((item: any) => item.slug === fixture.event.slug);
    expect(event.counts).toMatchObject({ confirmed: 0, cancelled: 1, seatsTaken: 0 });
  });

  it("confirms the release's pending signup with a confirmation mail an editor resends", async () => {
    const { email, topics } = citizens.bernd;
    const profile = await db.profile(email);
    expect(profile.status).toBe('pending');
    const before = app.mail.to(email).length;
    expect((await admin(`/profiles/${profile.id}/resend-confirmation`, { method: 'POST' })).status).toBe(200);
    const mail = (await app.mail.waitFor(email, before + 1))[before]!;
    expect(mail.html).toMatch(/<html[^>]*lang="en"/);
    const confirmed = await api.postJson('/confirm', { token: linkTo(mail, '/api/civic-dialog/confirm').searchParams.get('token') });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data.topics).toEqual(topics);
    expect((await db.profile(email)).status).toBe('active');
    expect((await db.consents(profile.id)).map((c: any) => c.action)).toEqual(['granted', 'confirmed']);
  });

  it('takes back a citizen who unsubscribed under the release: her earlier ledger entries stay, the new ones follow', async () => {
    const { email } = citizens.dora;
    const profile = await db.profile(email);
    const earlier = await db.consents(profile.id);
    expect(profile.status).toBe('unsubscribed');
    const before = app.mail.to(email).length;
    expect((await api.postJson('/signups', signupBody({ email, topics: ['kultur'] }))).status).toBe(202);
    const mail = (await app.mail.waitFor(email, before + 1))[before]!;
    expect((await api.postJson('/confirm', { token: linkTo(mail, '/api/civic-dialog/confirm').searchParams.get('token') })).status).toBe(200);
    await settleOutbox(app);
    expect((await db.profile(email)).status).toBe('active');
    const now = await db.consents(profile.id);
    expect(now.slice(0, earlier.length)).toEqual(earlier);
    expect(now.slice(earlier.length).map((c: any) => c.action)).toEqual(['granted', 'confirmed']);
  });
});
