import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations, germanEditor } from '../support/admin-browser';
import { startJourney, type Journey } from '../support/journey';

/**
 * An editor builds a survey in the German admin with the question builder (no JSON typed): three
 * questions, one shown only on an earlier question's answer, moved into place by keyboard; the
 * builder is axe clean and names a problem next to its input. A citizen answers the survey on the
 * town page, where the conditional question appears only when its condition holds.
 */

const TEXTS_DIR = join(__dirname, '../../../strapi-plugin/admin/src/translations');
const T = JSON.parse(readFileSync(join(TEXTS_DIR, 'de.json'), 'utf8')) as Record<string, string>;
const CM = JSON.parse(readFileSync(join(TEXTS_DIR, 'content-types/de.json'), 'utf8')).contentTypes.survey.fields as Record<string, { label: string }>;
const text = (id: string, values: Record<string, string | number> = {}) => T[id]!.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));

const SLUG = 'weg-in-die-innenstadt';
const HOW = 'Wie kommen Sie meistens in die Innenstadt?';
const MISSING = 'Was fehlt Ihnen auf dem Radweg?';
const HAPPY = 'Wie zufrieden sind Sie mit den Parkplätzen?';

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

const question = (number: number) => page.getByRole('group', { name: text('questions.question', { number }), exact: true });
const labelled = (label: string) => new RegExp(`^${label.replace(/[()?]/g, '\\$&')}`);
const textbox = (scope: Locator, label: string) => scope.getByRole('textbox', { name: labelled(label) });

