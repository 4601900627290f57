import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AxeResults } from 'axe-core';
import 'axe-core/axe.min.js';
import { FAKE_LINK_TOKEN, FAKE_SESSION_TOKEN } from '../../test/fake-preferences.mjs';
import { $, $$, fakeApi, focused, loaded, type FakeApi } from '../../test/helpers.js';
import { formatDateTime } from '../shared/date-format.js';
import { defineElement } from '../shared/define.js';
import { CivicPreferences } from './define.js';

declare global {
  interface Window {
    axe: { run(context: Element): Promise<AxeResults> };
  }
}

interface Mounted {
  prefs: CivicPreferences;
  api: FakeApi;
  main: HTMLElement;
}

/** Mounts the widget; with `token`, as if the citizen had opened the manage link from the mail. */
async function mount(scenario = 'ok', { lang, token }: { lang?: string; token?: string } = {}): Promise<Mounted> {
  if (token) history.replaceState(null, '', `${location.pathname}${location.search}#civic-token=${token}`);
  const api = fakeApi(scenario);
  const main = await fixture<HTMLElement>(html`<main><h1>Musterstadt</h1></main>`);
  const prefs = document.createElement('civic-preferences');
  prefs.setAttribute('api', api.base);
  if (lang) prefs.setAttribute('lang', lang);
  main.append(prefs);
  await loaded(prefs);
  return { prefs, api, main };
}

/** The preference center of a citizen who opened a valid link. */
async function openCenter(scenario = 'ok', lang?: string): Promise<Mounted> {
  const mounted = await mount(scenario, { lang, token: FAKE_LINK_TOKEN });
  await waitUntil(() => mounted.prefs.shadowRoot!.querySelector('#center-heading'), 'the preference center did not open');
  return mounted;
}

const statusOf = (host: Element, section: string) =>
  $(host, `#${section}-heading`).closest('section')!.querySelector('[role="status"]')!.textContent!.trim();
const requestStatus = (host: Element) => $(host, 'form [role="status"]').textContent!.trim();
const writes = async (api: FakeApi) => (await api.requests()).filter((r) => r.method !== 'GET' && r.route !== 'preferences/session');

function type(host: Element, selector: string, value: string) {
  const input = $<HTMLInputElement>(host, selector);
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

function toggle(host: Element, selector: string) {
  $<HTMLInputElement>(host, selector).click();
}

async function expectNoAxeViolations(context: Element) {
  const { violations } = await window.axe.run(context);
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).to.deep.equal([]);
}

const htmlLang = document.documentElement.getAttribute('lang');
afterEach(() => {
  // Only when needed: WebKit allows 100 replaceState calls per 10 s, and each test opening a link
  // already spends two (setting the link, the widget removing the token).
  if (location.hash) history.replaceState(null, '', `${location.pathname}${location.search}`);
  if (htmlLang === null) document.documentElement.removeAttribute('lang');
  else document.documentElement.setAttribute('lang', htmlLang);
});

