import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { linkTo, type ReceivedMail } from '../support/mail-catcher';
import { publicApi, signupBody } from '../support/http';
import { rows } from '../support/rows';
import { queueNewsletterNotYetDue } from '../support/newsletters';
import { settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

let app: TestApp;
let api: ReturnType<typeof publicApi>;
let db: ReturnType<typeof rows>;

const PAGE = `${TOWN_ORIGIN}/mein-newsletter.html`;
const uid = (name: string) => `plugin::civic-dialog.${name}` as any;

beforeAll(async () => {
  // Few link requests per address, so the rate limit is reachable in a test.
  app = await startApp({ CIVIC_RATE_LIMIT_EMAIL_POINTS: '4', CIVIC_RATE_LIMIT_IP_POINTS: '500', TOWN_WEBSITE_URL: TOWN_ORIGIN });
  api = publicApi(app.baseUrl);
  db = rows(app.strapi);
});

afterAll(async () => {
  await app?.stop();
});

/** The manage-link token in a mail: the link's fragment `#civic-token=…`. */
function manageToken(mail: ReceivedMail): { url: URL; token: string } {
  const match = mail.text.match(/https?:\/\/\S+#civic-token=([A-Za-z0-9_-]{43})/);
  if (!match) throw new Error(`no manage link in "${mail.subject}"`);
  return { url: new URL(match[0]), token: match[1]! };
}

/** Signs up and confirms; returns the profile id (the welcome mail is the second mail). */
async function activeCitizen(email: string, topics = ['abfall']): Promise<number> {
  const before = app.mail.to(email).length;
  expect((await api.postJson('/signups', signupBody({ email, topics }))).status).toBe(202);
  const [doi] = (await app.mail.waitFor(email, before + 1)).slice(before);
  const token = linkTo(doi!, '/api/civic-dialog/confirm').searchParams.get('token');
  expect((await api.postJson('/confirm', { token })).status).toBe(200);
  await app.mail.waitFor(email, before + 2);
  return (await db.profile(email)).id;
}

async function requestLink(email: string, pageUrl = PAGE) {
  return api.postJson('/preferences/link', { email, locale: 'de', pageUrl });
}

/** Asks for a link, reads the mail, opens a session: what the widget does. */
async function sessionFor(email: string): Promise<{ session: string; linkToken: string }> {
  const before = app.mail.to(email).length;
  expect((await requestLink(email)).status).toBe(202);
  const mail = (await app.mail.waitFor(email, before + 1))[before]!;
  const { token } = manageToken(mail);
  const opened = await api.postJson('/preferences/session', { token });
  expect(opened.status).toBe(200);
  return { session: opened.body.data.sessionToken, linkToken: token };
}

const bearer = (session: string) => ({ authorization: `Bearer ${session}` });

async function call(method: string, path: string, session: string | null, body?: unknown) {
  const res = await fetch(`${app.baseUrl}/api/civic-dialog${path}`, {
    method,
    headers: {
      origin: TOWN_ORIGIN,
      ...(session ? bearer(session) : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

describe(`preference center on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('mails a manage link to a known address only, with the token in the fragment, and answers both the same', async () => {
    const email = 'lena.link@example.org';
    await activeCitizen(email);
    const mailsBefore = app.mail.mails.length;

    const known = await requestLink(' Lena.Link@Example.org ');
    const unknown = await requestLink('nobody.here@example.org');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    expect(known.body).toEqual({ data: { status: 'accepted' } });

    const mail = (await app.mail.waitFor(email, 3))[2]!;
    expect(mail.subject).toMatch(/Einstellungen/);
    const { url, token } = manageToken(mail);
    expect(`${url.origin}${url.pathname}`).toBe(PAGE);
    expect(url.search).toBe('');
    expect(mail.html).toContain(token);
    // Only the hash is stored.
    expect(JSON.stringify(await app.strapi.db.query(uid('token')).findMany({}))).not.toContain(token);

    await settleOutbox(app);
    expect(app.mail.to('nobody.here@example.org')).toHaveLength(0);
    expect(app.mail.mails.length).toBe(mailsBefore + 1);
  });

  it('sends no second link within 10 minutes', async () => {
    const email = 'lena.link@example.org';
    expect((await requestLink(email)).status).toBe(202);
    await settleOutbox(app);
    expect(app.mail.to(email)).toHaveLength(3);
    const profileId = (await db.profile(email)).id;
    const links = await app.strapi.db.query(uid('message')).count({ where: { profileId, kind: 'manage-link' } });
    expect(links).toBe(1);
  });

  it('refuses a page on a foreign website as link target (no phishing links in the town\'s mails)', async () => {
    const res = await requestLink('lena.link@example.org', 'https://evil.example/mein-newsletter.html');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ name: 'ValidationError', details: { errors: [{ path: ['pageUrl'] }] } });
  });

  it('answers repeated link requests for one address alike, with no 429 a stranger could cause', async () => {
    const email = 'many.requests@example.org';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await requestLink(email)).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 202]);
  });

  it('opens a 30-minute session with the link, which stays usable until it expires', async () => {
    const email = 'lena.link@example.org';
    const mail = app.mail.to(email)[2]!;
    const { token } = manageToken(mail);
    const first = await api.postJson('/preferences/session', { token });
    const second = await api.postJson('/preferences/session', { token });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.body.data.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.body.data.sessionToken).not.toBe(second.body.data.sessionToken);
    const minutes = (Date.parse(first.body.data.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);

    const view = await call('GET', '/preferences', first.body.data.sessionToken);
    expect(view.status).toBe(200);
    expect(view.headers.get('cache-control')).toBe('no-store');
    expect(view.body.data.profile).toMatchObject({ email, firstName: 'Erika', locale: 'de', status: 'active' });
    expect(view.body.data.askedFields).toEqual(['firstName', 'postalCode', 'district']);
    expect(view.body.data.topics.map((t: any) => [t.slug, t.status])).toEqual([
      ['abfall', 'active'],
      ['kultur', null],
      ['verkehr', null],
      ['rathaus', null],
    ]);
    expect(view.body.data.legalText).toMatchObject({ locale: 'de', version: 1, purpose: 'newsletter' });
    expect(view.body.data.consents.map((c: any) => c.action)).toEqual(['confirmed', 'granted']);
    expect(view.body.data.consents[0]).toMatchObject({ legalText: { version: 1, locale: 'de' }, topics: ['abfall'] });
  });

  it('answers forged 404, malformed 400, expired 410 and refuses a link of another purpose', async () => {
    const forged = await api.postJson('/preferences/session', { token: randomBytes(32).toString('base64url') });
    expect(forged.status).toBe(404);
    expect(forged.body).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError' } });

    const malformed = await api.postJson('/preferences/session', { token: 'abc' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.name).toBe('ValidationError');

    const email = 'old.link@example.org';
    await activeCitizen(email);
    const { linkToken } = await sessionFor(email);
    const profileId = (await db.profile(email)).id;
    await app.strapi.db
      .query(uid('token'))
      .updateMany({ where: { profileId, purpose: 'manage-link' }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await api.postJson('/preferences/session', { token: linkToken });
    expect(expired.status).toBe(410);
    expect(expired.body.error).toMatchObject({ status: 410, name: 'GoneError' });

    // The confirm (DOI) token of the same citizen, already used: no session from it.
    const doi = app.mail.to(email)[0]!;
    const doiToken = linkTo(doi, '/api/civic-dialog/confirm').searchParams.get('token');
    expect((await api.postJson('/preferences/session', { token: doiToken })).status).toBe(404);
  });

  it('refuses missing, forged and expired sessions with 401 in Strapi\'s shape', async () => {
    const none = await call('GET', '/preferences', null);
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ data: null, error: { status: 401, name: 'UnauthorizedError' } });
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await call('GET', '/preferences', randomBytes(32).toString('base64url'))).status).toBe(401);
    expect((await call('GET', '/preferences', 'not a token')).status).toBe(401);

    const email = 'short.session@example.org';
    await activeCitizen(email);
    const { session, linkToken } = await sessionFor(email);
    // A manage-link token is not a session.
    expect((await call('GET', '/preferences', linkToken)).status).toBe(401);
    const profileId = (await db.profile(email)).id;
    await app.strapi.db
      .query(uid('token'))
      .updateMany({ where: { profileId, purpose: 'session' }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call('GET', '/preferences', session)).status).toBe(401);
  });

  it('edits the profile fields, refusing unknown fields, oversized values and bad languages', async () => {
    const email = 'paula.profile@example.org';
    await activeCitizen(email);
    const { session } = await sessionFor(email);
    const changed = await call('PATCH', '/preferences/profile', session, { firstName: 'Paula', postalCode: '12345', district: 'Altstadt', locale: 'en' });
    expect(changed.status).toBe(200);
    expect(changed.body.data.profile).toMatchObject({ firstName: 'Paula', postalCode: '12345', district: 'Altstadt', locale: 'en' });
    expect(changed.body.data.topics[0].name).toBe('Waste & recycling');
    expect(changed.body.data.legalText.locale).toBe('en');

    const cleared = await call('PATCH', '/preferences/profile', session, { district: '' });
    expect(cleared.body.data.profile.district).toBeNull();

    const unknown = await call('PATCH', '/preferences/profile', session, { email: 'other@example.org' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.errors[0].path).toEqual(['email']);
    expect((await call('PATCH', '/preferences/profile', session, { postalCode: '1'.repeat(17) })).status).toBe(400);
    expect((await call('PATCH', '/preferences/profile', session, { locale: 'fr' })).status).toBe(400);
    expect((await call('PATCH', '/preferences/profile', session, '{"firstName":')).status).toBe(400);
    expect((await call('PATCH', '/preferences/profile', session, { firstName: 'x'.repeat(20_000) })).status).toBe(413);
    expect((await db.profile(email))).toMatchObject({ email, firstName: 'Paula', postalCode: '12345' });
  });

  it('adds topics only with consent to the current text, then records granted + confirmed; removing records withdrawn', async () => {
    const email = 'theo.topics@example.org';
    const profileId = await activeCitizen(email);
    const { session } = await sessionFor(email);
    const consentsBefore = (await db.consents(profileId)).length;

    const noConsent = await call('PUT', '/preferences/subscriptions', session, { topics: ['abfall', 'kultur'] });
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.error.details.errors[0].path).toEqual(['consent']);
    const oldText = await call('PUT', '/preferences/subscriptions', session, { topics: ['abfall', 'kultur'], consent: true, legalTextVersion: 7 });
    expect(oldText.status).toBe(400);
    expect(oldText.body.error.details.errors[0].path).toEqual(['legalTextVersion']);
    const unknownTopic = await call('PUT', '/preferences/subscriptions', session, { topics: ['abfall', 'nope'], consent: true, legalTextVersion: 1 });
    expect(unknownTopic.status).toBe(400);
    expect(unknownTopic.body.error.details.errors[0].path).toEqual(['topics', '1']);
    expect((await call('PUT', '/preferences/subscriptions', session, { topics: 'abfall' })).status).toBe(400);
    // Nothing half written.
    expect((await db.consents(profileId)).length).toBe(consentsBefore);

    const added = await call('PUT', '/preferences/subscriptions', session, { topics: ['abfall', 'kultur'], consent: true, legalTextVersion: 1 });
    expect(added.status).toBe(200);
    expect(added.body.data.topics.filter((t: any) => t.status === 'active').map((t: any) => t.slug)).toEqual(['abfall', 'kultur']);
    const afterAdd = (await db.consents(profileId)).slice(consentsBefore);
    expect(afterAdd.map((c: any) => [c.action, c.topics, c.widget])).toEqual([
      ['granted', ['kultur'], 'preferences'],
      ['confirmed', ['kultur'], 'preferences'],
    ]);
    expect(afterAdd[0].legalTextId).toBeTruthy();
    const kultur = (await db.subscriptions(profileId)).find((s: any) => s.status === 'active' && s.source === 'preferences');
    expect(kultur).toBeTruthy();

    // Removing needs no consent.
    const removed = await call('PUT', '/preferences/subscriptions', session, { topics: ['kultur'] });
    expect(removed.status).toBe(200);
    expect(removed.body.data.topics.find((t: any) => t.slug === 'abfall').status).toBe('unsubscribed');
    const last = (await db.consents(profileId)).at(-1);
    expect(last).toMatchObject({ action: 'withdrawn', topics: ['abfall'], widget: 'preferences' });
    expect(removed.body.data.profile.status).toBe('active');
  });

  it('binds a session to its citizen: A never sees or changes B', async () => {
    const a = 'anna.a@example.org';
    const b = 'bernd.b@example.org';
    await activeCitizen(a);
    const bId = await activeCitizen(b);
    const { session: sessionA } = await sessionFor(a);
    const view = await call('GET', '/preferences', sessionA);
    expect(view.body.data.profile.email).toBe(a);
    expect(JSON.stringify(view.body)).not.toContain(b);

    await call('PATCH', '/preferences/profile', sessionA, { firstName: 'Anna' });
    await call('POST', '/preferences/unsubscribe-all', sessionA);
    const bRow = await app.strapi.db.query(uid('profile')).findOne({ where: { id: bId } });
    expect(bRow).toMatchObject({ firstName: 'Erika', status: 'active' });
    // There is no profile id in any citizen URL to tamper with.
    expect((await call('GET', `/preferences?profileId=${bId}`, sessionA)).body.data.profile.email).toBe(a);
    expect((await call('GET', `/preferences/${bId}`, sessionA)).status).toBe(404);
  });

  it('puts a personal manage link to the town\'s preferences page into the welcome mail', async () => {
    const email = 'wilma.welcome@example.org';
    await activeCitizen(email);
    const welcome = app.mail.to(email)[1]!;
    expect(welcome.subject).toMatch(/Willkommen/);
    const { url, token } = manageToken(welcome);
    expect(`${url.origin}${url.pathname}`).toBe(`${TOWN_ORIGIN}/mein-newsletter.html`);
    expect(welcome.html).toContain('Abo verwalten');
    const opened = await api.postJson('/preferences/session', { token });
    expect(opened.status).toBe(200);
  });

  it('unsubscribes from everything at once with a withdrawn consent', async () => {
    const email = 'ulla.unsub@example.org';
    const profileId = await activeCitizen(email, ['abfall', 'verkehr']);
    const { session } = await sessionFor(email);
    const res = await call('POST', '/preferences/unsubscribe-all', session);
    expect(res.status).toBe(200);
    expect(res.body.data.profile.status).toBe('unsubscribed');
    expect(res.body.data.topics.filter((t: any) => t.status === 'unsubscribed').map((t: any) => t.slug)).toEqual(['abfall', 'verkehr']);
    expect((await db.consents(profileId)).at(-1)).toMatchObject({ action: 'withdrawn', topics: ['abfall', 'verkehr'] });
    expect((await db.profile(email)).status).toBe('unsubscribed');
  });

  it('exports everything as a JSON download, consents with the full legal text', async () => {
    const email = 'emil.export@example.org';
    await activeCitizen(email);
    const { session } = await sessionFor(email);
    const res = await call('GET', '/preferences/export', session);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="civic-dialog-export-\d{4}-\d{2}-\d{2}\.json"$/);
    const doc = res.body;
    expect(doc.format).toBe('civic-dialog-export/1');
    expect(Date.parse(doc.exportedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(Object.keys(doc.sections)).toEqual(expect.arrayContaining(['profile', 'subscriptions', 'consents', 'messages', 'tokens']));
    expect(doc.sections.profile).toMatchObject({ email, firstName: 'Erika', status: 'active' });
    expect(doc.sections.subscriptions).toEqual([expect.objectContaining({ topic: { slug: 'abfall', name: 'Abfall & Recycling' }, status: 'active' })]);
    expect(doc.sections.consents[0].legalText).toMatchObject({ version: 1, locale: 'de' });
    expect(doc.sections.consents[0].legalText.body.length).toBeGreaterThan(50);
    expect(doc.sections.messages.map((m: any) => m.kind)).toEqual(['doi', 'welcome', 'manage-link']);
    expect(doc.sections.messages[0]).toMatchObject({ status: 'sent', toAddress: email });
    expect(doc.sections.tokens.map((t: any) => t.purpose)).toContain('session');
    expect(JSON.stringify(doc)).not.toMatch(/tokenHash|token_hash/);
  });

  it('erases everything after confirmation: links and sessions die, proof stays, nothing is mailed, a new signup works', async () => {
    const email = 'erik.erase@example.org';
    const profileId = await activeCitizen(email, ['abfall', 'kultur']);
    const { session, linkToken } = await sessionFor(email);
    const consentCount = (await db.consents(profileId)).length;

    expect((await call('POST', '/preferences/erase', session, {})).status).toBe(400);
    expect((await call('POST', '/preferences/erase', session, { confirm: 'yes' })).status).toBe(400);
    expect((await db.profile(email)).status).toBe('active');

    // A newsletter queued before the erasure must never go out.
    const queued = await queueNewsletterNotYetDue(app.strapi, profileId);

    const erased = await call('POST', '/preferences/erase', session, { confirm: true });
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ data: { status: 'erased' } });

    expect(await db.profile(email)).toBeNull();
    const tombstone = await app.strapi.db.query(uid('profile')).findOne({ where: { id: profileId } });
    expect(tombstone).toMatchObject({ email: null, firstName: null, postalCode: null, status: 'erased' });
    expect(await db.subscriptions(profileId)).toHaveLength(0);
    expect(await app.strapi.db.query(uid('token')).count({ where: { profileId } })).toBe(0);
    const consents = await db.consents(profileId);
    expect(consents).toHaveLength(consentCount);
    for (const consent of consents) {
      expect(consent).toMatchObject({ sourceUrl: null, ipHash: null, userAgent: null, purpose: 'newsletter' });
      expect(consent.action).toMatch(/granted|confirmed|withdrawn/);
    }
    expect(consents.some((c: any) => c.legalTextId)).toBe(true);
    const messages = await db.messages(profileId);
    expect(messages.every((m: any) => m.toAddress === '' && m.subject === '')).toBe(true);
    expect(messages.find((m: any) => m.id === queued.id)?.status).toBe('failed');
    expect(await app.strapi.plugin('civic-dialog').service('gdpr').wasErased(email)).toBe(true);
    const proof = await app.strapi.db.query(uid('erasure')).findOne({ where: { profileId } });
    expect(proof.emailHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(proof)).not.toContain('erik');

    // The session and the link stop working at once.
    expect((await call('GET', '/preferences', session)).status).toBe(401);
    expect((await call('POST', '/preferences/erase', session, { confirm: true })).status).toBe(401);
    expect((await api.postJson('/preferences/session', { token: linkToken })).status).toBe(404);

    // Nothing more reaches the address.
    const mailsBefore = app.mail.to(email).length;
    expect((await requestLink(email)).status).toBe(202);
    await settleOutbox(app);
    expect(app.mail.to(email)).toHaveLength(mailsBefore);

    // Signing up anew is a new profile.
    expect((await api.postJson('/signups', signupBody({ email }))).status).toBe(202);
    await settleOutbox(app);
    const fresh = await db.profile(email);
    expect(fresh.id).not.toBe(profileId);
    expect(fresh.status).toBe('pending');
    await app.mail.waitFor(email, mailsBefore + 1);
  });

  it('keeps the ledger append-only for everything but erasure', async () => {
    const consent = await app.strapi.db.query(uid('consent')).findOne({ where: { sourceUrl: { $notNull: true } } });
    await expect(
      app.strapi.db.query(uid('consent')).updateMany({ where: { profileId: consent.profileId }, data: { sourceUrl: null } }),
    ).rejects.toThrow(/append-only/);
    await expect(
      app.strapi.db.query(uid('consent')).update({ where: { id: consent.id }, data: { ipHash: null } }),
    ).rejects.toThrow(/append-only/);
    const unchanged = await app.strapi.db.query(uid('consent')).findOne({ where: { id: consent.id } });
    expect(unchanged.sourceUrl).toBe(consent.sourceUrl);
  });
});
