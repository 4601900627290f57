import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressForms, createEvent, createSurvey, postForBytes } from '../support/security-fixtures';
import { settleIntake, startApp, type TestApp } from '../support/strapi';

// Issue 10, item 2: how long a public form takes to answer must not say whether the address is known.
//
// Design, so that it holds on a busy 2-core machine: the requests go one at a time, in pairs of one
// known and one unknown address in random order, and each waits until the server has finished the
// work the previous one started after its answer (no fixed sleeps). Machine load then slows both members of a pair
// alike; a sign test over the pairs asks only "which one was slower", which noise cannot bias. If
// known and unknown addresses took different paths before the answer, one side would be slower in
// far more than half of the pairs.
//
// On PostgreSQL, as the issue asks (and every CI run has one). Not on SQLite: this test's client
// shares one event loop with the app it boots, and SQLite's driver is synchronous, so the work that
// starts once an answer has left (kernel/intake) still delays the client's reading of that answer in
// here, though not on the wire (a client elsewhere has the bytes already).

let app: TestApp;
const PAIRS = 60;
// Under "no difference" the share of pairs where the known address was slower is Binomial(n, 1/2):
// 4.5 standard deviations either side fail by chance about once in 150,000 runs; a path that makes
// one side slower in most pairs is far outside.
const SIGN_TEST_BOUND = 4.5 * Math.sqrt(PAIRS * 0.25);

beforeAll(async () => {
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '100000', CIVIC_RATE_LIMIT_EMAIL_POINTS: '100000', CIVIC_MAIL_POLL_MS: '0' });
  await createEvent(app, 'zeitabend');
  await createSurvey(app, 'zeitumfrage');
  // Known addresses: active subscribers of 'abfall', written straight to the database (fast), one per pair and form.
  const topic = await app.strapi.db.query('plugin::civic-dialog.topic' as any).findOne({ where: { slug: 'abfall' } });
  const emails = addressForms('zeitabend', 'zeitumfrage').flatMap((_, form) => Array.from({ length: PAIRS }, (_, i) => knownAddress(form, i)));
  const profiles = app.strapi.db.query('plugin::civic-dialog.profile' as any);
  await profiles.createMany({ data: emails.map((email) => ({ email, status: 'active', locale: 'de', firstName: 'Bekannt' })) });
  const ids = (await profiles.findMany({ where: { email: { $in: emails } }, select: ['id'] })).map((row: { id: number }) => row.id);
  await app.strapi.db
    .query('plugin::civic-dialog.subscription' as any)
    .createMany({ data: ids.map((profileId: number) => ({ profileId, topicId: topic.id, status: 'active', source: 'test' })) });
  // The mails queue up unsent: sending is the mail worker's business, apart from any request, and
  // its rendering would only add noise between the timed requests.
  await app.strapi.plugin('civic-dialog').service('outbox').stop();
});

afterAll(async () => {
  await app?.stop();
});

function knownAddress(form: number, i: number) {
  return `bekannt-${form}-${i}@example.org`;
}

async function timed(path: string, body: unknown): Promise<number> {
  await settleIntake(app);
  const start = performance.now();
  const res = await postForBytes(app.baseUrl, path, body);
  const elapsed = performance.now() - start;
  expect(res.status).toBe(202);
  return elapsed;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

describe.runIf(Boolean(process.env.TEST_POSTGRES_URL))('the answer takes as long for a known address as for an unknown one', () => {
  addressForms('zeitabend', 'zeitumfrage').forEach((form, formIndex) => {
    it(`${form.name} (${PAIRS} pairs)`, async () => {
      // Warm-up: the first requests of a path compile code and fill caches.
      for (let i = 0; i < 5; i++) await timed(form.path, form.body(`warm-${formIndex}-${i}@example.org`));
      const known: number[] = [];
      const unknown: number[] = [];
      let knownSlower = 0;
      for (let i = 0; i < PAIRS; i++) {
        const knownFirst = Math.random() < 0.5;
        const unknownBody = form.body(`unbekannt-${formIndex}-${i}@example.org`);
        const knownBody = form.body(knownAddress(formIndex, i));
        let k: number;
        let u: number;
        if (knownFirst) {
          k = await timed(form.path, knownBody);
          u = await timed(form.path, unknownBody);
        } else {
          u = await timed(form.path, unknownBody);
          k = await timed(form.path, knownBody);
        }
        known.push(k);
        unknown.push(u);
        if (k > u) knownSlower += 1;
      }
      const summary = `known slower in ${knownSlower}/${PAIRS} pairs; median known ${median(known).toFixed(2)} ms, unknown ${median(unknown).toFixed(2)} ms`;
      expect(Math.abs(knownSlower - PAIRS / 2), summary).toBeLessThan(SIGN_TEST_BOUND);
      // And the medians, the figure an attacker would compare, within a quarter of each other.
      const ratio = median(known) / median(unknown);
      expect(ratio, summary).toBeGreaterThan(0.75);
      expect(ratio, summary).toBeLessThan(1 / 0.75);
    }, 180_000);
  });
});
