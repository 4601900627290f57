import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { axeViolations, germanEditor } from '../support/admin-browser';
import { startJourney, subscribedOnTheWebsite, type Journey } from '../support/journey';
import { linkTo } from '../support/mail-catcher';
import { createNewsletter } from '../support/newsletters';

/**
 * The editors' side in German, as a town hall editor sees it: every page of the plugin and the
 * content manager's form of each plugin type, checked with axe (WCAG 2.1 A and AA) and for words
 * that did not reach the editor's language: a message id on screen, a form field labelled other
 * than in the plugin's German texts, a react-intl "missing translation" report in the console (the
 * admin build logs them: Strapi defines no NODE_ENV for its bundle).
 */

/**
 * One of Strapi 5.54's own inputs fails axe by itself and is left out of the newsletter form's
 * check: the rich-text (blocks) editor of a newsletter's text block, whose aria-labelledby names the
 * id of its field, not of its label (an unnamed textbox). (Strapi's JSON editor failed too; no
 * plugin field uses it any more: questions and reminders have the plugin's builders.)
 */
const STRAPI_INPUTS_FAILING_AXE = ['[data-slate-editor]'];
const TEXTS_DIR = join(__dirname, '../../../strapi-plugin/admin/src/translations');
const CITIZEN = 'anna.barrierefrei@example.org';

interface FieldTexts {
  label: string;
}
interface TypeTexts {
  displayName?: string;
  fields: Record<string, FieldTexts>;
}
/** The plugin's German words for the content manager, and for its own pages. */
const CM_TEXTS = JSON.parse(readFileSync(join(TEXTS_DIR, 'content-types/de.json'), 'utf8')) as {
  common: Record<string, FieldTexts>;
  contentTypes: Record<string, TypeTexts>;
  components: Record<string, TypeTexts>;
};
const PAGE_TEXTS = JSON.parse(readFileSync(join(TEXTS_DIR, 'de.json'), 'utf8')) as Record<string, string>;

let journey: Journey;
let context: BrowserContext;
let page: Page;
/** react-intl's reports of message ids without a German text. */
let missingTranslations: string[];
const ids = { event: 0, survey: 0, profile: 0, newsletter: '', alert: 0 };

const cms = () => journey.app.baseUrl;

