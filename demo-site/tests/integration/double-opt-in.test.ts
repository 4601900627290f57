import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTo } from '../support/mail-catcher';
import { publicApi, signupBody } from '../support/http';
import { rows } from '../support/rows';
import { activeSubscriber } from '../support/security-fixtures';
import { settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

const pluginRequire = createRequire(createRequire(import.meta.url).resolve('@civic-dialog/strapi-plugin/package.json'));

let app: TestApp;
let api: ReturnType<typeof publicApi>;
let db: ReturnType<typeof rows>;

beforeAll(async () => {
  app = await startApp();
  api = publicApi(app.baseUrl);
  db = rows(app.strapi);
});

afterAll(async () => {
  await app?.stop();
});

describe(`double opt-in on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('lists the public topics and the current consent text in both languages', async () => {
    const de = await api.get('/topics?locale=de');
    expect(de.status).toBe(200);
    expect(de.body.data.map((t: any) => t.slug)).toEqual(['abfall', 'kultur', 'verkehr', 'rathaus']);
    expect(de.body.data[0].name).toBe('Abfall & Recycling');
    const en = await api.get('/topics?locale=en');
    expect(en.body.data[0].name).toBe('Waste & recycling');

    const legal = await api.get('/legal-texts/current?locale=en&purpose=newsletter');
    expect(legal.status).toBe(200);
    expect(legal.body.data).toMatchObject({ locale: 'en', version: 1, purpose: 'newsletter' });
    expect(legal.body.data.body).toContain('withdraw');
  });

  it('subscribes a citizen only after the confirm button, then welcomes and lets them leave in one click', async () => {
    const email = 'erika.mustermann@example.org';
    const signup = await api.postJson('/signups', signupBody({ email: ' Erika.Mustermann@Example.org ', topics: ['abfall', 'kultur'] }));
    expect(signup.status).toBe(202);
    expect(signup.body).toEqual({ data: { status: 'accepted' } });
    // The work for the address runs after the answer.
    await settleOutbox(app);

    const profile = await db.profile(email);
    // The name waits in the confirm link until the mailbox's owner confirms (security-privacy-mails.test.ts).
    expect(profile).toMatchObject({ status: 'pending', locale: 'de', firstName: null });
    expect((await db.subscriptions(profile.id)).map((s: any) => s.status)).toEqual(['pending', 'pending']);
    const [granted] = await db.consents(profile.id);
    expect(granted).toMatchObject({ action: 'granted', purpose: 'newsletter', sourceUrl: `${TOWN_ORIGIN}/newsletter.html`, widget: 'civic-signup' });
    expect(granted.legalTextId).toBeTruthy();

    const [doi] = await app.mail.waitFor(email);
    expect(doi.subject).toMatch(/bestätigen/i);
    // A name typed with a signup is not yet confirmed: the mail to the address does not show it.
    expect(doi.html).not.toContain('Erika');
    expect(doi.text).toContain('Guten Tag,');
    const confirmUrl = linkTo(doi, '/api/civic-dialog/confirm');
    const token = confirmUrl.searchParams.get('token')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the hash is stored: the raw token appears nowhere in the database.
    const tokenRows = await app.strapi.db.query('plugin::civic-dialog.token' as any).findMany({});
    expect(JSON.stringify(tokenRows)).not.toContain(token);

    // A mail-security scanner that follows the link confirms nobody.
    const page = await fetch(confirmUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form');
    expect((await db.profile(email)).status).toBe('pending');

    const confirm = await api.postJson('/confirm', { token });
    expect(confirm.status).toBe(200);
    expect(confirm.body.data.status).toBe('confirmed');
    expect((await db.profile(email)).status).toBe('active');
    expect((await db.subscriptions(profile.id)).every((s: any) => s.status === 'active')).toBe(true);

    const [, welcome] = await app.mail.waitFor(email, 2);
    expect(welcome.subject).toMatch(/willkommen/i);
    const unsubscribeHeader = welcome.headers['list-unsubscribe'];
    expect(unsubscribeHeader).toMatch(/^<https?:\/\/.+\/api\/civic-dialog\/unsubscribe\?token=[A-Za-z0-9_-]{43}>$/);
    expect(welcome.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    // RFC 8058 one-click: the mail client POSTs "List-Unsubscribe=One-Click" to the header's URL.
    const oneClick = await fetch(unsubscribeHeader.slice(1, -1), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect((await db.profile(email)).status).toBe('unsubscribed');
    expect((await db.subscriptions(profile.id)).every((s: any) => s.status === 'unsubscribed')).toBe(true);

    const history = (await db.consents(profile.id)).map((c: any) => c.action);
    expect(history).toEqual(['granted', 'confirmed', 'withdrawn']);
    const kinds = (await db.messages(profile.id)).map((m: any) => [m.kind, m.status]);
    expect(kinds).toEqual([
      ['doi', 'sent'],
      ['welcome', 'sent'],
    ]);
  });

  it("the welcome mail's unsubscribe link never expires: years later, and as a link the former release mailed with 180 days, it still unsubscribes", async () => {
    const email = 'old-welcome@example.org';
    await activeSubscriber(app, email);
    const [, welcome] = await app.mail.waitFor(email, 2);
    expect(welcome.subject).toMatch(/willkommen/i);
    const link = linkTo(welcome, '/api/civic-dialog/unsubscribe');
    const profile = await db.profile(email);
    const tokens = app.strapi.db.query('plugin::civic-dialog.token' as any);
    const [stored] = await tokens.findMany({ where: { profileId: profile.id, purpose: 'unsubscribe' } });
    // Stored without an expiry (UWG §7(3)): nothing for time to run out.
    expect(stored.expiresAt).toBeNull();

    // The clock moved on: issued three years ago with the former 180-day expiry, which ran out long since.
    const day = 86_400_000;
    await tokens.update({ where: { id: stored.id }, data: { createdAt: new Date(Date.now() - 3 * 365 * day), expiresAt: new Date(Date.now() - (3 * 365 - 180) * day) } });
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form');
    expect((await db.profile(email)).status).toBe('active');
    const form = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${link.searchParams.get('token')}` });
    expect(form.status).toBe(200);
    expect((await db.profile(email)).status).toBe('unsubscribed');
    expect((await db.consents(profile.id)).map((c: any) => c.action)).toEqual(['granted', 'confirmed', 'withdrawn']);
  });

  it('writes the mails in English for an English signup', async () => {
    const email = 'john.doe@example.org';
    await api.postJson('/signups', signupBody({ email, firstName: 'John', locale: 'en' }));
    const [doi] = await app.mail.waitFor(email);
    expect(doi.subject).toMatch(/confirm/i);
    expect(doi.text).toMatch(/confirm/i);
    expect(doi.text).not.toMatch(/bestätigen/i);
    expect(doi.html).toMatch(/<html[^>]*lang="en"/);
  });

  it('answers a known address exactly like a new one and never subscribes it silently', async () => {
    const email = 'max.muster@example.org';
    const first = await api.postJson('/signups', signupBody({ email }));
    const again = await api.postJson('/signups', signupBody({ email, topics: ['verkehr'] }));
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    await settleOutbox(app);
    const profile = await db.profile(email);
    expect((await db.subscriptions(profile.id)).map((s: any) => s.status)).toEqual(['pending', 'pending']);
  });

  it('a second signup with the same email sends no second confirmation mail within 10 minutes', async () => {
    const email = 'twice@example.org';
    await api.postJson('/signups', signupBody({ email }));
    await app.mail.waitFor(email);
    expect((await api.postJson('/signups', signupBody({ email }))).status).toBe(202);
    // Everything queued is sent by now: no second mail was queued, and none arrived.
    await settleOutbox(app);
    expect((await db.messages((await db.profile(email)).id)).map((m: any) => m.kind)).toEqual(['doi']);
    expect(app.mail.to(email)).toHaveLength(1);
  });

  it('asks an active subscriber to confirm newly chosen topics instead of adding them', async () => {
    const email = 'active@example.org';
    await api.postJson('/signups', signupBody({ email, topics: ['abfall'] }));
    const [doi] = await app.mail.waitFor(email);
    await api.postJson('/confirm', { token: linkTo(doi, '/api/civic-dialog/confirm').searchParams.get('token') });
    await app.mail.waitFor(email, 2);

    // Outside the resend window (here: the mailbox's cooldowns forgotten) the new topic gets its own confirmation mail.
    const profile = await db.profile(email);
    await app.strapi.plugin('civic-dialog').service('rateLimits').forgetMailbox(email);

    const added = await api.postJson('/signups', signupBody({ email, topics: ['kultur'] }));
    expect(added.status).toBe(202);
    await settleOutbox(app);
    const byTopic = async () => {
      const subs = await db.subscriptions(profile.id);
      const kultur = await db.topic('kultur');
      return subs.find((s: any) => s.topicId === kultur.id)?.status;
    };
    expect(await byTopic()).toBe('pending');
    const mails = await app.mail.waitFor(email, 3);
    const second = mails[2];
    await api.postJson('/confirm', { token: linkTo(second, '/api/civic-dialog/confirm').searchParams.get('token') });
    expect(await byTopic()).toBe('active');
  });

  it('drops a filled honeypot silently: same answer, nothing stored, no mail', async () => {
    await settleOutbox(app);
    const before = await db.counts();
    const bot = await api.postJson('/signups', signupBody({ email: 'bot@example.org', website: 'http://spam.example' }));
    expect(bot.status).toBe(202);
    expect(bot.body).toEqual({ data: { status: 'accepted' } });
    expect(await db.counts()).toEqual(before);
  });

  it('serves the widget loader cross-origin with cache headers', async () => {
    const res = await fetch(`${app.baseUrl}/api/civic-dialog/widgets/loader.js`, { headers: { origin: TOWN_ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('access-control-allow-origin')).toBeTruthy();
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(await res.text()).toContain('civic-signup');
    // Chunks keep stable names too, so none may be cached as immutable past a release.
    const chunk = await fetch(`${app.baseUrl}/api/civic-dialog/widgets/civic-preferences.js`);
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=300');
    const revalidated = await fetch(`${app.baseUrl}/api/civic-dialog/widgets/civic-preferences.js`, {
      headers: { 'if-none-match': chunk.headers.get('etag')! },
    });
    expect(revalidated.status).toBe(304);
    const traversal = await fetch(`${app.baseUrl}/api/civic-dialog/widgets/..%2Fpackage.json`);
    expect(traversal.status).toBe(404);
  });

  it('serves every chunk the loader can reach: widgets, their texts per language, lazily loaded parts', async () => {
    const served = new Set<string>();
    const queue = ['loader.js'];
    while (queue.length) {
      const file = queue.shift()!;
      if (served.has(file)) continue;
      const res = await fetch(`${app.baseUrl}/api/civic-dialog/widgets/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toMatch(/javascript/);
      served.add(file);
      // `from"./x.js"`, `import"./x.js"`, `import("./x.js")`: chunks import each other by name, next to each other.
      for (const [, imported] of (await res.text()).matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']\.\/([^"']+)["']/g)) queue.push(imported!);
    }
    // The widget build the plugin serves (the workspace package, through the plugin's dependency).
    const dist = join(dirname(pluginRequire.resolve('@civic-dialog/widgets/package.json')), 'dist');
    expect([...served].sort()).toEqual(readdirSync(dist).filter((file) => file.endsWith('.js')).sort());
  });
});
