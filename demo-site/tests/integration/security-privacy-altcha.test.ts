import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicApi, signupBody } from '../support/http';
import { rows } from '../support/rows';
import { settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

// Issue 10, item 13 (server side): ALTCHA proof of work on the forms the town lists; a solved
// challenge works once, and a missing or wrong one is a clear 400. One trusted proxy: each test
// comes from its own client address (X-Forwarded-For), so no test spends another's IP budget.

// The solver a browser runs (the `altcha` web component uses the same library).
const pluginRequire = createRequire(createRequire(import.meta.url).resolve('@civic-dialog/strapi-plugin/package.json'));
const { solveChallenge } = pluginRequire('altcha-lib') as typeof import('../../../strapi-plugin/node_modules/altcha-lib/dist/esm/v2/index');
const { deriveKey } = pluginRequire('altcha-lib/algorithms/pbkdf2') as typeof import('../../../strapi-plugin/node_modules/altcha-lib/dist/esm/v2/algorithms/pbkdf2');

let app: TestApp;
let api: ReturnType<typeof publicApi>;
let db: ReturnType<typeof rows>;

const from = (ip: string) => ({ 'x-forwarded-for': ip });

/** Fetches a challenge and solves it like the widget; returns the `altcha` field's value. */
async function solvedPayload(client: Record<string, string>): Promise<string> {
  const res = await fetch(`${app.baseUrl}/api/civic-dialog/altcha/challenge`, { headers: client });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const challenge = (await res.json()) as any;
  const solution = await solveChallenge({ challenge, deriveKey });
  expect(solution).toBeTruthy();
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

const signupWith = (client: Record<string, string>, email: string, altcha?: unknown) =>
  api.postJson('/signups', { ...signupBody({ email }), ...(altcha === undefined ? {} : { altcha }) }, client);

/** Forms a client may send per window (CIVIC_RATE_LIMIT_IP_POINTS); with one protected form, as many challenges. */
const IP_POINTS = 10;

beforeAll(async () => {
  app = await startApp({
    CIVIC_ALTCHA_FORMS: 'signup',
    // Little work per challenge: the test proves the protocol, not the cost.
    CIVIC_ALTCHA_COST: '100',
    CIVIC_ALTCHA_MAX_COUNTER: '200',
    CIVIC_RATE_LIMIT_IP_POINTS: String(IP_POINTS),
    CIVIC_TRUSTED_PROXY_HOPS: '1',
  });
  api = publicApi(app.baseUrl);
  db = rows(app.strapi);
});

afterAll(async () => {
  await app?.stop();
});

describe(`ALTCHA bot protection on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('tells the widgets which forms need the check', async () => {
    const forms = await api.get('/altcha/forms');
    expect(forms.status).toBe(200);
    expect(forms.body).toEqual({ data: { forms: ['signup'] } });
  });

  it('refuses a signup without, or with a broken, bot check with 400 naming the field, and stores nothing', async () => {
    const client = from('203.0.113.10');
    const before = await db.counts();
    const missing = await signupWith(client, 'ohne@example.org');
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/^altcha is missing/) });
    expect(missing.body.error.details.errors[0].path).toEqual(['altcha']);

    for (const broken of ['kein-base64-json', Buffer.from('{"challenge":{}}').toString('base64'), 42, 'x'.repeat(5000)]) {
      const res = await signupWith(client, 'kaputt@example.org', broken);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^altcha is not a valid bot check/);
    }

    // A solution for a challenge the server did not sign (or changed afterwards) is worth nothing.
    const payload = JSON.parse(Buffer.from(await solvedPayload(client), 'base64').toString()) as any;
    payload.challenge.parameters.cost = 1;
    const tampered = await signupWith(client, 'falsch@example.org', Buffer.from(JSON.stringify(payload)).toString('base64'));
    expect(tampered.status).toBe(400);
    expect(tampered.body.error.message).toMatch(/^altcha is not a valid bot check/);
    await settleOutbox(app);
    expect(await db.counts()).toEqual(before);
  });

  it('accepts a solved challenge once: the same solution again is refused (its use is kept in the database, which every instance reads)', async () => {
    const client = from('203.0.113.20');
    const altcha = await solvedPayload(client);
    const first = await signupWith(client, 'mensch@example.org', altcha);
    expect(first.status).toBe(202);
    await settleOutbox(app);
    expect(await db.profile('mensch@example.org')).toBeTruthy();
    expect(await app.strapi.db.query('plugin::civic-dialog.altcha-solution' as any).count()).toBe(1);

    const replay = await signupWith(client, 'nochmal@example.org', altcha);
    expect(replay.status).toBe(400);
    expect(replay.body.error.message).toMatch(/^altcha has been used already/);
    await settleOutbox(app);
    expect(await db.profile('nochmal@example.org')).toBeNull();
  });

  it('leaves a solution unused when the form is refused (a typo): the corrected form carries the same solution, once', async () => {
    const client = from('203.0.113.30');
    const altcha = await solvedPayload(client);
    const typo = await signupWith(client, 'tippfehler.example.org', altcha);
    expect(typo.status).toBe(400);
    expect(typo.body.error.details.errors.map((error: { path: string[] }) => error.path)).toEqual([['email']]);

    const corrected = await signupWith(client, 'tippfehler@example.org', altcha);
    expect(corrected.status).toBe(202);
    await settleOutbox(app);
    expect(await db.profile('tippfehler@example.org')).toBeTruthy();

    // Used now: a second accepted form with it is refused, and does nothing.
    const again = await signupWith(client, 'zweitens@example.org', altcha);
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/^altcha has been used already/);
    await settleOutbox(app);
    expect(await db.profile('zweitens@example.org')).toBeNull();
  });

  it('answers 429 with Retry-After once a client asked for more challenges than it may send protected forms (each costs the server a key derivation)', async () => {
    const client = from('203.0.113.40');
    const answers: Array<Awaited<ReturnType<typeof api.get>>> = [];
    for (let i = 0; i < IP_POINTS + 2; i += 1) answers.push(await api.get('/altcha/challenge', client));
    expect(answers.map(({ status }) => status)).toEqual([...Array<number>(IP_POINTS).fill(200), 429, 429]);
    const refused = answers[IP_POINTS]!;
    expect(refused.body).toEqual({
      data: null,
      error: { status: 429, name: 'RateLimitError', message: 'Too many bot checks requested, please try again later.', details: { retryAfter: expect.any(Number) } },
    });
    expect(Number(refused.headers.get('retry-after'))).toBe(refused.body.error.details.retryAfter);
    expect(refused.body.error.details.retryAfter).toBeGreaterThan(0);
    // Another client still gets its challenge.
    expect((await api.get('/altcha/challenge', from('203.0.113.41'))).status).toBe(200);
  });

  it('leaves forms the town did not list alone, also when a widget sends the field anyway', async () => {
    const res = await api.postJson('/preferences/link', { email: 'egal@example.org', locale: 'de', pageUrl: `${TOWN_ORIGIN}/mein-newsletter.html`, altcha: 'irgendwas' });
    expect(res.status).toBe(202);
  });
});
