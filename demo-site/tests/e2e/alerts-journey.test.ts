import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminToken, pluginAdminApi, type AdminCredentials } from '../support/admin';
import { germanEditor } from '../support/admin-browser';
import { startImapServer, type ImapServer } from '../support/imap-server';
import { startJourney, subscribedOnTheWebsite, type Journey } from '../support/journey';
import { linkTo, type ReceivedMail } from '../support/mail-catcher';
import { rows } from '../support/rows';
import { smsEnv, startSmsGateway, type SmsGateway } from '../support/sms-gateway';
import { settleOutbox } from '../support/strapi';

/**
 * Urgent alerts end to end (issue 13): two citizens on the town website's preference page (German,
 * 320 px wide, keyboard only) confirm a mobile number with the code from the local SMS gateway, allow
 * SMS alerts and subscribe to alerts for their district; a third signs up for alerts with the double
 * opt-in link. An editor (a role with alerts.send only) sends an alert to one district: its citizens
 * get the SMS and the mail, the other district's citizen gets neither. The mail to the dead address
 * bounces: the DSN for its VERP return path lands in the bounce mailbox (Dovecot, read by the
 * plugin's IMAP job), the address is suppressed, the admin's profile view says so, and the next alert
 * is refused for it.
 */

const FIXTURES = join(__dirname, '../../../strapi-plugin/server/src/features/bounces/fixtures');
const BOUNCE_DOMAIN = 'bounces.musterstadt.example';
const DISTRICT = 'Altstadt';
const OTHER_DISTRICT = 'Neustadt';
const ANNA = { email: 'anna.altstadt@example.org', phone: '0151 12345678', e164: '+4915112345678', district: DISTRICT };
const BERND = { email: 'bernd.neustadt@example.org', phone: '0160 98765432', e164: '+4916098765432', district: OTHER_DISTRICT };
/** A citizen of the Altstadt whose mailbox no longer exists (the relay takes the mail, the remote MX refuses it later). */
const GONE = 'gabi.gone@example.org';
const ALERT = {
  de: 'Wasserrohrbruch in der Altstadt: Leitungswasser bitte abkochen.',
  mail: 'Die Stadtwerke reparieren die Leitung in der Marktgasse. Bitte kochen Sie Leitungswasser bis auf Weiteres ab.',
};
const ALL_CLEAR = 'Entwarnung Altstadt: Das Leitungswasser ist wieder trinkbar.';

const TEXTS_DIR = join(__dirname, '../../../strapi-plugin/admin/src/translations');
const ADMIN = JSON.parse(readFileSync(join(TEXTS_DIR, 'de.json'), 'utf8')) as Record<string, string>;

let journey: Journey;
let gateway: SmsGateway;
let imap: ImapServer;
let editor: ReturnType<typeof pluginAdminApi>;
let editorCredentials: AdminCredentials;

beforeAll(async () => {
  imap = await startImapServer();
  gateway = await startSmsGateway();
  journey = await startJourney({
    ...smsEnv(gateway),
    ...imap.env(),
    // The plugin's bounce mailbox job reads Dovecot on its own, as in production (only more often).
    CIVIC_BOUNCES_IMAP_POLL_MS: '300',
    CIVIC_BOUNCES_DOMAIN: BOUNCE_DOMAIN,
  });
  editorCredentials = await alertEditor();
  editor = pluginAdminApi(journey.app.baseUrl, await adminToken(journey.app.baseUrl, editorCredentials));
});

afterAll(async () => {
  await journey?.stop();
  await gateway?.close();
  await imap?.stop();
});

/** An editor of the town's control room: an admin user whose only role may write and send alerts. */
async function alertEditor(): Promise<AdminCredentials> {
  const strapi = journey.app.strapi;
  const role = await strapi.service('admin::role').create({ name: 'Leitstelle', description: 'writes and sends alerts' });
  await strapi.service('admin::role').assignPermissions(role.id, [{ action: 'plugin::civic-dialog.alerts.send', subject: null, conditions: [], properties: {} }]);
  const credentials = { email: 'leitstelle@musterstadt.example', password: `Ls-${randomBytes(12).toString('base64url')}` };
  await strapi.service('admin::user').create({ ...credentials, firstname: 'Lea', lastname: 'Leitstelle', isActive: true, registrationToken: null, roles: [role.id] });
  return credentials;
}

