import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AxeResults } from 'axe-core';
import 'axe-core/axe.min.js';
import { fillRegistration, forumEntries, openEvent } from '../../test/event-form.js';
import { $, $$, fakeApi, focused, loaded, statusText, submit, type FakeApi } from '../../test/helpers.js';
import { defineElement } from '../shared/define.js';
import { CivicEventRegistration } from './define.js';

declare global {
  interface Window {
    axe: { run(context: Element): Promise<AxeResults> };
  }
}

async function mount(scenario = 'ok', attributes: { event?: string; lang?: string } = {}) {
  const api = fakeApi(scenario);
  const main = await fixture<HTMLElement>(html`<main><h1>Musterstadt</h1></main>`);
  const widget = document.createElement('civic-event-registration');
  widget.setAttribute('api', api.base);
  if (attributes.event) widget.setAttribute('event', attributes.event);
  if (attributes.lang) widget.setAttribute('lang', attributes.lang);
  main.append(widget);
  await loaded(widget);
  return { widget, api, main };
}

/** One event with its form open. */
const mountEvent = (event: string, scenario = 'ok', lang?: string) => mount(scenario, { event, lang });

async function expectNoAxeViolations(context: Element) {
  const { violations } = await window.axe.run(context);
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).to.deep.equal([]);
}

const posts = async (api: FakeApi) =>
  (await api.requests()).filter((request) => request.method === 'POST');
const hasSuccess = (widget: Element) => widget.shadowRoot!.querySelector('[part="success"]');
const text = (widget: Element, selector: string) => $(widget, selector).textContent!.replace(/\s+/g, ' ').trim();

const htmlLang = document.documentElement.getAttribute('lang');
afterEach(() => {
  if (htmlLang === null) document.documentElement.removeAttribute('lang');
  else document.documentElement.setAttribute('lang', htmlLang);
});

describe('<civic-event-registration> first paint and loading', () => {
  it('renders an empty live region and a loading text before anything is loaded', async () => {
    const widget = document.createElement('civic-event-registration');
    widget.setAttribute('api', fakeApi('ok').base);
    document.body.append(widget);
    await widget.updateComplete;
    const status = $(widget, '[part="status"]');
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.textContent!.trim()).to.equal('');
    expect($(widget, '[part="loading"]').textContent).to.contain('werden geladen');
    widget.remove();
  });

  it('shows a load error with a retry button and fires civic-event-registration-error', async () => {
    const api = fakeApi('load-error');
    const widget = document.createElement('civic-event-registration');
    widget.setAttribute('api', api.base);
    const failed = oneEvent(widget, 'civic-event-registration-error');
    (await fixture<HTMLElement>(html`<div></div>`)).append(widget);
    expect((await failed).detail).to.deep.equal({ stage: 'load', kind: 'server' });
    await loaded(widget);
    expect(statusText(widget)).to.equal('Die Veranstaltungen konnten nicht geladen werden. Bitte versuchen Sie es später erneut.');
    $(widget, 'button').click();
    await waitUntil(async () => (await api.requests()).length === 2, 'retry did not reload');
  });

  it('says that an unknown event does not exist, without a retry button', async () => {
    const { widget, api } = await mountEvent('gibt-es-nicht');
    expect(statusText(widget)).to.equal('Diese Veranstaltung gibt es nicht (mehr).');
    expect(widget.shadowRoot!.querySelector('button, form')).to.equal(null);
    expect((await api.requests())[0]!.route).to.equal('events/gibt-es-nicht');
  });

  it('says so when no event is open for registration', async () => {
    const { widget } = await mount('empty');
    expect(statusText(widget)).to.equal('Zurzeit gibt es keine Veranstaltungen mit offener Anmeldung.');
    expect(widget.shadowRoot!.querySelector('[part="list"]')).to.equal(null);
  });
});

