import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations, germanEditor } from '../support/admin-browser';
import { startJourney, subscribedOnTheWebsite, type Journey } from '../support/journey';
import { linkTo, type ReceivedMail } from '../support/mail-catcher';
import { settleOutbox } from '../support/strapi';

/**
 * The shipped automation "announce a new event", switched on by an editor in the German admin with
 * the automation form (keyboard), then an event with a topic published in the content manager: the
 * follower of that topic gets the announcement, follows its link to the town's website and
 * registers; a citizen who follows another topic gets nothing.
 */

const TEXTS_DIR = join(__dirname, '../../../strapi-plugin/admin/src/translations');
const CM = JSON.parse(readFileSync(join(TEXTS_DIR, 'content-types/de.json'), 'utf8')).contentTypes as Record<
  string,
  { fields: Record<string, { label: string }> }
>;
const ADMIN = JSON.parse(readFileSync(join(TEXTS_DIR, 'de.json'), 'utf8')) as Record<string, string>;
const AUTOMATION = 'plugin::civic-dialog.automation';
const EVENT = 'plugin::civic-dialog.event';
const TITLE = 'Infoabend Radweg Bahnhofstraße';
const FOLLOWER = 'vera.verkehr@example.org';
const OTHER = 'otto.abfall@example.org';
const DAY = 86_400_000;

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

const labelled = (label: string) => new RegExp(`^${label.replace(/[()?*+.[\]]/g, '\\$&')}`);
const germanDate = (date: Date) =>
  `${String(date.getDate()).padStart(2, '0')}.${String(date.getMonth() + 1).padStart(2, '0')}.${date.getFullYear()}`;

/** Presses Save and returns the content manager's answer for `uid`. */
async function save(uid: string) {
  const answer = page.waitForResponse(
    (response) => response.url().includes(`/content-manager/collection-types/${uid}`) && ['POST', 'PUT'].includes(response.request().method()),
  );
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  const response = await answer;
  return { status: response.status(), body: (await response.json()) as any };
}

/** Opens a select with the keyboard and picks an option (Radix: Enter opens, the option takes focus, Enter picks). */
async function choose(select: ReturnType<Page['getByRole']>, option: string | RegExp) {
  await select.focus();
  await select.press('Enter');
  const item = page.getByRole('option', { name: option, exact: typeof option === 'string' });
  await item.focus();
  await item.press('Enter');
  await expect.poll(() => select.textContent()).toMatch(typeof option === 'string' ? option : option);
}

/** Types a date and picks a time in the event's n-th date-time field (Strapi names them only "Choose date/time"). */
async function fillDateTime(index: number, date: Date, time: string) {
  const dateInput = page.getByRole('combobox', { name: 'Choose date' }).nth(index);
  await dateInput.fill(germanDate(date));
  await dateInput.press('Tab');
  const timeInput = page.getByRole('combobox', { name: 'Choose time' }).nth(index);
  await timeInput.click();
  await page.getByRole('option', { name: time, exact: true }).click();
}

