import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { expectNoAxeViolations, restoreHtmlLangAfterEach } from '../../test/a11y.js';
import { $, $$, fakeApi, focused, statusText } from '../../test/helpers.js';
import { FAKE_PARTICIPATION_TOKEN } from '../../test/fake-surveys.mjs';
import { answerOfficeSurvey, answerPlaygroundSurvey, choose, submitSurvey, type } from '../../test/survey-form.js';
import { defineElement } from '../shared/define.js';
import { CivicSurvey } from './define.js';

type Survey = CivicSurvey;

async function mount(survey = 'spielplatz', scenario = 'ok', attributes: { lang?: string } = {}) {
  const api = fakeApi(scenario);
  const main = await fixture<HTMLElement>(html`<main><h1>Musterstadt</h1></main>`);
  const element = document.createElement('civic-survey');
  element.setAttribute('api', api.base);
  element.setAttribute('survey', survey);
  if (attributes.lang) element.setAttribute('lang', attributes.lang);
  main.append(element);
  await settled(element);
  return { element, api, main };
}

/** Waits until the survey (or its load error, or its results) is on screen. */
async function settled(element: Survey) {
  await waitUntil(() => element.shadowRoot?.querySelector('[part="base"]') && !element.shadowRoot.querySelector('[part="loading"]'), 'survey did not finish loading');
  await element.updateComplete;
}

const legends = (element: Survey) => $$(element, 'fieldset[part="question"] > legend').map((legend) => legend.textContent!.replace(/\s+/g, ' ').trim());
const posts = async (api: ReturnType<typeof fakeApi>, route: string) => (await api.requests()).filter((r) => r.method === 'POST' && r.route === route);

restoreHtmlLangAfterEach();

describe('<civic-survey> loading', () => {
  it('renders an empty polite live region and a loading text on first paint', async () => {
    const element = document.createElement('civic-survey');
    element.setAttribute('api', fakeApi().base);
    element.setAttribute('survey', 'spielplatz');
    document.body.append(element);
    await element.updateComplete;
    const status = $(element, '[part="status"]');
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.getAttribute('aria-live')).to.equal('polite');
    expect(status.textContent!.trim()).to.equal('');
    expect($(element, '[part="loading"]').textContent).to.equal('Die Umfrage wird geladen …');
    element.remove();
  });

  it('asks for the survey in the widget language and shows it in English', async () => {
    document.documentElement.lang = 'de';
    const { element, api } = await mount('spielplatz', 'ok', { lang: 'en' });
    const request = (await api.requests()).find((r) => r.route === 'surveys/spielplatz')!;
    expect(request.query.locale).to.equal('en');
    expect($(element, '[part="title"]').textContent).to.equal('A new playground for Musterstadt');
    expect(legends(element)[0]).to.equal('Where should the new playground go? (required)');
    expect($(element, 'button[type="submit"]').textContent).to.equal('Send answers');
  });

  it('reloads the questions in the new language when <html lang> changes, keeping the answers', async () => {
    document.documentElement.lang = 'de';
    const { element } = await mount();
    choose(element, 'q-ort-1');
    document.documentElement.lang = 'en';
    await waitUntil(() => element.shadowRoot!.querySelector('label[for="q-ort-1"]')?.textContent === 'At the schoolyard', 'no English');
    expect($<HTMLInputElement>(element, '#q-ort-1').checked).to.equal(true);
  });

  it('shows a load error with a retry button that loads again', async () => {
    const api = fakeApi('load-error');
    const element = document.createElement('civic-survey');
    element.setAttribute('api', api.base);
    element.setAttribute('survey', 'spielplatz');
    const failed = oneEvent(element, 'civic-survey-error');
    (await fixture<HTMLElement>(html`<div></div>`)).append(element);
    expect((await failed).detail).to.deep.equal({ stage: 'load', kind: 'server' });
    await settled(element);
    expect(statusText(element)).to.equal('Die Umfrage konnte nicht geladen werden. Bitte versuchen Sie es später erneut.');
    await expectNoAxeViolations(element.parentElement!);
    $(element, 'button').click();
    await waitUntil(async () => (await api.requests()).filter((r) => r.route === 'surveys/spielplatz').length === 2, 'retry did not reload');
  });

  it('says that a survey does not exist, without a retry button', async () => {
    const { element, main } = await mount('gibt-es-nicht');
    expect($(element, '[part="notice"]').textContent).to.equal('Diese Umfrage gibt es nicht (mehr).');
    expect(element.shadowRoot!.querySelector('button')).to.equal(null);
    await expectNoAxeViolations(main);
  });
});

