import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../support/rows';
import { createEvent, createSurvey } from '../support/security-fixtures';
import { publicRoutes, routeUrl } from '../support/public-routes';
import { settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

// Issue 10, item 3: a body of any shape within the size limit gets a 4xx, never a 500.

/** The public body limit (contracts BODY_LIMIT). */
const BODY_LIMIT = 16 * 1024;

let app: TestApp;
let db: ReturnType<typeof rows>;

beforeAll(async () => {
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '100000' });
  db = rows(app.strapi);
  await createEvent(app, 'abend');
  await createSurvey(app, 'umfrage');
});

afterAll(async () => {
  await app?.stop();
});

const bodies: Record<string, string> = {
  'nested arrays': '['.repeat(8000) + ']'.repeat(8000),
  'nested objects': '{"a":'.repeat(2500) + '1' + '}'.repeat(2500),
  'nested arrays in a known field': `{"email":${'['.repeat(7000)}${']'.repeat(7000)}}`,
  'nested arrays in the answers': `{"answers":{"ort":${'['.repeat(7000)}${']'.repeat(7000)}}}`,
  'nested objects in the answers': `{"answers":${'{"x":'.repeat(2500)}1${'}'.repeat(2500)}}`,
  'a very wide object': JSON.stringify(Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [`k${i}`, i]))),
  'a prototype key': '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}',
};

describe('pathological JSON on every public POST, PUT and PATCH', () => {
  it('stays within the size limit (so it reaches the parser)', () => {
    for (const body of Object.values(bodies)) expect(Buffer.byteLength(body)).toBeLessThanOrEqual(BODY_LIMIT);
  });

  it('is answered with a 4xx in Strapi\'s error shape and writes nothing', async () => {
    await settleOutbox(app);
    const before = await db.counts();
    const routes = publicRoutes(app).filter((route) => route.method !== 'GET');
    expect(routes.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const route of routes) {
      for (const [name, body] of Object.entries(bodies)) {
        const res = await fetch(routeUrl(app, route, { slug: route.path.includes('events') ? 'abend' : 'umfrage' }), {
          method: route.method,
          headers: { 'content-type': 'application/json', origin: TOWN_ORIGIN, authorization: 'Bearer x' },
          body,
        });
        const text = await res.text();
        const shaped = (() => {
          try {
            const parsed = JSON.parse(text);
            return parsed.data === null && parsed.error?.status === res.status;
          } catch {
            // The mail-link routes answer browsers with an HTML page.
            return (res.headers.get('content-type') ?? '').includes('text/html');
          }
        })();
        if (res.status < 400 || res.status >= 500 || !shaped) failures.push(`${route.method} ${route.path} ${name}: ${res.status} ${text.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await db.counts()).toEqual(before);
  });
});
