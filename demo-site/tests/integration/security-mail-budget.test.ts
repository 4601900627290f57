import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { publicApi, registrationBody, signupBody } from '../support/http';
import { rows } from '../support/rows';
import {
  confirmByMail,
  createEvent,
  createSurvey,
  linkRequestBody,
  surveyResponseBody,
} from '../support/security-fixtures';
import { settleOutbox, startApp, type TestApp } from '../support/strapi';

// Issue 10, items 4 and 6: one per-address mail budget and resend cooldown shared by every form that
// mails an address, counted on the normalised address; clients keyed by their real address behind a
// trusted proxy, IPv6 clients by their /64.

const BUDGET = 4;
const IP_POINTS = 5;

let app: TestApp;
let api: ReturnType<typeof publicApi>;
let db: ReturnType<typeof rows>;

beforeAll(async () => {
  app = await startApp({
    // One trusted proxy in front: the last X-Forwarded-For entry is the client.
    CIVIC_TRUSTED_PROXY_HOPS: '1',
    CIVIC_RATE_LIMIT_IP_POINTS: String(IP_POINTS),
    CIVIC_RATE_LIMIT_EMAIL_POINTS: String(BUDGET),
  });
  api = publicApi(app.baseUrl);
  db = rows(app.strapi);
});

afterAll(async () => {
  await app?.stop();
});

let ipCounter = 0;
/** A client address of its own for each request (the per-IP limit is not what these tests are about). */
const anotherClient = () => {
  ipCounter += 1;
  return { 'x-forwarded-for': `198.51.${Math.floor(ipCounter / 250)}.${ipCounter % 250}` };
};
const from = (ip: string) => ({ 'x-forwarded-for': ip });

const mailsTo = (...addresses: string[]) => app.mail.mails.filter((mail) => mail.to.some((to) => addresses.includes(to))).length;

let slugCounter = 0;
const nextSlug = (prefix: string) => `${prefix}-${++slugCounter}`;

beforeEach(async () => {
  await settleOutbox(app);
});

describe('resend cooldown', () => {
  it('seven identified survey responses for one address within a minute send one confirmation mail', async () => {
    const slug = nextSlug('umfrage');
    await createSurvey(app, slug);
    const email = 'umfrage-opfer@example.org';
    for (let i = 0; i < 7; i++) {
      expect((await api.postJson(`/surveys/${slug}/responses`, surveyResponseBody({ email }), anotherClient())).status).toBe(202);
    }
    await settleOutbox(app);
    expect(mailsTo(email)).toBe(1);
  });

  it('seven event registrations for one address within a minute send one confirmation mail', async () => {
    const slug = nextSlug('abend');
    await createEvent(app, slug);
    const email = 'abend-opfer@example.org';
    for (let i = 0; i < 7; i++) {
      expect((await api.postJson(`/events/${slug}/registrations`, registrationBody({ email }), anotherClient())).status).toBe(202);
    }
    await settleOutbox(app);
    expect(mailsTo(email)).toBe(1);
  });

  it('spellings of one gmail mailbox (case, plus-tags, dots, googlemail) count as one address', async () => {
    const variants = ['Erika.Muster@gmail.com', 'erikamuster+news@gmail.com', 'e.r.i.k.a.muster@googlemail.com', 'ERIKAMUSTER+x@GMAIL.COM'];
    for (const email of variants) {
      expect((await api.postJson('/signups', signupBody({ email }), anotherClient())).status).toBe(202);
    }
    await settleOutbox(app);
    expect(mailsTo(...variants.map((v) => v.toLowerCase()))).toBe(1);
  });

  it('dots stay significant where the provider does not ignore them', async () => {
    for (const email of ['max.muster@example.org', 'maxmuster@example.org']) {
      expect((await api.postJson('/signups', signupBody({ email }), anotherClient())).status).toBe(202);
    }
    await settleOutbox(app);
    expect(mailsTo('max.muster@example.org')).toBe(1);
    expect(mailsTo('maxmuster@example.org')).toBe(1);
  });
});