describe('<civic-survey> before and after the survey', () => {
  it('says when a survey that has not started opens, and shows no form', async () => {
    const { element, main } = await mount('stadtfest');
    expect($(element, '[part="title"]').textContent).to.equal('Termin für das Stadtfest');
    expect($(element, '[part="notice"]').textContent).to.match(/^Die Umfrage beginnt am .*1\. Juni 2030/);
    expect(element.shadowRoot!.querySelector('form')).to.equal(null);
    await expectNoAxeViolations(main);
  });

  it('shows the public results of a closed survey as tables with decorative bars, without style attributes', async () => {
    const { element, main, api } = await mount('haushalt');
    await waitUntil(() => element.shadowRoot!.querySelector('[part="results"]'), 'no results');
    expect($(element, '[part="notice"]').textContent).to.contain('Die Umfrage ist beendet.');
    expect($(element, '[part="results"] > p').textContent).to.equal('40 Teilnahmen');
    const tables = $$(element, '[part="results-table"]');
    // Choice, yes/no and rating; free text is never public.
    expect(tables.map((table) => table.querySelector('caption')!.textContent)).to.deep.equal([
      'Wo soll der neue Spielplatz entstehen?',
      'Leben Kinder in Ihrem Haushalt?',
      'Wie zufrieden sind Sie mit den Spielplätzen heute?',
    ]);
    const rows = [...tables[0]!.querySelectorAll('tbody tr')].map((row) => [...row.children].map((cell) => cell.textContent!.replace(/\s+/g, ' ').trim()));
    expect(rows).to.deep.equal([
      ['Im Stadtpark', '25', '63 %'],
      ['Am Schulhof', '10', '25 %'],
      ['Im Neubaugebiet', '5', '13 %'],
    ]);
    expect($$(element, '[part="results-table"]:first-of-type [part="bar"]').map((bar) => bar.className)).to.deep.equal(['bar w65', 'bar w25', 'bar w15']);
    const quarter = $(element, '.bar.w25');
    expect(quarter.getBoundingClientRect().width / quarter.parentElement!.getBoundingClientRect().width).to.be.closeTo(0.25, 0.01);
    expect($(element, '.bar').closest('[aria-hidden="true"]')).not.to.equal(null);
    const ratingRows = [...tables[2]!.querySelectorAll('tbody th')].map((cell) => cell.textContent);
    expect(ratingRows).to.deep.equal(['1 – sehr unzufrieden', '2', '3', '4', '5 – sehr zufrieden']);
    expect($(element, '.mean').textContent).to.equal('Durchschnitt: 3,5 von 5');
    expect(element.shadowRoot!.querySelectorAll('[style]')).to.have.length(0);
    expect((await api.requests()).find((r) => r.route === 'surveys/haushalt/results')!.query.locale).to.equal('de');
    await expectNoAxeViolations(main);
  });

  it('shows only that a closed survey has ended when its results are not public', async () => {
    const { element, api } = await mount('altes-thema');
    expect($(element, '[part="notice"]').textContent).to.contain('Die Umfrage ist beendet.');
    expect(element.shadowRoot!.querySelector('[part="results"], form')).to.equal(null);
    expect((await api.requests()).map((r) => r.route)).to.deep.equal(['surveys/altes-thema']);
  });

  it('says so when the public results cannot be loaded', async () => {
    const { element } = await mount('haushalt', 'results-error');
    await waitUntil(() => element.shadowRoot!.textContent!.includes('Die Ergebnisse konnten nicht geladen werden.'), 'no message');
  });
});