/**
 * Presses Tab until `target` has the focus (the keyboard path a citizen takes), then checks that the
 * focused control lies within the 320 px viewport (WCAG 1.4.10: no sideways scrolling to reach it).
 */
async function tabTo(page: Page, target: Locator, maxPresses = 60): Promise<void> {
  for (let presses = 0; presses <= maxPresses; presses += 1) {
    if (await target.evaluate((element) => element.matches(':focus')).catch(() => false)) {
      const box = await target.evaluate((element) => {
        const rect = element.getBoundingClientRect();
        return { left: rect.left, right: rect.right, width: window.innerWidth };
      });
      expect(box.left, 'focused control starts left of the viewport').toBeGreaterThanOrEqual(0);
      expect(box.right, 'focused control ends right of the 320 px viewport').toBeLessThanOrEqual(box.width);
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`${target} was not reached with ${maxPresses} presses of Tab`);
}

const isFocused = (locator: Locator) => locator.evaluate((element) => element.matches(':focus'));
/** Waits until the widget shows `locator` (answers and lazy chunks take their time on a loaded machine). */
const shown = (locator: Locator) => expect.poll(() => locator.isVisible(), { timeout: 15_000 }).toBe(true);

/** The manage link in a mail: the town page with `#civic-token=…`. */
function manageLink(mail: ReceivedMail): string {
  const match = mail.text.match(/https?:\/\/\S+#civic-token=[A-Za-z0-9_-]{43}/);
  if (!match) throw new Error(`no manage link in "${mail.subject}"`);
  return match[0];
}

/**
 * A subscriber on the town website's preference page, at 320 px, in German, with the keyboard only:
 * asks for the manage link, opens it, confirms a mobile number with the code from the SMS, allows
 * SMS alerts and subscribes to alerts for a district.
 */
async function subscribesToAlertsInTheBrowser(citizen: typeof ANNA): Promise<void> {
  // A newsletter subscriber (signed up on the website, confirmed by the DOI link): someone with a preference center.
  await subscribedOnTheWebsite(journey, citizen.email);
  const context: BrowserContext = await journey.browser.newContext({ viewport: { width: 320, height: 640 }, locale: 'de-DE', reducedMotion: 'reduce' });
  const page = await context.newPage();
  journey.watchCsp(page);
  try {
    await page.goto(`${journey.website.url}/mein-newsletter.html`);
    const widget = page.locator('civic-preferences');
    const email = widget.getByRole('textbox', { name: 'E-Mail-Adresse' });
    await shown(email);
    await tabTo(page, email);
    await page.keyboard.type(citizen.email);
    await page.keyboard.press('Enter');
    await shown(widget.getByRole('heading', { name: 'Bitte sehen Sie in Ihr Postfach' }));
    const link = manageLink((await journey.app.mail.waitFor(citizen.email, 3))[2]!);

    await page.goto(link);
    await shown(widget.getByRole('heading', { name: 'Ihre Einstellungen' }));

    // The phone section: number → "Code senden" → the code from the SMS → confirmed.
    const phone = widget.getByRole('region', { name: 'Meine Mobilnummer (SMS)' });
    await shown(phone);
    const number = phone.getByRole('textbox', { name: 'Mobilnummer' });
    await tabTo(page, number);
    await page.keyboard.type(citizen.phone);
    await page.keyboard.press('Enter');
    const [codeSms] = await gateway.waitFor(citizen.e164);
    const code = /^(\d{6}) ist Ihr Code/.exec(codeSms!.text)?.[1];
    expect(code, codeSms!.text).toBeDefined();
    // The widget puts the focus into the code field itself.
    const codeField = phone.getByRole('textbox', { name: 'Code aus der SMS' });
    await expect.poll(() => isFocused(codeField).catch(() => false), { timeout: 15_000 }).toBe(true);
    await page.keyboard.type(code!);
    await page.keyboard.press('Enter');
    await shown(phone.getByText(`Bestätigte Nummer: ${citizen.e164}`));
    expect(await phone.getByRole('status').textContent()).toContain('Ihre Mobilnummer ist bestätigt.');

    // SMS alerts allowed (with the legal text beside the box).
    const smsAlerts = phone.getByRole('checkbox', { name: 'Warnungen (z. B. Wasserrohrbruch, Unwetter) per SMS' });
    await tabTo(page, smsAlerts);
    await page.keyboard.press('Space');
    expect(await smsAlerts.isChecked()).toBe(true);
    await tabTo(page, phone.getByRole('button', { name: 'SMS-Einstellungen speichern' }));
    await page.keyboard.press('Enter');
    await expect.poll(() => phone.getByRole('status').textContent(), { timeout: 15_000 }).toContain('Ihre SMS-Einstellungen wurden gespeichert.');

    // The alert section: a district, the consent, subscribe; by mail and SMS.
    const alerts = widget.getByRole('region', { name: 'Warnungen für mein Gebiet' });
    expect(await alerts.getByText('Sie erhalten Warnungen per E-Mail und per SMS.').isVisible()).toBe(true);
    await tabTo(page, alerts.getByRole('textbox', { name: /^Stadtteil/ }));
    await page.keyboard.type(citizen.district);
    await tabTo(page, alerts.getByRole('checkbox', { name: /^Ich möchte Warnungen für dieses Gebiet erhalten/ }));
    await page.keyboard.press('Space');
    await tabTo(page, alerts.getByRole('button', { name: 'Warnungen abonnieren' }));
    await page.keyboard.press('Enter');
    await shown(alerts.getByText(new RegExp(`^Sie erhalten Warnungen für: Stadtteil ${citizen.district}$`, 'i')));
    expect(await alerts.getByRole('status').textContent()).toContain('Sie erhalten jetzt Warnungen für Ihr Gebiet.');
    expect(await alerts.getByText('Sie erhalten Warnungen per E-Mail und per SMS.').isVisible()).toBe(true);

    // Nothing of the page needs sideways scrolling at 320 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  } finally {
    await context.close();
  }
}

/**
 * A citizen who signs up for alerts with the town's <civic-alerts-signup> on the start page (320 px,
 * keyboard only: the district from the site's list) and follows the confirm link in the mail.
 */
async function alertSubscriberByDoubleOptIn(email: string, district: string): Promise<void> {
  const context = await journey.browser.newContext({ viewport: { width: 320, height: 640 }, locale: 'de-DE', reducedMotion: 'reduce' });
  const page = await context.newPage();
  journey.watchCsp(page);
  try {
    await page.goto(`${journey.website.url}/index.html`);
    const form = page.locator('civic-alerts-signup').getByRole('form', { name: 'Warnungen abonnieren' });
    const address = form.getByRole('textbox', { name: 'E-Mail-Adresse' });
    await shown(address);
    await tabTo(page, address);
    await page.keyboard.type(email);
    const districts = form.getByRole('combobox', { name: /^Stadtteil/ });
    await tabTo(page, districts);
    // A closed select takes the first letters of an option (no pointer needed).
    await page.keyboard.type(district);
    expect(await districts.inputValue()).toBe(district);
    await tabTo(page, form.getByRole('checkbox', { name: /^Ich möchte Warnungen für dieses Gebiet per E-Mail erhalten/ }));
    await page.keyboard.press('Space');
    await tabTo(page, form.getByRole('button', { name: 'Warnungen abonnieren' }));
    await page.keyboard.press('Enter');
    const done = page.locator('civic-alerts-signup').getByRole('heading', { name: 'Bitte bestätigen Sie Ihr Abonnement' });
    await shown(done);
    expect(await isFocused(done)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

    // The confirm link: a page that asks before it acts (a mail scanner's GET confirms nothing).
    const [confirmMail] = await journey.app.mail.waitFor(email);
    expect(confirmMail!.subject).toMatch(/Warnungen/);
    await page.goto(linkTo(confirmMail!, '/api/civic-dialog/alerts/confirm').toString());
    const confirm = page.getByRole('button', { name: 'Warnungen bestätigen' });
    await tabTo(page, confirm);
    await page.keyboard.press('Enter');
    await shown(page.getByRole('heading', { level: 1, name: 'Warnungen bestätigt' }));
    expect(await page.getByText(new RegExp(`Stadtteil ${district}`, 'i')).count()).toBeGreaterThan(0);
  } finally {
    await context.close();
  }
}

/** The editor writes an alert and sends it (admin API with the editor's JWT); returns its id. */
async function sendAlert(shortText: string, mailText: string, severity: 'info' | 'warning'): Promise<number> {
  const created = await editor('/alerts', {
    method: 'POST',
    body: JSON.stringify({ shortText: { de: shortText }, mailText: { de: mailText }, severity, area: { districts: [DISTRICT] }, validUntil: new Date(Date.now() + 6 * 3_600_000).toISOString() }),
  });
  const body = (await created.json()) as any;
  expect(created.status, JSON.stringify(body)).toBe(201);
  const sent = await editor(`/alerts/${body.data.id}/send`, { method: 'POST', body: '{}' });
  expect(sent.status, await sent.clone().text()).toBe(202);
  return body.data.id as number;
}

/**
 * The editor writes and sends an alert on the plugin's Alerts page, keyboard only: the German short
 * and mail texts, the severity left at "Warnung", valid until the form's default (a day), the area
 * "Bezirke oder Postleitzahlen" with the district citizens chose, saved, then "Warnung senden" and
 * "Jetzt senden" once the dialog has counted the recipients. Returns the alert's id.
 */
async function sendAlertInAdmin(page: Page, shortText: string, mailText: string, recipients: string): Promise<number> {
  await page.goto(`${journey.app.baseUrl}/admin/plugins/civic-dialog/alerts`);
  const form = page.getByRole('region', { name: ADMIN['alerts.new.title'] });
  const short = form.getByRole('textbox', { name: new RegExp(`^${escape(ADMIN['alerts.field.shortTextDe']!)}`) });
  await shown(short);
  await short.focus();
  await page.keyboard.type(shortText);
  await tabTo(page, form.getByRole('textbox', { name: new RegExp(`^${escape(ADMIN['alerts.field.mailTextDe']!)}`) }));
  await page.keyboard.type(mailText);
  expect(await form.getByRole('combobox', { name: new RegExp(`^${escape(ADMIN['alerts.field.severity']!)}`) }).textContent()).toContain(ADMIN['alerts.severity.warning']);
  // Gebiet: from "Ganze Stadt" to "Bezirke oder Postleitzahlen" with the arrow key, then the district from the list.
  await tabTo(page, form.getByRole('radio', { name: ADMIN['alerts.area.wholeTown'] }));
  // Held like a finger does: Radix moves the focus in a timeout after keydown and checks the radio only while the arrow is still down.
  await page.keyboard.press('ArrowDown', { delay: 100 });
  await expect.poll(() => form.getByRole('radio', { name: ADMIN['alerts.area.some'] }).isChecked(), { timeout: 15_000 }).toBe(true);
  const districts = form.getByRole('combobox', { name: new RegExp(`^${escape(ADMIN['alerts.field.districts']!)}`) });
  await tabTo(page, districts);
  await page.keyboard.press('Enter');
  const option = page.getByRole('option', { name: new RegExp(`^${DISTRICT}`, 'i') });
  await shown(option);
  await option.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect.poll(() => districts.textContent()).toMatch(new RegExp(DISTRICT, 'i'));
  await tabTo(page, form.getByRole('button', { name: ADMIN['alerts.save'] }));
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/plugins\/civic-dialog\/alerts\/\d+$/);
  const alertId = Number(/\/alerts\/(\d+)$/.exec(new URL(page.url()).pathname)![1]);

  const send = page.getByRole('button', { name: ADMIN['alerts.send.label'] });
  await shown(send);
  await send.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog').or(page.getByRole('dialog'));
  await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 15_000 }).toBe(recipients);
  await tabTo(page, dialog.getByRole('button', { name: ADMIN['alerts.send.confirm'] }), 10);
  await page.keyboard.press('Enter');
  await shown(page.getByRole('region', { name: ADMIN['alerts.deliveries.title'] }));
  return alertId;
}

