import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTo, type ReceivedMail } from '../support/mail-catcher';
import { publicApi, signupBody } from '../support/http';
import { rows } from '../support/rows';
import { settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

// Issue 10, item 10: a manage link goes only to a configured preference page, and erasure and
// export need a link the citizen requested a short while ago — not one from an old mail.

const PREFERENCES_PAGE = `${TOWN_ORIGIN}/mein-newsletter.html`;
/** A second page the town configured for <civic-preferences>. */
const SERVICE_PAGE = `${TOWN_ORIGIN}/buergerservice/newsletter.html`;
const FRESH_MINUTES = 30;

let app: TestApp;
let api: ReturnType<typeof publicApi>;
let db: ReturnType<typeof rows>;

function manageLink(mail: ReceivedMail): { url: URL; token: string } {
  const match = mail.text.match(/https?:\/\/\S+#civic-token=([A-Za-z0-9_-]{43})/);
  if (!match) throw new Error(`no manage link in "${mail.subject}"`);
  return { url: new URL(match[0]), token: match[1]! };
}

async function call(method: string, path: string, session: string, body?: unknown) {
  const res = await fetch(`${app.baseUrl}/api/civic-dialog${path}`, {
    method,
    headers: { origin: TOWN_ORIGIN, authorization: `Bearer ${session}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

async function openSession(token: string): Promise<string> {
  const opened = await api.postJson('/preferences/session', { token });
  expect(opened.status).toBe(200);
  return opened.body.data.sessionToken;
}

/** Signs up and confirms; returns the welcome mail (which carries a manage link nobody asked for). */
async function activeCitizen(email: string): Promise<ReceivedMail> {
  expect((await api.postJson('/signups', signupBody({ email }))).status).toBe(202);
  await settleOutbox(app);
  const [doi] = await app.mail.waitFor(email);
  expect((await api.postJson('/confirm', { token: linkTo(doi!, '/api/civic-dialog/confirm').searchParams.get('token') })).status).toBe(200);
  await settleOutbox(app);
  return (await app.mail.waitFor(email, 2))[1]!;
}

/** Requests a manage link from `pageUrl` and returns the mail. */
async function requestedLink(email: string, pageUrl = PREFERENCES_PAGE): Promise<ReceivedMail> {
  const before = app.mail.to(email).length;
  expect((await api.postJson('/preferences/link', { email, locale: 'de', pageUrl })).status).toBe(202);
  await settleOutbox(app);
  return (await app.mail.waitFor(email, before + 1))[before]!;
}

beforeAll(async () => {
  app = await startApp({
    CIVIC_RATE_LIMIT_IP_POINTS: '500',
    CIVIC_RATE_LIMIT_EMAIL_POINTS: '100',
    CIVIC_MAIL_COOLDOWN_SECONDS: '0',
    CIVIC_PREFERENCES_PAGES: `${PREFERENCES_PAGE},${SERVICE_PAGE}`,
    // The town's preference page (the default target): PREFERENCES_PAGE.
    TOWN_WEBSITE_URL: TOWN_ORIGIN,
    CIVIC_FRESH_LINK_MINUTES: String(FRESH_MINUTES),
  });
  api = publicApi(app.baseUrl);
  db = rows(app.strapi);
});

afterAll(async () => {
  await app?.stop();
});

describe(`manage links on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('points a requested link only at a configured preference page, whatever page of the town asked for it', async () => {
    const email = 'seiten@example.org';
    await activeCitizen(email);
    const fromConfigured = manageLink(await requestedLink(email, `${PREFERENCES_PAGE}?ref=mail`));
    expect(`${fromConfigured.url.origin}${fromConfigured.url.pathname}${fromConfigured.url.search}`).toBe(PREFERENCES_PAGE);
    const fromService = manageLink(await requestedLink(email, SERVICE_PAGE));
    expect(`${fromService.url.origin}${fromService.url.pathname}`).toBe(SERVICE_PAGE);

    for (const other of [`${TOWN_ORIGIN}/kommentare/gaestebuch.html`, `${TOWN_ORIGIN}/suche?q=%3Cscript%3E`, `${TOWN_ORIGIN}/mein-newsletter.html/../upload/x.html`]) {
      const { url } = manageLink(await requestedLink(email, other));
      expect(`${url.origin}${url.pathname}${url.search}`).toBe(PREFERENCES_PAGE);
    }
    // A foreign site stays refused, as before.
    const foreign = await api.postJson('/preferences/link', { email, locale: 'de', pageUrl: 'https://evil.example/mein-newsletter.html' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details.errors[0].path).toEqual(['pageUrl']);
  });

  it('lets a link from the welcome mail (or a forwarded newsletter) open the preferences, but not export or erase', async () => {
    const email = 'weitergeleitet@example.org';
    const welcome = await activeCitizen(email);
    const session = await openSession(manageLink(welcome).token);
    expect((await call('GET', '/preferences', session)).status).toBe(200);

    for (const [method, path, body] of [['GET', '/preferences/export', undefined], ['POST', '/preferences/erase', { confirm: true }]] as const) {
      const res = await call(method, path, session, body);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        name: 'PolicyError',
        message: `To export or erase your data, please request a new link by email first: it works for this for ${FRESH_MINUTES} minutes.`,
        details: { reason: 'fresh-link-required' },
      });
    }
    expect((await db.profile(email)).status).toBe('active');
  });

  it('lets a freshly requested link export and erase, and refuses the same link once it is older than the configured minutes', async () => {
    const email = 'frisch@example.org';
    await activeCitizen(email);
    const old = manageLink(await requestedLink(email));
    const fresh = manageLink(await requestedLink(email));

    // The first link was requested longer ago than allowed (as if it had waited in the mailbox).
    const knex = app.strapi.db.connection;
    const stale = Date.now() - (FRESH_MINUTES + 1) * 60_000;
    const { hashToken } = await import('../../../strapi-plugin/server/src/kernel/crypto/token-crypto');
    await knex('civic_dialog_tokens').where({ token_hash: hashToken(old.token) }).update({ payload: JSON.stringify({ requestedAt: stale }) });
    const oldSession = await openSession(old.token);
    expect((await call('GET', '/preferences/export', oldSession)).status).toBe(403);

    const session = await openSession(fresh.token);
    const exported = await call('GET', '/preferences/export', session);
    expect(exported.status).toBe(200);
    expect(exported.body.sections.profile.email).toBe(email);
    const erased = await call('POST', '/preferences/erase', session, { confirm: true });
    expect(erased.status).toBe(200);
    expect((await app.strapi.db.query('plugin::civic-dialog.profile' as any).count({ where: { email } }))).toBe(0);
  });
});