describe('<civic-survey> questions', () => {
  it('renders each visible question as a fieldset with its legend, marking required ones in text', async () => {
    const { element } = await mount();
    expect($(element, '[part="title"]').localName).to.equal('h2');
    expect($$(element, '[part="intro"] p').map((p) => p.textContent)).to.deep.equal(['Die Stadt plant einen neuen Spielplatz.', 'Ihre Meinung zählt.']);
    expect(legends(element)).to.deep.equal([
      'Wo soll der neue Spielplatz entstehen? (Pflichtangabe)',
      'Welche Spielgeräte wünschen Sie sich? (Pflichtangabe)',
      'Wie zufrieden sind Sie mit den Spielplätzen heute? (Pflichtangabe)',
      'Leben Kinder in Ihrem Haushalt? (Pflichtangabe)',
      'Wann würden Sie gern zur Eröffnung kommen?',
      'Möchten Sie uns noch etwas sagen?',
    ]);
    expect($$<HTMLInputElement>(element, 'input[name="q-ort"]').map((radio) => [radio.type, radio.labels![0]!.textContent])).to.deep.equal([
      ['radio', 'Im Stadtpark'],
      ['radio', 'Am Schulhof'],
      ['radio', 'Im Neubaugebiet'],
    ]);
    expect($(element, 'form').getAttribute('novalidate')).to.equal('');
  });

  it('describes a multiple choice with its help and how many to choose', async () => {
    const { element } = await mount();
    const fieldset = $(element, '#q-geraete-0').closest('fieldset')!;
    const described = fieldset.getAttribute('aria-describedby')!.split(' ').map((id) => element.shadowRoot!.getElementById(id)!.textContent);
    expect(described).to.deep.equal(['Die Stadt kann zwei Geräte aufstellen.', 'Wählen Sie höchstens 2.']);
    expect($$<HTMLInputElement>(element, 'input[name="q-geraete"]').every((box) => box.type === 'checkbox')).to.equal(true);
  });

  it('offers a rating as a group of radio buttons 1 to 5 whose ends are named with their meaning', async () => {
    const { element } = await mount();
    const radios = $$<HTMLInputElement>(element, 'input[name="q-zufriedenheit"]');
    expect(radios.map((radio) => [radio.type, radio.labels![0]!.textContent])).to.deep.equal([1, 2, 3, 4, 5].map((n) => ['radio', String(n)]));
    // The accessible name of each end starts with its visible number and says what it means.
    expect(radios.map((radio) => radio.getAttribute('aria-label'))).to.deep.equal(['1 – sehr unzufrieden', null, null, null, '5 – sehr zufrieden']);
    // The line under the question shows the same words to the eye; the names carry them for screen readers, once.
    const fieldset = radios[0]!.closest('fieldset')!;
    expect(fieldset.getAttribute('aria-describedby')).to.equal(null);
    const ends = $(element, '.scale-ends');
    expect(ends.getAttribute('aria-hidden')).to.equal('true');
    expect([...ends.querySelectorAll('span')].map((span) => span.textContent)).to.deep.equal(['1 – sehr unzufrieden', '5 – sehr zufrieden']);
  });

  it('names the ends of a rating without labels "lowest" and "highest", in the reader\'s language', async () => {
    const { element } = await mount('buergerbuero');
    const names = () => $$<HTMLInputElement>(element, 'input[name="q-note"]').map((radio) => radio.getAttribute('aria-label'));
    expect(names()).to.deep.equal(['1 – niedrigste Bewertung', ...Array(8).fill(null), '10 – höchste Bewertung']);
    expect(element.shadowRoot!.querySelector('.scale-ends')).to.equal(null);
    element.setAttribute('lang', 'en');
    await waitUntil(() => names()[0] === '1 – lowest rating', 'not in English');
    expect(names()[9]).to.equal('10 – highest rating');
  });

  it('says politely next to a multiple choice when its most choices are ticked, and no more once one is unticked', async () => {
    const { element } = await mount();
    const limit = $(element, '#q-geraete-limit');
    expect(limit.getAttribute('aria-live')).to.equal('polite');
    expect(limit.closest('fieldset')).to.equal($(element, '#q-geraete-0').closest('fieldset'));
    choose(element, 'q-geraete-0');
    await element.updateComplete;
    expect(limit.textContent).to.equal('');
    choose(element, 'q-geraete-2');
    await element.updateComplete;
    expect(limit.textContent).to.equal('Sie haben 2 ausgewählt, mehr sind nicht möglich. Für eine andere Antwort entfernen Sie zuerst einen Haken.');
    choose(element, 'q-geraete-0');
    await element.updateComplete;
    expect(limit.textContent).to.equal('');
    await expectNoAxeViolations(element);
  });

  it('labels single controls (text, date) with their question and counts characters', async () => {
    const { element } = await mount();
    const date = $<HTMLInputElement>(element, '#q-eroeffnung-0');
    expect(date.type).to.equal('date');
    expect([date.min, date.max]).to.deep.equal(['2026-05-01', '2026-09-30']);
    expect(element.shadowRoot!.getElementById(date.getAttribute('aria-labelledby')!)!.textContent).to.contain('Wann würden Sie gern zur Eröffnung kommen?');
    expect($(element, '#q-eroeffnung-hint').textContent).to.equal('Möglich: 1. Mai 2026 bis 30. September 2026');
    const remark = $<HTMLInputElement>(element, '#q-anmerkung-0');
    type(element, 'q-anmerkung-0', '  Mehr Bänke ');
    await element.updateComplete;
    expect(element.shadowRoot!.getElementById(remark.getAttribute('aria-describedby')!)!.textContent).to.equal('10 von 200 Zeichen');
  });

  it('shows a question only while its condition holds and keeps its draft for when it returns', async () => {
    const { element } = await mount();
    expect(element.shadowRoot!.querySelector('#q-ort-grund-0')).to.equal(null);
    choose(element, 'q-ort-2');
    await element.updateComplete;
    const reason = $<HTMLTextAreaElement>(element, '#q-ort-grund-0');
    expect(reason.localName).to.equal('textarea');
    type(element, 'q-ort-grund-0', 'Viele Familien');
    choose(element, 'q-ort-0');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('#q-ort-grund-0')).to.equal(null);
    choose(element, 'q-ort-2');
    await element.updateComplete;
    expect($<HTMLTextAreaElement>(element, '#q-ort-grund-0').value).to.equal('Viele Familien');

    expect(element.shadowRoot!.querySelector('#q-kinder-alter-0')).to.equal(null);
    choose(element, 'q-kinder-0');
    await element.updateComplete;
    expect(legends(element)).to.include('Wie alt ist das jüngste Kind? (Pflichtangabe)');
  });

  it('shows progress, updated when an answer is committed (not on every keystroke) and announced politely', async () => {
    const { element } = await mount();
    const progress = $(element, '[part="progress"] p');
    expect(progress.getAttribute('aria-live')).to.equal('polite');
    expect(progress.textContent).to.equal('0 von 6 Fragen beantwortet');
    const remark = $<HTMLInputElement>(element, '#q-anmerkung-0');
    remark.value = 'M';
    remark.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await element.updateComplete;
    expect(progress.textContent).to.equal('0 von 6 Fragen beantwortet');
    remark.dispatchEvent(new Event('change', { bubbles: true }));
    await element.updateComplete;
    expect(progress.textContent).to.equal('1 von 6 Fragen beantwortet');
    choose(element, 'q-kinder-0');
    await element.updateComplete;
    // The answer adds the question about the children's age.
    expect(progress.textContent).to.equal('2 von 7 Fragen beantwortet');
    expect($<HTMLProgressElement>(element, 'progress').value).to.equal(2);
  });

  it('shows no progress for a short survey', async () => {
    const { element } = await mount('buergerbuero');
    expect(element.shadowRoot!.querySelector('[part="progress"]')).to.equal(null);
  });
});

