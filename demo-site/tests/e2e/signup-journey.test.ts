import { afterAll, beforeAll, expect, it } from 'vitest';
import { logInToAdminPanel } from '../support/admin';
import { startJourney, type Journey } from '../support/journey';
import { linkTo } from '../support/mail-catcher';

let journey: Journey;

beforeAll(async () => {
  journey = await startJourney();
});

afterAll(async () => {
  await journey?.stop();
});

it('a citizen subscribes on the town website, confirms by mail, is welcomed, leaves in one click, and the editor sees it all', async () => {
  const email = 'erika.e2e@example.org';
  const page = await journey.browser.newPage();
  journey.watchCsp(page);

  // 1. The town website (origin A) embeds the widget from the CMS (origin B) under a strict CSP.
  const response = await page.goto(`${journey.website.url}/newsletter.html`);
  expect(response?.headers()['content-security-policy']).toContain("style-src 'self'");
  const widget = page.locator('civic-signup');
  await widget.getByRole('checkbox', { name: 'Abfall & Recycling' }).check();
  await widget.getByRole('textbox', { name: /E-Mail/i }).fill(email);
  await widget.getByRole('textbox', { name: /Vorname/i }).fill('Erika');
  await widget.getByRole('checkbox', { name: /willige ein/i }).check();
  await widget.getByRole('button', { name: /anmelden|abonnieren/i }).click();
  const success = widget.getByRole('heading', { name: /E-Mail|Postfach|bestätigen/i });
  await expect.poll(() => success.isVisible()).toBe(true);
  await expect.poll(() => success.evaluate((el) => el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);

  // 2. The confirmation mail arrives at the SMTP server; its link opens a page with a button.
  const [doi] = await journey.app.mail.waitFor(email);
  expect(doi.subject).toMatch(/bestätigen/i);
  const confirmPage = await journey.browser.newPage();
  journey.watchCsp(confirmPage);
  await confirmPage.goto(linkTo(doi, '/api/civic-dialog/confirm').toString());
  await confirmPage.getByRole('button', { name: /bestätigen/i }).click();
  await expect.poll(() => confirmPage.getByRole('heading').first().textContent()).toMatch(/bestätigt|willkommen|danke/i);

  // 3. Welcome mail, with RFC 8058 one-click unsubscribe.
  const [, welcome] = await journey.app.mail.waitFor(email, 2);
  expect(welcome.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  const oneClick = await fetch(welcome.headers['list-unsubscribe'].slice(1, -1), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect(oneClick.status).toBe(200);

  // 4. The editor finds the profile with its whole consent history in the admin panel.
  const admin = await journey.browser.newPage();
  await logInToAdminPanel(admin, journey.app.baseUrl);
  await admin.goto(`${journey.app.baseUrl}/admin/plugins/civic-dialog`);
  await admin.getByText(email).click();
  // Strapi's design system renders its tables with role="grid".
  const history = admin.getByRole('grid', { name: /consent|einwilligung/i });
  await expect.poll(() => history.getByRole('row').count()).toBe(4); // header + granted, confirmed, withdrawn
  const historyText = (await history.textContent()) ?? '';
  for (const action of [/granted|erteilt/i, /confirmed|bestätigt/i, /withdrawn|widerrufen/i]) expect(historyText).toMatch(action);
  await expect.poll(() => admin.getByRole('grid', { name: /subscriptions|abonnements/i }).textContent()).toMatch(/abfall/i);

  expect(journey.cspViolations).toEqual([]);
});