describe('<civic-preferences> asking for a link', () => {
  it('first shows the email form with empty live regions', async () => {
    const prefs = document.createElement('civic-preferences');
    prefs.setAttribute('api', fakeApi('ok').base);
    document.body.append(prefs);
    await prefs.updateComplete;
    const status = $(prefs, '[part="status"]');
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.getAttribute('aria-live')).to.equal('polite');
    expect(status.textContent!.trim()).to.equal('');
    expect($(prefs, 'label[for="email"]').textContent).to.equal('E-Mail-Adresse');
    expect(prefs.shadowRoot!.querySelector('[part="notice"]')).to.equal(null);
    prefs.remove();
  });

  it('speaks the language of its lang attribute, else of the nearest [lang], else German', async () => {
    document.documentElement.lang = 'de';
    const { prefs } = await mount('ok', { lang: 'en' });
    expect($(prefs, 'button[type="submit"]').textContent).to.equal('Send me a link');
    const wrapper = await fixture<HTMLElement>(html`<div lang="en-GB"><civic-preferences></civic-preferences></div>`);
    const nested = wrapper.querySelector('civic-preferences')!;
    await nested.updateComplete;
    expect($(nested, 'label[for="email"]').textContent).to.equal('Email address');
    document.documentElement.lang = 'fr';
    const { prefs: french } = await mount();
    expect($(french, 'label[for="email"]').textContent).to.equal('E-Mail-Adresse');
  });

  it('checks the address itself, in the page language, and sends nothing while it is wrong', async () => {
    const { prefs, api } = await mount();
    $(prefs, 'button[type="submit"]').click();
    await prefs.updateComplete;
    const email = $(prefs, '#email');
    expect(email.getAttribute('aria-invalid')).to.equal('true');
    expect($(prefs, `#${email.getAttribute('aria-describedby')}`).textContent).to.equal('Bitte geben Sie Ihre E-Mail-Adresse ein.');
    expect(focused(prefs)).to.equal(email);
    type(prefs, '#email', 'anna@example');
    $(prefs, 'button[type="submit"]').click();
    await prefs.updateComplete;
    expect($(prefs, '#email-error').textContent).to.contain('gültige E-Mail-Adresse');
    expect(await api.requests()).to.have.length(0);
  });

  it('sends email, language and page address, then says to check the inbox with the heading focused', async () => {
    const { prefs, api } = await mount('ok', { lang: 'en' });
    type(prefs, '#email', ' anna@example.org ');
    $(prefs, 'button[type="submit"]').click();
    await waitUntil(() => prefs.shadowRoot!.querySelector('#link-sent-heading'), 'no confirmation');
    // Besides the request, the widget asked which forms need a bot check (altcha/forms): none here.
    const [request, ...others] = (await api.requests()).filter((r) => r.route !== 'altcha/forms');
    expect(others).to.have.length(0);
    expect(request!.route).to.equal('preferences/link');
    expect(request!.body).to.deep.equal({ email: 'anna@example.org', locale: 'en', pageUrl: location.href });
    await prefs.updateComplete;
    expect(focused(prefs)).to.equal($(prefs, '#link-sent-heading'));
    expect($(prefs, '#link-sent-heading').textContent).to.equal('Please check your inbox');
    $(prefs, 'button').click();
    await prefs.updateComplete;
    expect(focused(prefs)).to.equal($(prefs, '#email'));
  });

  it('maps the server rejecting the address to the field, in German', async () => {
    const { prefs } = await mount();
    type(prefs, '#email', 'anna@invalid.example');
    $(prefs, 'button[type="submit"]').click();
    await waitUntil(() => prefs.shadowRoot!.querySelector('#email-error'), 'no field error');
    await prefs.updateComplete;
    expect($(prefs, '#email-error').textContent).to.equal('Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.');
    expect(focused(prefs)).to.equal($(prefs, '#email'));
  });

  it('asks to wait the minutes the server names (details.retryAfter: 170 s), and reports a lost connection', async () => {
    const { prefs } = await mount('429');
    type(prefs, '#email', 'anna@example.org');
    $(prefs, 'button[type="submit"]').click();
    await waitUntil(() => requestStatus(prefs).startsWith('Zu viele'), 'no rate-limit message');
    expect(requestStatus(prefs)).to.equal('Zu viele Versuche. Bitte versuchen Sie es in 3 Minuten erneut.');
    const { prefs: offline } = await mount('network', { lang: 'en' });
    type(offline, '#email', 'anna@example.org');
    $(offline, 'button[type="submit"]').click();
    await waitUntil(() => requestStatus(offline).startsWith('Could not reach'), 'no network message');
  });
});