async function post(path: string, body: unknown) {
  const res = await fetch(`${cms()}/api/civic-dialog${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: new URL(journey.website.url).origin },
    body: JSON.stringify(body),
  });
  return res.status;
}

const tokenIn = (mail: Parameters<typeof linkTo>[0], path: string) => linkTo(mail, `/api/civic-dialog/${path}`).searchParams.get('token');

/** The citizen whose profile the editor opens: newsletter topics, an event, a survey and a newsletter received. */
async function citizenWithHistory() {
  const consent = { locale: 'de', legalTextVersion: 1, consent: true };
  const page = (name: string) => `${journey.website.url}/${name}`;
  await subscribedOnTheWebsite(journey, CITIZEN, { firstName: 'Anna', topics: ['kultur', 'verkehr'] });

  const registration = { email: CITIZEN, firstName: 'Anna', lastName: 'Beispiel', seats: 1, answers: {}, ...consent, pageUrl: page('veranstaltungen.html'), widget: 'civic-event-registration' };
  expect(await post('/events/infoabend-radverkehr/registrations', registration)).toBe(202);
  const eventMail = (await journey.app.mail.waitFor(CITIZEN, 3))[2]!;
  expect(await post('/event-confirm', { token: tokenIn(eventMail, 'event-confirm') })).toBe(200);
  await journey.app.mail.waitFor(CITIZEN, 4); // registered, with the calendar file

  const answers = { standort: 'stadtpark', geraete: ['schaukel'], kinder: true, alter: '4 und 7' };
  expect(await post('/surveys/spielplatz/responses', { email: CITIZEN, answers, ...consent, pageUrl: page('umfrage.html'), widget: 'civic-survey' })).toBe(202);
  const surveyMail = (await journey.app.mail.waitFor(CITIZEN, 5))[4]!;
  expect(await post('/survey-confirm', { token: tokenIn(surveyMail, 'survey-confirm') })).toBe(200);

  const strapi = journey.app.strapi;
  const kultur = await strapi.documents('plugin::civic-dialog.topic' as any).findFirst({ filters: { slug: 'kultur' } });
  const playground = await strapi.documents('plugin::civic-dialog.survey' as any).findFirst({ filters: { slug: 'spielplatz' } });
  // A newsletter with one block of each kind the editor's form shows fields for.
  ids.newsletter = await createNewsletter(strapi, [kultur!.documentId], {
    subject: 'Kulturherbst in Musterstadt',
    body: [
      { __component: 'civic-newsletter.rich-text', text: [{ type: 'paragraph', children: [{ type: 'text', text: 'Hallo' }] }] },
      { __component: 'civic-newsletter.button', label: 'Zum Programm', url: 'https://musterstadt.example/programm' },
      { __component: 'civic-newsletter.upcoming-events', count: 3 },
      { __component: 'civic-newsletter.survey', survey: playground!.documentId, text: 'Machen Sie mit!' },
    ],
  });
  const admin = pluginAdminApi(cms(), await adminToken(cms()));
  expect((await admin(`/newsletters/${ids.newsletter}/send`, { method: 'POST', body: '{}' })).status).toBe(202);
  await journey.app.mail.waitFor(CITIZEN, 6);

  const idOf = async (type: string, where: Record<string, unknown>) => (await strapi.db.query(`plugin::civic-dialog.${type}` as any).findOne({ where })).id as number;
  ids.event = await idOf('event', { slug: 'infoabend-radverkehr' });
  ids.survey = await idOf('survey', { slug: 'spielplatz' });
  ids.profile = await idOf('profile', { email: CITIZEN });
  // A verified number: the profile page shows its section "SMS" with "do not contact by SMS".
  await strapi.db.query('plugin::civic-dialog.sms-phone' as any).create({
    data: { profileId: ids.profile, phone: '+4915112345678', verifiedAt: new Date(), alertsConsent: true, registrationsConsent: false },
  });
  // A draft alert: its page shows the send button (and, like the list, the editor's German).
  const alert = { shortText: { de: 'Hochwasser an der Aue: Keller räumen.' }, severity: 'warning', area: { wholeTown: true }, validUntil: new Date(Date.now() + 86_400_000).toISOString() };
  ids.alert = ((await (await admin('/alerts', { method: 'POST', body: JSON.stringify(alert) })).json()) as any).data.id;
}

beforeAll(async () => {
  journey = await startJourney({ CIVIC_MAIL_COOLDOWN_SECONDS: '0' });
  await citizenWithHistory();
  ({ context, page, missingTranslations } = await germanEditor(journey.browser, cms()));
});

afterAll(async () => {
  await context?.close();
  await journey?.stop();
});

/** Message ids on screen: a plugin text without a German translation shows its id. */
async function messageIdsOnScreen(): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  return [...text.matchAll(/\b(?:civic-dialog|civic-newsletter|content-manager\.(?:content-types|components))\.[\w:.-]+/g)].map(([id]) => id!);
}

/** Every problem of the page in one list, so one run names them all. */
async function problems(exclude: string[] = []) {
  return { axe: await axeViolations(page, { exclude }), idsOnScreen: await messageIdsOnScreen(), missingTranslations: missingTranslations.splice(0) };
}
const NONE = { axe: [], idsOnScreen: [], missingTranslations: [] };

async function open(path: string, ready: () => Promise<unknown>) {
  await page.goto(`${cms()}/admin${path}`);
  await ready();
  await page.waitForLoadState('networkidle');
}

const heading = (name: string) => () => page.getByRole('heading', { level: 1, name }).waitFor();
const plugin = (path: string) => `/plugins/civic-dialog${path}`;

// Strapi frames every home page widget with a title it draws in neutral500 at 11 px (3.2:1, WCAG asks 4.5:1);
// the element with the widget's id is that title. Left out: those titles, ours included (Strapi draws it),
// and Strapi's own widgets. Everything the plugin's widget renders below its title is checked.
const STRAPI_HOME_WIDGETS = ['last-edited-entries', 'last-published-entries', 'chart-entries'].map((id) => `[id="plugin::content-manager.${id}"]`)
  .concat(['profile-info', 'key-statistics'].map((id) => `[id="plugin::admin.${id}"]`), '[id="plugin::civic-dialog.newsletters"]');

const PLUGIN_PAGES: Array<[string, () => string, () => () => Promise<unknown>, string[]?]> = [
  // The admin home page with the newsletters widget: its bars, weekly charts and their tables.
  [
    'home page widget',
    () => '/',
    () => () => page.getByRole('heading', { name: PAGE_TEXTS['widget.history.signupsTitle']!, exact: true }).waitFor(),
    STRAPI_HOME_WIDGETS,
  ],
  ['profiles list', () => plugin(''), () => heading(PAGE_TEXTS['profiles.title']!)],
  ['profile detail', () => plugin(`/profiles/${ids.profile}`), () => heading(CITIZEN)],
  ['events', () => plugin('/events'), () => heading(PAGE_TEXTS['events.title']!)],
  ['registrations', () => plugin(`/events/${ids.event}`), () => heading('Infoabend Radverkehr')],
  ['surveys', () => plugin('/surveys'), () => heading(PAGE_TEXTS['surveys.title']!)],
  ['survey results', () => plugin(`/surveys/${ids.survey}`), () => heading('Neuer Spielplatz: Wo soll er hin?')],
  ['newsletters', () => plugin('/newsletters'), () => heading(PAGE_TEXTS['newsletters.title']!)],
  ['newsletter report', () => plugin(`/newsletters/${encodeURIComponent(ids.newsletter)}`), () => heading('Kulturherbst in Musterstadt')],
  ['audit log', () => plugin('/audit-log'), () => heading(PAGE_TEXTS['auditLog.title']!)],
  ['alerts', () => plugin('/alerts'), () => heading(PAGE_TEXTS['alerts.title']!)],
  ['alert', () => plugin(`/alerts/${ids.alert}`), () => heading('Hochwasser an der Aue: Keller räumen.')],
];

for (const [name, path, ready, strapiParts = []] of PLUGIN_PAGES) {
  it(`plugin page "${name}" in German: axe clean (WCAG 2.1 AA), no untranslated text`, async () => {
    await open(path(), ready());
    expect(await problems(strapiParts)).toEqual(NONE);
  });
}

it("the profile's timeline names areas, events, origins and topics in German, newsletters received included", async () => {
  await open(plugin(`/profiles/${ids.profile}`), heading(CITIZEN));
  const timeline = await page.getByRole('grid', { name: PAGE_TEXTS['detail.timeline.title'], exact: true }).innerText();
  const rows = timeline.split('\n').filter((line) => /^\d\d\.\d\d\.\d{4}/.test(line)).map((line) => line.split('\t').slice(1).join(' | '));
  expect(rows).toEqual(
    expect.arrayContaining([
      'Newsletter | Erhalten | Kulturherbst in Musterstadt',
      'Umfrage | Antworten bestätigt | Neuer Spielplatz: Wo soll er hin?',
      'Veranstaltung | Angemeldet | Infoabend Radverkehr',
      'Veranstaltung | Anmeldung bestätigt | Infoabend Radverkehr',
      'Abonnement | Bestätigt | Kultur & Veranstaltungen',
      expect.stringMatching(/^Einwilligung \| Bestätigt \| Kultur & Veranstaltungen, Verkehr & Baustellen · Einwilligung in den Newsletter/),
    ]),
  );
  // No code names: section keys, statuses, topic slugs.
  expect(timeline).not.toMatch(/registrations|surveyResponses|newsletters|confirmed|\bkultur\b|\bverkehr\b/);
  const consents = await page.getByRole('grid', { name: PAGE_TEXTS['detail.consents.title'], exact: true }).innerText();
  expect(consents).toContain('Über: Newsletter-Anmeldeformular');
  expect(consents).toContain('Über: Link in einer E-Mail');
  expect(consents).not.toMatch(/civic-signup|mail-link|\bkultur\b/);
});

it('on the profile page an editor marks the citizen "do not contact by SMS" by keyboard: the answer takes the focus, the number is suppressed', async () => {
  await open(plugin(`/profiles/${ids.profile}`), heading(CITIZEN));
  const section = page.getByRole('region', { name: PAGE_TEXTS['detail.sms.title'], exact: true });
  expect(await section.innerText()).toContain('+4915112345678');
  await section.getByRole('textbox', { name: PAGE_TEXTS['detail.sms.reason'] }).fill('Bitte am Telefon');
  await section.getByRole('button', { name: PAGE_TEXTS['detail.sms.block.label'] }).focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('alertdialog').or(page.getByRole('dialog')).getByRole('button', { name: PAGE_TEXTS['detail.sms.block.confirm'] });
  await confirm.focus();
  await page.keyboard.press('Enter');
  const answer = section.getByRole('status');
  await expect.poll(() => answer.textContent()).toBe(PAGE_TEXTS['detail.sms.block.done']);
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('status');
  const phone = await journey.app.strapi.db.query('plugin::civic-dialog.sms-phone' as any).findOne({ where: { profileId: ids.profile } });
  expect(phone).toMatchObject({ suppressedReason: 'Bitte am Telefon' });
  expect(await section.getByRole('button', { name: PAGE_TEXTS['detail.sms.allow.label'] }).isVisible()).toBe(true);
});

/**
 * The labels of the form's fields, as the editor reads them (without the required asterisk and a
 * relation's count). The plugin's builders are groups of inputs: their legends name the fields.
 */
async function formLabels(): Promise<string[]> {
  const labels = await page.locator('main label, main [data-question-builder] > legend, main [data-reminder-builder] > legend').allInnerTexts();
  return [...new Set(labels.map((label) => label.replace(/\*$/, '').replace(/\s*\(\d+\)$/, '').trim()).filter(Boolean))].sort();
}

/** The question and reminder builders' own input labels (translations/de.json), each a message id here. */
const BUILDER_LABEL_IDS = Object.keys(PAGE_TEXTS).filter(
  (id) =>
    (id.startsWith('questions.field.') && !id.endsWith('Hint')) ||
    /^questions\.(choice\.label\.\w+|choice\.id|condition\.question|condition\.equals)$/.test(id) ||
    /^reminders\.(amount|unit)$/.test(id),
);
const builderLabel = (id: string) => PAGE_TEXTS[id]!;

/** Opens every block of a dynamic zone (Strapi shows saved blocks closed), by keyboard. */
async function openBlocks() {
  const closed = page.locator('main ol h3 > button[aria-controls][aria-expanded="false"]');
  for (let left = await closed.count(); left > 0; left--) {
    await closed.first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => closed.count()).toBe(left - 1);
  }
}

const labelsOf = (texts: TypeTexts, except: string[] = []) =>
  Object.entries(texts.fields)
    .filter(([field]) => !except.includes(field))
    .map(([, { label }]) => label);

const documentOf = async (type: string, slug: string) =>
  (await journey.app.strapi.documents(`plugin::civic-dialog.${type}` as any).findFirst({ filters: { slug } }))!.documentId as string;

interface EditView {
  type: string;
  path: () => Promise<string>;
  /** The content manager's labels of the type's fields. */
  labels: () => string[];
  /** The builders' labels the form shows (message ids; the questions' types decide which). */
  builderLabels?: string[];
  /** The plugin's builders on the form (instead of Strapi's JSON editor). */
  builders?: Array<'question' | 'reminder'>;
  /** Strapi's own inputs on the form that fail axe by themselves (see STRAPI_INPUTS_FAILING_AXE). */
  strapiInputs?: string[];
  ready?: () => Promise<unknown>;
}

const EDIT_VIEWS: EditView[] = [
  {
    type: 'event',
    path: async () => `/${await documentOf('event', 'infoabend-radverkehr')}`,
    labels: () => labelsOf(CM_TEXTS.contentTypes.event!),
    // No questions yet: the question builder shows its "add" button only; one reminder (a day before).
    builderLabels: ['reminders.amount', 'reminders.unit'],
    builders: ['question', 'reminder'],
  },
  { type: 'topic', path: async () => '/create', labels: () => labelsOf(CM_TEXTS.contentTypes.topic!) },
  {
    type: 'survey',
    path: async () => `/${await documentOf('survey', 'spielplatz')}`,
    labels: () => labelsOf(CM_TEXTS.contentTypes.survey!),
    // A single and a multiple choice, a yes/no and a free text shown on a condition: no rating or date fields.
    builderLabels: BUILDER_LABEL_IDS.filter((id) => id.startsWith('questions.') && !/\.(scale|lowLabel\.\w+|highLabel\.\w+|min|max)$/.test(id)),
    builders: ['question'],
  },
  // Strapi's i18n keeps a type's `locale` to itself; editors choose the language.
  { type: 'legal-text', path: async () => '/create', labels: () => labelsOf(CM_TEXTS.contentTypes['legal-text']!, ['locale']) },
  {
    type: 'newsletter',
    path: async () => `/${encodeURIComponent(ids.newsletter)}`,
    labels: () => [
      // The body (a dynamic zone) is a group of blocks, not one labelled field.
      ...labelsOf(CM_TEXTS.contentTypes.newsletter!, ['body']),
      ...['rich-text', 'button', 'upcoming-events', 'survey'].flatMap((block) => labelsOf(CM_TEXTS.components[block]!)),
      // The side panel's test send.
      PAGE_TEXTS['newsletter.test.label']!,
    ],
    // The side panel loads after the form.
    ready: () => page.getByRole('textbox', { name: PAGE_TEXTS['newsletter.test.label'] }).waitFor(),
    strapiInputs: STRAPI_INPUTS_FAILING_AXE,
  },
];

for (const { type, path, labels, builderLabels = [], builders = [], strapiInputs = [], ready } of EDIT_VIEWS) {
  it(`content manager list and form of "${type}" in German: its German name, every field labelled in German, axe clean`, async () => {
    const texts = CM_TEXTS.contentTypes[type]!;
    const list = `/content-manager/collection-types/plugin::civic-dialog.${type}`;
    await open(list, heading(texts.displayName!));
    // The list's columns are fields too: German, no code names.
    // (Strapi's list renders its header cells as gridcells; the first holds the select-all box.)
    await page.locator('thead th').nth(1).waitFor();
    const columns = (await page.locator('thead th').allInnerTexts()).map((text) => text.trim()).filter(Boolean);
    const german = Object.values({ ...CM_TEXTS.common, ...texts.fields }).map(({ label }) => label.toUpperCase());
    expect(columns.filter((column) => !german.includes(column.toUpperCase()))).toEqual([]);
    // So are the fields the filter menu offers.
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByRole('dialog').getByRole('combobox').first().click();
    const filterFields = (await page.getByRole('option').allInnerTexts()).filter((option) => option !== 'Hier wählen');
    expect(filterFields.length).toBeGreaterThan(Object.keys(CM_TEXTS.common).length);
    expect(filterFields.filter((field) => !german.includes(field.toUpperCase()))).toEqual([]);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    // The filter popover fades out; axe would read its half-transparent labels as low contrast.
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.getByRole('listbox').waitFor({ state: 'hidden' });
    expect(await problems()).toEqual(NONE);

    await open(`${list}${await path()}`, () => page.getByRole('heading', { level: 1 }).waitFor());
    await page.getByRole('navigation').getByRole('link', { name: texts.displayName, exact: true }).waitFor();
    await openBlocks();
    await ready?.();
    // Questions of events and surveys, an event's reminders: the plugin's builders, not Strapi's JSON editor.
    expect(await page.locator('main [data-question-builder]').count()).toBe(builders.includes('question') ? 1 : 0);
    expect(await page.locator('main [data-reminder-builder]').count()).toBe(builders.includes('reminder') ? 1 : 0);
    expect(await page.locator('main .cm-editor').count()).toBe(0);
    const shown = await formLabels();
    const builder = BUILDER_LABEL_IDS.map(builderLabel);
    expect(shown.filter((label) => !builder.includes(label))).toEqual([...new Set(labels())].sort());
    expect(shown.filter((label) => builder.includes(label))).toEqual([...new Set(builderLabels.map(builderLabel))].sort());
    expect(await problems(strapiInputs)).toEqual(NONE);
  });
}
