import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { adminToken, logInToAdminPanel } from '../support/admin';
import { startJourney, subscribedOnTheWebsite, type Journey } from '../support/journey';
import { linkTo, type ReceivedMail } from '../support/mail-catcher';

let journey: Journey;
const ARTICLE = 'Stadtfest 2026: Programm steht';

beforeAll(async () => {
  journey = await startJourney();
});

afterAll(async () => {
  await journey?.stop();
});

/** The editor's admin panel in German. */
async function editorPage(): Promise<Page> {
  const context = await journey.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  // Generous: the admin panel is a large app and CI machines are shared.
  page.setDefaultTimeout(60_000);
  await logInToAdminPanel(page, journey.app.baseUrl);
  // The admin keeps the editor's language here; the next page load is German.
  await page.evaluate(() => localStorage.setItem('strapi-admin-language', 'de'));
  return page;
}

/** The newsletter mail among a person's mails (after confirmation and welcome). */
async function newsletterMail(email: string): Promise<ReceivedMail> {
  const mails = await journey.app.mail.waitFor(email, 3);
  return mails[2]!;
}

it('an editor composes a newsletter from an article and upcoming events, previews, tests and sends it; de and en readers get it in their language, can leave or manage; the report counts a click', async () => {
  // Two citizens who signed up for Kultur in their language and confirmed (double opt-in, public API).
  await subscribedOnTheWebsite(journey, 'anna.leserin@example.org', { topics: ['kultur'], locale: 'de' });
  await subscribedOnTheWebsite(journey, 'john.reader@example.org', { topics: ['kultur'], locale: 'en' });

  // 1. Compose in the content manager: subjects, the town's article by reference, upcoming events, topic Kultur.
  const page = await editorPage();
  await page.goto(`${journey.app.baseUrl}/admin/content-manager/collection-types/plugin::civic-dialog.newsletter/create`);
  await page.getByRole('textbox', { name: /^Betreff \(Deutsch\)/ }).fill('Neues aus Musterstadt');
  await page.getByRole('textbox', { name: /^Betreff \(Englisch\)/ }).fill('News from Musterstadt');
  await page.getByRole('button', { name: /Komponente hinzu/ }).click();
  await page.getByRole('button', { name: 'Artikel der Website' }).click();
  await page.getByRole('combobox', { name: /^Artikel/ }).first().click();
  await page.getByRole('option', { name: new RegExp(ARTICLE) }).click();
  await page.getByRole('button', { name: /Komponente hinzu/ }).click();
  await page.getByRole('button', { name: 'Nächste Veranstaltungen' }).click();
  await page.getByRole('combobox', { name: /^Themen/ }).last().click();
  await page.getByRole('option', { name: 'kultur' }).click();
  await page.getByRole('button', { name: 'Speichern' }).click();

  // 2. The side panel counts the exact recipients per language.
  const audience = page.getByRole('heading', { name: 'Empfängerinnen und Empfänger' }).locator('..');
  await expect.poll(() => audience.innerText()).toMatch(/Insgesamt\s+2\s+auf Deutsch\s+1\s+auf Englisch\s+1/);

  // 3. Preview: the real mail, German HTML with the article, then English plain text.
  await page.getByRole('link', { name: 'Vorschau der E-Mail' }).click();
  const html = page.frameLocator('iframe[title="E-Mail-Vorschau (Deutsch, HTML)"]');
  await expect.poll(() => html.getByText(ARTICLE).first().isVisible()).toBe(true);
  await page.getByRole('button', { name: 'Englisch' }).click();
  await page.getByRole('button', { name: 'Nur Text' }).click();
  const text = page.getByRole('region', { name: 'E-Mail-Vorschau (Englisch, Nur Text)' });
  // Plain text sets headings in capitals; the events block lists the next events in English.
  await expect.poll(() => text.innerText()).toContain(ARTICLE.toUpperCase());
  expect(await text.innerText()).toContain('UPCOMING EVENTS');
  await page.getByRole('link', { name: 'Zurück zum Newsletter' }).click();

  // 4. Test send by keyboard: an address with a typo is named, the right one gets a test mail.
  const addresses = page.getByRole('textbox', { name: 'Testadressen' });
  await addresses.fill('redaktion-musterstadt.example');
  await addresses.press('Enter');
  await expect.poll(() => page.getByText('„redaktion-musterstadt.example“ ist keine gültige E-Mail-Adresse.').isVisible()).toBe(true);
  await addresses.fill('redaktion@musterstadt.example');
  await addresses.press('Enter');
  await expect.poll(() => page.getByRole('status').filter({ hasText: /Testmail/ }).isVisible()).toBe(true);
  const [test] = await journey.app.mail.waitFor('redaktion@musterstadt.example');
  expect(test!.subject).toBe('[TEST] Neues aus Musterstadt');

  // 5. Send now: the dialog names the recipients; the answer takes the focus; the bar ends at 2 of 2.
  await page.getByRole('button', { name: 'Newsletter senden …' }).click();
  const dialog = page.getByRole('alertdialog');
  // The dialog counts again before it offers to send.
  await expect.poll(() => dialog.innerText()).toContain('2 Personen erhalten ihn: 1 auf Deutsch, 1 auf Englisch.');
  await dialog.getByRole('button', { name: 'Jetzt an 2 Personen senden' }).click();
  const started = page.getByRole('status').filter({ hasText: 'Der Versand an 2 Personen hat begonnen.' });
  await expect.poll(() => started.evaluate((element) => element === document.activeElement)).toBe(true);
  const progress = page.getByRole('progressbar', { name: 'Versandfortschritt' });
  await expect.poll(() => progress.getAttribute('aria-valuetext'), { timeout: 30_000 }).toBe('2 von 2 gesendet');

  // 6. Each reader gets it in their language, with the article.
  const anna = await newsletterMail('anna.leserin@example.org');
  const john = await newsletterMail('john.reader@example.org');
  expect(anna.subject).toBe('Neues aus Musterstadt');
  expect(john.subject).toBe('News from Musterstadt');
  for (const mail of [anna, john]) {
    expect(mail.html).toContain(ARTICLE);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  }

  // 7. A click on the first link of Anna's mail is counted (the link, not the person) and redirects to it.
  const click = await fetch(linkTo(anna, '/api/civic-dialog/l/'), { redirect: 'manual' });
  expect(click.status).toBe(302);
  const clickedUrl = click.headers.get('location')!;
  expect(clickedUrl).toMatch(/^https?:\/\//);

  // 8. John's manage link (signed, no row per mail) opens his preference center on the town website,
  // on its English page: he subscribed in English, so he reads it all in English.
  const manage = linkTo(john, '/api/civic-dialog/newsletters/manage').toString();
  const citizen = await journey.browser.newPage();
  journey.watchCsp(citizen);
  await citizen.goto(manage);
  await expect.poll(() => citizen.locator('civic-preferences').getByText('john.reader@example.org', { exact: false }).isVisible()).toBe(true);
  expect(new URL(citizen.url()).pathname).toBe('/en/my-newsletter.html');
  expect(await citizen.locator('html').getAttribute('lang')).toBe('en');
  await expect.poll(() => citizen.locator('civic-preferences').getByRole('heading', { name: 'Your preferences' }).isVisible()).toBe(true);

  // 9. Anna leaves through the unsubscribe link of the mail.
  await citizen.goto(linkTo(anna, '/api/civic-dialog/newsletters/unsubscribe').toString());
  await citizen.getByRole('button').first().click();
  await expect.poll(() => citizen.getByRole('heading', { level: 1 }).textContent()).toBe('Abgemeldet');
  await citizen.close();

  // 10. The report shows the figures: 2 recipients, 2 sent, 1 unsubscribe, 1 click on that link.
  await page.getByRole('link', { name: 'Bericht ansehen' }).click();
  const figure = (name: string) => page.getByRole('term').filter({ hasText: name }).locator('xpath=following-sibling::dd[1]');
  await expect.poll(() => figure('Empfänger').innerText()).toBe('2');
  await expect.poll(() => figure('Gesendet').innerText()).toBe('2');
  await expect.poll(() => figure('Abmeldungen').innerText()).toBe('1');
  // Strapi's design-system Table renders <table role="grid"> (keyboard navigation), so it is a grid, not a table.
  const clicks = page.getByRole('grid', { name: 'Klicks je Link' });
  await expect.poll(() => clicks.getByRole('row').count()).toBe(2);
  const clickRow = (await clicks.getByRole('row').nth(1).innerText()).split(/\t|\n/).map((cell) => cell.trim()).filter(Boolean);
  expect(clickRow.slice(0, 2)).toEqual([clickedUrl, '1']);
  expect(journey.cspViolations).toEqual([]);
  // The longest journey: two double opt-ins, composing in the admin, preview, test send, send and report.
}, 300_000);

it('a newsletter with only its subjects says in German what is missing, and cannot be sent', async () => {
  const page = await editorPage();
  await page.goto(`${journey.app.baseUrl}/admin/content-manager/collection-types/plugin::civic-dialog.newsletter/create`);
  await page.getByRole('textbox', { name: /^Betreff \(Deutsch\)/ }).fill('Noch ohne Inhalt');
  await page.getByRole('textbox', { name: /^Betreff \(Englisch\)/ }).fill('No content yet');
  await page.getByRole('button', { name: 'Speichern' }).click();

  // Under the audience: each problem in German, not the server's English summary.
  const audience = page.getByRole('heading', { name: 'Empfängerinnen und Empfänger' }).locator('..');
  const missing = ['Der Newsletter hat noch keinen Inhalt', 'Wählen Sie mindestens ein Thema'];
  await expect.poll(() => audience.innerText()).toContain('So kann der Newsletter noch nicht versendet werden:');
  const listed = await audience.innerText();
  for (const text of missing) expect(listed).toContain(text);
  expect(listed).not.toMatch(/errors occurred/);

  // The send button is disabled, and what it is described by names the reasons.
  const send = page.getByRole('button', { name: 'Newsletter senden …' });
  expect(await send.isDisabled()).toBe(true);
  // At 1280 px the side panel is narrow and this label wraps: the button grows with it, the label
  // keeps room above and below instead of spilling over the button's edges (as it did).
  await page.setViewportSize({ width: 1280, height: 900 });
  const room = await send.evaluate((button) => {
    const label = document.createRange();
    label.selectNodeContents(button);
    const text = label.getBoundingClientRect();
    const box = button.getBoundingClientRect();
    return { lines: Math.round(text.height / 16), above: text.top - box.top, below: box.bottom - text.bottom };
  });
  expect(room.lines).toBe(2);
  expect(room.above).toBeGreaterThanOrEqual(6);
  expect(room.below).toBeGreaterThanOrEqual(6);
  const describedBy = (await send.getAttribute('aria-describedby'))?.split(' ') ?? [];
  const description = (await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).innerText()))).join(' ');
  for (const text of missing) expect(description).toContain(text);
  expect(description).toContain('sobald diese Punkte behoben und gespeichert sind');

  // A test send of it is refused with the same reasons in German.
  const addresses = page.getByRole('textbox', { name: 'Testadressen' });
  await addresses.fill('redaktion@musterstadt.example');
  await addresses.press('Enter');
  // The answer appears next to the test button: a second such alert besides the one under the audience.
  const problemAlerts = page.getByRole('alert').filter({ hasText: 'So kann der Newsletter noch nicht versendet werden:' });
  await expect.poll(() => problemAlerts.count()).toBe(2);
  expect(await problemAlerts.last().innerText()).toContain('Wählen Sie mindestens ein Thema');
  await page.context().close();
});

