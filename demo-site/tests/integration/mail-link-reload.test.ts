import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTo } from '../support/mail-catcher';
import { registrationBody, settledPublicApi, signupBody } from '../support/http';
import { rows } from '../support/rows';
import { settleOutbox, startApp, type TestApp } from '../support/strapi';

/**
 * The pages behind the mail links answer a form post with 303 See Other to an address that shows
 * the outcome (Post/Redirect/Get): reloading the page after pressing its button shows the same
 * outcome again, never posts the used token a second time and never ends on an error page.
 */

let app: TestApp;
let api: ReturnType<typeof settledPublicApi>;
let db: ReturnType<typeof rows>;

beforeAll(async () => {
  app = await startApp({ CIVIC_MAIL_COOLDOWN_SECONDS: '0' });
  api = settledPublicApi(app);
  db = rows(app.strapi);
});

afterAll(async () => {
  await app?.stop();
});

/** What a browser sends when the page's button is pressed; the redirect is not followed. */
async function pressButton(pageUrl: URL): Promise<Response> {
  const html = await (await fetch(pageUrl)).text();
  const action = new URL(/<form method="post" action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&'), pageUrl);
  const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
  return fetch(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
    redirect: 'manual',
  });
}

/** The address the 303 leads to, resolved as a browser does. */
function seeOther(post: Response, pageUrl: URL): URL {
  expect(post.status).toBe(303);
  expect(post.headers.get('cache-control')).toBe('no-store');
  const location = post.headers.get('location')!;
  // Relative, like the forms' actions, and without the token.
  expect(location).toMatch(/^[a-z-]+\?result=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  return new URL(location, pageUrl);
}

describe(`mail-link pages after their button on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('confirming a newsletter: the outcome at its own address, the same on every reload, nothing done twice', async () => {
    const email = 'reload.confirm@example.org';
    expect((await api.postJson('/signups', signupBody({ email, topics: ['kultur'] }))).status).toBe(202);
    const [doi] = await app.mail.waitFor(email);
    const confirmUrl = linkTo(doi!, '/api/civic-dialog/confirm');

    const result = seeOther(await pressButton(confirmUrl), confirmUrl);
    expect(result.pathname).toBe('/api/civic-dialog/confirm');
    const profile = await db.profile(email);
    expect(profile.status).toBe('active');
    const ledger = await db.consents(profile.id);
    expect(ledger.map((c: any) => c.action)).toEqual(['granted', 'confirmed']);

    for (let reload = 0; reload < 2; reload++) {
      const shown = await fetch(result);
      expect(shown.status).toBe(200);
      const html = await shown.text();
      expect(html).toContain('<h1>Anmeldung bestätigt</h1>');
      expect(html).toContain('Kultur &amp; Veranstaltungen');
      expect(html).not.toContain('<form');
    }
    // The reloads did nothing: no second confirmation, no second welcome mail.
    await settleOutbox(app);
    expect((await db.consents(profile.id)).map((c: any) => c.action)).toEqual(['granted', 'confirmed']);
    expect((await db.messages(profile.id)).map((m: any) => m.kind)).toEqual(['doi', 'welcome']);
  });

  it('an event registration, its cancellation and a refusal: each outcome stays at its address', async () => {
    const email = 'reload.event@example.org';
    expect((await api.postJson('/events/infoabend-radverkehr/registrations', registrationBody({ email }))).status).toBe(202);
    const [confirmMail] = await app.mail.waitFor(email);
    const confirmUrl = linkTo(confirmMail!, '/api/civic-dialog/event-confirm');
    const confirmed = seeOther(await pressButton(confirmUrl), confirmUrl);
    const confirmedPage = await fetch(confirmed);
    expect(confirmedPage.status).toBe(200);
    expect(await confirmedPage.text()).toContain('Infoabend Radverkehr');
    expect((await db.registrations((await db.profile(email)).id))[0]).toMatchObject({ status: 'confirmed' });

    const [, registered] = await app.mail.waitFor(email, 2);
    const cancelUrl = linkTo(registered!, '/api/civic-dialog/event-cancel');
    const cancelled = seeOther(await pressButton(cancelUrl), cancelUrl);
    const shown = await fetch(cancelled);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('<h1>Anmeldung storniert</h1>');
    expect((await db.registrations((await db.profile(email)).id))[0]).toMatchObject({ status: 'cancelled' });

    // A second post of the used confirm link (a back button and the button again): the refusal
    // too is shown at an address of its own, with its status, and reloading it posts nothing.
    const again = await fetch(confirmUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: confirmUrl.searchParams.get('token')! }).toString(),
      redirect: 'manual',
    });
    const refusal = seeOther(again, confirmUrl);
    for (let reload = 0; reload < 2; reload++) {
      const shown = await fetch(refusal);
      expect(shown.status).toBe(410);
      expect(await shown.text()).toContain('role="alert"');
    }
    expect((await db.registrations((await db.profile(email)).id))[0]).toMatchObject({ status: 'cancelled' });
  });

  it('an outcome address someone altered or made up shows the invalid-link page (404, as for a made-up token), not their text', async () => {
    const email = 'reload.forged@example.org';
    expect((await api.postJson('/signups', signupBody({ email }))).status).toBe(202);
    const [doi] = await app.mail.waitFor(email);
    const confirmUrl = linkTo(doi!, '/api/civic-dialog/confirm');
    const result = seeOther(await pressButton(confirmUrl), confirmUrl);
    const [body, mac] = result.searchParams.get('result')!.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ s: 200, l: 'de', t: 'Bitte Ihr Passwort eingeben', p: [], o: 'info' })).toString('base64url');
    for (const value of [`${forgedBody}.${mac}`, `${body}.AAAA`, 'kaputt', '']) {
      const forged = new URL(result);
      forged.searchParams.set('result', value);
      const res = await fetch(forged);
      expect(res.status, value).toBe(404);
      const html = await res.text();
      expect(html).not.toContain('Passwort');
      expect(html).toContain('role="alert"');
    }
  });

  it('one-click unsubscribe from the mail program (RFC 8058) still gets its answer at once, not a redirect', async () => {
    const email = 'reload.oneclick@example.org';
    expect((await api.postJson('/signups', signupBody({ email }))).status).toBe(202);
    const [doi] = await app.mail.waitFor(email);
    expect((await api.postJson('/confirm', { token: linkTo(doi!, '/api/civic-dialog/confirm').searchParams.get('token') })).status).toBe(200);
    const [, welcome] = await app.mail.waitFor(email, 2);
    const oneClick = await fetch(welcome!.headers['list-unsubscribe'].slice(1, -1), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    expect(oneClick.status).toBe(200);
    expect((await db.profile(email)).status).toBe('unsubscribed');
  });
});