describe('<civic-survey> validation', () => {
  it('lists every unanswered required question in a focused summary and ties each error to its question', async () => {
    const { element, api } = await mount();
    submitSurvey(element);
    await element.updateComplete;
    const summary = $(element, '[part="error-summary"]');
    expect(focused(element)).to.equal(summary);
    expect(summary.querySelector('p')!.textContent).to.equal('Bitte korrigieren Sie 4 Angaben:');
    expect($$(element, '[part="error-summary"] a').map((a) => a.textContent)).to.deep.equal([
      'Wo soll der neue Spielplatz entstehen?: Bitte beantworten Sie diese Frage.',
      'Welche Spielgeräte wünschen Sie sich?: Bitte beantworten Sie diese Frage.',
      'Wie zufrieden sind Sie mit den Spielplätzen heute?: Bitte beantworten Sie diese Frage.',
      'Leben Kinder in Ihrem Haushalt?: Bitte beantworten Sie diese Frage.',
    ]);
    const radio = $(element, '#q-ort-0');
    expect(radio.getAttribute('aria-invalid')).to.equal('true');
    expect(element.shadowRoot!.getElementById(radio.getAttribute('aria-describedby')!)!.textContent).to.equal('Bitte beantworten Sie diese Frage.');
    expect($(element, '#q-anmerkung-0').getAttribute('aria-invalid')).to.equal('false');
    $$(element, '[part="error-summary"] a')[2]!.click();
    expect(focused(element)).to.equal($(element, '#q-zufriedenheit-0'));
    expect(await posts(api, 'surveys/spielplatz/responses')).to.have.length(0);
  });

  it('refuses more choices than allowed and too long a text, focusing the only invalid question', async () => {
    const { element } = await mount('spielplatz', 'ok', { lang: 'en' });
    answerPlaygroundSurvey(element);
    choose(element, 'q-geraete-2');
    submitSurvey(element);
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="error-summary"]')).to.equal(null);
    expect(focused(element)).to.equal($(element, '#q-geraete-0'));
    expect($(element, '#q-geraete-error').textContent).to.equal('Please choose at most 2.');

    choose(element, 'q-geraete-2');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('#q-geraete-error')).to.equal(null);

    choose(element, 'q-ort-2');
    await element.updateComplete;
    type(element, 'q-ort-grund-0', 'x'.repeat(21));
    await element.updateComplete;
    expect($(element, '#q-ort-grund-counter').textContent).to.equal('21 of 20 characters');
    submitSurvey(element);
    await element.updateComplete;
    expect(focused(element)).to.equal($(element, '#q-ort-grund-0'));
    expect($(element, '#q-ort-grund-error').textContent).to.equal('Please write at most 20 characters.');
  });

  it('does not ask for a required question that its condition hides', async () => {
    const { element, api } = await mount();
    answerPlaygroundSurvey(element);
    submitSurvey(element);
    await waitUntil(() => element.shadowRoot!.querySelector('[part="success"]'), 'not submitted');
    expect(await posts(api, 'surveys/spielplatz/responses')).to.have.length(1);
  });
});

