import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, freshSecrets } from '../../scripts/lib/app-env.mjs';
import { freshDatabase, type TestDatabase } from '../support/database';
import { adminToken, pluginAdminApi, TEST_ADMIN } from '../support/admin';
import { MailCatcher } from '../support/mail-catcher';
import { freePort, TOWN_ORIGIN } from '../support/strapi';

// Hostile review of the new channels (SMS, alerts, bounces, digest, automations). Strapi runs as a town
// runs it — its own process, request logging on (level http) — and the test reads what it wrote.

const MAIN = fileURLToPath(new URL('../support/instance-main.mjs', import.meta.url));

let child: ChildProcess;
let database: TestDatabase;
let mail: MailCatcher;
let baseUrl: string;
let log = '';
const SMS_SECRET = 'sms-webhook-secret-0123456789abcdef';
const BOUNCES_SECRET = 'bounces-webhook-secret-0123456789abcdef';

beforeAll(async () => {
  mail = await new MailCatcher().start();
  database = await freshDatabase();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  child = fork(MAIN, [], {
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      ...process.env,
      ...baseEnv,
      ...freshSecrets(),
      ...database.env,
      NODE_ENV: 'production',
      INSTANCE_LOG_LEVEL: 'http',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(mail.port),
      CIVIC_ALLOWED_ORIGINS: TOWN_ORIGIN,
      CIVIC_MAIL_POLL_MS: '200',
      STRAPI_STARTUP_BANNER: 'false',
      CIVIC_SMS_WEBHOOK_SECRET: SMS_SECRET,
      CIVIC_BOUNCES_WEBHOOK_SECRET: BOUNCES_SECRET,
      DEMO_ADMIN: '1',
      DEMO_ADMIN_EMAIL: TEST_ADMIN.email,
      DEMO_ADMIN_PASSWORD: TEST_ADMIN.password,
    },
  });
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.on('message', (message: { ready?: boolean }) => message.ready && resolve());
    child.once('exit', (code) => reject(new Error(`Strapi exited while starting (${code})\n${log.slice(-3000)}`)));
  });
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await mail?.stop();
  await database?.drop();
});

const waitForLog = async (text: string) => {
  const deadline = Date.now() + 10_000;
  while (!log.includes(text) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(log).toContain(text);
};

describe('the SMS webhooks\' secret in the request log', () => {
  it('is redacted when a gateway passes it as ?secret= (Strapi logs every URL), while the requests are still logged', async () => {
    const report = await fetch(`${baseUrl}/api/civic-dialog/sms/delivery-report?secret=${SMS_SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'no-such-message', status: 'delivered' }),
    });
    expect(report.status).toBe(404);
    const inbound = await fetch(`${baseUrl}/api/civic-dialog/sms/inbound?secret=${SMS_SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+4915112345678', text: 'Hallo' }),
    });
    expect(inbound.status).toBe(200);
    await waitForLog('/api/civic-dialog/sms/inbound?secret=');
    expect(log).toMatch(/POST \/api\/civic-dialog\/sms\/delivery-report\?secret=\[redacted\] \(\d+ ms\) 404/);
    expect(log).not.toContain(SMS_SECRET);
  });
});

describe('bad input to the new public routes', () => {
  const call = (path: string, init: RequestInit = {}) => fetch(`${baseUrl}/api/civic-dialog${path}`, init);
  const json = (body: string, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const sms = { authorization: `Bearer ${SMS_SECRET}` };
  const bounces = { authorization: `Bearer ${BOUNCES_SECRET}` };
  const cases: Array<[string, string, RequestInit]> = [
    ['sms inbound, no secret', '/sms/inbound', json('{"from":"+4915112345678","text":"STOP"}')],
    ['sms inbound, wrong secret', '/sms/inbound', json('{"from":"+4915112345678","text":"STOP"}', { authorization: 'Bearer wrong' })],
    ['sms inbound, broken JSON', '/sms/inbound', json('{"from":', sms)],
    ['sms inbound, JSON array', '/sms/inbound', json('[1,2]', sms)],
    ['sms inbound, from a number', '/sms/inbound', json('{"from":4915112345678,"text":"STOP"}', sms)],
    ['sms inbound, text/plain', '/sms/inbound', { method: 'POST', headers: { 'content-type': 'text/plain', ...sms }, body: 'STOP' }],
    ['sms report, no id', '/sms/delivery-report', json('{"status":"delivered"}', sms)],
    ['sms report, unknown status', '/sms/delivery-report', json('{"id":"x","status":"exploded"}', sms)],
    ['bounces webhook, no secret', '/bounces/webhook', json('{}')],
    ['bounces webhook, broken JSON', '/bounces/webhook', json('{"x":', bounces)],
    ['bounces webhook, JSON null', '/bounces/webhook', json('null', bounces)],
    ['bounces webhook, garbage rfc822', '/bounces/webhook', { method: 'POST', headers: { 'content-type': 'message/rfc822', ...bounces }, body: '\u0000\u0001garbage' }],
    ['alerts signup, empty', '/alerts/signups', json('{}', { origin: TOWN_ORIGIN })],
    ['sms preferences, no session', '/preferences/sms/phone', json('{"phone":"+4915112345678","locale":"de"}', { origin: TOWN_ORIGIN })],
    ['alert preferences, no session', '/preferences/alerts', {}],
  ];
  it.each(cases)('%s → 4xx in Strapi\'s error shape', async (_name, path, init) => {
    const response = await call(path, init);
    const text = await response.text();
    console.log(`PROBE ${_name}: ${response.status} ${text.slice(0, 200)}`);
    expect(response.status).toBeLessThan(500);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(text)).toMatchObject({ data: null, error: { status: response.status } });
  });

  // The confirm link is opened by a browser: a bad token gets the 400 HTML page, like every other confirm link.
  it.each([
    ['token array', '/alerts/confirm?token[]=a&token[]=b', {}],
    ['POST without token', '/alerts/confirm', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' }],
  ] as Array<[string, string, RequestInit]>)('alerts confirm, %s → the 400 page', async (_name, path, init) => {
    const response = await call(path, init);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
  });
});

describe('ids in the new admin routes', () => {
  // An id above PostgreSQL's integer range reached the database, which refused it: a 500 instead of a 404.
  it.each([
    ['GET', '/automations/9999999999/stats'],
    ['GET', '/profiles/9999999999/automation-timeline'],
    ['GET', '/alerts/99999999999/deliveries'],
    ['POST', '/alerts/99999999999/send'],
    ['POST', '/bounces/suppressions/99999999999/lift'],
  ])('%s %s → 4xx, not 500', async (method, path) => {
    const admin = pluginAdminApi(baseUrl, await adminToken(baseUrl));
    const response = await admin(path, { method, ...(method === 'POST' ? { body: JSON.stringify({ note: 'checked by hand' }) } : {}) });
    const text = await response.text();
    expect(response.status, text).not.toBe(500);
    expect(JSON.parse(text)).toMatchObject({ data: null, error: { status: response.status } });
  });
});
