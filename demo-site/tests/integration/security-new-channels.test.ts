import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, freshSecrets } from '../../scripts/lib/app-env.mjs';
import { freshDatabase, type TestDatabase } from '../support/database';
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