describe('<civic-survey> anonymous submitting', () => {
  it('asks for a participation token once and sends it with the visible answers only', async () => {
    const { element, api } = await mount();
    choose(element, 'q-ort-2');
    await element.updateComplete;
    type(element, 'q-ort-grund-0', 'Viele Familien');
    // Changing the place hides the reason: its draft must not be sent.
    choose(element, 'q-ort-0');
    choose(element, 'q-geraete-3');
    choose(element, 'q-geraete-0');
    choose(element, 'q-zufriedenheit-4');
    choose(element, 'q-kinder-0');
    await element.updateComplete;
    choose(element, 'q-kinder-alter-1');
    type(element, 'q-eroeffnung-0', '2026-06-13');
    type(element, 'q-anmerkung-0', '  Bitte mit Schatten  ');
    const succeeded = oneEvent(element, 'civic-survey-success');
    submitSurvey(element);
    expect((await succeeded).detail).to.deep.equal({ survey: 'spielplatz', mode: 'anonymous' });
    expect(await posts(api, 'surveys/spielplatz/participations')).to.have.length(1);
    const [response] = await posts(api, 'surveys/spielplatz/responses');
    expect(response!.contentType).to.equal('application/json');
    expect(response!.body).to.deep.equal({
      participationToken: FAKE_PARTICIPATION_TOKEN,
      answers: {
        ort: 'stadtpark',
        geraete: ['schaukel', 'sandkasten'],
        zufriedenheit: 5,
        kinder: true,
        'kinder-alter': 'bis-10',
        eroeffnung: '2026-06-13',
        anmerkung: 'Bitte mit Schatten',
      },
      locale: 'de',
      widget: 'civic-survey',
    });
  });

  it('thanks with the survey\'s own text and focuses the heading', async () => {
    const { element, main } = await mount();
    answerPlaygroundSurvey(element);
    submitSurvey(element);
    await waitUntil(() => element.shadowRoot!.querySelector('[part="success"]'), 'no thanks');
    await element.updateComplete;
    const heading = $(element, '[part="success-heading"]');
    expect(heading.textContent).to.equal('Vielen Dank für Ihre Teilnahme!');
    expect(focused(element)).to.equal(heading);
    expect($(element, '[part="success-text"]').textContent).to.equal('Danke! Die Ergebnisse veröffentlichen wir im Juni.');
    expect(element.shadowRoot!.querySelector('form')).to.equal(null);
    await expectNoAxeViolations(main);
  });

  it('sends one response only, however often the citizen submits while it is under way', async () => {
    const { element, api } = await mount('spielplatz', 'slow');
    answerPlaygroundSurvey(element);
    submitSurvey(element);
    await element.updateComplete;
    expect(statusText(element)).to.equal('Ihre Antworten werden gesendet …');
    expect($(element, 'button[type="submit"]').getAttribute('aria-disabled')).to.equal('true');
    submitSurvey(element);
    $<HTMLFormElement>(element, 'form').requestSubmit();
    await waitUntil(() => element.shadowRoot!.querySelector('[part="success"]'), 'no thanks', { timeout: 3000 });
    expect(await posts(api, 'surveys/spielplatz/responses')).to.have.length(1);
  });

  it('keeps every answer after a network failure and sends them again with the same token', async () => {
    const { element, api } = await mount('spielplatz', 'network');
    answerPlaygroundSurvey(element);
    type(element, 'q-anmerkung-0', 'Schatten');
    const failed = oneEvent(element, 'civic-survey-error');
    submitSurvey(element);
    expect((await failed).detail).to.deep.equal({ stage: 'submit', kind: 'network' });
    await element.updateComplete;
    expect(statusText(element)).to.contain('Keine Verbindung zum Server. Ihre Antworten sind noch da');
    expect($<HTMLInputElement>(element, '#q-ort-0').checked).to.equal(true);
    expect($<HTMLInputElement>(element, '#q-geraete-1').checked).to.equal(true);
    expect($<HTMLInputElement>(element, '#q-anmerkung-0').value).to.equal('Schatten');
    // Chrome may itself retry a request whose connection dropped, so count from here.
    const attemptsBefore = (await posts(api, 'surveys/spielplatz/responses')).length;
    submitSurvey(element);
    await waitUntil(async () => (await posts(api, 'surveys/spielplatz/responses')).length > attemptsBefore, 'no second attempt');
    const attempts = await posts(api, 'surveys/spielplatz/responses');
    expect(attempts.at(-1)!.body).to.deep.equal(attempts[0]!.body);
    expect(await posts(api, 'surveys/spielplatz/participations')).to.have.length(1);
  });

  it('puts a server error about an answer on its question and focuses it', async () => {
    const { element } = await mount('spielplatz', 'invalid-answer');
    answerPlaygroundSurvey(element);
    submitSurvey(element);
    await waitUntil(() => element.shadowRoot!.querySelector('#q-ort-error'), 'no error on the question');
    await element.updateComplete;
    expect($(element, '#q-ort-error').textContent).to.equal('Diese Antwort ist nicht möglich. Bitte prüfen Sie sie.');
    expect(focused(element)).to.equal($(element, '#q-ort-0'));
  });

  it('asks for a new participation token after the server refused the old one', async () => {
    const { element, api } = await mount('spielplatz', 'invalid-token');
    answerPlaygroundSurvey(element);
    submitSurvey(element);
    // The widget's own words, never the server's English.
    await waitUntil(() => statusText(element) === 'Das Absenden ist gerade nicht möglich. Ihre Antworten sind noch da; bitte versuchen Sie es später erneut.', 'no message');
    submitSurvey(element);
    await waitUntil(async () => (await posts(api, 'surveys/spielplatz/participations')).length === 2, 'no new token');
  });

  it('tells the citizen to wait the minutes the server names (details.retryAfter: 170 s)', async () => {
    const { element } = await mount('spielplatz', '429');
    answerPlaygroundSurvey(element);
    submitSurvey(element);
    await waitUntil(() => statusText(element).startsWith('Zu viele'), 'no rate-limit message');
    expect(statusText(element)).to.equal('Zu viele Versuche. Bitte versuchen Sie es in 3 Minuten erneut.');
    expect(element.shadowRoot!.querySelector('form')).not.to.equal(null);
  });

  it('says that sending is not possible when the server fails', async () => {
    const { element } = await mount('spielplatz', 'server-error', { lang: 'en' });
    answerPlaygroundSurvey(element);
    submitSurvey(element);
    await waitUntil(() => statusText(element) === 'Sending is not possible right now. Your answers are still here; please try again later.');
  });

  it('asks to shorten the texts, not to try again, when the answers are too long to send together', async () => {
    const { element } = await mount('spielplatz', 'too-large');
    answerPlaygroundSurvey(element);
    submitSurvey(element);
    await waitUntil(() => statusText(element).startsWith('Ihre Angaben'), 'no too-long message');
    expect(statusText(element)).to.equal('Ihre Angaben sind zusammen zu lang, um sie zu senden. Bitte kürzen Sie längere Texte.');
    expect(element.shadowRoot!.querySelector('form')).not.to.equal(null);
  });
});

