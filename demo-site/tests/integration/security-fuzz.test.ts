import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationBody, signupBody } from '../support/http';
import { publicRoutes, routeUrl, type PublicRoute } from '../support/public-routes';
import { createEvent, createSurvey, linkRequestBody, surveyResponseBody } from '../support/security-fixtures';
import { settleIntake, startApp, type TestApp, TOWN_ORIGIN } from '../support/strapi';

// Issue 10: generated hostile bodies, headers and query strings against every public route the
// plugin declares. Whatever arrives: never a 5xx, and the database changes only when the request
// was accepted (2xx on a POST, PUT or PATCH); a refused request or a GET writes nothing.

const RUNS = 2100;
const TABLES = ['profile', 'subscription', 'consent', 'message', 'token', 'registration', 'survey-response', 'survey-answer', 'erasure'];

let app: TestApp;
let routes: PublicRoute[];

beforeAll(async () => {
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '1000000', CIVIC_RATE_LIMIT_EMAIL_POINTS: '1000000', CIVIC_MAIL_POLL_MS: '0' });
  await createEvent(app, 'abend');
  await createSurvey(app, 'umfrage');
  await createSurvey(app, 'anonym', { mode: 'anonymous' });
  routes = publicRoutes(app);
  // Accepted requests queue mails; sending them is the mail worker's business, not what is tested here.
  await app.strapi.plugin('civic-dialog').service('outbox').stop();
});

afterAll(async () => {
  await app?.stop();
});

/** Row counts of every table a public request may write, after the work of every answered request; one query. */
async function counts(): Promise<Record<string, number>> {
  await settleIntake(app);
  const tables = TABLES.map((name) => app.strapi.db.metadata.get(`plugin::civic-dialog.${name}` as any).tableName);
  const sql = tables.map((table) => `SELECT '${table}' AS name, COUNT(*) AS n FROM "${table}"`).join(' UNION ALL ');
  const result = await app.strapi.db.connection.raw(sql);
  const rows = (Array.isArray(result) ? result : result.rows) as Array<{ name: string; n: number | string }>;
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.n)]));
}

// --- what an attacker sends -------------------------------------------------------------------

const printable = fc.string({ unit: fc.constantFrom(...'abcXYZ019 -_.,;:=&?/%[]{}()<>"\'*@!$~#+\\|`^'.split('')), maxLength: 60 });
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  printable,
  fc.constantFrom('', ' ', '\u0000', '\u202e', '\u2028', 'token=abc', '__proto__', 'constructor', '../../etc/passwd', '<script>', "'; DROP TABLE x; --", '%00', 'NaN', '1e309'),
  fc.string({ maxLength: 5 }).map((s) => s + 'x'.repeat(20_000)),
  fc.emailAddress(),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 4 }),
  fc.integer({ min: 50, max: 4000 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth))),
  fc.array(fc.constant({}), { maxLength: 5 }),
);

const validBodies: Record<string, () => Record<string, unknown>> = {
  signups: () => signupBody({ email: `fuzz-${Math.random().toString(36).slice(2)}@example.org` }),
  'preferences/link': () => linkRequestBody(),
  registrations: () => registrationBody({ email: `fuzz-${Math.random().toString(36).slice(2)}@example.org` }),
  responses: () => surveyResponseBody({ email: `fuzz-${Math.random().toString(36).slice(2)}@example.org` }),
};
const validBodyFor = (route: PublicRoute) =>
  Object.entries(validBodies).find(([suffix]) => route.path.endsWith(suffix))?.[1]() ?? { token: 'A'.repeat(43) };

/** A body: raw garbage, a hostile JSON value, or a valid body with one field made hostile (reaches deeper code). */
const bodyArbitrary = (route: PublicRoute) =>
  fc.oneof(
    hostileString.map((text) => ({ raw: text })),
    hostileValue.map((value) => ({ raw: JSON.stringify(value) ?? 'null' })),
    fc.record({ field: fc.string({ maxLength: 20 }), value: hostileValue, drop: fc.boolean() }).map(({ field, value, drop }) => {
      const body = validBodyFor(route);
      const keys = Object.keys(body);
      const key = keys.length && !field.startsWith('+') ? keys[field.length % keys.length]! : field;
      if (drop) delete body[key];
      else body[key] = value;
      return { raw: JSON.stringify(body) };
    }),
    fc.constant(null).map(() => ({ raw: JSON.stringify(validBodyFor(route)) })),
  );

const headerValue = fc.string({ unit: fc.constantFrom(...' abcxyz0129.,;:=/-_*"\'()[]<>@'.split('')), maxLength: 80 });
const headersArbitrary = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      '*/*',
    ),
    origin: fc.oneof(fc.constantFrom(TOWN_ORIGIN, 'null', 'https://evil.example', TOWN_ORIGIN + '.evil.example'), headerValue),
    authorization: fc.oneof(fc.constant('Bearer '), headerValue.map((v) => `Bearer ${v}`), headerValue),
    'x-forwarded-for': fc.oneof(headerValue, fc.constantFrom('1.2.3.4, 5.6.7.8', '::1', 'unknown', '999.1.1.1')),
    'accept-language': headerValue,
    accept: fc.constantFrom('application/json', 'text/html', '*/*', ''),
    cookie: headerValue,
  },
  { requiredKeys: ['content-type'] },
);

const queryKey = fc.oneof(fc.constantFrom('token', 'locale', 'lang', 'page', 'pageSize', 'status', '__proto__', 'a[b][c][d][e][f][g]', 'locale[]', 'token[$ne]'), printable);
const queryArbitrary = fc
  .array(fc.tuple(queryKey, fc.oneof(hostileString.map((s) => s.slice(0, 300)), fc.constant(''))), { maxLength: 5 })
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : ''));

const slugArbitrary = fc.oneof(fc.constantFrom('abend', 'umfrage', 'anonym', 'loader.js', 'civic-signup.js'), printable.filter((s) => s.length > 0));

// ------------------------------------------------------------------------------------------------

describe('hostile requests to every public route', () => {
  it(`${RUNS} generated requests: never a 5xx, and rows change only for accepted writes`, async () => {
    expect(routes.length).toBeGreaterThan(20);
    let before = await counts();
    const statuses = new Map<number, number>();
    const request = fc
      .nat({ max: routes.length - 1 })
      .chain((index) => fc.tuple(fc.constant(routes[index]!), bodyArbitrary(routes[index]!), headersArbitrary, queryArbitrary, slugArbitrary));

    await fc.assert(
      fc.asyncProperty(request, async ([route, body, headers, query, slug]) => {
        const hasBody = route.method !== 'GET';
        const res = await fetch(routeUrl(app, route, { slug, file: slug }, query), {
          method: route.method,
          headers: headers as Record<string, string>,
          body: hasBody ? body.raw : undefined,
        });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const after = await counts();
        const accepted = hasBody && res.status >= 200 && res.status < 300;
        const what = `${route.method} ${route.path} → ${res.status} ${text.slice(0, 200)}`;
        expect(res.status, what).toBeLessThan(500);
        if (!accepted) expect(after, what).toEqual(before);
        before = after;
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    // The run reached past the guards: some requests were accepted, some refused.
    const accepted = [...statuses].filter(([status]) => status < 300).reduce((sum, [, n]) => sum + n, 0);
    expect(accepted, JSON.stringify([...statuses])).toBeGreaterThan(50);
  }, 600_000);
});