describe('<civic-preferences> opening the link from the mail', () => {
  it('takes the token from the fragment, removes it from the address at once and opens a session with it', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}#civic-token=${FAKE_LINK_TOKEN}`);
    const lengthBefore = history.length;
    const api = fakeApi('ok');
    const prefs = document.createElement('civic-preferences');
    prefs.setAttribute('api', api.base);
    (await fixture<HTMLElement>(html`<main></main>`)).append(prefs);
    expect(location.href).not.to.contain(FAKE_LINK_TOKEN);
    expect(location.hash).to.equal('');
    expect(history.length, 'replaced, not a new history entry').to.equal(lengthBefore);
    await prefs.updateComplete;
    expect($(prefs, '[part="loading"]').textContent).to.equal('Ihre Einstellungen werden geladen …');

    await waitUntil(() => prefs.shadowRoot!.querySelector('#center-heading'), 'the preference center did not open');
    await prefs.updateComplete;
    expect(focused(prefs)).to.equal($(prefs, '#center-heading'));
    const [session, view] = await api.requests();
    expect(session).to.deep.include({ method: 'POST', route: 'preferences/session', body: { token: FAKE_LINK_TOKEN } });
    expect(view).to.deep.include({ method: 'GET', route: 'preferences', authorization: `Bearer ${FAKE_SESSION_TOKEN}` });
    expect(JSON.stringify({ ...localStorage, ...sessionStorage })).not.to.contain(FAKE_SESSION_TOKEN);
  });

  it('still opens the preferences when the browser refuses to replace the address (WebKit: over 100 calls in 10 s)', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}#civic-token=${FAKE_LINK_TOKEN}`);
    const replaceState = history.replaceState;
    history.replaceState = () => {
      throw new DOMException('Attempt to use history.replaceState() more than 100 times per 10 seconds', 'SecurityError');
    };
    try {
      const { prefs, api } = await mount();
      await waitUntil(() => prefs.shadowRoot!.querySelector('#center-heading'), 'the preference center did not open');
      const [session] = await api.requests();
      expect(session).to.deep.include({ method: 'POST', route: 'preferences/session', body: { token: FAKE_LINK_TOKEN } });
    } finally {
      history.replaceState = replaceState;
    }
  });

  it('keeps the rest of the fragment', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}#anmeldung&civic-token=${FAKE_LINK_TOKEN}`);
    const { prefs } = await mount();
    await waitUntil(() => prefs.shadowRoot!.querySelector('#center-heading'));
    expect(location.hash).to.equal('#anmeldung');
  });

  for (const scenario of ['link-expired', 'link-invalid']) {
    it(`says the link is invalid or expired and offers the request form again (${scenario})`, async () => {
      const { prefs } = await mount(scenario, { token: FAKE_LINK_TOKEN });
      await waitUntil(() => prefs.shadowRoot!.querySelector('#notice-heading'), 'no notice');
      await prefs.updateComplete;
      expect($(prefs, '#notice-heading').textContent).to.equal('Dieser Link ist ungültig oder abgelaufen');
      expect(focused(prefs)).to.equal($(prefs, '#notice-heading'));
      expect($(prefs, 'form #email')).to.exist;
    });
  }

  it('says a mangled link (a mail client cut its percent-encoding) is invalid instead of breaking', async () => {
    const { prefs } = await mount('ok', { token: '%E0%A4%A' });
    await waitUntil(() => prefs.shadowRoot!.querySelector('#notice-heading'), 'no notice');
    expect($(prefs, '#notice-heading').textContent).to.equal('Dieser Link ist ungültig oder abgelaufen');
    expect($(prefs, 'form #email')).to.exist;
  });

  it('offers to try again when the preferences cannot be loaded, with the same session', async () => {
    const { prefs, api } = await mount('load-error', { token: FAKE_LINK_TOKEN });
    await waitUntil(() => prefs.shadowRoot!.querySelector('[role="alert"]'), 'no load error');
    expect($(prefs, '[role="alert"]').textContent).to.equal('Ihre Einstellungen konnten nicht geladen werden.');
    $(prefs, 'button').click();
    await waitUntil(async () => (await api.requests()).filter((r) => r.route === 'preferences').length === 2, 'no second attempt');
    expect((await api.requests()).filter((r) => r.route === 'preferences/session')).to.have.length(1);
  });

  it('asks for a new link when the session is refused (401)', async () => {
    const { prefs, api } = await mount('session-expired', { token: FAKE_LINK_TOKEN, lang: 'en' });
    await waitUntil(() => prefs.shadowRoot!.querySelector('#notice-heading'), 'no notice');
    expect($(prefs, '#notice-heading').textContent).to.equal('Your session has expired');
    expect((await api.requests()).at(-1)!.authorization).to.equal(`Bearer ${FAKE_SESSION_TOKEN}`);
  });
});