describe('<civic-survey> identified submitting', () => {
  it('asks for email and consent to the survey text, in the form\'s own words', async () => {
    const { element, main } = await mount('buergerbuero');
    expect($(element, 'label[for="email"]').textContent).to.contain('E-Mail-Adresse');
    expect($(element, 'summary').textContent).to.equal('Einwilligung Umfragen (Version 2)');
    submitSurvey(element);
    await element.updateComplete;
    expect($$(element, '[part="error-summary"] a').map((a) => a.textContent)).to.deep.equal([
      'Wie zufrieden waren Sie?: Bitte beantworten Sie diese Frage.',
      'Bitte geben Sie Ihre E-Mail-Adresse ein.',
      'Bitte willigen Sie ein, damit wir Ihre Antworten speichern dürfen.',
    ]);
    expect($(element, '#email').getAttribute('aria-describedby')).to.equal('email-hint email-error');
    await expectNoAxeViolations(main);
  });

  it('sends email, answers, consent text version and page, then asks to confirm by mail', async () => {
    const { element, api, main } = await mount('buergerbuero');
    answerOfficeSurvey(element);
    submitSurvey(element);
    await waitUntil(() => element.shadowRoot!.querySelector('[part="success"]'), 'no success');
    await element.updateComplete;
    const [response] = await posts(api, 'surveys/buergerbuero/responses');
    expect(response!.body).to.deep.equal({
      email: 'anna@example.org',
      answers: { note: 10 },
      locale: 'de',
      legalTextVersion: 2,
      consent: true,
      pageUrl: location.href,
      widget: 'civic-survey',
      website: '',
    });
    expect(await posts(api, 'surveys/buergerbuero/participations')).to.have.length(0);
    expect($(element, '[part="success-heading"]').textContent).to.equal('Bitte bestätigen Sie Ihre Antworten');
    expect(focused(element)).to.equal($(element, '[part="success-heading"]'));
    await expectNoAxeViolations(main);
  });

  it('says that the person has already answered when the server refuses a second response', async () => {
    const { element, main } = await mount('buergerbuero', '409', { lang: 'en' });
    answerOfficeSurvey(element);
    const failed = oneEvent(element, 'civic-survey-error');
    submitSurvey(element);
    expect((await failed).detail).to.deep.equal({ stage: 'submit', kind: 'already-answered' });
    await element.updateComplete;
    expect($(element, '[part="success-heading"]').textContent).to.equal('You have already taken part');
    expect(focused(element)).to.equal($(element, '[part="success-heading"]'));
    await expectNoAxeViolations(main);
  });
});

