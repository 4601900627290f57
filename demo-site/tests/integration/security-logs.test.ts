import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicApi, signupBody } from '../support/http';
import { linkTo, type MailCatcher } from '../support/mail-catcher';
import { startLoggedInstance, type LoggedInstance } from '../support/logged-instance';

// Issue 10, item 8: the tokens of mail links never reach the log. Strapi runs as a town runs it — its
// own process, request logging on (level http) — and the test reads what it wrote to stdout/stderr.

let instance: LoggedInstance;
let mail: MailCatcher;
let baseUrl: string;

beforeAll(async () => {
  instance = await startLoggedInstance();
  ({ mail, baseUrl } = instance);
});

afterAll(async () => {
  await instance?.stop();
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
    await instance.waitForLog('/api/civic-dialog/confirm?token=');
    const log = instance.log();
    expect(log).toMatch(/GET \/api\/civic-dialog\/confirm\?token=\S+ \(\d+ ms\) 200/);
    expect(log).toMatch(/GET \/api\/civic-dialog\/event-cancel\?token=\S+&lang=de/);
    for (const token of tokens) expect(log, `token ${token.slice(0, 8)}… in the log`).not.toContain(token);
  });
});