describe('<civic-event-registration> list of events', () => {
  it('lists the upcoming events open for registration, each with a closed disclosure button', async () => {
    const { widget, api } = await mount();
    const [request] = await api.requests();
    expect(request!.route).to.equal('events');
    expect(request!.query).to.deep.equal({ locale: 'de' });
    expect($$(widget, '[part="list"] > li [part="event-title"]').map((title) => title.textContent)).to.deep.equal([
      'Stadtteilforum Nord',
      'Öffentliche Ratssitzung',
      'Yoga im Park',
    ]);
    const toggles = $$(widget, '[part="toggle"]');
    expect(toggles.map((toggle) => toggle.getAttribute('aria-expanded'))).to.deep.equal(['false', 'false', 'false']);
    expect(toggles[0]!.getAttribute('aria-controls')).to.equal('panel-stadtteilforum');
    expect($(widget, '#panel-stadtteilforum').hidden).to.equal(true);
    expect(widget.shadowRoot!.querySelector('form')).to.equal(null);
  });

  it('opens one event’s form at a time', async () => {
    const { widget } = await mount();
    openEvent(widget, 'stadtteilforum');
    await widget.updateComplete;
    expect($(widget, '[aria-controls="panel-stadtteilforum"]').getAttribute('aria-expanded')).to.equal('true');
    expect($(widget, '#panel-stadtteilforum form').getAttribute('aria-label')).to.equal('Anmeldung: Stadtteilforum Nord');
    openEvent(widget, 'ratssitzung');
    await widget.updateComplete;
    expect($(widget, '[aria-controls="panel-stadtteilforum"]').getAttribute('aria-expanded')).to.equal('false');
    expect($(widget, '#panel-stadtteilforum').hidden).to.equal(true);
    expect($$(widget, 'form')).to.have.length(1);
    expect($(widget, '#panel-ratssitzung form')).to.exist;
    openEvent(widget, 'ratssitzung');
    await widget.updateComplete;
    expect($$(widget, 'form')).to.have.length(0);
  });

  it('shows date and time in the event’s time zone, the place, the seats left and the deadline', async () => {
    const { widget } = await mount();
    const forum = $(widget, '[aria-labelledby="title-stadtteilforum"]');
    const facts = forum.querySelector('[part="facts"]')!;
    const when = facts.querySelector('time')!;
    expect(when.getAttribute('datetime')).to.equal('2030-03-22T17:00:00.000Z');
    // 17:00 UTC is 18:00 in Berlin, whatever time zone the browser runs in.
    expect(when.textContent).to.contain('Freitag, 22. März 2030');
    expect(when.textContent).to.match(/18:00\s*–\s*20:30/);
    expect(facts.textContent).to.contain('Bürgerhaus Nord, Saal 1');
    expect(facts.textContent).to.contain('Marktstraße 5, 12345 Musterstadt');
    expect(forum.querySelector('[part="availability"]')!.textContent).to.equal('Noch 12 freie Plätze');
    expect(facts.querySelectorAll('time')[1]!.textContent).to.contain('20. März 2030 um 23:59');
    expect([...facts.querySelectorAll('dt')].map((term) => term.textContent)).to.deep.equal(['Wann', 'Wo', 'Plätze', 'Anmeldung bis']);
    expect(text(widget, '[aria-labelledby="title-ratssitzung"] [part="availability"]')).to.equal('Ohne Platzbegrenzung');
    expect(text(widget, '[aria-labelledby="title-yoga"] [part="availability"]')).to.equal('Ausgebucht – Anmeldung auf die Warteliste möglich');
    expect(forum.querySelectorAll('[part="description"] p')).to.have.length(2);
  });

  it('speaks English with lang="en": texts, labels from the server and dates', async () => {
    const { widget, api } = await mount('ok', { lang: 'en' });
    expect((await api.requests())[0]!.query).to.deep.equal({ locale: 'en' });
    expect(text(widget, '#title-stadtteilforum')).to.equal('North district forum');
    expect(text(widget, '[aria-labelledby="title-stadtteilforum"] time')).to.contain('Friday, March 22, 2030');
    expect(text(widget, '[aria-labelledby="title-stadtteilforum"] [part="availability"]')).to.equal('12 seats left');
    openEvent(widget, 'stadtteilforum');
    await widget.updateComplete;
    expect(text(widget, 'label[for="email"]')).to.equal('Email address (required)');
    expect(text(widget, '#q-session legend')).to.equal('Which working group? (required)');
  });

  it('switches language and reloads, keeping the open form open', async () => {
    document.documentElement.lang = 'de';
    const { widget } = await mount();
    openEvent(widget, 'stadtteilforum');
    await widget.updateComplete;
    document.documentElement.lang = 'en';
    await waitUntil(() => widget.shadowRoot!.querySelector('#title-stadtteilforum')?.textContent === 'North district forum');
    expect(text(widget, '#panel-stadtteilforum label[for="email"]')).to.equal('Email address (required)');
  });
});