describe('one budget per address, shared by every form', () => {
  it(`sends at most ${BUDGET} mails per window to one address, whatever the forms`, async () => {
    const email = 'viele-formulare@example.org';
    const event1 = nextSlug('abend');
    const event2 = nextSlug('abend');
    const survey = nextSlug('umfrage');
    await createEvent(app, event1);
    await createEvent(app, event2);
    await createSurvey(app, survey);
    const requests: Array<[string, unknown]> = [
      ['/signups', signupBody({ email })],
      ['/preferences/link', linkRequestBody({ email })],
      [`/events/${event1}/registrations`, registrationBody({ email })],
      [`/surveys/${survey}/responses`, surveyResponseBody({ email })],
      [`/events/${event2}/registrations`, registrationBody({ email })],
    ];
    for (const [path, body] of requests) {
      const res = await api.postJson(path, body, anotherClient());
      expect(res.status, path).toBe(202);
      await settleOutbox(app);
    }
    // The signup made a pending profile, so the manage link of the second request was mailed too.
    expect(mailsTo(email)).toBe(BUDGET);
  });

  it("a stranger spending a victim's budget cannot lock the victim out", async () => {
    const victim = 'opfer@example.org';
    const answers: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await api.postJson('/signups', signupBody({ email: victim }), anotherClient());
      answers.push(`${res.status} ${JSON.stringify(res.body)}`);
    }
    // The victim's own request: the same answer as everyone's, never a 429.
    const own = await api.postJson('/signups', signupBody({ email: victim }), anotherClient());
    expect(own.status).toBe(202);
    expect(new Set([...answers, `${own.status} ${JSON.stringify(own.body)}`]).size).toBe(1);
    await settleOutbox(app);
    // One mail reached the victim, and its link confirms.
    expect(mailsTo(victim)).toBe(1);
    await confirmByMail(app, victim, '/api/civic-dialog/confirm');
    expect((await db.profile(victim)).status).toBe('active');
  });
});

describe('clients behind a trusted proxy', () => {
  it('counts the last X-Forwarded-For entry, not a forged leftmost one', async () => {
    const client = '203.0.113.7';
    const statuses: number[] = [];
    for (let i = 0; i <= IP_POINTS; i++) {
      // Each request forges another leftmost entry; the proxy appended the real client.
      const res = await api.postJson('/signups', signupBody({ email: `proxy-${i}@example.org` }), from(`10.0.${i}.1, ${client}`));
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(IP_POINTS).fill(202), 429]);
    // Another real client is not blocked by this one.
    expect((await api.postJson('/signups', signupBody({ email: 'proxy-other@example.org' }), from(`${client}, 203.0.114.8`))).status).toBe(202);
  });

  it('keeps the real network in the consent proof', async () => {
    await api.postJson('/signups', signupBody({ email: 'netz-a@example.org' }), from('1.1.1.1, 192.0.2.10'));
    await api.postJson('/signups', signupBody({ email: 'netz-b@example.org' }), from('1.1.1.1, 192.0.3.10'));
    await api.postJson('/signups', signupBody({ email: 'netz-c@example.org' }), from('8.8.8.8, 192.0.2.99'));
    await settleOutbox(app);
    const ipHash = async (email: string) => (await db.consents((await db.profile(email)).id))[0].ipHash;
    // Same /24 behind the proxy → same hash whatever was forged; another network → another hash.
    expect(await ipHash('netz-a@example.org')).toBe(await ipHash('netz-c@example.org'));
    expect(await ipHash('netz-a@example.org')).not.toBe(await ipHash('netz-b@example.org'));
  });

  it('keys IPv6 clients by their /64', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= IP_POINTS + 1; i++) {
      const res = await api.postJson('/preferences/link', linkRequestBody({ email: `v6-${i}@example.org` }), from(`2001:db8:a:b::${i.toString(16)}`));
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(IP_POINTS).fill(202), 429]);
    // Same /64, another interface id: still the same client.
    expect((await api.postJson('/preferences/link', linkRequestBody({ email: 'v6-x@example.org' }), from('2001:db8:a:b:ffff:1:2:3'))).status).toBe(429);
    // The neighbouring /64 is another client.
    expect((await api.postJson('/preferences/link', linkRequestBody({ email: 'v6-y@example.org' }), from('2001:db8:a:c::1'))).status).toBe(202);
  });
});