/** Chooses an option of one of the builder's selects, as the editor does with the mouse. */
async function choose(scope: Locator, label: string, option: string) {
  await scope.getByRole('combobox', { name: labelled(label) }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The texts that describe an input (aria-describedby): its hint and its error. */
const descriptionOf = (input: Locator) =>
  input.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );

it('builds a survey with a condition in the German admin, and a citizen answers it on the town page', async () => {
  await page.goto(`${journey.app.baseUrl}/admin/content-manager/collection-types/plugin::civic-dialog.survey/create`);
  await page.getByRole('textbox', { name: labelled(CM.title!.label) }).fill('Ihr Weg in die Innenstadt');
  await page.getByRole('textbox', { name: labelled(CM.slug!.label) }).fill(SLUG);

  // Question 1: one answer to choose; a problem is named next to the input it concerns.
  await page.getByRole('button', { name: text('questions.add') }).click();
  const first = question(1);
  await expect.poll(() => textbox(first, text('questions.field.label.de')).evaluate((element) => element === document.activeElement)).toBe(true);
  await textbox(first, text('questions.field.label.de')).fill(HOW);
  const firstChoice = textbox(first.getByRole('group', { name: text('questions.choice', { number: 1 }), exact: true }), text('questions.choice.label.de'));
  expect(await descriptionOf(firstChoice)).toContain(T['questions.error.required']);
  await firstChoice.fill('Mit dem Rad');
  await textbox(first.getByRole('group', { name: text('questions.choice', { number: 2 }), exact: true }), text('questions.choice.label.de')).fill('Mit dem Auto');
  expect(await descriptionOf(firstChoice)).not.toContain(T['questions.error.required']);
  await first.getByRole('checkbox', { name: T['questions.field.required'] }).check();

  // Question 2: a rating.
  await page.getByRole('button', { name: text('questions.add') }).click();
  await choose(question(2), text('questions.field.type'), T['questions.type.rating']!);
  await textbox(question(2), text('questions.field.label.de')).fill(HAPPY);

  // Question 3: free text, shown only to those who come by bike.
  await page.getByRole('button', { name: text('questions.add') }).click();
  const third = question(3);
  await choose(third, text('questions.field.type'), T['questions.type.free-text']!);
  await textbox(third, text('questions.field.label.de')).fill(MISSING);
  await textbox(third, text('questions.field.label.en')).fill('What is missing on the cycle path?');
  await choose(third, text('questions.condition.question'), HOW);
  await choose(third, text('questions.condition.equals'), 'Mit dem Rad');

  // The free text moves up, by keyboard; focus stays on its button, now "question 2".
  await page.getByRole('button', { name: text('questions.moveUp', { number: 3 }) }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(text('questions.moveUp', { number: 2 }));
  expect(await textbox(question(2), text('questions.field.label.de')).inputValue()).toBe(MISSING);

  // Question 1 cannot go while question 2 is shown only on its answer: the builder says so at its button.
  const removeFirst = page.getByRole('button', { name: text('questions.remove', { number: 1 }) });
  await removeFirst.click();
  expect(await descriptionOf(removeFirst)).toContain(text('questions.dependent', { number: 2, label: MISSING }));
  expect(await textbox(question(1), text('questions.field.label.de')).inputValue()).toBe(HOW);
  // A question added by mistake goes; focus moves to the question before it (it was the last one).
  await page.getByRole('button', { name: text('questions.add') }).click();
  await page.getByRole('button', { name: text('questions.remove', { number: 4 }) }).click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.querySelector('legend')?.textContent)).toBe(text('questions.question', { number: 3 }));
  expect(await question(4).count()).toBe(0);

  expect(await axeViolations(page, { include: '[data-question-builder]' })).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/create'));
  const survey = await journey.app.strapi.documents('plugin::civic-dialog.survey' as any).findFirst({ filters: { slug: SLUG } });
  const how = 'wie-kommen-sie-meistens-in-die-innenstadt';
  const missing = 'was-fehlt-ihnen-auf-dem-radweg';
  const happy = 'wie-zufrieden-sind-sie-mit-den-parkplaetzen';
  expect(survey!.questions).toEqual([
    {
      id: how,
      type: 'single-choice',
      label: { de: HOW },
      required: true,
      choices: [
        { id: 'mit-dem-rad', label: { de: 'Mit dem Rad' } },
        { id: 'mit-dem-auto', label: { de: 'Mit dem Auto' } },
      ],
    },
    {
      id: missing,
      type: 'free-text',
      label: { de: MISSING, en: 'What is missing on the cycle path?' },
      required: false,
      maxLength: 1000,
      multiline: true,
      condition: { questionId: how, equals: 'mit-dem-rad' },
    },
    { id: happy, type: 'rating', label: { de: HAPPY }, required: false, scale: 5 },
  ]);
  expect(missingTranslations).toEqual([]);

  // The town page embeds it as a webmaster would (a page that adds its widgets after load).
  const town = await journey.browser.newPage();
  journey.watchCsp(town);
  await town.goto(`${journey.website.url}/umfrage.html`);
  await town.evaluate(
    ({ api, slug }) => {
      const widget = document.createElement('civic-survey');
      widget.setAttribute('api', api);
      widget.setAttribute('survey', slug);
      document.querySelector('main')!.append(widget);
    },
    { api: journey.app.baseUrl, slug: SLUG },
  );
  const widget = town.locator(`civic-survey[survey="${SLUG}"]`);
  await widget.getByRole('radio', { name: 'Mit dem Auto' }).check();
  const missingBox = widget.getByRole('textbox', { name: MISSING });
  await widget.getByRole('radio', { name: '4' }).check();
  expect(await missingBox.count()).toBe(0);
  await widget.getByRole('radio', { name: 'Mit dem Rad' }).check();
  await missingBox.fill('Mehr Abstellplätze am Markt');
  await widget.getByRole('button', { name: 'Antworten absenden' }).click();
  await expect.poll(() => widget.getByRole('heading', { name: 'Vielen Dank für Ihre Teilnahme!' }).isVisible()).toBe(true);
  await town.close();

  const answers = await journey.app.strapi.db.query('plugin::civic-dialog.survey-answer' as any).findMany({ where: { surveyId: survey!.id }, orderBy: { questionId: 'asc' } });
  expect(answers.map(({ questionId, choiceId, numberValue, textValue }: any) => ({ questionId, choiceId, numberValue, textValue }))).toEqual([
    { questionId: missing, choiceId: null, numberValue: null, textValue: 'Mehr Abstellplätze am Markt' },
    { questionId: how, choiceId: 'mit-dem-rad', numberValue: null, textValue: null },
    { questionId: happy, choiceId: null, numberValue: 4, textValue: null },
  ]);
  expect(journey.cspViolations).toEqual([]);
});