describe('<civic-event-registration> one event', () => {
  it('loads the event named in the event attribute and shows its form without a disclosure button', async () => {
    const { widget, api } = await mountEvent('stadtteilforum');
    expect((await api.requests()).map((request) => request.route)).to.deep.equal(['events/stadtteilforum']);
    expect(widget.shadowRoot!.querySelector('[part="toggle"], [part="list"]')).to.equal(null);
    expect($(widget, 'form')).to.exist;
  });

  it('offers the waiting list when the event is full and has one', async () => {
    const { widget } = await mountEvent('yoga');
    expect(text(widget, 'button[type="submit"]')).to.equal('Auf die Warteliste setzen');
  });

  it('shows a fully booked event without a form', async () => {
    const { widget } = await mountEvent('lesung');
    expect(text(widget, '[part="availability"]')).to.equal('Ausgebucht');
    expect(text(widget, '[part="notice"]')).to.equal('Diese Veranstaltung ist ausgebucht. Eine Anmeldung ist nicht mehr möglich.');
    expect(widget.shadowRoot!.querySelector('form')).to.equal(null);
  });

  it('shows an event whose registration has closed without a form or deadline', async () => {
    const { widget } = await mountEvent('flohmarkt');
    expect(text(widget, '[part="notice"]')).to.equal('Die Anmeldung zu dieser Veranstaltung ist geschlossen.');
    expect(widget.shadowRoot!.querySelector('form')).to.equal(null);
    expect($$(widget, '[part="facts"] dt').map((term) => term.textContent)).not.to.include('Anmeldung bis');
  });
});

