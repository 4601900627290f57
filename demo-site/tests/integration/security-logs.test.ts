import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, freshSecrets } from '../../scripts/lib/app-env.mjs';
import { freshDatabase, type TestDatabase } from '../support/database';
import { publicApi, signupBody } from '../support/http';
import { linkTo, MailCatcher } from '../support/mail-catcher';
import { freePort, TOWN_ORIGIN } from '../support/strapi';

// Issue 10, item 8: the tokens of mail links never reach the log. Strapi runs as a town runs it — its
// own process, request logging on (level http) — and the test reads what it wrote to stdout/stderr.

const MAIN = fileURLToPath(new URL('../support/instance-main.mjs', import.meta.url));

let child: ChildProcess;
let database: TestDatabase;
let mail: MailCatcher;
let baseUrl: string;
let log = '';

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

describe('mail-link tokens in the request log', () => {
  it('are redacted in every logged URL, while the requests are still logged', async () => {
    const api = publicApi(baseUrl);
    const email = 'log@example.org';
    const tokens: string[] = [];

    expect((await api.postJson('/signups', signupBody({ email }))).status).toBe(202);
    const [doi] = await mail.waitFor(email);
    const confirmUrl = linkTo(doi!, '/api/civic-dialog/confirm');
    tokens.push(confirmUrl.searchParams.get('token')!);
    // A browser opens the link (GET page) and presses the button (form POST to the same URL).
    expect((await fetch(confirmUrl)).status).toBe(200);
    expect((await fetch(confirmUrl, { method: 'POST', body: new URLSearchParams({ token: tokens[0]! }) })).status).toBe(200);

    const [, welcome] = await mail.waitFor(email, 2);
    const unsubscribeUrl = linkTo(welcome!, '/api/civic-dialog/unsubscribe');
    tokens.push(unsubscribeUrl.searchParams.get('token')!);
    expect((await fetch(unsubscribeUrl)).status).toBe(200);
    // RFC 8058 one-click: the token only in the URL.
    const oneClick = await fetch(unsubscribeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);

    // Event, survey and cancel links carry their tokens the same way; an unknown one is logged too.
    for (const path of ['event-confirm', 'event-cancel', 'survey-confirm', 'confirm']) {
      const forged = `Forged${path.replace('-', '')}Token0123456789abcdefghijklmnop`.slice(0, 43);
      tokens.push(forged);
      await fetch(`${baseUrl}/api/civic-dialog/${path}?token=${forged}&lang=de`);
    }

    // The logger writes after the answer: wait until the last request is in the log.
    const deadline = Date.now() + 10_000;
    while (!log.includes('/api/civic-dialog/confirm?token=') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(log).toMatch(/GET \/api\/civic-dialog\/confirm\?token=\S+ \(\d+ ms\) 200/);
    expect(log).toMatch(/GET \/api\/civic-dialog\/event-cancel\?token=\S+&lang=de/);
    for (const token of tokens) expect(log, `token ${token.slice(0, 8)}… in the log`).not.toContain(token);
  });
});