describe('<civic-survey> when the survey changes while the citizen answers it', () => {
  it('says that the survey has ended, and shows its public results, when it closed before the answers were sent', async () => {
    const { element, main, api } = await mount('spielplatz', 'closed-meanwhile');
    answerPlaygroundSurvey(element);
    const failed = oneEvent(element, 'civic-survey-error');
    submitSurvey(element);
    expect((await failed).detail).to.deep.equal({ stage: 'submit', kind: 'closed' });
    await waitUntil(() => element.shadowRoot!.querySelector('[part="results"]'), 'no results');
    expect($(element, '[part="notice"]').textContent).to.contain('Die Umfrage ist beendet.');
    expect(element.shadowRoot!.querySelector('form, [part="success-heading"]')).to.equal(null);
    expect(focused(element)).to.equal($(element, '[part="notice"]'));
    expect((await api.requests()).map((r) => `${r.method} ${r.route}`).slice(-2)).to.deep.equal(['GET surveys/spielplatz', 'GET surveys/spielplatz/results']);
    await expectNoAxeViolations(main);
  });

  it('says when the survey opens when it was postponed before the answers were sent', async () => {
    const { element } = await mount('buergerbuero', 'postponed-meanwhile', { lang: 'en' });
    answerOfficeSurvey(element);
    const failed = oneEvent(element, 'civic-survey-error');
    submitSurvey(element);
    expect((await failed).detail).to.deep.equal({ stage: 'submit', kind: 'upcoming' });
    await element.updateComplete;
    expect($(element, '[part="notice"]').textContent).to.match(/^The survey starts on .*June 1, 2030/);
    expect(element.shadowRoot!.querySelector('form, [part="success-heading"]')).to.equal(null);
    expect(focused(element)).to.equal($(element, '[part="notice"]'));
  });
});