it('in the content manager’s preview the keyboard can leave the mail preview for Strapi’s close button', async () => {
  // A saved newsletter: the content manager offers its preview only for a saved entry.
  const saved = await fetch(`${journey.app.baseUrl}/content-manager/collection-types/plugin::civic-dialog.newsletter`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await adminToken(journey.app.baseUrl)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ subject: 'Vorschau mit Tastatur', slug: 'vorschau-mit-tastatur', webArchive: false }),
  });
  expect(saved.status).toBe(201);
  const { documentId } = ((await saved.json()) as { data: { documentId: string } }).data;
  const page = await editorPage();
  await page.goto(`${journey.app.baseUrl}/admin/content-manager/collection-types/plugin::civic-dialog.newsletter/${documentId}/preview`);
  // The plugin's preview page in Strapi's preview frame takes the focus (Strapi's own focus trap around
  // the frame never tabs into it): its first button, the language.
  const frame = page.frameLocator('iframe').first();
  await expect.poll(() => frame.getByRole('button', { name: 'Deutsch' }).evaluate((button) => button === document.activeElement)).toBe(true);
  const focusOutsideFrame = () => page.evaluate(() => document.activeElement?.tagName !== 'IFRAME');
  expect(await focusOutsideFrame()).toBe(false);
  // Shift+Tab from the first button of the frame reaches Strapi's own controls around it (no trap).
  let left = false;
  for (let i = 0; i < 10 && !left; i++) {
    await page.keyboard.press('Shift+Tab');
    left = await focusOutsideFrame();
  }
  expect(left).toBe(true);
  await page.context().close();
});
