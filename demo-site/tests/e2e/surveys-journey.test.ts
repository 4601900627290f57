import { readFile } from 'node:fs/promises';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminToken, logInToAdminPanel, pluginAdminApi } from '../support/admin';
import { startJourney, type Journey } from '../support/journey';
import { linkTo } from '../support/mail-catcher';

const PLAYGROUND = 'Neuer Spielplatz: Wo soll er hin?';

let journey: Journey;

beforeAll(async () => {
  // The second attempt below needs its own confirmation mail: no per-form mail cooldown here.
  journey = await startJourney({ CIVIC_MAIL_COOLDOWN_SECONDS: '0' });
});

afterAll(async () => {
  await journey?.stop();
});

/** Fills the playground survey on the town page with one location and sends it. */
async function answerPlayground(email: string, location: string) {
  const page = await journey.browser.newPage();
  journey.watchCsp(page);
  await page.goto(`${journey.website.url}/umfrage.html`);
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
  const mails = await journey.app.mail.waitFor(email, nth);
  const page = await journey.browser.newPage();
  journey.watchCsp(page);
  await page.goto(linkTo(mails[nth - 1]!, '/api/civic-dialog/survey-confirm').toString());
  await page.getByRole('button', { name: 'Teilnahme bestätigen' }).click();
  const heading = await page.getByRole('heading', { level: 1 }).textContent();
  await page.close();
  return heading;
}

it('identified survey: answered on the town page → confirmed by mail → a second attempt refused → charts and CSV for the editor', async () => {
  const email = 'paula.e2e@example.org';
  await answerPlayground(email, 'Stadtpark');
  expect(await confirmByMail(email, 1)).toBe('Vielen Dank!');

  // One answer per person: the second submission's confirmation is refused, the first answers count.
  await answerPlayground(email, 'Am Schulhof Nord');
  expect(await confirmByMail(email, 2)).toBe('Bereits teilgenommen');

  const admin = await journey.browser.newPage();
  await logInToAdminPanel(admin, journey.app.baseUrl);
  await admin.goto(`${journey.app.baseUrl}/admin/plugins/civic-dialog/surveys`);
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

  expect(journey.cspViolations).toEqual([]);
});

it('anonymous survey: answered from two browsers, counted twice', async () => {
  const contexts: BrowserContext[] = [await journey.browser.newContext(), await journey.browser.newContext()];
  for (const [index, context] of contexts.entries()) {
    const page = await context.newPage();
    journey.watchCsp(page);
    await page.goto(`${journey.website.url}/umfrage.html`);
    const widget = page.locator('civic-survey[survey="buergerbuero"]');
    await widget.getByRole('radio', { name: String(index + 4) }).check();
    await widget.getByRole('button', { name: 'Antworten absenden' }).click();
    await expect.poll(() => widget.getByRole('heading', { name: 'Vielen Dank für Ihre Teilnahme!' }).isVisible()).toBe(true);
    await context.close();
  }
  const admin = pluginAdminApi(journey.app.baseUrl, await adminToken(journey.app.baseUrl));
  const survey = ((await (await admin('/surveys-admin')).json()) as any).results.find((item: any) => item.slug === 'buergerbuero');
  expect(survey.responses).toBe(2);
  const results = (await (await admin(`/surveys-admin/${survey.id}/results`)).json()) as any;
  expect(results.questions[0]).toMatchObject({ id: 'zufriedenheit', answered: 2, mean: 4.5 });
  expect(journey.cspViolations).toEqual([]);
});