describe('<civic-event-registration> questions', () => {
  it('renders text questions with labels, required or optional in words and the length limit as a hint', async () => {
    const { widget } = await mountEvent('stadtteilforum');
    const district = $<HTMLInputElement>(widget, '#q-district');
    expect(district.type).to.equal('text');
    expect(district.required).to.equal(true);
    expect(district.hasAttribute('maxlength')).to.equal(false);
    expect(text(widget, 'label[for="q-district"]')).to.equal('Ihr Stadtteil (Pflichtangabe)');
    expect(district.getAttribute('aria-describedby')).to.equal('q-district-hint');
    expect(text(widget, '#q-district-hint')).to.equal('Höchstens 20 Zeichen.');
    expect($(widget, '#q-idea').localName).to.equal('textarea');
    expect(text(widget, 'label[for="q-idea"]')).to.equal('Ihre Idee für den Marktplatz (optional)');
  });

  it('renders choice and yes/no questions as fieldsets with a legend', async () => {
    const { widget } = await mountEvent('stadtteilforum');
    const session = $(widget, 'fieldset#q-session');
    expect(text(widget, '#q-session legend')).to.equal('Welche Arbeitsgruppe? (Pflichtangabe)');
    expect([...session.querySelectorAll('input')].map((input) => [input.type, input.value])).to.deep.equal([
      ['radio', 'verkehr'],
      ['radio', 'gruen'],
    ]);
    expect(text(widget, 'label[for="q-session-gruen"]')).to.equal('Grünflächen');
    const needs = [...$(widget, 'fieldset#q-needs').querySelectorAll('input')];
    expect(needs.map((input) => input.type)).to.deep.equal(['checkbox', 'checkbox', 'checkbox']);
    expect(needs.some((input) => input.required)).to.equal(false);
    expect(text(widget, '#q-needs legend')).to.equal('Was brauchen Sie vor Ort? (optional)');
    expect($$(widget, 'fieldset#q-photos label').map((label) => label.textContent)).to.deep.equal(['Ja', 'Nein']);
    expect($$<HTMLInputElement>(widget, 'fieldset#q-photos input').every((input) => input.type === 'radio' && !input.checked)).to.equal(true);
  });

  it('offers seats up to the event’s maximum, and none for one-seat events', async () => {
    const { widget } = await mountEvent('stadtteilforum');
    const seats = $<HTMLInputElement>(widget, '#seats');
    expect([seats.type, seats.min, seats.max, seats.value]).to.deep.equal(['number', '1', '4', '1']);
    expect(text(widget, '#seats-hint')).to.equal('1 bis 4 Plätze');
    const { widget: council } = await mountEvent('ratssitzung');
    expect(council.shadowRoot!.querySelector('#seats')).to.equal(null);
  });

  it('offers the newsletter unchecked with its own consent text', async () => {
    const { widget } = await mountEvent('stadtteilforum');
    const newsletter = $<HTMLInputElement>(widget, '#newsletter');
    expect(newsletter.checked).to.equal(false);
    expect(text(widget, 'label[for="newsletter"]')).to.contain('Newsletter „Kultur“');
    expect($$(widget, '[part="legal-summary"]').map((summary) => summary.textContent)).to.deep.equal([
      'Einwilligung Veranstaltungen (Version 4)',
      'Einwilligung Newsletter (Version 3)',
    ]);
    const { widget: council } = await mountEvent('ratssitzung');
    expect(council.shadowRoot!.querySelector('#newsletter')).to.equal(null);
  });
});

describe('<civic-event-registration> client-side validation', () => {
  it('lists every missing entry in a focused summary, ties each to its field and sends nothing', async () => {
    const { widget, api } = await mountEvent('stadtteilforum');
    submit(widget);
    await widget.updateComplete;
    expect(focused(widget)).to.equal($(widget, '[part="error-summary"]'));
    expect(text(widget, '#error-summary-heading')).to.equal('Bitte korrigieren Sie 5 Angaben:');
    expect($$(widget, '[part="error-summary"] a').map((link) => link.textContent)).to.deep.equal([
      'Bitte geben Sie Ihre E-Mail-Adresse ein.',
      'Bitte beantworten Sie die Frage „Ihr Stadtteil“.',
      'Bitte beantworten Sie die Frage „Welche Arbeitsgruppe?“.',
      'Bitte beantworten Sie die Frage „Dürfen wir Sie fotografieren?“.',
      'Bitte willigen Sie ein, damit wir Ihre Anmeldung bearbeiten dürfen.',
    ]);
    expect($(widget, '#q-district').getAttribute('aria-describedby')).to.equal('q-district-hint q-district-error');
    expect($(widget, '#q-session-verkehr').getAttribute('aria-invalid')).to.equal('true');
    expect($(widget, '#q-session-gruen').getAttribute('aria-describedby')).to.equal('q-session-hint q-session-error');
    expect($(widget, '#q-idea').getAttribute('aria-invalid')).to.equal('false');
    expect($(widget, '#q-needs-wheelchair').getAttribute('aria-invalid')).to.equal('false');
    $$(widget, '[part="error-summary"] a')[2]!.click();
    expect(focused(widget)).to.equal($(widget, '#q-session-verkehr'));
    expect(await posts(api)).to.have.length(0);
  });

  it('checks the length of text answers and focuses the only invalid field', async () => {
    const { widget, api } = await mountEvent('stadtteilforum');
    fillRegistration(widget, { ...forumEntries, answers: { ...forumEntries.answers, district: 'Nördliche Innenstadt-West' } });
    submit(widget);
    await widget.updateComplete;
    expect(focused(widget)).to.equal($(widget, '#q-district'));
    expect(text(widget, '#q-district-error')).to.equal('„Ihr Stadtteil“: Bitte kürzen Sie Ihre Antwort auf höchstens 20 Zeichen (jetzt 25).');
    fillRegistration(widget, { answers: { district: 'Nord' } });
    await widget.updateComplete;
    expect(widget.shadowRoot!.querySelector('#q-district-error')).to.equal(null);
    expect(await posts(api)).to.have.length(0);
  });

  it('accepts 1 to the maximum of seats, whole numbers only', async () => {
    const { widget } = await mountEvent('stadtteilforum');
    for (const seats of ['5', '0', '1.5', '']) {
      fillRegistration(widget, { ...forumEntries, seats });
      submit(widget);
      await widget.updateComplete;
      expect(text(widget, '#seats-error'), `seats "${seats}"`).to.equal('Bitte geben Sie als Anzahl Plätze eine ganze Zahl von 1 bis 4 ein.');
      expect(focused(widget)).to.equal($(widget, '#seats'));
    }
    fillRegistration(widget, { seats: '4' });
    await widget.updateComplete;
    expect($(widget, '#seats').getAttribute('aria-invalid')).to.equal('false');
  });

  it('clears a choice error as soon as one is picked', async () => {
    const { widget } = await mountEvent('stadtteilforum');
    fillRegistration(widget, { ...forumEntries, answers: { district: 'Nord', session: 'gruen' } });
    submit(widget);
    await widget.updateComplete;
    expect(focused(widget)).to.equal($(widget, '#q-photos-yes'));
    fillRegistration(widget, { answers: { photos: true } });
    await widget.updateComplete;
    expect($(widget, '#q-photos-yes').getAttribute('aria-invalid')).to.equal('false');
  });
});