describe('<civic-preferences> the preference center', () => {
  it('shows every topic with its status, ticked where subscribed or awaiting confirmation', async () => {
    const { prefs } = await openCenter();
    const boxes = $$<HTMLInputElement>(prefs, 'input[name="topics"]');
    expect(boxes.map((box) => [box.value, box.checked])).to.deep.equal([['abfall', true], ['kultur', true], ['verkehr', false]]);
    expect($(prefs, 'label[for="topic-abfall"]').textContent).to.equal('Abfall und Recycling (abonniert)');
    expect($(prefs, 'label[for="topic-kultur"]').textContent).to.equal('Kultur (Bestätigung ausstehend)');
    expect($(prefs, 'label[for="topic-verkehr"]').textContent).to.equal('Verkehr und Baustellen');
    expect(prefs.shadowRoot!.querySelector('#consent'), 'no consent needed before adding').to.equal(null);
  });

  it('names the topics in the page\'s language, not in the language the citizen subscribed in', async () => {
    // John subscribed in English and opens his link on the German page, then on the English one.
    const german = await openCenter('english-profile', 'de');
    expect($(german.prefs, 'label[for="topic-abfall"]').textContent).to.equal('Abfall und Recycling (abonniert)');
    expect((await german.api.requests()).find((r) => r.route === 'preferences')!.query).to.deep.equal({ locale: 'de' });
    const english = await openCenter('english-profile', 'en');
    expect($(english.prefs, 'label[for="topic-abfall"]').textContent).to.equal('Waste and recycling (subscribed)');
  });

  it('keeps the topics in the page\'s language after a save', async () => {
    const { prefs, api } = await openCenter('english-profile', 'de');
    $(prefs, '[aria-labelledby="topics-heading"] button[type="submit"]').click();
    await waitUntil(() => statusOf(prefs, 'topics') === 'Ihre Themen wurden gespeichert.', 'not saved');
    expect((await api.requests()).find((r) => r.route === 'preferences/subscriptions')!.query).to.deep.equal({ locale: 'de' });
    expect($(prefs, 'label[for="topic-kultur"]').textContent).to.equal('Kultur (Bestätigung ausstehend)');
  });

  it('asks only for the fields the town configured, filled in, plus the language', async () => {
    const { prefs } = await openCenter();
    expect($$<HTMLInputElement>(prefs, '[aria-labelledby="details-heading"] input').map((input) => [input.id, input.value])).to.deep.equal([
      ['firstName', 'Anna'],
      ['postalCode', '12345'],
    ]);
    expect($<HTMLSelectElement>(prefs, '#locale').value).to.equal('de');
    const { prefs: emailOnly } = await openCenter('email-only');
    expect($$(emailOnly, '[aria-labelledby="details-heading"] input')).to.have.length(0);
  });

  it('tells the consent history in plain language with dates in the page language', async () => {
    const { prefs } = await openCenter('ok', 'en');
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const date = formatDateTime('en', '2026-03-12T13:05:00.000Z', timeZone);
    const entries = $$(prefs, '[part="history-entry"]').map((entry) => entry.textContent!.replace(/\s+/g, ' ').trim());
    expect(entries).to.have.length(6);
    expect(entries[1]).to.equal(`${date} – Consent confirmed: Waste and recycling, Einwilligung Newsletter (Version 1), via www.musterstadt.de/newsletter`);
    // Topic names in the page's language; the consent text's title as the citizen agreed to it (their profile's language).
    expect(entries[0]).to.contain('Consent given: Culture, Einwilligung Newsletter (Version 3)');
    // Event and survey consents by their titles (in the page's language, as the server names them),
    // never "Newsletter"; one the server cannot name (an old entry) by its kind.
    expect(entries[3]).to.contain('Consent confirmed: Registration for the event “Citizens’ forum on traffic”');
    expect(entries[4]).to.contain('Consent given: Taking part in the survey “New playground”');
    expect(entries[5]).to.contain('Consent given: Registration for an event');
    expect(entries.slice(3).join(' ')).not.to.contain('Newsletter');
    expect($(prefs, '[part="history-entry"] time').getAttribute('datetime')).to.equal('2026-03-15T08:00:00.000Z');
    expect(entries[1]).to.contain('March');
  });

  it('names event and survey consents in German by their titles', async () => {
    const { prefs } = await openCenter();
    const entries = $$(prefs, '[part="history-entry"]').map((entry) => entry.textContent!.replace(/\s+/g, ' ').trim());
    expect(entries[3]).to.contain('Einwilligung bestätigt: Anmeldung zur Veranstaltung „Bürgerforum Verkehr“');
    expect(entries[4]).to.contain('Einwilligung erteilt: Teilnahme an der Umfrage „Neuer Spielplatz“');
    expect(entries[5]).to.contain('Einwilligung erteilt: Anmeldung zu einer Veranstaltung');
  });

  it('saves a removed topic without asking for consent and says so in the topics live region', async () => {
    const { prefs, api } = await openCenter();
    toggle(prefs, '#topic-kultur');
    const saved = oneEvent(prefs, 'civic-preferences-saved');
    $(prefs, '[aria-labelledby="topics-heading"] button[type="submit"]').click();
    expect((await saved).detail).to.deep.equal({ change: 'topics' });
    await prefs.updateComplete;
    const [put] = await writes(api);
    expect(put).to.deep.include({ method: 'PUT', route: 'preferences/subscriptions', body: { topics: ['abfall'] }, authorization: `Bearer ${FAKE_SESSION_TOKEN}` });
    expect(statusOf(prefs, 'topics')).to.equal('Ihre Themen wurden gespeichert.');
    expect($(prefs, 'label[for="topic-kultur"]').textContent).to.equal('Kultur (abbestellt)');
    expect($$(prefs, '[part="history-entry"]')[0]!.textContent).to.contain('Einwilligung widerrufen: Kultur');
  });

  it('asks for consent, with the legal text, before a topic is added', async () => {
    const { prefs, api } = await openCenter();
    toggle(prefs, '#topic-verkehr');
    await prefs.updateComplete;
    expect($(prefs, 'label[for="consent"]').textContent).to.contain('Ich willige ein');
    expect($(prefs, '[part="legal-summary"]').textContent).to.equal('Einwilligung Newsletter (Version 3)');
    $(prefs, '[aria-labelledby="topics-heading"] button[type="submit"]').click();
    await prefs.updateComplete;
    await prefs.updateComplete;
    expect($(prefs, '#consent').getAttribute('aria-invalid')).to.equal('true');
    expect($(prefs, '#consent-error').textContent).to.contain('Bitte willigen Sie ein');
    expect(focused(prefs)).to.equal($(prefs, '#consent'));
    expect(await writes(api)).to.have.length(0);

    toggle(prefs, '#consent');
    await prefs.updateComplete;
    expect(prefs.shadowRoot!.querySelector('#consent-error')).to.equal(null);
    $(prefs, '[aria-labelledby="topics-heading"] button[type="submit"]').click();
    await waitUntil(() => statusOf(prefs, 'topics') === 'Ihre Themen wurden gespeichert.', 'not saved');
    const [put] = await writes(api);
    expect(put!.body).to.deep.equal({ topics: ['abfall', 'kultur', 'verkehr'], consent: true, legalTextVersion: 3 });
    expect($(prefs, 'label[for="topic-verkehr"]').textContent).to.equal('Verkehr und Baustellen (abonniert)');
    expect(prefs.shadowRoot!.querySelector('#consent'), 'consent box gone once nothing is added').to.equal(null);
  });

  it('hides the consent box again when the added topic is unticked', async () => {
    const { prefs } = await openCenter();
    toggle(prefs, '#topic-verkehr');
    await prefs.updateComplete;
    expect(prefs.shadowRoot!.querySelector('#consent')).not.to.equal(null);
    toggle(prefs, '#topic-verkehr');
    await prefs.updateComplete;
    expect(prefs.shadowRoot!.querySelector('#consent')).to.equal(null);
  });

  it('saves the details: asked fields (emptied ones as "") and the language', async () => {
    const { prefs, api } = await openCenter();
    type(prefs, '#firstName', ' Anne ');
    type(prefs, '#postalCode', '');
    const select = $<HTMLSelectElement>(prefs, '#locale');
    select.value = 'en';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    $(prefs, '[aria-labelledby="details-heading"] button[type="submit"]').click();
    await waitUntil(() => statusOf(prefs, 'details') === 'Ihre Angaben wurden gespeichert.', 'not saved');
    const [patch] = await writes(api);
    expect(patch).to.deep.include({ method: 'PATCH', route: 'preferences/profile', body: { locale: 'en', firstName: 'Anne', postalCode: '' } });
    // The mails change language; the page, its widget and the topic names stay German.
    expect($(prefs, 'label[for="topic-abfall"]').textContent).to.equal('Abfall und Recycling (abonniert)');
    expect($(prefs, '#details-heading').textContent).to.equal('Meine Angaben');
  });

  it('checks a postal code itself and shows the server refusing one on the field', async () => {
    const { prefs, api } = await openCenter();
    type(prefs, '#postalCode', '12345!');
    $(prefs, '[aria-labelledby="details-heading"] button[type="submit"]').click();
    await prefs.updateComplete;
    await prefs.updateComplete;
    expect($(prefs, '#postalCode').getAttribute('aria-describedby')).to.equal('postalCode-error');
    expect(focused(prefs)).to.equal($(prefs, '#postalCode'));
    type(prefs, '#postalCode', '12345');
    await prefs.updateComplete;
    expect($(prefs, '#postalCode').getAttribute('aria-invalid'), 'fixed while typing').to.equal('false');
    expect(await writes(api)).to.have.length(0);

    const { prefs: refused } = await openCenter('invalid-profile', 'en');
    type(refused, '#postalCode', 'D-1234');
    $(refused, '[aria-labelledby="details-heading"] button[type="submit"]').click();
    await waitUntil(() => refused.shadowRoot!.querySelector('#postalCode-error'), 'no field error');
    expect($(refused, '#postalCode-error').textContent).to.equal('Please enter a postal code of at most 16 digits or letters.');
  });

  it('unsubscribes from everything at once', async () => {
    const { prefs, api } = await openCenter();
    const saved = oneEvent(prefs, 'civic-preferences-saved');
    $(prefs, '[part~="button-secondary"]').click();
    expect((await saved).detail).to.deep.equal({ change: 'unsubscribe-all' });
    await prefs.updateComplete;
    expect((await writes(api)).map((r) => r.route)).to.deep.equal(['preferences/unsubscribe-all']);
    expect($$<HTMLInputElement>(prefs, 'input[name="topics"]').some((box) => box.checked)).to.equal(false);
    expect(statusOf(prefs, 'data')).to.contain('keine E-Mails mehr');
    // The pressed button is gone; focus stays in its section instead of falling to the page.
    await waitUntil(() => prefs.shadowRoot!.activeElement?.id === 'data-heading', 'focus left the section');
  });

  it('shows progress while saving and sends one request however often the button is pressed', async () => {
    const { prefs, api } = await openCenter('slow');
    toggle(prefs, '#topic-kultur');
    const button = $(prefs, '[aria-labelledby="topics-heading"] button[type="submit"]');
    button.click();
    await prefs.updateComplete;
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(statusOf(prefs, 'topics')).to.equal('Wird gespeichert …');
    button.click();
    $(prefs, '[aria-labelledby="details-heading"] button[type="submit"]').click();
    await waitUntil(() => statusOf(prefs, 'topics') === 'Ihre Themen wurden gespeichert.', 'not saved', { timeout: 3000 });
    expect(await writes(api)).to.have.length(1);
  });

  it('says when saving fails and keeps the entries', async () => {
    const { prefs } = await openCenter('save-error');
    toggle(prefs, '#topic-kultur');
    $(prefs, '[aria-labelledby="topics-heading"] button[type="submit"]').click();
    await waitUntil(() => statusOf(prefs, 'topics') !== '' && statusOf(prefs, 'topics') !== 'Wird gespeichert …');
    expect(statusOf(prefs, 'topics')).to.equal('Das ist gerade nicht möglich. Bitte versuchen Sie es später erneut.');
    expect($<HTMLInputElement>(prefs, '#topic-kultur').checked).to.equal(false);
  });

  it('asks for a new link when the session has expired while saving, and forgets the session', async () => {
    const { prefs, api } = await openCenter('expire-on-save');
    const failed = oneEvent(prefs, 'civic-preferences-error');
    $(prefs, '[aria-labelledby="details-heading"] button[type="submit"]').click();
    expect((await failed).detail).to.deep.equal({ stage: 'save', kind: 'server', status: 401 });
    await waitUntil(() => prefs.shadowRoot!.querySelector('#notice-heading'), 'no notice');
    await prefs.updateComplete;
    expect($(prefs, '#notice-heading').textContent).to.equal('Ihre Sitzung ist abgelaufen');
    expect(focused(prefs)).to.equal($(prefs, '#notice-heading'));
    expect(prefs.shadowRoot!.querySelector('#topics-heading')).to.equal(null);
    type(prefs, '#email', 'anna@example.org');
    $(prefs, 'button[type="submit"]').click();
    await waitUntil(() => prefs.shadowRoot!.querySelector('#link-sent-heading'));
    expect((await api.requests()).at(-1)).to.deep.include({ route: 'preferences/link', authorization: '' });
  });
});