it('an editor switches on "announce a new event" with the form, publishes an event with a topic: the follower is told and registers from the mail, the other citizen gets nothing', async () => {
  await subscribedOnTheWebsite(journey, FOLLOWER, { topics: ['verkehr'] });
  await subscribedOnTheWebsite(journey, OTHER, { topics: ['abfall'] });
  await settleOutbox(journey.app);
  const followerBefore = journey.app.mail.to(FOLLOWER).length;
  const otherBefore = journey.app.mail.to(OTHER).length;

  // 1. The shipped template, switched off, in the content manager's list of automations.
  await page.goto(`${journey.app.baseUrl}/admin/content-manager/collection-types/${AUTOMATION}`);
  await page.getByText('Neue Veranstaltung ankündigen / Announce a new event').click();
  await page.waitForURL((url) => /\/collection-types\/plugin::civic-dialog\.automation\/[^/]+$/.test(url.pathname));

  // 2. The form shows what it does: started by a published event, one step that sends a mail.
  const trigger = page.locator('[data-automation-trigger]');
  await expect.poll(() => trigger.getByRole('combobox', { name: labelled(ADMIN['automations.trigger.type']!) }).textContent()).toBe(
    ADMIN['automations.trigger.type.event-published'],
  );
  const steps = page.locator('[data-automation-steps]');
  const mailStep = steps.getByRole('group', { name: 'Schritt 1: E-Mail senden' });
  const subjectDe = mailStep.getByRole('textbox', { name: labelled(ADMIN['automations.step.subject.de']!) });
  expect(await subjectDe.inputValue()).toBe('Neue Veranstaltung: {{event.title}}');
  // WCAG 2.1 AA in the form itself (Strapi's own page around it is checked in admin-accessibility).
  expect(await axeViolations(page, { include: '[data-automation-trigger]' })).toEqual([]);
  expect(await axeViolations(page, { include: '[data-automation-steps]' })).toEqual([]);

  // 3. By keyboard: only events on "Verkehr", a German subject of the town's own, switched on.
  await choose(trigger.getByRole('combobox', { name: labelled(ADMIN['automations.trigger.topic']!) }), 'Verkehr & Baustellen');
  await subjectDe.focus();
  await subjectDe.press('ControlOrMeta+a');
  await subjectDe.pressSequentially('Neu im Kalender: {{event.title}}');
  // An unknown placeholder is named at the field, tied to it; the right one clears it.
  const bodyDe = mailStep.getByRole('textbox', { name: labelled(ADMIN['automations.step.body.de']!) });
  await bodyDe.focus();
  await bodyDe.press('ControlOrMeta+End');
  await bodyDe.pressSequentially('\n{{vorname}}');
  await expect.poll(() => bodyDe.getAttribute('aria-invalid')).toBe('true');
  const describedBy = (await bodyDe.getAttribute('aria-describedby')) ?? '';
  const errorTexts = await Promise.all(describedBy.split(' ').filter(Boolean).map((id) => page.locator(`[id="${id}"]`).textContent()));
  expect(errorTexts).toContain(ADMIN['automations.error.automation.mail.placeholder']);
  for (let n = 0; n < '\n{{vorname}}'.length; n += 1) await bodyDe.press('Backspace');
  await expect.poll(() => bodyDe.getAttribute('aria-invalid')).not.toBe('true');
  // The mail could also be written with the newsletter's blocks: the text becomes the first block
  // (labelled, keyboard, axe-clean); back to plain text, the text is still there.
  const content = mailStep.getByRole('combobox', { name: labelled(ADMIN['automations.step.content']!) });
  await choose(content, ADMIN['automations.step.content.blocks']!);
  const firstBlock = mailStep.getByRole('group', { name: `Block 1: ${ADMIN['automations.blocks.type.rich-text']}` });
  await expect.poll(() => firstBlock.getByRole('textbox', { name: labelled(ADMIN['automations.blocks.text.de']!) }).inputValue()).toContain('{{event.title}}');
  expect(await axeViolations(page, { include: '[data-mail-blocks]' })).toEqual([]);
  await choose(content, ADMIN['automations.step.content.text']!);
  await expect.poll(() => bodyDe.inputValue()).toContain('{{event.link}}');

  const enabled = page.getByRole('checkbox', { name: labelled(CM.automation!.fields.enabled!.label) }).or(page.getByRole('switch', { name: labelled(CM.automation!.fields.enabled!.label) }));
  await enabled.focus();
  await enabled.press('Space');
  const saved = await save(AUTOMATION);
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect(saved.body.data).toMatchObject({ enabled: true, trigger: { type: 'event-published', topic: 'verkehr' } });
  expect(saved.body.data.steps[0]).toMatchObject({ id: 'announce', type: 'send-mail', subject: { de: 'Neu im Kalender: {{event.title}}' } });
  const automationUrl = page.url();

  // 4. The editor publishes an event on Verkehr in the content manager (events have no drafts: saved is public).
  await page.goto(`${journey.app.baseUrl}/admin/content-manager/collection-types/${EVENT}/create`);
  const eventFields = CM.event!.fields;
  await page.getByRole('textbox', { name: labelled(eventFields.title!.label) }).fill(TITLE);
  await page.getByRole('textbox', { name: labelled(eventFields.location!.label) }).fill('Rathaus, Sitzungssaal');
  const day = new Date(Date.now() + 10 * DAY);
  await fillDateTime(0, day, '18:00');
  await fillDateTime(1, day, '20:00');
  await page.getByRole('combobox', { name: labelled(eventFields.newsletterTopic!.label) }).click();
  await page.getByRole('option', { name: /verkehr/i }).first().click();
  const created = await save(EVENT);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const slug = created.body.data.slug as string;

  // 5. The follower is told, in German, with the event's title and a link to the town's events page.
  const followerMails = await journey.app.mail.waitFor(FOLLOWER, followerBefore + 1, 30_000);
  const announcement = followerMails.find((mail) => mail.subject.includes(TITLE)) as ReceivedMail;
  expect(announcement.subject).toBe(`Neu im Kalender: ${TITLE}`);
  const link = linkTo(announcement, '/veranstaltungen.html');
  expect(link.origin).toBe(new URL(journey.website.url).origin);
  expect(link.searchParams.get('event')).toBe(slug);

  // 6. …follows it to the town's website and registers for the event there, then confirms.
  const citizen = await journey.browser.newPage();
  journey.watchCsp(citizen);
  await citizen.goto(link.toString());
  const widget = citizen.locator('civic-event-registration');
  await widget.getByRole('article', { name: TITLE }).getByRole('button', { name: 'Zur Anmeldung' }).click();
  const form = widget.getByRole('form', { name: `Anmeldung: ${TITLE}` });
  await form.getByRole('textbox', { name: /E-Mail/ }).fill(FOLLOWER);
  await form.getByRole('textbox', { name: /Vorname/ }).fill('Vera');
  await form.getByRole('checkbox', { name: /willige ein/ }).check();
  await form.getByRole('button', { name: /anmelden/ }).click();
  await expect.poll(() => widget.getByRole('heading', { name: 'Bitte bestätigen Sie Ihre Anmeldung' }).isVisible()).toBe(true);
  const [confirmMail] = (await journey.app.mail.waitFor(FOLLOWER, followerMails.length + 1)).slice(followerMails.length);
  await citizen.goto(linkTo(confirmMail!, '/api/civic-dialog/event-confirm').toString());
  await citizen.getByRole('button', { name: 'Anmeldung bestätigen' }).click();
  expect(await citizen.getByRole('heading', { level: 1 }).textContent()).toBe('Anmeldung bestätigt');
  await citizen.close();

  // 7. The citizen on another topic got nothing; the automation's figures beside it say one person, one mail.
  await settleOutbox(journey.app);
  expect(journey.app.mail.to(OTHER)).toHaveLength(otherBefore);
  await page.goto(automationUrl);
  const panel = page.locator('[data-automation-stats]');
  await expect.poll(() => panel.innerText(), { timeout: 30_000 }).toMatch(new RegExp(`${ADMIN['automations.stats.sent']}\\s*1\\b`));
  expect(await panel.innerText()).toContain(ADMIN['automations.stats.enabled']);
  expect(await panel.innerText()).toMatch(new RegExp(`${ADMIN['automations.stats.done']}\\s*1\\b`));

  expect(journey.cspViolations).toEqual([]);
  expect(missingTranslations.filter((id) => id.includes('automation'))).toEqual([]);
  // A whole journey through the admin, the mail and the town website: more than the default 120 s on a loaded machine.
}, 240_000);

