import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import middlewaresConfig from '../../config/middlewares';
import serverConfig from '../../config/server';
import { demoAdminPassword } from '../../scripts/lib/app-env.mjs';
import { publicApi, signupBody } from '../support/http';
import { settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

// Issue 10, items 5, 6 and 11, as the Musterstadt host app configures Strapi: CORS only on the
// plugin's public routes and never with credentials; X-Forwarded-For ignored unless a proxy is
// trusted; no demo admin unless asked for, and the demo bound to localhost.

let app: TestApp;

beforeAll(async () => {
  // No CIVIC_TRUSTED_PROXY_HOPS, no DEMO_ADMIN: the defaults a town gets.
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '3', DEMO_ADMIN: '' });
});

afterAll(async () => {
  await app?.stop();
});

/** Strapi's `env` helper over a plain object, as the config files get it. */
function envOf(values: Record<string, string>) {
  const env = (key: string, fallback?: unknown) => values[key] ?? fallback;
  return Object.assign(env, {
    int: (key: string, fallback?: number) => (key in values ? parseInt(values[key]!, 10) : fallback),
    bool: (key: string, fallback?: boolean) => (key in values ? values[key] === 'true' : fallback),
    array: (key: string, fallback?: string[]) => (key in values ? values[key]!.split(',').map((v) => v.trim()) : fallback),
  });
}

async function preflight(path: string, origin: string) {
  const res = await fetch(`${app.baseUrl}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
  });
  return res.headers;
}

describe('CORS', () => {
  it("lets the town's website call the plugin's public routes, without credentials", async () => {
    const headers = await preflight('/api/civic-dialog/signups', TOWN_ORIGIN);
    expect(headers.get('access-control-allow-origin')).toBe(TOWN_ORIGIN);
    expect(headers.get('access-control-allow-credentials')).toBeNull();
    const get = await fetch(`${app.baseUrl}/api/civic-dialog/topics`, { headers: { origin: TOWN_ORIGIN } });
    expect(get.headers.get('access-control-allow-origin')).toBe(TOWN_ORIGIN);
    expect(get.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers a foreign website without any CORS header', async () => {
    const headers = await preflight('/api/civic-dialog/signups', 'https://evil.example');
    expect(headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends no CORS headers on the admin panel, its login or token routes, even to the town', async () => {
    for (const path of ['/admin/access-token', '/admin/login', '/admin/users/me', '/civic-dialog/profiles', '/api/users']) {
      const headers = await preflight(path, TOWN_ORIGIN);
      expect(headers.get('access-control-allow-origin'), path).toBeNull();
      expect(headers.get('access-control-allow-credentials'), path).toBeNull();
    }
  });

  it("never combines '*' with credentials", async () => {
    const list = middlewaresConfig({ env: envOf({ CIVIC_ALLOWED_ORIGINS: '*' }) }) as Array<string | { name: string; config: any }>;
    const cors = list.find((entry) => typeof entry === 'object' && entry.name === 'strapi::cors') as { config: any };
    expect(cors.config.credentials).toBe(false);
    const origin = (path: string) => cors.config.origin({ path, get: () => 'https://any.example' });
    expect(await origin('/api/civic-dialog/topics')).toEqual(['*']);
    expect(await origin('/admin/access-token')).toEqual([]);
  });
});

describe('without a trusted proxy', () => {
  it('ignores X-Forwarded-For: forged entries neither escape nor spend the limit', async () => {
    const api = publicApi(app.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await api.postJson('/signups', signupBody({ email: `xff-${i}@example.org` }), { 'x-forwarded-for': `203.0.113.${i}` });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
  });

  it('maps CIVIC_TRUSTED_PROXY_HOPS to Koa: proxy off at 0, else the last n X-Forwarded-For entries', () => {
    expect(serverConfig({ env: envOf({}) }).proxy).toMatchObject({ koa: false });
    expect(serverConfig({ env: envOf({ CIVIC_TRUSTED_PROXY_HOPS: '2' }) }).proxy).toMatchObject({ koa: true, maxIpsCount: 2 });
  });
});

describe('demo admin', () => {
  it('is not created unless asked for, so no published login exists', async () => {
    await settleOutbox(app);
    expect(await app.strapi.db.query('admin::user').count()).toBe(0);
    const login = await fetch(`${app.baseUrl}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@musterstadt.example', password: 'Musterstadt-Demo-2026' }),
    });
    expect(login.status).toBe(400);
  });

  it('gets a generated password, stored in a private file and the same on every start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'civic-demo-'));
    try {
      const first = demoAdminPassword(dir);
      expect(first.created).toBe(true);
      expect(first.password).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      const again = demoAdminPassword(dir);
      expect(again).toEqual({ password: first.password, created: false });
      const file = join(dir, '.env');
      expect(readFileSync(file, 'utf8')).toContain(`DEMO_ADMIN_PASSWORD=${first.password}`);
      expect(statSync(file).mode & 0o077).toBe(0);
      expect(demoAdminPassword(mkdtempSync(join(tmpdir(), 'civic-demo-'))).password).not.toBe(first.password);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('binds the CMS to localhost unless HOST says otherwise', () => {
    expect(serverConfig({ env: envOf({}) }).host).toBe('127.0.0.1');
    expect(serverConfig({ env: envOf({ HOST: '0.0.0.0' }) }).host).toBe('0.0.0.0');
  });
});
