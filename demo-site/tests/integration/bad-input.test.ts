import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { linkTo } from '../support/mail-catcher';
import { publicApi, signupBody, type JsonResponse } from '../support/http';
import { rows } from '../support/rows';
import { settleOutbox, startApp, type TestApp } from '../support/strapi';

let app: TestApp;
let api: ReturnType<typeof publicApi>;
let db: ReturnType<typeof rows>;
let countsBefore: Record<string, number>;

beforeAll(async () => {
  app = await startApp();
  api = publicApi(app.baseUrl);
  db = rows(app.strapi);
});

afterAll(async () => {
  await app?.stop();
});

beforeEach(async () => {
  await settleOutbox(app);
  countsBefore = await db.counts();
});

/** A clear 4xx in Strapi's error shape, and not one row written. */
async function expectRejected(res: JsonResponse, status: number, message: RegExp) {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ data: null, error: { status, name: expect.any(String) } });
  expect(res.body.error.message).toMatch(message);
  expect(await db.counts()).toEqual(countsBefore);
}

const fieldPaths = (res: JsonResponse) => (res.body.error.details?.errors ?? []).map((e: any) => e.path.join('.'));

describe('bad input to the signup endpoint', () => {
  it('malformed JSON is a 400, not a 500', async () => {
    const res = await api.postJson('/signups', '{"email": "a@example.org",');
    await expectRejected(res, 400, /json/i);
  });

  it('unknown fields are named in a 400', async () => {
    const res = await api.postJson('/signups', signupBody({ isAdmin: true }));
    await expectRejected(res, 400, /isAdmin|unrecognized|unknown/i);
  });

  it('a body over 16 kB is a 413', async () => {
    const res = await api.postJson('/signups', signupBody({ firstName: 'x'.repeat(17 * 1024) }));
    await expectRejected(res, 413, /large|16/i);
    // The widgets tell the citizen that the entries are too long (no retry helps) by this reason.
    expect(res.body.error.details).toEqual({ reason: 'body-too-large' });
  });

  it('an invalid email is a 400 on the email field', async () => {
    const res = await api.postJson('/signups', signupBody({ email: 'not-an-email' }));
    await expectRejected(res, 400, /email/i);
    expect(fieldPaths(res)).toContain('email');
  });

  it('an unknown topic is a 400 on the topics field', async () => {
    const res = await api.postJson('/signups', signupBody({ topics: ['abfall', 'astrologie'] }));
    await expectRejected(res, 400, /topic/i);
    expect(fieldPaths(res)[0]).toMatch(/^topics/);
  });

  it('a missing consent is a 400 on the consent field', async () => {
    const { consent, ...withoutConsent } = signupBody();
    const res = await api.postJson('/signups', withoutConsent);
    await expectRejected(res, 400, /consent/i);
    expect(fieldPaths(res)).toContain('consent');
    const refused = await api.postJson('/signups', signupBody({ consent: false }));
    await expectRejected(refused, 400, /consent/i);
  });

  it('a consent text version that does not exist is a 400', async () => {
    const res = await api.postJson('/signups', signupBody({ legalTextVersion: 99 }));
    await expectRejected(res, 400, /legal|version/i);
  });

  it('a wrong content type is a 415', async () => {
    const res = await api.postRaw('/signups', 'email=a@example.org', { 'content-type': 'text/plain' });
    await expectRejected(res, 415, /content.type|json/i);
  });

  it('a widget on a foreign website is refused', async () => {
    const res = await api.postJson('/signups', signupBody(), { origin: 'https://evil.example' });
    expect(res.body.error.details).toEqual({ reason: 'origin-not-allowed' });
    await expectRejected(res, 403, /origin/i);
  });
});

describe('bad tokens in mail links', () => {
  it('a forged token is refused', async () => {
    const res = await api.postJson('/confirm', { token: 'A'.repeat(43) });
    // README: forged link → 404, malformed → 400, expired or used → 410.
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/invalid|not found|unknown/i);
    const malformed = await api.postJson('/confirm', { token: '../../etc/passwd' });
    expect(malformed.status).toBe(400);
    expect(await db.counts()).toEqual(countsBefore);
  });

  it('a used token is refused the second time, and an expired one always', async () => {
    const email = 'tokens@example.org';
    await api.postJson('/signups', signupBody({ email }));
    const [doi] = await app.mail.waitFor(email);
    const token = linkTo(doi, '/api/civic-dialog/confirm').searchParams.get('token')!;
    expect((await api.postJson('/confirm', { token })).status).toBe(200);
    const consentsAfterFirst = (await db.consents((await db.profile(email)).id)).length;

    const reused = await api.postJson('/confirm', { token });
    expect(reused.status).toBe(410);
    expect(reused.body.error.message).toMatch(/used/i);
    expect((await db.consents((await db.profile(email)).id)).length).toBe(consentsAfterFirst);

    const late = 'late@example.org';
    await api.postJson('/signups', signupBody({ email: late }));
    const [lateMail] = await app.mail.waitFor(late);
    const lateToken = linkTo(lateMail, '/api/civic-dialog/confirm').searchParams.get('token')!;
    await app.strapi.db
      .query('plugin::civic-dialog.token' as any)
      .updateMany({ where: { usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await api.postJson('/confirm', { token: lateToken });
    expect(expired.status).toBe(410);
    expect(expired.body.error.message).toMatch(/expired/i);
    expect((await db.profile(late)).status).toBe('pending');
  });

  it('a browser following a dead link gets a readable page, not JSON', async () => {
    const res = await fetch(`${app.baseUrl}/api/civic-dialog/confirm?token=${'B'.repeat(43)}`, {
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/html/);
    expect(await res.text()).toMatch(/<html[^>]*lang="(de|en)"/);
  });
});