describe('<civic-survey> keyboard and assistive technology', () => {
  it('can be answered and sent with the keyboard alone', async () => {
    const { element, api, main } = await mount();
    const before = document.createElement('button');
    before.textContent = 'Vorher';
    main.prepend(before);
    before.focus();
    const tab = () => sendKeys({ press: 'Tab' });
    await tab();
    expect(focused(element)!.id).to.equal('q-ort-0');
    await sendKeys({ press: 'ArrowDown' });
    expect($<HTMLInputElement>(element, '#q-ort-1').checked).to.equal(true);
    await tab();
    expect(focused(element)!.id).to.equal('q-geraete-0');
    await sendKeys({ press: 'Space' });
    await tab();
    await sendKeys({ press: 'Space' });
    await tab();
    await tab();
    await tab();
    expect(focused(element)!.id).to.equal('q-zufriedenheit-0');
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await tab();
    expect(focused(element)!.id).to.equal('q-kinder-0');
    await sendKeys({ press: 'ArrowRight' });
    await tab();
    expect(focused(element)!.id).to.equal('q-eroeffnung-0');
    // Day and month valid in either order, so the test passes in a German or an English browser.
    await sendKeys({ type: '06072026' });
    const date = $<HTMLInputElement>(element, '#q-eroeffnung-0').value;
    expect(['2026-06-07', '2026-07-06']).to.include(date);
    // The date's day, month and year fields are tab stops of their own.
    for (let i = 0; i < 3 && focused(element)!.id === 'q-eroeffnung-0'; i++) await tab();
    expect(focused(element)!.id).to.equal('q-anmerkung-0');
    await sendKeys({ type: 'Gern' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => element.shadowRoot!.querySelector('[part="success"]'), 'keyboard submit failed');
    const [response] = await posts(api, 'surveys/spielplatz/responses');
    expect(response!.body.answers).to.deep.equal({ ort: 'schulhof', geraete: ['schaukel', 'rutsche'], zufriedenheit: 3, kinder: false, eroeffnung: date, anmerkung: 'Gern' });
  });

  it('has no axe violations with the form open and with errors', async () => {
    const { element, main } = await mount();
    await expectNoAxeViolations(main);
    submitSurvey(element);
    await element.updateComplete;
    await expectNoAxeViolations(main);
  });
});

describe('<civic-survey> in any page', () => {
  it('can be defined twice without throwing', async () => {
    expect(() => defineElement('civic-survey', class extends HTMLElement {})).not.to.throw();
    await import(/* @vite-ignore */ new URL('./define.ts?second-copy', import.meta.url).href);
    expect(customElements.get('civic-survey')).to.equal(CivicSurvey);
  });
});
