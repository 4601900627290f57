import ICAL from 'ical.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_ADMIN } from '../../src/seed';
import { startWebsite } from '../../website/server.mjs';
import { linkTo } from '../support/mail-catcher';
import { freePort, startApp, type TestApp } from '../support/strapi';

let app: TestApp;
let website: { url: string; close(): Promise<void> };
let browser: Browser;
const cspViolations: string[] = [];
const HOUR = 3_600_000;
const TITLE = 'Bürgerwerkstatt Marktplatz';

beforeAll(async () => {
  const websitePort = await freePort();
  const websiteOrigin = `http://127.0.0.1:${websitePort}`;
  app = await startApp({ CIVIC_ALLOWED_ORIGINS: websiteOrigin, TOWN_WEBSITE_URL: websiteOrigin });
  website = await startWebsite({ port: websitePort, cmsUrl: app.baseUrl });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const start = new Date(Date.now() + 72 * HOUR);
  start.setUTCMinutes(0, 0, 0);
  await app.strapi.documents('plugin::civic-dialog.event' as any).create({
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
  await browser?.close();
  await website?.close();
  await app?.stop();
});

function watchCsp(page: Page) {
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
  });
}

/** Fills the widget on the town's events page for one person and sends it. */
async function registerOnTownPage(email: string, firstName: string) {
  const page = await browser.newPage();
  watchCsp(page);
  const response = await page.goto(`${website.url}/veranstaltungen.html`);
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
  const [mail] = await app.mail.waitFor(email);
  const page = await browser.newPage();
  watchCsp(page);
  await page.goto(linkTo(mail!, '/api/civic-dialog/event-confirm').toString());
  await page.getByRole('button', { name: 'Anmeldung bestätigen' }).click();
  const heading = await page.getByRole('heading', { level: 1 }).textContent();
  await page.close();
  return heading;
}

it('register on the town page → confirm by mail → .ics → last seat, waiting list → cancel by link → promotion → CSV and check-in', async () => {
  await registerOnTownPage('anna.e2e@example.org', 'Anna');
  expect(await confirmByMail('anna.e2e@example.org')).toBe('Anmeldung bestätigt');
  const [, confirmation] = await app.mail.waitFor('anna.e2e@example.org', 2);
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
  const [, waitlisted] = await app.mail.waitFor('clara.e2e@example.org', 2);
  expect(waitlisted.subject).toBe(`Warteliste: ${TITLE}`);

  // The second cancels with the link in the confirmation mail.
  const [, bernd] = await app.mail.waitFor('bernd.e2e@example.org', 2);
  const cancelPage = await browser.newPage();
  watchCsp(cancelPage);
  await cancelPage.goto(linkTo(bernd, '/api/civic-dialog/event-cancel').toString());
  await cancelPage.getByRole('button', { name: 'Anmeldung stornieren' }).click();
  expect(await cancelPage.getByRole('heading', { level: 1 }).textContent()).toBe('Anmeldung storniert');
  await cancelPage.close();

  // The third moves up and is told, with the calendar file.
  const [, , promoted] = await app.mail.waitFor('clara.e2e@example.org', 3);
  expect(promoted.subject).toBe(`Sie sind nachgerückt: ${TITLE}`);
  expect(promoted.attachments.map((attachment) => attachment.filename)).toEqual(['event.ics']);

  // The organiser exports the door list and checks Anna in (admin API with the demo login).
  const login = await fetch(`${app.baseUrl}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }),
  });
  const { token } = ((await login.json()) as any).data;
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${app.baseUrl}/civic-dialog${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  const events = ((await (await admin('/events-admin')).json()) as any).results;
  const workshop = events.find((event: any) => event.slug === 'buergerwerkstatt');
  expect(workshop.counts).toMatchObject({ confirmed: 2, waitlisted: 0, cancelled: 1 });

  const csv = (await (await admin(`/events-admin/${workshop.id}/registrations.csv`)).text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  expect(csv.slice(1).map((line) => line.split(',').slice(0, 5).join(','))).toEqual([
    'anna.e2e@example.org,Anna,,1,confirmed',
    'clara.e2e@example.org,Clara,,1,confirmed',
    'bernd.e2e@example.org,Bernd,,1,cancelled',
  ]);
  const list = ((await (await admin(`/events-admin/${workshop.id}/registrations?status=confirmed`)).json()) as any).results;
  const anna = list.find((registration: any) => registration.email === 'anna.e2e@example.org');
  const checkIn = await admin(`/event-registrations/${anna.id}`, { method: 'PATCH', body: JSON.stringify({ attended: true }) });
  expect(((await checkIn.json()) as any).data.status).toBe('attended');

  expect(cspViolations).toEqual([]);
});