const escape = (text: string) => text.replace(/[()?*+.[\]]/g, '\\$&');

/** The alert's figures per channel once nothing is queued any more (the editor's live view). */
async function settledDeliveries(alertId: number) {
  let figures: any;
  await expect
    .poll(
      async () => {
        figures = ((await (await editor(`/alerts/${alertId}/deliveries`)).json()) as any).data.channels;
        return figures.mail.queued + (figures.sms?.queued ?? 0);
      },
      { timeout: 30_000 },
    )
    .toBe(0);
  return figures as { mail: { recipients: number; sent: number; failed: number }; sms: { recipients: number; sent: number; failed: number } };
}

/** A delivery status notification (RFC 3464) from the remote mail server for `mail`, addressed to its VERP return path. */
function deadMailboxReport(mail: ReceivedMail): string {
  const original = [`Return-Path: <${mail.envelopeFrom}>`, `From: ${mail.headers.from}`, `To: ${mail.to[0]}`, `Subject: ${mail.subject}`, `Message-ID: ${mail.headers['message-id']}`, `Date: ${mail.headers.date}`].join('\n');
  // Postfix's report, its own Message-ID, and the returned mail's real headers in its third part.
  return readFileSync(join(FIXTURES, 'postfix-hard.eml'), 'utf8')
    .replace(/^Message-I[dD]: .*$/m, `Message-ID: <dsn-${randomBytes(6).toString('hex')}@mail.musterstadt.example>`)
    .replace(/Return-Path: <\{\{VERP\}\}>[\s\S]*?MIME-Version: 1\.0\n\n--/, () => `${original}\nMIME-Version: 1.0\n\n--`)
    .replaceAll('{{VERP}}', mail.envelopeFrom!)
    .replaceAll('{{RECIPIENT}}', mail.to[0]!);
}