describe('<civic-preferences> download my data', () => {
  it('fetches the export with the session and offers the JSON as a file', async () => {
    const { prefs, api } = await openCenter();
    const created: Blob[] = [];
    const clicked: HTMLAnchorElement[] = [];
    const realCreate = URL.createObjectURL;
    const realClick = HTMLAnchorElement.prototype.click;
    URL.createObjectURL = (blob: Blob) => {
      created.push(blob);
      return realCreate(blob);
    };
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this);
    };
    try {
      $$(prefs, '[part~="button-secondary"]')[1]!.click();
      await waitUntil(() => statusOf(prefs, 'data') === 'Ihre Daten wurden heruntergeladen.', 'no download');
    } finally {
      URL.createObjectURL = realCreate;
      HTMLAnchorElement.prototype.click = realClick;
    }
    const request = (await api.requests()).find((r) => r.route === 'preferences/export')!;
    expect(request.authorization).to.equal(`Bearer ${FAKE_SESSION_TOKEN}`);
    expect(created).to.have.length(1);
    expect(created[0]!.type).to.equal('application/json');
    const exported = JSON.parse(await created[0]!.text());
    expect(exported.format).to.equal('civic-dialog-export/1');
    expect(exported.sections.profile.email).to.equal('anna@example.org');
    expect(clicked).to.have.length(1);
    expect(clicked[0]!.download).to.match(/^civic-dialog-export-\d{4}-\d\d-\d\d\.json$/);
    expect(clicked[0]!.href).to.match(/^blob:/);
    expect(clicked[0]!.isConnected, 'the helper link is removed again').to.equal(false);
  });
});

