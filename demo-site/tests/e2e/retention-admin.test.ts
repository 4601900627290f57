import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations, germanEditor } from '../support/admin-browser';
import { startJourney, type Journey } from '../support/journey';

/**
 * The retention page (issue 12) as a German editor sees it: each rule with its limit and what the
 * next run deletes, reached from the profiles page's header; axe (WCAG 2.1 AA) finds nothing and
 * every text is German.
 */

let journey: Journey;
let context: BrowserContext;
let page: Page;
let missingTranslations: string[];

beforeAll(async () => {
  journey = await startJourney();
  ({ context, page, missingTranslations } = await germanEditor(journey.browser, journey.app.baseUrl));
});

afterAll(async () => {
  await context?.close();
  await journey?.stop();
});

it('shows each retention rule with its limit and what the next run deletes, in German, axe-clean', async () => {
  // One address typed by nobody who confirms: a year from now the next run deletes it.
  const email = 'nie-bestaetigt@example.org';
  const signup = await fetch(`${journey.app.baseUrl}/api/civic-dialog/signups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: new URL(journey.website.url).origin },
    body: JSON.stringify({ email, topics: ['kultur'], locale: 'de', legalTextVersion: 1, consent: true, pageUrl: `${journey.website.url}/newsletter.html`, widget: 'civic-signup', website: '' }),
  });
  expect(signup.status).toBe(202);
  await journey.app.mail.waitFor(email, 1);

  await page.goto(`${journey.app.baseUrl}/admin/plugins/civic-dialog`);
  await page.getByRole('link', { name: 'Aufbewahrung' }).click();
  await page.getByRole('heading', { name: 'Aufbewahrung und Löschung' }).waitFor();
  // The design system's table is an ARIA grid; a rule's row is found by its first cell's words.
  const cells = (rule: string) => page.locator('tbody tr').filter({ has: page.locator('td', { hasText: new RegExp(`^${rule}$`) }) }).locator('td');
  await expect(cells('Nie bestätigte Adressen').nth(1).innerText()).resolves.toBe(
    '7 Tage nach Ablauf des Bestätigungslinks (gültig 7 Tage)',
  );
  await expect(cells('Anmeldungen zu vergangenen Veranstaltungen').nth(1).innerText()).resolves.toBe(
    '30 Tage nach dem Ende der Veranstaltung',
  );
  await expect(cells('IP-Hash und Browser der Einwilligungen').nth(1).innerText()).resolves.toBe('nach 6 Monaten');
  await expect(cells('Einträge im Zugriffsprotokoll').nth(1).innerText()).resolves.toBe('nach 3 Jahren');
  // Today nothing is due yet: the signup above is minutes old.
  await expect(cells('Nie bestätigte Adressen').nth(2).innerText()).resolves.toBe('0');
  await page.getByText('Bisher kein Lauf.').waitFor();

  // After a run (a year on), the page shows its counts.
  const run = await journey.app.strapi.plugin('civic-dialog').service('retention').runOnce(new Date(Date.now() + 365 * 86_400_000));
  expect(run.counts.unconfirmedProfiles).toBe(1);
  await page.reload();
  await page.getByRole('heading', { name: 'Aufbewahrung und Löschung' }).waitFor();
  await expect(cells('Nie bestätigte Adressen').nth(3).innerText()).resolves.toBe('1');
  await page.getByText(`Letzter Lauf: ${run.day} (UTC)`).waitFor();

  expect({ axe: await axeViolations(page), missingTranslations }).toEqual({ axe: [], missingTranslations: [] });
});
