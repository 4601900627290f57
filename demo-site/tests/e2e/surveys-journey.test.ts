import { readFile } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_ADMIN } from '../../src/seed';
import { startWebsite } from '../../website/server.mjs';
import { linkTo } from '../support/mail-catcher';
import { freePort, startApp, type TestApp } from '../support/strapi';

const PLAYGROUND = 'Neuer Spielplatz: Wo soll er hin?';

let app: TestApp;
let website: { url: string; close(): Promise<void> };
let browser: Browser;
const cspViolations: string[] = [];

beforeAll(async () => {
  const websitePort = await freePort();
  const websiteOrigin = `http://127.0.0.1:${websitePort}`;
  app = await startApp({ CIVIC_ALLOWED_ORIGINS: websiteOrigin, TOWN_WEBSITE_URL: websiteOrigin });
  website = await startWebsite({ port: websitePort, cmsUrl: app.baseUrl });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await website?.close();
  await app?.stop();
});

function watchCsp(page: Page) {
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
  });
}

/** Fills the playground survey on the town page with one location and sends it. */
async function answerPlayground(email: string, location: string) {
  const page = await browser.newPage();
  watchCsp(page);
  await page.goto(`${website.url}/umfrage.html`);
  const widget = page.locator('civic-survey[survey="spielplatz"]');
  await widget.getByRole('radio', { name: location }).check();
  await widget.getByRole('checkbox', { name: 'Schaukel' }).check();
  await widget.getByRole('radio', { name: 'Nein' }).check();
  await widget.getByRole('textbox', { name: /E-Mail/ }).fill(email);
  await widget.getByRole('checkbox', { name: /willige ein/ }).check();
  await widget.getByRole('button', { name: 'Antworten absenden' }).click();
  await expect.poll(() => widget.getByRole('heading', { name: 'Bitte bestätigen Sie Ihre Antworten' }).isVisible()).toBe(true);
  await page.close();
}

/** Opens the n-th confirmation mail's link and presses the button; returns the page's heading. */
async function confirmByMail(email: string, nth: number) {
  const mails = await app.mail.waitFor(email, nth);
  const page = await browser.newPage();
  watchCsp(page);
  await page.goto(linkTo(mails[nth - 1]!, '/api/civic-dialog/survey-confirm').toString());
  await page.getByRole('button', { name: 'Teilnahme bestätigen' }).click();
  const heading = await page.getByRole('heading', { level: 1 }).textContent();
  await page.close();
  return heading;
}

async function adminApi() {
  const login = await fetch(`${app.baseUrl}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }),
  });
  const { token } = ((await login.json()) as any).data;
  return async (path: string) =>
    (await (await fetch(`${app.baseUrl}/civic-dialog${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as any;
}

it('identified survey: answered on the town page → confirmed by mail → a second attempt refused → charts and CSV for the editor', async () => {
  const email = 'paula.e2e@example.org';
  await answerPlayground(email, 'Stadtpark');
  expect(await confirmByMail(email, 1)).toBe('Vielen Dank!');

  // One answer per person: the second submission's confirmation is refused, the first answers count.
  await answerPlayground(email, 'Am Schulhof Nord');
  expect(await confirmByMail(email, 2)).toBe('Bereits teilgenommen');

  const admin = await browser.newPage();
  await admin.goto(`${app.baseUrl}/admin/auth/login`);
  await admin.getByLabel(/email/i).fill(DEMO_ADMIN.email);
  await admin.getByLabel(/password|passwort/i).first().fill(DEMO_ADMIN.password);
  await admin.getByRole('button', { name: /login|anmelden/i }).click();
  await admin.waitForURL(/\/admin(?!\/auth)/);
  await admin.goto(`${app.baseUrl}/admin/plugins/civic-dialog/surveys`);
  await admin.getByRole('link', { name: PLAYGROUND }).click();
  // The chart of the first question: a table with one row per location, counts and shares.
  // (The panel's language picks the labels: English for the demo admin, German otherwise.)
  const chart = admin.getByRole('grid', { name: /Welcher Standort|Which location/ });
  await expect.poll(() => chart.getByRole('row').count()).toBe(4);
  expect(await chart.getByRole('row', { name: /Stadtpark|Town park/ }).textContent()).toMatch(/(Stadtpark|Town park)\s*1\s*100/);
  expect(await chart.getByRole('row', { name: /Schulhof|schoolyard/ }).textContent()).toMatch(/(Schulhof Nord|schoolyard)\s*0\s*0\s*%/);

  const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: /CSV/ }).click()]);
  expect(download.suggestedFilename()).toBe('spielplatz.csv');
  const csv = await readFile((await download.path())!, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).trim().split(/\r?\n/);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(/,(Stadtpark,Schaukel,nein|Town park,Swing,no),$/);

  expect(cspViolations).toEqual([]);
});

it('anonymous survey: answered from two browsers, counted twice', async () => {
  const contexts: BrowserContext[] = [await browser.newContext(), await browser.newContext()];
  for (const [index, context] of contexts.entries()) {
    const page = await context.newPage();
    watchCsp(page);
    await page.goto(`${website.url}/umfrage.html`);
    const widget = page.locator('civic-survey[survey="buergerbuero"]');
    await widget.getByRole('radio', { name: String(index + 4) }).check();
    await widget.getByRole('button', { name: 'Antworten absenden' }).click();
    await expect.poll(() => widget.getByRole('heading', { name: 'Vielen Dank für Ihre Teilnahme!' }).isVisible()).toBe(true);
    await context.close();
  }
  const admin = await adminApi();
  const survey = (await admin('/surveys-admin')).results.find((item: any) => item.slug === 'buergerbuero');
  expect(survey.responses).toBe(2);
  const results = await admin(`/surveys-admin/${survey.id}/results`);
  expect(results.questions[0]).toMatchObject({ id: 'zufriedenheit', answered: 2, mean: 4.5 });
  expect(cspViolations).toEqual([]);
});