describe('<civic-preferences> delete my data', () => {
  it('explains the consequences first, focuses the question, and sends nothing until confirmed', async () => {
    const { prefs, api } = await openCenter();
    $(prefs, '#erase-start').click();
    await prefs.updateComplete;
    expect(focused(prefs)).to.equal($(prefs, '#erase-heading'));
    expect($(prefs, '#erase-heading').textContent).to.equal('Wirklich alle Ihre Daten löschen?');
    expect($$(prefs, '[part="consequences"] li')).to.have.length(4);
    expect(prefs.shadowRoot!.querySelector('#topics-heading')).to.equal(null);
    expect(await writes(api)).to.have.length(0);

    $(prefs, '#erase-cancel').click();
    await prefs.updateComplete;
    expect(focused(prefs)).to.equal($(prefs, '#erase-start'));
    expect(await writes(api)).to.have.length(0);
  });

  it('cancels with Escape and returns the focus to the delete button', async () => {
    const { prefs, api } = await openCenter();
    $(prefs, '#erase-start').focus();
    await sendKeys({ press: 'Enter' });
    await prefs.updateComplete;
    expect(focused(prefs)).to.equal($(prefs, '#erase-heading'));
    await sendKeys({ press: 'Tab' });
    expect(focused(prefs)).to.equal($(prefs, '#erase-confirm'));
    await sendKeys({ press: 'Escape' });
    await prefs.updateComplete;
    expect(focused(prefs)).to.equal($(prefs, '#erase-start'));
    expect(await writes(api)).to.have.length(0);
  });

  it('erases after the explicit confirmation, forgets the session and shows the final screen', async () => {
    const { prefs, api } = await openCenter();
    $(prefs, '#erase-start').click();
    await prefs.updateComplete;
    const erased = oneEvent(prefs, 'civic-preferences-erased');
    $(prefs, '#erase-confirm').click();
    await erased;
    await prefs.updateComplete;
    const [erase] = await writes(api);
    expect(erase).to.deep.include({ method: 'POST', route: 'preferences/erase', body: { confirm: true }, authorization: `Bearer ${FAKE_SESSION_TOKEN}` });
    expect(focused(prefs)).to.equal($(prefs, '#erased-heading'));
    expect($(prefs, '#erased-heading').textContent).to.equal('Ihre Daten wurden gelöscht');
    expect(prefs.shadowRoot!.querySelector('button')).to.equal(null);
  });

  it('reports a failed erasure on the confirmation screen', async () => {
    const { prefs } = await openCenter('save-error', 'en');
    $(prefs, '#erase-start').click();
    await prefs.updateComplete;
    $(prefs, '#erase-confirm').click();
    await waitUntil(() => $(prefs, '[part="section"] [role="status"]').textContent!.includes('not possible'), 'no error');
    expect($(prefs, '#erase-heading')).to.exist;
  });
});

