import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, TEST_ADMIN } from '../support/admin';
import { linkTo } from '../support/mail-catcher';
import { publicApi, signupBody } from '../support/http';
import { rows } from '../support/rows';
import { startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

let app: TestApp;
let api: ReturnType<typeof publicApi>;
let db: ReturnType<typeof rows>;

const EDITOR = { email: 'redaktion.lesen@musterstadt.example', password: 'Nur-Lesen-2026' };

/** Admin JWTs, one login per user: Strapi rate-limits admin logins per IP and address. */
let superAdminToken: string;
let editorToken: string;
let editorId: number;
let superAdminId: number;

/** Citizens of the search tests: prefixes no other profile of this database starts with. */
const CITIZENS = {
  quirin: { email: 'quirin.abfall@example.org', firstName: 'Quirin', topics: ['abfall'], confirm: true },
  quentin: { email: 'quentin.kultur@example.org', firstName: 'Xaver', topics: ['kultur'], confirm: true },
  xaver: { email: 'xaver.pending@example.org', firstName: 'Yvonne', topics: ['abfall', 'verkehr'], confirm: false },
  rita: { email: 'rita.pending@example.org', firstName: 'Rita', topics: ['verkehr'], confirm: false },
} as const;
const profileIds: Record<keyof typeof CITIZENS, number> = { quirin: 0, quentin: 0, xaver: 0, rita: 0 };

/** A request to the plugin's admin routes (/civic-dialog/…) as an admin user. */
async function adminCall(method: string, path: string, token: string | null) {
  const res = await fetch(`${app.baseUrl}/civic-dialog${path}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

/** Signs up (and confirms, for an active profile) through the public API; returns the profile id. */
async function citizen({ email, firstName, topics, confirm }: { email: string; firstName: string; topics: readonly string[]; confirm: boolean }) {
  expect((await api.postJson('/signups', signupBody({ email, firstName, topics: [...topics] }))).status).toBe(202);
  const [doi] = await app.mail.waitFor(email, 1);
  if (confirm) {
    const token = linkTo(doi!, '/api/civic-dialog/confirm').searchParams.get('token');
    expect((await api.postJson('/confirm', { token })).status).toBe(200);
    await app.mail.waitFor(email, 2);
  }
  return (await db.profile(email)).id as number;
}

/** The citizen's own export, through a manage link and a session (what the widget downloads). */
async function citizenExport(email: string) {
  const before = app.mail.to(email).length;
  const linkRequest = { email, locale: 'de', pageUrl: `${TOWN_ORIGIN}/mein-newsletter.html` };
  expect((await api.postJson('/preferences/link', linkRequest)).status).toBe(202);
  const mail = (await app.mail.waitFor(email, before + 1))[before]!;
  const token = mail.text.match(/#civic-token=([A-Za-z0-9_-]{43})/)![1];
  const session = (await api.postJson('/preferences/session', { token })).body.data.sessionToken;
  const res = await fetch(`${app.baseUrl}/api/civic-dialog/preferences/export`, {
    headers: { authorization: `Bearer ${session}`, origin: TOWN_ORIGIN },
  });
  expect(res.status).toBe(200);
  return res.json();
}

const emailsOf = (list: { results: Array<{ email: string }> }) => list.results.map((p) => p.email).sort();

beforeAll(async () => {
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '500', TOWN_WEBSITE_URL: TOWN_ORIGIN });
  api = publicApi(app.baseUrl);
  db = rows(app.strapi);

  // An editor role that may read profiles, and nothing else of the plugin.
  const role = await app.strapi.service('admin::role').create({ name: 'Redaktion (nur lesen)', description: 'reads citizen profiles' });
  await app.strapi.service('admin::role').assignPermissions(role.id, [
    { action: 'plugin::civic-dialog.profiles.read', subject: null, conditions: [], properties: {} },
  ]);
  const editor = await app.strapi.service('admin::user').create({
    email: EDITOR.email,
    firstname: 'Lena',
    lastname: 'Lesend',
    password: EDITOR.password,
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  });
  editorId = Number(editor.id);
  superAdminId = Number((await app.strapi.db.query('admin::user').findOne({ where: { email: TEST_ADMIN.email } })).id);

  superAdminToken = await adminToken(app.baseUrl);
  editorToken = await adminToken(app.baseUrl, EDITOR);

  for (const key of Object.keys(CITIZENS) as Array<keyof typeof CITIZENS>) profileIds[key] = await citizen(CITIZENS[key]);
});

afterAll(async () => {
  await app?.stop();
});

describe(`admin GDPR actions and RBAC on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('refuses the admin routes without an admin token', async () => {
    expect((await adminCall('GET', '/profiles', null)).status).toBe(401);
    expect((await adminCall('GET', `/profiles/${profileIds.quirin}/export`, null)).status).toBe(401);
    expect((await adminCall('POST', `/profiles/${profileIds.quirin}/erase`, null)).status).toBe(401);
  });

  it('lets an editor with only "read profiles" list and open a profile, and logs the view', async () => {
    const list = await adminCall('GET', '/profiles?q=quirin', editorToken);
    expect(list.status).toBe(200);
    expect(emailsOf(list.body)).toEqual([CITIZENS.quirin.email]);

    const detail = await adminCall('GET', `/profiles/${profileIds.quirin}`, editorToken);
    expect(detail.status).toBe(200);
    expect(detail.body.profile).toMatchObject({ id: profileIds.quirin, email: CITIZENS.quirin.email, firstName: 'Quirin', status: 'active' });
    expect(detail.body.consents.map((c: any) => c.action)).toEqual(['confirmed', 'granted']);

    const logged = await app.strapi.db
      .query('plugin::civic-dialog.audit-entry' as any)
      .findMany({ where: { profileId: profileIds.quirin }, orderBy: { id: 'asc' } });
    expect(logged.map((e: any) => [e.action, Number(e.adminUserId), e.adminEmail])).toEqual([['viewed', editorId, EDITOR.email]]);
  });

  it('an editor without "export" and "erase" gets 403 through the admin API, and the profile stays as it was', async () => {
    const id = profileIds.quirin;
    const exported = await adminCall('GET', `/profiles/${id}/export`, editorToken);
    expect(exported.status).toBe(403);
    expect(exported.body.error).toMatchObject({ status: 403, name: 'PolicyError' });
    expect(JSON.stringify(exported.body)).not.toContain(CITIZENS.quirin.email);

    const erased = await adminCall('POST', `/profiles/${id}/erase`, editorToken);
    expect(erased.status).toBe(403);
    expect((await adminCall('POST', `/profiles/${id}/resend-confirmation`, editorToken)).status).toBe(403);

    const profile = await db.profile(CITIZENS.quirin.email);
    expect(profile).toMatchObject({ id, status: 'active', firstName: 'Quirin' });
    expect((await db.subscriptions(id)).map((s: any) => s.status)).toEqual(['active']);
    // Refused actions are not in the audit log: nothing was exported or erased.
    const actions = (await app.strapi.db.query('plugin::civic-dialog.audit-entry' as any).findMany({ where: { profileId: id } })).map(
      (e: any) => e.action,
    );
    expect(actions).toEqual(['viewed']);
  });

  it('an editor without "audit.read" cannot read the audit log', async () => {
    const res = await adminCall('GET', '/audit-log', editorToken);
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain(EDITOR.email);
  });

  it('the super admin exports the same JSON the citizen downloads', async () => {
    const id = profileIds.quentin;
    const own = await citizenExport(CITIZENS.quentin.email);
    const res = await adminCall('GET', `/profiles/${id}/export`, superAdminToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="civic-dialog-export-\d{4}-\d{2}-\d{2}\.json"$/);
    const doc = res.body;
    expect(doc.format).toBe('civic-dialog-export/1');
    expect(Object.keys(doc.sections).sort()).toEqual(Object.keys(own.sections).sort());
    expect({ ...doc, exportedAt: null }).toEqual({ ...own, exportedAt: null });
    expect(doc.sections.profile).toMatchObject({ email: CITIZENS.quentin.email, firstName: 'Xaver', status: 'active' });
    expect(doc.sections.subscriptions).toEqual([expect.objectContaining({ topic: { slug: 'kultur', name: 'Kultur & Veranstaltungen' }, status: 'active' })]);
    expect(doc.sections.consents[0].legalText.body.length).toBeGreaterThan(50);
    expect(JSON.stringify(doc)).not.toMatch(/tokenHash|token_hash/);
  });

  it('the super admin erases a profile: tombstone, no subscriptions, and an erased profile cannot be exported again', async () => {
    const id = profileIds.xaver;
    const res = await adminCall('POST', `/profiles/${id}/erase`, superAdminToken);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { status: 'erased' } });

    expect(await db.profile(CITIZENS.xaver.email)).toBeNull();
    const tombstone = await app.strapi.db.query('plugin::civic-dialog.profile' as any).findOne({ where: { id } });
    expect(tombstone).toMatchObject({ email: null, firstName: null, status: 'erased' });
    expect(await db.subscriptions(id)).toHaveLength(0);
    expect(await app.strapi.plugin('civic-dialog').service('gdpr').wasErased(CITIZENS.xaver.email)).toBe(true);

    expect((await adminCall('GET', `/profiles/${id}/export`, superAdminToken)).status).toBe(404);
    expect((await adminCall('POST', `/profiles/${id}/erase`, superAdminToken)).status).toBe(404);
  });

  it('the audit log records who viewed, exported and erased which profile, and when', async () => {
    const startedAt = Date.now() - 10 * 60_000;
    expect((await adminCall('GET', `/profiles/${profileIds.quentin}`, superAdminToken)).status).toBe(200);

    const res = await adminCall('GET', '/audit-log?pageSize=100', superAdminToken);
    expect(res.status).toBe(200);
    const all = [...res.body.results].reverse(); // oldest first
    // List views are logged too (who saw the profile list), without a profile (security-privacy-admin).
    expect(all.filter((e: any) => e.action === 'listed-profiles').map((e: any) => [e.adminEmail, e.profileId])).toContainEqual([EDITOR.email, null]);
    const entries = all.filter((e: any) => e.profileId !== null);
    expect(entries.map((e: any) => [e.adminUserId, e.adminEmail, e.action, e.profileId])).toEqual([
      [editorId, EDITOR.email, 'viewed', profileIds.quirin],
      [superAdminId, TEST_ADMIN.email, 'exported', profileIds.quentin],
      [superAdminId, TEST_ADMIN.email, 'erased', profileIds.xaver],
      [superAdminId, TEST_ADMIN.email, 'viewed', profileIds.quentin],
    ]);
    for (const entry of entries) {
      expect(Date.parse(entry.createdAt)).toBeGreaterThan(startedAt);
      expect(Date.parse(entry.createdAt)).toBeLessThanOrEqual(Date.now() + 1000);
    }
    expect(res.body.pagination).toMatchObject({ total: all.length, page: 1 });

    const forOne = await adminCall('GET', `/audit-log?profileId=${profileIds.quentin}`, superAdminToken);
    expect(forOne.body.results.map((e: any) => e.action)).toEqual(['viewed', 'exported']);

    // The log is append-only, also for code inside the CMS.
    const first = entries[0]!;
    await expect(
      app.strapi.db.query('plugin::civic-dialog.audit-entry' as any).delete({ where: { id: first.id } }),
    ).rejects.toThrow(/append-only/);
  });

  it('searches profiles by email prefix and by first name, case-insensitively, wildcards taken literally', async () => {
    const search = async (q: string) => {
      const res = await adminCall('GET', `/profiles?q=${encodeURIComponent(q)}`, editorToken);
      expect(res.status).toBe(200);
      return res.body;
    };
    expect(emailsOf(await search('qu'))).toEqual([CITIZENS.quentin.email, CITIZENS.quirin.email]);
    expect(emailsOf(await search('QUIR'))).toEqual([CITIZENS.quirin.email]);
    // First name "Xaver" (quentin); the erased xaver.pending has no email any more.
    expect(emailsOf(await search('xav'))).toEqual([CITIZENS.quentin.email]);
    expect(emailsOf(await search('Quirin'))).toEqual([CITIZENS.quirin.email]);
    const none = await search('zzz-nobody');
    expect(none.results).toEqual([]);
    expect(none.pagination).toMatchObject({ total: 0, pageCount: 0 });
    expect((await search('%')).results).toEqual([]);
    expect((await search('q_')).results).toEqual([]);

    const page = await adminCall('GET', '/profiles?q=qu&pageSize=1&page=2', editorToken);
    expect(page.body.pagination).toMatchObject({ page: 2, pageSize: 1, pageCount: 2, total: 2 });
    // Newest first: quentin signed up after quirin, so page 2 is quirin.
    expect(emailsOf(page.body)).toEqual([CITIZENS.quirin.email]);
    expect(page.body.results[0]).toMatchObject({ firstName: 'Quirin', status: 'active', locale: 'de', activeTopics: 1 });
  });

  it('filters profiles by topic and status', async () => {
    const list = async (query: string) => {
      const res = await adminCall('GET', `/profiles?${query}`, editorToken);
      expect(res.status).toBe(200);
      return res.body;
    };
    const kultur = await list('topic=kultur');
    expect(emailsOf(kultur)).toEqual([CITIZENS.quentin.email]);
    expect(kultur.pagination.total).toBe(1);
    expect(emailsOf(await list('topic=abfall&q=qu'))).toEqual([CITIZENS.quirin.email]);
    expect(emailsOf(await list('topic=abfall&status=active&q=qu'))).toEqual([CITIZENS.quirin.email]);
    expect((await list('topic=abfall&status=unsubscribed')).results).toEqual([]);
    // Pending subscriptions count; the erased profile lost its subscriptions, so no topic filter finds it.
    expect(emailsOf(await list('topic=verkehr'))).toEqual([CITIZENS.rita.email]);
    expect(emailsOf(await list('status=pending'))).toEqual([CITIZENS.rita.email]);
    expect(emailsOf(await list('status=active'))).toEqual([CITIZENS.quentin.email, CITIZENS.quirin.email]);
    const erased = await list('status=erased');
    expect(erased.results.map((p: any) => p.id)).toEqual([profileIds.xaver]);
    expect(erased.results[0]).toMatchObject({ email: '', firstName: null, activeTopics: 0 });
    expect((await list('topic=unbekannt')).results).toEqual([]);
    expect((await adminCall('GET', '/profiles?status=deleted', editorToken)).status).toBe(400);
  });
});
