import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { germanEditor } from '../support/admin-browser';
import { registrationBody, settledPublicApi } from '../support/http';
import { startJourney, type Journey } from '../support/journey';
import { linkTo } from '../support/mail-catcher';
import { settleOutbox } from '../support/strapi';

/**
 * An editor creates an event in the German admin, saves an edit, and cancels it with the status
 * field: each save is the content manager's whole form. The field was once called `status`, which
 * Strapi 5's content manager reads as draft/published: every save was refused ("Invalid status").
 */

const TEXTS_DIR = join(__dirname, '../../../strapi-plugin/admin/src/translations');
const CM = JSON.parse(readFileSync(join(TEXTS_DIR, 'content-types/de.json'), 'utf8')).contentTypes.event.fields as Record<
  string,
  { label: string; options?: Record<string, string> }
>;
const EVENT = 'plugin::civic-dialog.event';
const TITLE = 'Sprechstunde Ortsmitte';
const DAY = 86_400_000;

let journey: Journey;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  journey = await startJourney();
  ({ context, page } = await germanEditor(journey.browser, journey.app.baseUrl));
});

afterAll(async () => {
  await context?.close();
  await journey?.stop();
});

const labelled = (label: string) => new RegExp(`^${label.replace(/[()?]/g, '\\$&')}`);
const germanDate = (date: Date) =>
  `${String(date.getDate()).padStart(2, '0')}.${String(date.getMonth() + 1).padStart(2, '0')}.${date.getFullYear()}`;

/**
 * Types a date and a time into a date-time field, as an editor does with the keyboard. Strapi's
 * date and time inputs are named only "Choose date"/"Choose time": `index` is the field's place
 * among the event's date-time fields (startsAt, endsAt, registrationOpensAt, registrationClosesAt).
 */
async function fillDateTime(index: number, date: Date, time: string) {
  const dateInput = page.getByRole('combobox', { name: 'Choose date' }).nth(index);
  await dateInput.fill(germanDate(date));
  await dateInput.press('Tab');
  const timeInput = page.getByRole('combobox', { name: 'Choose time' }).nth(index);
  await timeInput.click();
  await page.getByRole('option', { name: time, exact: true }).click();
  expect([await dateInput.inputValue(), await timeInput.inputValue()]).toEqual([germanDate(date), time]);
}

/** Presses Save and returns the content manager's answer to it. */
async function save() {
  const answer = page.waitForResponse(
    (response) => response.url().includes(`/content-manager/collection-types/${EVENT}`) && ['POST', 'PUT'].includes(response.request().method()),
  );
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  const response = await answer;
  return { status: response.status(), body: (await response.json()) as any };
}

it('creates an event in the German admin, saves an edit, and cancels it: the registered citizen is told', async () => {
  await page.goto(`${journey.app.baseUrl}/admin/content-manager/collection-types/${EVENT}/create`);
  await page.getByRole('textbox', { name: labelled(CM.title!.label) }).fill(TITLE);
  await page.getByRole('textbox', { name: labelled(CM.location!.label) }).fill('Rathaus, Raum 1');
  const day = new Date(Date.now() + 14 * DAY);
  await fillDateTime(0, day, '18:00');
  await fillDateTime(1, day, '20:00');
  const created = await save();
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body.data).toMatchObject({ title: TITLE, eventStatus: 'scheduled' });
  await page.waitForURL((url) => !url.pathname.endsWith('/create'));
  const slug = created.body.data.slug as string;

  // A citizen registers and confirms on the public API, as the widget does.
  const api = settledPublicApi(journey.app);
  const town = { origin: journey.website.url };
  const registration = registrationBody({ email: 'anna.sprechstunde@example.org', pageUrl: `${journey.website.url}/veranstaltungen.html` });
  expect((await api.postJson(`/events/${slug}/registrations`, registration, town)).status).toBe(202);
  const [confirmMail] = await journey.app.mail.waitFor('anna.sprechstunde@example.org');
  const token = linkTo(confirmMail!, '/api/civic-dialog/event-confirm').searchParams.get('token');
  expect((await api.postJson('/event-confirm', { token }, town)).status).toBe(200);

  // The room changes: the whole form goes back, the status as it was.
  await page.reload();
  await page.getByRole('textbox', { name: labelled(CM.location!.label) }).fill('Rathaus, Sitzungssaal');
  const edited = await save();
  expect(edited.status, JSON.stringify(edited.body)).toBe(200);
  expect(edited.body.data).toMatchObject({ location: 'Rathaus, Sitzungssaal', eventStatus: 'scheduled' });

  // Cancelled with the status field.
  await page.getByRole('combobox', { name: labelled(CM.eventStatus!.label) }).click();
  await page.getByRole('option', { name: CM.eventStatus!.options!.cancelled, exact: true }).click();
  const cancelled = await save();
  expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
  expect(cancelled.body.data.eventStatus).toBe('cancelled');
  await settleOutbox(journey.app);
  expect(journey.app.mail.to('anna.sprechstunde@example.org').map((mail) => mail.subject)).toContain(`Abgesagt: ${TITLE}`);

  await page.reload();
  await expect.poll(() => page.getByRole('combobox', { name: labelled(CM.eventStatus!.label) }).textContent()).toContain(CM.eventStatus!.options!.cancelled);
  expect((await api.get(`/events/${slug}`)).body.data.registrationOpen).toBe(false);
});