describe('<civic-preferences> keyboard and assistive technology', () => {
  it('asks for a link with the keyboard alone: type the address, press Enter', async () => {
    const { prefs } = await mount();
    $(prefs, '#email').focus();
    await sendKeys({ type: 'anna@example.org' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => prefs.shadowRoot!.querySelector('#link-sent-heading'), 'Enter did not submit');
  });

  it('changes topics with Tab and Space and saves with Enter', async () => {
    const { prefs, api } = await openCenter();
    $(prefs, '#center-heading').focus();
    await sendKeys({ press: 'Tab' });
    expect(focused(prefs)!.id).to.equal('topic-abfall');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(focused(prefs)!.getAttribute('type')).to.equal('submit');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => statusOf(prefs, 'topics') === 'Ihre Themen wurden gespeichert.', 'keyboard save failed');
    expect((await writes(api))[0]!.body).to.deep.equal({ topics: ['abfall'] });
  });

  it('has no axe violations asking for a link, with an error, after an invalid link, in the center, confirming erasure and erased', async () => {
    const { prefs, main } = await mount();
    await expectNoAxeViolations(main);
    $(prefs, 'button[type="submit"]').click();
    await prefs.updateComplete;
    await expectNoAxeViolations(main);
    main.remove();

    const invalid = await mount('link-invalid', { token: FAKE_LINK_TOKEN });
    await waitUntil(() => invalid.prefs.shadowRoot!.querySelector('#notice-heading'));
    await expectNoAxeViolations(invalid.main);
    invalid.main.remove();

    const center = await openCenter();
    toggle(center.prefs, '#topic-verkehr');
    await center.prefs.updateComplete;
    await expectNoAxeViolations(center.main);
    $(center.prefs, '#erase-start').click();
    await center.prefs.updateComplete;
    await expectNoAxeViolations(center.main);
    $(center.prefs, '#erase-confirm').click();
    await waitUntil(() => center.prefs.shadowRoot!.querySelector('#erased-heading'));
    await expectNoAxeViolations(center.main);
  });
});

describe('<civic-preferences> in any page', () => {
  it('can be defined twice without throwing', () => {
    expect(() => defineElement('civic-preferences', class extends HTMLElement {})).not.to.throw();
    expect(customElements.get('civic-preferences')).to.equal(CivicPreferences);
  });
});
