import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicApi, signupBody } from '../support/http';
import { linkTo, type ReceivedMail } from '../support/mail-catcher';
import { rows } from '../support/rows';
import { settleOutbox, startApp, type TestApp } from '../support/strapi';

let app: TestApp;
let api: ReturnType<typeof publicApi>;
let db: ReturnType<typeof rows>;

const RETRY_BASE_MS = 1000;

beforeAll(async () => {
  // Retries after 1 s, 2 s, 4 s … instead of 1 min, so backoff is observable in a test.
  app = await startApp({ CIVIC_MAIL_RETRY_DELAY_SECONDS: String(RETRY_BASE_MS / 1000), CIVIC_MAIL_POLL_MS: '200' });
  api = publicApi(app.baseUrl);
  db = rows(app.strapi);
});

afterAll(async () => {
  await app?.stop();
});

const outbox = () => app.strapi.plugin('civic-dialog').service('outbox');

/** A confirmed subscriber; returns the profile and the welcome mail. */
async function subscriber(email: string): Promise<{ profileId: number; welcome: ReceivedMail }> {
  expect((await api.postJson('/signups', signupBody({ email }))).status).toBe(202);
  const [doi] = await app.mail.waitFor(email);
  const token = linkTo(doi!, '/api/civic-dialog/confirm').searchParams.get('token');
  expect((await api.postJson('/confirm', { token })).status).toBe(200);
  const [, welcome] = await app.mail.waitFor(email, 2);
  return { profileId: (await db.profile(email)).id, welcome: welcome! };
}

/** The page's form as a browser submits it: method POST to its action, its hidden fields url-encoded. */
async function submitForm(pageUrl: URL, html: string) {
  const form = html.match(/<form method="post" action="([^"]*)">([\s\S]*?)<\/form>/);
  if (!form) throw new Error('no form on the page');
  const fields = Object.fromEntries([...form[2]!.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
  const action = new URL(form[1]!.replace(/&amp;/g, '&'), pageUrl);
  return fetch(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams(fields).toString(),
  });
}

describe(`mail delivery against an SMTP server that answers each way on purpose, on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('a temporary failure (451) is retried with doubling waits until the mail is accepted', async () => {
    const email = 'greylisted@example.org';
    app.mail.answer = (to) =>
      to.includes(email) && app.mail.refused.filter((r) => r.to.includes(email)).length < 2
        ? { accept: false, code: 451, message: '4.7.1 Greylisted, please try again later' }
        : { accept: true };
    try {
      expect((await api.postJson('/signups', signupBody({ email }))).status).toBe(202);
      await app.mail.waitFor(email, 1, 30_000);
      const acceptedAt = Date.now();
      const refusals = app.mail.refused.filter((r) => r.to.includes(email));
      expect(refusals.map((r) => r.code)).toEqual([451, 451]);
      // The first retry waits the base delay, the second twice as long.
      expect(refusals[1]!.at - refusals[0]!.at).toBeGreaterThanOrEqual(RETRY_BASE_MS);
      expect(acceptedAt - refusals[1]!.at).toBeGreaterThanOrEqual(2 * RETRY_BASE_MS);
      await settleOutbox(app);
      const [message] = await db.messages((await db.profile(email)).id);
      expect(message).toMatchObject({ kind: 'doi', status: 'sent', attempts: 2, error: null });
      expect(app.mail.to(email)).toHaveLength(1);
    } finally {
      app.mail.answer = () => ({ accept: true });
    }
  });

  it('a permanent failure (550) fails the mail at once, without retries, and keeps no address the server quoted', async () => {
    const email = 'no-such-mailbox@example.org';
    app.mail.answer = (to) => (to.includes(email) ? { accept: false, code: 550, message: `5.1.1 <${email}>: No such mailbox` } : { accept: true });
    try {
      expect((await api.postJson('/signups', signupBody({ email }))).status).toBe(202);
      await settleOutbox(app);
      const [message] = await db.messages((await db.profile(email)).id);
      expect(message).toMatchObject({ kind: 'doi', status: 'failed', attempts: 1 });
      expect(message.error).toMatch(/550|No such mailbox/);
      expect(message.error).not.toContain(email);
      // Nothing is due any more: another drain sends nothing to that address.
      await settleOutbox(app);
      expect(app.mail.refused.filter((r) => r.to.includes(email))).toHaveLength(1);
      expect(app.mail.to(email)).toEqual([]);
    } finally {
      app.mail.answer = () => ({ accept: true });
    }
  });

  it('a newsletter queued before the consent was withdrawn is refused when it is due, not sent', async () => {
    const email = 'changed-mind@example.org';
    const { profileId, welcome } = await subscriber(email);
    // Queue the newsletter while the outbox stands still, so the withdrawal lands between queue and send.
    await outbox().stop();
    try {
      await outbox().enqueue({ profileId, kind: 'newsletter', data: { subject: 'Neues aus dem Rathaus', heading: 'Neues', intro: 'Hallo', items: [] } });
      const oneClick = await fetch(welcome.headers['list-unsubscribe']!.slice(1, -1), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(oneClick.status).toBe(200);
    } finally {
      await outbox().start();
    }
    await settleOutbox(app);
    const newsletter = (await db.messages(profileId)).find((m: any) => m.kind === 'newsletter');
    expect(newsletter).toMatchObject({ status: 'failed' });
    expect(newsletter.error).toMatch(/^Refused: .*no confirmed double opt-in/);
    expect(app.mail.to(email).map((mail) => mail.subject)).not.toContain('Neues aus dem Rathaus');
    expect(app.mail.to(email)).toHaveLength(2);
  });

  it('the unsubscribe link in the mail body: the page only asks, its form unsubscribes', async () => {
    const email = 'reads-the-footer@example.org';
    const { profileId, welcome } = await subscriber(email);
    const link = linkTo(welcome, '/api/civic-dialog/unsubscribe');

    const page = await fetch(link, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Newsletter abbestellen');
    // Opening the page (a mail scanner does) changes nothing.
    expect((await db.profile(email)).status).toBe('active');

    const submitted = await submitForm(link, html);
    expect(submitted.status).toBe(200);
    expect(submitted.headers.get('content-type')).toMatch(/html/);
    expect(await submitted.text()).toContain('Abgemeldet');
    expect((await db.profile(email)).status).toBe('unsubscribed');
    expect((await db.subscriptions(profileId)).map((s: any) => s.status)).toEqual(['unsubscribed']);
    expect((await db.consents(profileId)).map((c: any) => c.action)).toEqual(['granted', 'confirmed', 'withdrawn']);
  });
});