describe('<civic-event-registration> submitting', () => {
  it('sends entries, seats, answers by question id, locale, consent text version and page URL', async () => {
    const { widget, api } = await mountEvent('stadtteilforum');
    fillRegistration(widget, forumEntries);
    submit(widget);
    await waitUntil(() => hasSuccess(widget));
    const [post] = await posts(api);
    expect(post!.route).to.equal('events/stadtteilforum/registrations');
    expect(post!.body).to.deep.equal({
      email: 'anna@example.org',
      firstName: 'Anna',
      lastName: 'Muster',
      seats: 2,
      answers: { district: 'Nord', idea: 'Mehr Bäume', session: 'gruen', needs: ['wheelchair', 'childcare'], photos: false },
      locale: 'de',
      legalTextVersion: 4,
      consent: true,
      newsletter: false,
      pageUrl: location.href,
      widget: 'civic-event-registration',
      website: '',
    });
  });

  it('sends the newsletter wish with the version of the newsletter consent text', async () => {
    const { widget, api } = await mountEvent('stadtteilforum', 'ok', 'en');
    fillRegistration(widget, { ...forumEntries, newsletter: true });
    submit(widget);
    await waitUntil(() => hasSuccess(widget));
    const { body } = (await api.requests()).find((request) => request.method === 'POST')!;
    expect([body.locale, body.legalTextVersion, body.newsletter, body.newsletterLegalTextVersion]).to.deep.equal(['en', 2, true, 2]);
  });

  it('sends one seat, no answers and no newsletter field for a simple event; empty names are left out', async () => {
    const { widget, api } = await mountEvent('ratssitzung');
    fillRegistration(widget, { email: 'ben@example.org', firstName: '  ', consent: true });
    submit(widget);
    await waitUntil(() => hasSuccess(widget));
    const { body } = (await api.requests()).find((request) => request.method === 'POST')!;
    expect(body.seats).to.equal(1);
    expect(body.answers).to.deep.equal({});
    expect(body).not.to.have.any.keys('firstName', 'lastName', 'newsletter', 'newsletterLegalTextVersion');
  });

  it('shows the success panel, focuses its heading and fires civic-event-registration-success', async () => {
    const { widget } = await mountEvent('stadtteilforum');
    fillRegistration(widget, forumEntries);
    const success = oneEvent(widget, 'civic-event-registration-success');
    submit(widget);
    expect((await success).detail).to.deep.equal({ event: 'stadtteilforum', seats: 2, waitingList: false, locale: 'de' });
    await widget.updateComplete;
    expect(focused(widget)).to.equal($(widget, '[part="success-heading"]'));
    expect(text(widget, '[part="success-heading"]')).to.equal('Bitte bestätigen Sie Ihre Anmeldung');
    expect(text(widget, '[part="success-text"]')).to.contain('Kalendereintrag');
    expect(widget.shadowRoot!.querySelector('form')).to.equal(null);
  });

  it('tells a citizen who joins the waiting list how it goes on', async () => {
    const { widget } = await mountEvent('yoga');
    fillRegistration(widget, { email: 'ben@example.org', consent: true });
    const success = oneEvent(widget, 'civic-event-registration-success');
    submit(widget);
    expect((await success).detail.waitingList).to.equal(true);
    await widget.updateComplete;
    expect(text(widget, '[part="success-text"]')).to.contain('Warteliste');
  });

  it('registers from the list: the success panel replaces the open form', async () => {
    const { widget } = await mount();
    openEvent(widget, 'ratssitzung');
    await widget.updateComplete;
    fillRegistration(widget, { email: 'ben@example.org', consent: true });
    submit(widget);
    await waitUntil(() => hasSuccess(widget));
    expect(hasSuccess(widget)!.closest('#panel-ratssitzung')).to.exist;
    expect(focused(widget)).to.equal($(widget, '[part="success-heading"]'));
  });

  it('sends one request only, however often the citizen submits while it is under way', async () => {
    const { widget, api } = await mountEvent('ratssitzung', 'slow');
    fillRegistration(widget, { email: 'ben@example.org', consent: true });
    submit(widget);
    await widget.updateComplete;
    expect($(widget, 'button[type="submit"]').getAttribute('aria-disabled')).to.equal('true');
    expect(statusText(widget)).to.equal('Ihre Anmeldung wird gesendet …');
    submit(widget);
    $<HTMLFormElement>(widget, 'form').requestSubmit();
    await waitUntil(() => hasSuccess(widget), 'no success', { timeout: 3000 });
    expect(await posts(api)).to.have.length(1);
  });
});