it('the "entry published" trigger offers the configured content types, "any" first, by keyboard; the choice is saved', async () => {
  await page.goto(`${journey.app.baseUrl}/admin/content-manager/collection-types/${AUTOMATION}`);
  await page.getByText('Willkommensserie / Welcome series').click();
  await page.waitForURL((url) => /\/collection-types\/plugin::civic-dialog\.automation\/[^/]+$/.test(url.pathname));
  const trigger = page.locator('[data-automation-trigger]');
  await choose(trigger.getByRole('combobox', { name: labelled(ADMIN['automations.trigger.type']!) }), ADMIN['automations.trigger.type.entry-published']!);

  // A labelled select: "any content type" until one is chosen, then the types of automations.entryTypes by name.
  const contentType = trigger.getByRole('combobox', { name: labelled(ADMIN['automations.trigger.contentType']!) });
  await expect.poll(() => contentType.textContent()).toBe(ADMIN['automations.trigger.anyContentType']);
  await contentType.focus();
  await contentType.press('Enter');
  await expect.poll(() => page.getByRole('option').allTextContents()).toEqual([ADMIN['automations.trigger.anyContentType'], 'Article']);
  await page.keyboard.press('Escape');
  await choose(contentType, 'Article');
  expect(await axeViolations(page, { include: '[data-automation-trigger]' })).toEqual([]);

  const saved = await save(AUTOMATION);
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect(saved.body.data.trigger).toEqual({ type: 'entry-published', contentType: 'api::article.article' });

  // Back to "any": the stored trigger names no content type.
  await choose(contentType, ADMIN['automations.trigger.anyContentType']!);
  const any = await save(AUTOMATION);
  expect(any.status, JSON.stringify(any.body)).toBe(200);
  expect(any.body.data.trigger).toEqual({ type: 'entry-published' });
  expect(missingTranslations.filter((id) => id.includes('automation'))).toEqual([]);
}, 120_000);