it('citizens subscribe in the preference center (phone code by SMS, district); an alert to one district reaches its citizens by SMS and mail and nobody else; a dead address bounces and is suppressed', async () => {
  const app = journey.app;
  const db = rows(app.strapi);

  // 1–2. Two citizens, two districts, keyboard only at 320 px; a third of the Altstadt by double opt-in.
  await subscribesToAlertsInTheBrowser(ANNA);
  await subscribesToAlertsInTheBrowser(BERND);
  await alertSubscriberByDoubleOptIn(GONE, DISTRICT);
  await settleOutbox(app);
  const before = { anna: app.mail.to(ANNA.email).length, bernd: app.mail.to(BERND.email).length, gone: app.mail.to(GONE).length };
  expect(gateway.to(ANNA.e164)).toHaveLength(1);
  expect(gateway.to(BERND.e164)).toHaveLength(1);

  // 3. The editor (only alerts.send) writes and sends an alert to the Altstadt on the Alerts page.
  const control = await germanEditor(journey.browser, app.baseUrl, editorCredentials);
  let alertId: number;
  try {
    alertId = await sendAlertInAdmin(control.page, ALERT.de, ALERT.mail, 'Sie geht an 2 Personen per E-Mail und 1 Person per SMS.');
    expect(control.missingTranslations.filter((id) => id.includes('alerts'))).toEqual([]);
  } finally {
    await control.context.close();
  }

  // 4. Anna gets the SMS (the short text) and the mail; so does the dead address's relay.
  const [, alertSms] = await gateway.waitFor(ANNA.e164, 2);
  expect(alertSms!.text).toBe(ALERT.de);
  const alertMail = (await app.mail.waitFor(ANNA.email, before.anna + 1)).at(-1)!;
  expect(alertMail.subject).toBe(`Warnung: ${ALERT.de}`);
  expect(alertMail.text).toContain(ALERT.mail);
  const goneMail = (await app.mail.waitFor(GONE, before.gone + 1)).at(-1)!;
  expect(goneMail.subject).toBe(`Warnung: ${ALERT.de}`);
  // Every channel done: two mails and one SMS (the third citizen has no phone), all sent.
  expect(await settledDeliveries(alertId)).toMatchObject({
    mail: { recipients: 2, sent: 2, failed: 0 },
    sms: { recipients: 1, sent: 1, failed: 0 },
  });
  // …and the Neustadt got nothing on either channel.
  await settleOutbox(app);
  expect(app.mail.to(BERND.email)).toHaveLength(before.bernd);
  expect(gateway.to(BERND.e164)).toHaveLength(1);

  // 5. The remote server refuses the mail to the dead mailbox and reports it to the mail's VERP return path.
  expect(goneMail.envelopeFrom).toMatch(new RegExp(`^bounces\\+m[0-9a-z]+-[0-9a-f]{16}@${BOUNCE_DOMAIN.replace(/\./g, '\\.')}$`));
  imap.deliver(deadMailboxReport(goneMail));
  const suppression = () => app.strapi.db.query('plugin::civic-dialog.suppression' as any).findOne({ where: { email: GONE } });
  await expect.poll(async () => (await suppression())?.state, { timeout: 30_000 }).toBe('active');
  expect(await suppression()).toMatchObject({ reason: 'hard-bounce' });
  const goneProfile = await db.profile(GONE);
  const [bounce] = await app.strapi.db.query('plugin::civic-dialog.bounce' as any).findMany({ where: { profileId: goneProfile.id } });
  const alertRow = (await db.messages(goneProfile.id)).find((message: any) => message.kind === 'alert');
  expect(bounce).toMatchObject({ kind: 'hard', statusCode: '5.1.1', email: GONE, source: 'imap', messageId: alertRow.id });
  // The job moves a report it has recorded to the processed folder.
  await expect.poll(() => [imap.count('INBOX'), imap.count('Processed')], { timeout: 15_000 }).toEqual([0, 1]);

  // The editor's profile view shows the suppressed address and why.
  const { context, page, missingTranslations } = await germanEditor(journey.browser, app.baseUrl);
  try {
    await page.goto(`${app.baseUrl}/admin/plugins/civic-dialog/profiles/${goneProfile.id}`);
    const panel = page.getByRole('region', { name: ADMIN['bounces.suppression.title'] });
    await expect.poll(() => panel.isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await panel.innerText()).toContain(`${ADMIN['bounces.reason.hard-bounce']} — ${GONE}`);
    expect(missingTranslations.filter((id) => id.includes('bounces'))).toEqual([]);
  } finally {
    await context.close();
  }

  // The next alert to the Altstadt: Anna gets it, the suppressed address is refused (nothing reaches it).
  const allClearId = await sendAlert(ALL_CLEAR, 'Die Leitung ist repariert.', 'info');
  expect((await gateway.waitFor(ANNA.e164, 3))[2]!.text).toBe(ALL_CLEAR);
  expect((await app.mail.waitFor(ANNA.email, before.anna + 2)).at(-1)!.subject).toBe(`Hinweis: ${ALL_CLEAR}`);
  expect(await settledDeliveries(allClearId)).toMatchObject({
    mail: { recipients: 2, sent: 1, failed: 1 },
    sms: { recipients: 1, sent: 1, failed: 0 },
  });
  const refused = (await db.messages(goneProfile.id)).filter((message: any) => message.kind === 'alert').at(-1);
  expect(refused).toMatchObject({ status: 'failed' });
  expect(refused.error).toMatch(/suppressed/);
  await settleOutbox(app);
  expect(app.mail.to(GONE)).toHaveLength(before.gone + 1);
  expect(app.mail.to(BERND.email)).toHaveLength(before.bernd);
  expect(gateway.to(BERND.e164)).toHaveLength(1);

  expect(journey.cspViolations).toEqual([]);
  // Three citizens in the browser, an editor and a profile view in the admin: longer than the config's 120 s on a loaded machine.
}, 360_000);