describe('<civic-event-registration> server answers', () => {
  it('puts a server error on an answer onto that question and focuses it', async () => {
    const { widget } = await mountEvent('stadtteilforum', 'invalid-answer');
    fillRegistration(widget, forumEntries);
    const failed = oneEvent(widget, 'civic-event-registration-error');
    submit(widget);
    expect((await failed).detail).to.deep.equal({ stage: 'submit', kind: 'validation' });
    await waitUntil(() => widget.shadowRoot!.querySelector('#q-session-error'));
    await widget.updateComplete;
    expect(text(widget, '#q-session-error')).to.equal('Bitte prüfen Sie Ihre Antwort auf die Frage „Welche Arbeitsgruppe?“.');
    expect(focused(widget)).to.equal($(widget, '#q-session-verkehr'));
    expect(statusText(widget)).to.equal('');
  });

  it('lists several server field errors in a focused summary', async () => {
    const { widget } = await mountEvent('stadtteilforum', 'invalid-many', 'en');
    fillRegistration(widget, forumEntries);
    submit(widget);
    await waitUntil(() => widget.shadowRoot!.querySelector('[part="error-summary"]'));
    await widget.updateComplete;
    expect(focused(widget)).to.equal($(widget, '[part="error-summary"]'));
    expect($$(widget, '[part="error-summary"] a').map((link) => link.textContent)).to.deep.equal([
      'Please enter a whole number from 1 to 4 as the number of seats.',
      'Please check your answer to the question “Your district”.',
    ]);
  });

  it('translates the code of an error on a field the widget does not have', async () => {
    const { widget } = await mountEvent('ratssitzung', 'invalid-unknown');
    fillRegistration(widget, { email: 'ben@example.org', consent: true });
    submit(widget);
    await waitUntil(() => statusText(widget) === 'Der Einwilligungstext wurde inzwischen geändert. Bitte laden Sie die Seite neu.');
    expect($$(widget, '[aria-invalid="true"]')).to.have.length(0);
  });

  for (const [scenario, message] of [
    ['full', 'Diese Veranstaltung ist inzwischen ausgebucht.'],
    ['closed', 'Die Anmeldung zu dieser Veranstaltung ist inzwischen nicht mehr möglich.'],
  ]) {
    it(`translates the server's reason (not its English message) when the event became ${scenario} meanwhile`, async () => {
      const { widget } = await mountEvent('ratssitzung', scenario);
      fillRegistration(widget, { email: 'ben@example.org', consent: true });
      submit(widget);
      await waitUntil(() => statusText(widget) === message, `no "${message}"`);
      expect($(widget, '[part="status"]').classList.contains('is-error')).to.equal(true);
    });
  }

  it('tells the citizen to wait the minutes the server names (details.retryAfter: 170 s) after too many attempts', async () => {
    const { widget } = await mountEvent('ratssitzung', '429');
    fillRegistration(widget, { email: 'ben@example.org', consent: true });
    submit(widget);
    await waitUntil(() => statusText(widget) === 'Zu viele Versuche. Bitte versuchen Sie es in 3 Minuten erneut.');
    expect($(widget, 'form')).to.exist;
  });

  it('reports a network failure and lets the citizen try again', async () => {
    const { widget, api } = await mountEvent('ratssitzung', 'network', 'en');
    fillRegistration(widget, { email: 'ben@example.org', consent: true });
    submit(widget);
    await waitUntil(() => statusText(widget) === 'Could not reach the server. Please check your internet connection and try again.');
    expect($(widget, 'button[type="submit"]').getAttribute('aria-disabled')).to.equal('false');
    const before = (await posts(api)).length;
    submit(widget);
    await waitUntil(async () => (await posts(api)).length > before, 'no second attempt');
  });

  it('in the list, says a failure below the form that was submitted and moves the focus there, not to the end of the list', async () => {
    const { widget } = await mount('network', { lang: 'de' });
    openEvent(widget, 'ratssitzung');
    await widget.updateComplete;
    fillRegistration(widget, { email: 'ben@example.org', consent: true });
    submit(widget);
    await waitUntil(() => statusText(widget).startsWith('Keine Verbindung zum Server.'));
    // One live region, inside the open event's form, right after its button, and it has the focus.
    expect($$(widget, '[part="status"]')).to.have.length(1);
    const status = $(widget, '[part="status"]');
    expect(status.closest('#panel-ratssitzung form')).to.exist;
    expect(status.previousElementSibling).to.equal($(widget, 'form button[type="submit"]'));
    await waitUntil(() => focused(widget) === status, 'the failure did not take the focus');
    // Closed again, the list keeps its own live region at its end.
    openEvent(widget, 'ratssitzung');
    await widget.updateComplete;
    expect($$(widget, '[part="status"]')).to.have.length(1);
    expect($(widget, '[part="status"]').closest('form')).to.equal(null);
  });

  it('says that registering is not possible when the server fails', async () => {
    const { widget } = await mountEvent('ratssitzung', 'server-error');
    fillRegistration(widget, { email: 'ben@example.org', consent: true });
    submit(widget);
    await waitUntil(() => statusText(widget) === 'Die Anmeldung ist gerade nicht möglich. Bitte versuchen Sie es später erneut.');
  });
});

