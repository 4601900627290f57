import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { logInToAdminPanel } from '../support/admin';
import { startJourney, type Journey } from '../support/journey';
import { linkTo } from '../support/mail-catcher';
import { rows } from '../support/rows';

let journey: Journey;
const HOUR = 3_600_000;
const TITLE = 'Bürgerwerkstatt Marktplatz';

beforeAll(async () => {
  journey = await startJourney();
  const start = new Date(Date.now() + 72 * HOUR);
  start.setUTCMinutes(0, 0, 0);
  await journey.app.strapi.documents('plugin::civic-dialog.event' as any).create({
    data: {
      title: TITLE,
      slug: 'buergerwerkstatt',
      description: 'Wie soll der Marktplatz aussehen? Wir planen gemeinsam.',
      startsAt: start,
      endsAt: new Date(start.getTime() + 2 * HOUR),
      location: 'Rathaus, Raum 1',
      capacity: 2,
      waitingList: true,
      maxSeatsPerRegistration: 1,
    } as any,
  });
});

afterAll(async () => {
  await journey?.stop();
});

/** Fills the widget on the town's events page for one person and sends it. */
async function registerOnTownPage(email: string, firstName: string) {
  const page = await journey.browser.newPage();
  journey.watchCsp(page);
  const response = await page.goto(`${journey.website.url}/veranstaltungen.html`);
  expect(response?.headers()['content-security-policy']).toContain("style-src 'self'");
  const widget = page.locator('civic-event-registration');
  const event = widget.getByRole('article', { name: TITLE });
  await event.getByRole('button', { name: 'Zur Anmeldung' }).click();
  const form = widget.getByRole('form', { name: `Anmeldung: ${TITLE}` });
  await form.getByRole('textbox', { name: /E-Mail/ }).fill(email);
  await form.getByRole('textbox', { name: /Vorname/ }).fill(firstName);
  await form.getByRole('checkbox', { name: /willige ein/ }).check();
  await form.getByRole('button', { name: /anmelden|Warteliste/ }).click();
  const success = widget.getByRole('heading', { name: 'Bitte bestätigen Sie Ihre Anmeldung' });
  await expect.poll(() => success.isVisible()).toBe(true);
  await page.close();
}

/** Opens the confirm link of the mail and presses the button, as the citizen would. */
async function confirmByMail(email: string) {
  const [mail] = await journey.app.mail.waitFor(email);
  const page = await journey.browser.newPage();
  journey.watchCsp(page);
  await page.goto(linkTo(mail!, '/api/civic-dialog/event-confirm').toString());
  await page.getByRole('button', { name: 'Anmeldung bestätigen' }).click();
  const heading = await page.getByRole('heading', { level: 1 }).textContent();
  await page.close();
  return heading;
}

it('register on the town page → confirm by mail → .ics → last seat, waiting list → cancel by link → promotion → CSV and check-in', async () => {
  await registerOnTownPage('anna.e2e@example.org', 'Anna');
  expect(await confirmByMail('anna.e2e@example.org')).toBe('Anmeldung bestätigt');
  const [, confirmation] = await journey.app.mail.waitFor('anna.e2e@example.org', 2);
  expect(confirmation.subject).toBe(`Anmeldung bestätigt: ${TITLE}`);
  const ics = confirmation.attachments.find((attachment) => attachment.filename === 'event.ics')!;
  const calendarEvent = new ICAL.Event(new ICAL.Component(ICAL.parse(ics.content)).getFirstSubcomponent('vevent')!);
  expect(calendarEvent.summary).toBe(TITLE);
  expect(calendarEvent.location).toBe('Rathaus, Raum 1');

  // The second person takes the last seat; the third lands on the waiting list.
  await registerOnTownPage('bernd.e2e@example.org', 'Bernd');
  expect(await confirmByMail('bernd.e2e@example.org')).toBe('Anmeldung bestätigt');
  await registerOnTownPage('clara.e2e@example.org', 'Clara');
  expect(await confirmByMail('clara.e2e@example.org')).toBe('Sie stehen auf der Warteliste');
  const [, waitlisted] = await journey.app.mail.waitFor('clara.e2e@example.org', 2);
  expect(waitlisted.subject).toBe(`Warteliste: ${TITLE}`);

  // The second cancels with the link in the confirmation mail.
  const [, bernd] = await journey.app.mail.waitFor('bernd.e2e@example.org', 2);
  const cancelPage = await journey.browser.newPage();
  journey.watchCsp(cancelPage);
  await cancelPage.goto(linkTo(bernd, '/api/civic-dialog/event-cancel').toString());
  await cancelPage.getByRole('button', { name: 'Anmeldung stornieren' }).click();
  expect(await cancelPage.getByRole('heading', { level: 1 }).textContent()).toBe('Anmeldung storniert');
  await cancelPage.close();

  // The third moves up and is told, with the calendar file.
  const [, , promoted] = await journey.app.mail.waitFor('clara.e2e@example.org', 3);
  expect(promoted.subject).toBe(`Sie sind nachgerückt: ${TITLE}`);
  expect(promoted.attachments.map((attachment) => attachment.filename)).toEqual(['event.ics']);

  // The organiser, in the admin panel, finds the event with its counts, exports the door list and checks Anna in.
  const admin = await journey.browser.newPage();
  await logInToAdminPanel(admin, journey.app.baseUrl);
  await admin.goto(`${journey.app.baseUrl}/admin/plugins/civic-dialog/events`);
  // Strapi's design system renders its tables with role="grid".
  const workshop = admin.getByRole('grid').getByRole('row', { name: new RegExp(TITLE) });
  // Confirmed, waiting list, cancelled, attended: the last four columns.
  await expect.poll(async () => (await workshop.getByRole('gridcell').allTextContents()).slice(-4)).toEqual(['2', '0', '1', '0']);
  await workshop.getByRole('link', { name: TITLE }).click();

  const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: /Export CSV|CSV/ }).click()]);
  expect(download.suggestedFilename()).toBe('anmeldungen-buergerwerkstatt.csv');
  const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  expect(csv.slice(1).map((line) => line.split(',').slice(0, 5).join(','))).toEqual([
    'anna.e2e@example.org,Anna,,1,confirmed',
    'clara.e2e@example.org,Clara,,1,confirmed',
    'bernd.e2e@example.org,Bernd,,1,cancelled',
  ]);

  const checkIn = admin.getByRole('switch', { name: /anna\.e2e@example\.org/ });
  await expect.poll(() => checkIn.isChecked()).toBe(false);
  await checkIn.click();
  await expect.poll(() => checkIn.isChecked()).toBe(true);
  await admin.close();
  // What the organiser saw is what the database holds.
  const db = rows(journey.app.strapi);
  const anna = await db.profile('anna.e2e@example.org');
  expect((await db.registrations(anna.id)).map((registration: any) => registration.status)).toEqual(['attended']);

  expect(journey.cspViolations).toEqual([]);
});