describe('<civic-event-registration> keyboard and assistive technology', () => {
  it('opens an event and registers with the keyboard only', async () => {
    const { widget, api } = await mount();
    $(widget, '[aria-controls="panel-ratssitzung"]').focus();
    await sendKeys({ press: 'Enter' });
    await widget.updateComplete;
    expect($(widget, '[aria-controls="panel-ratssitzung"]').getAttribute('aria-expanded')).to.equal('true');
    await sendKeys({ press: 'Tab' });
    expect(focused(widget)).to.equal($(widget, '#email'));
    await sendKeys({ type: 'ben@example.org' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(focused(widget)).to.equal($(widget, '#consent'));
    await sendKeys({ press: 'Space' });
    $(widget, '#email').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => hasSuccess(widget), 'keyboard registration failed');
    expect((await posts(api)).length).to.equal(1);
  });

  it('answers choice questions with arrow keys and Space', async () => {
    const { widget } = await mountEvent('stadtteilforum');
    $(widget, '#q-session-verkehr').focus();
    await sendKeys({ press: 'ArrowDown' });
    expect($<HTMLInputElement>(widget, '#q-session-gruen').checked).to.equal(true);
    $(widget, '#q-needs-childcare').focus();
    await sendKeys({ press: 'Space' });
    expect($<HTMLInputElement>(widget, '#q-needs-childcare').checked).to.equal(true);
  });

  it('keeps the honeypot out of reach: not focusable, no autocomplete, hidden from screen readers', async () => {
    const { widget } = await mountEvent('ratssitzung');
    const honeypot = $<HTMLInputElement>(widget, 'input[name="website"]');
    expect(honeypot.tabIndex).to.equal(-1);
    expect(honeypot.getAttribute('autocomplete')).to.equal('off');
    expect(honeypot.closest('[aria-hidden="true"]')).not.to.equal(null);
  });

  it('has no axe violations in the list, with a form open, with errors and after success', async () => {
    const { widget, main } = await mount();
    await expectNoAxeViolations(main);
    openEvent(widget, 'stadtteilforum');
    await widget.updateComplete;
    await expectNoAxeViolations(main);
    submit(widget);
    await widget.updateComplete;
    await expectNoAxeViolations(main);
    fillRegistration(widget, forumEntries);
    submit(widget);
    await waitUntil(() => hasSuccess(widget));
    await expectNoAxeViolations(main);
  });

  it('has no axe violations for a closed, a fully booked, an unknown event, a load error and a server error', async () => {
    for (const [event, scenario] of [['flohmarkt', 'ok'], ['lesung', 'ok'], ['gibt-es-nicht', 'ok'], ['ratssitzung', 'load-error']]) {
      const { main } = await mountEvent(event!, scenario);
      await expectNoAxeViolations(main);
      // One <main> at a time, as on a real page.
      main.remove();
    }
    const { widget, main } = await mountEvent('ratssitzung', 'full');
    fillRegistration(widget, { email: 'ben@example.org', consent: true });
    submit(widget);
    await waitUntil(() => statusText(widget) === 'Diese Veranstaltung ist inzwischen ausgebucht.');
    await expectNoAxeViolations(main);
  });
});

describe('<civic-event-registration> in any page', () => {
  it('can be defined twice without throwing', async () => {
    expect(() => defineElement('civic-event-registration', class extends HTMLElement {})).not.to.throw();
    await import(/* @vite-ignore */ new URL('./define.ts?second-copy', import.meta.url).href);
    expect(customElements.get('civic-event-registration')).to.equal(CivicEventRegistration);
  });

  it('is themable with custom properties and ::part()', async () => {
    const style = await fixture<HTMLStyleElement>(html`<style>
      civic-event-registration { --civic-color-primary: rgb(120, 0, 60); }
      civic-event-registration::part(event-title) { text-transform: uppercase; }
    </style>`);
    const { widget } = await mount();
    expect(getComputedStyle($(widget, '[part="toggle"]')).color).to.equal('rgb(120, 0, 60)');
    expect(getComputedStyle($(widget, '#title-yoga')).textTransform).to.equal('uppercase');
    style.remove();
  });
});
