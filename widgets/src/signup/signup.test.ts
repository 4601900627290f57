import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AxeResults } from 'axe-core';
import 'axe-core/axe.min.js';
import { $, $$, fakeApi, fill, focused, loaded, statusText, submit, validEntries } from '../../test/helpers.js';
import { defineElement } from '../shared/define.js';
import { CivicSignup } from './define.js';

declare global {
  interface Window {
    axe: { run(context: Element): Promise<AxeResults> };
  }
}

async function mount(scenario = 'ok', attributes: { lang?: string; topics?: string } = {}) {
  const api = fakeApi(scenario);
  const main = await fixture<HTMLElement>(html`<main><h1>Musterstadt</h1></main>`);
  const signup = document.createElement('civic-signup');
  signup.setAttribute('api', api.base);
  if (attributes.lang) signup.setAttribute('lang', attributes.lang);
  if (attributes.topics !== undefined) signup.setAttribute('topics', attributes.topics);
  main.append(signup);
  await loaded(signup);
  return { signup, api, main };
}

async function expectNoAxeViolations(context: Element) {
  const { violations } = await window.axe.run(context);
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).to.deep.equal([]);
}

const htmlLang = document.documentElement.getAttribute('lang');
afterEach(() => {
  if (htmlLang === null) document.documentElement.removeAttribute('lang');
  else document.documentElement.setAttribute('lang', htmlLang);
});

describe('<civic-signup> first paint', () => {
  it('renders an empty live region before anything is loaded', async () => {
    const signup = document.createElement('civic-signup');
    signup.setAttribute('api', fakeApi('ok').base);
    document.body.append(signup);
    await signup.updateComplete;
    const status = $(signup, '[part="status"]');
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.getAttribute('aria-live')).to.equal('polite');
    expect(status.textContent!.trim()).to.equal('');
    expect($(signup, '[part="loading"]').textContent).to.contain('wird geladen');
    signup.remove();
  });
});

describe('<civic-signup> language', () => {
  it('uses its own lang attribute before an ancestor and <html lang>', async () => {
    document.documentElement.lang = 'de';
    const { signup, api } = await mount('ok', { lang: 'en' });
    expect($(signup, 'label[for="email"]').textContent).to.equal('Email address');
    const topicsRequest = (await api.requests()).find((r) => r.route === 'topics')!;
    expect(topicsRequest.query.locale).to.equal('en');
    expect($(signup, 'label[for="topic-abfall"]').textContent).to.equal('Waste and recycling');
  });

  it('uses the nearest [lang] ancestor before <html lang>', async () => {
    document.documentElement.lang = 'de';
    const wrapper = await fixture<HTMLElement>(html`<section lang="en-GB"><div></div></section>`);
    const signup = document.createElement('civic-signup');
    signup.setAttribute('api', fakeApi('ok').base);
    wrapper.firstElementChild!.append(signup);
    await loaded(signup);
    expect($(signup, 'button[type="submit"]').textContent).to.equal('Sign up');
  });

  it('uses <html lang> when nothing closer sets a language', async () => {
    document.documentElement.lang = 'en';
    const { signup, api } = await mount();
    expect($(signup, 'label[for="email"]').textContent).to.equal('Email address');
    expect((await api.requests()).find((r) => r.route === 'legal-texts/current')!.query).to.deep.equal({ locale: 'en', purpose: 'newsletter' });
  });

  it('falls back to German without any language or with an unsupported one', async () => {
    document.documentElement.removeAttribute('lang');
    const { signup } = await mount();
    expect($(signup, 'label[for="email"]').textContent).to.equal('E-Mail-Adresse');
    document.documentElement.lang = 'fr';
    await signup.updateComplete;
    expect($(signup, 'label[for="email"]').textContent).to.equal('E-Mail-Adresse');
  });

  it('switches language and reloads topics when <html lang> changes', async () => {
    document.documentElement.lang = 'de';
    const { signup } = await mount();
    expect($(signup, 'label[for="topic-kultur"]').textContent).to.equal('Kultur');
    document.documentElement.lang = 'en';
    await waitUntil(() => signup.shadowRoot!.querySelector('label[for="topic-kultur"]')?.textContent === 'Culture');
    expect($(signup, 'label[for="email"]').textContent).to.equal('Email address');
  });
});

describe('<civic-signup> topics', () => {
  it('offers all public topics when the topics attribute is empty', async () => {
    const { signup } = await mount();
    expect($$<HTMLInputElement>(signup, 'input[name="topics"]').map((box) => box.value)).to.deep.equal(['abfall', 'kultur', 'verkehr']);
    expect($(signup, 'fieldset legend').textContent).to.equal('Themen');
  });

  it('offers only the topics named in the topics attribute, none pre-checked', async () => {
    const { signup } = await mount('ok', { topics: 'verkehr, kultur' });
    const boxes = $$<HTMLInputElement>(signup, 'input[name="topics"]');
    expect(boxes.map((box) => box.value)).to.deep.equal(['kultur', 'verkehr']);
    expect(boxes.some((box) => box.checked)).to.equal(false);
  });

  it('pre-checks the only topic offered', async () => {
    const { signup } = await mount('ok', { topics: 'kultur' });
    const boxes = $$<HTMLInputElement>(signup, 'input[name="topics"]');
    expect(boxes).to.have.length(1);
    expect(boxes[0]!.checked).to.equal(true);
  });

  it('says so when none of the named topics exists', async () => {
    const { signup } = await mount('ok', { topics: 'gibt-es-nicht' });
    expect(signup.shadowRoot!.querySelector('form')).to.equal(null);
    expect(statusText(signup)).to.equal('Zurzeit können keine Themen abonniert werden.');
  });

  it('shows a load error with a retry button when topics cannot be loaded', async () => {
    const api = fakeApi('load-error');
    const signup = document.createElement('civic-signup');
    signup.setAttribute('api', api.base);
    const errorEvent = oneEvent(signup, 'civic-signup-error');
    (await fixture<HTMLElement>(html`<div></div>`)).append(signup);
    expect((await errorEvent).detail).to.deep.equal({ stage: 'load', kind: 'server' });
    await loaded(signup);
    expect(statusText(signup)).to.equal('Die Anmeldung konnte nicht geladen werden. Bitte versuchen Sie es später erneut.');
    $(signup, 'button').click();
    await waitUntil(async () => (await api.requests()).filter((r) => r.route === 'topics').length === 2, 'retry did not reload');
  });

  it('renders the legal text as text, paragraph by paragraph, never as HTML', async () => {
    const { signup } = await mount();
    const paragraphs = $$(signup, '[part="legal-body"] p');
    expect(paragraphs.map((p) => p.textContent)).to.deep.equal(['Wir verarbeiten Ihre E-Mail-Adresse.', 'Sie können <b>jederzeit</b> widerrufen.']);
    expect(signup.shadowRoot!.querySelector('[part="legal-body"] b')).to.equal(null);
    expect($(signup, 'summary').textContent).to.equal('Einwilligung Newsletter (Version 3)');
  });
});

describe('<civic-signup> client-side validation', () => {
  it('shows German messages for every missing entry, ties them to the fields and focuses the summary', async () => {
    const { signup, api } = await mount();
    submit(signup);
    await signup.updateComplete;
    const email = $(signup, '#email');
    expect(email.getAttribute('aria-invalid')).to.equal('true');
    expect($(signup, `#${email.getAttribute('aria-describedby')}`).textContent).to.equal('Bitte geben Sie Ihre E-Mail-Adresse ein.');
    expect($(signup, '#topic-kultur').getAttribute('aria-describedby')).to.contain('topics-error');
    expect($(signup, '#topics-error').textContent).to.equal('Bitte wählen Sie mindestens ein Thema.');
    expect($(signup, '#consent').getAttribute('aria-describedby')).to.equal('consent-error');
    expect($(signup, '#firstName').getAttribute('aria-invalid')).to.equal('false');
    expect(focused(signup)).to.equal($(signup, '[part="error-summary"]'));
    expect($(signup, '[part="error-summary"]').textContent).to.contain('Bitte korrigieren Sie 3 Angaben:');
    expect((await api.requests()).filter((r) => r.method === 'POST')).to.have.length(0);
  });

  it('shows English messages and focuses the only invalid field', async () => {
    const { signup } = await mount('ok', { lang: 'en' });
    fill(signup, { ...validEntries, email: 'anna@example' });
    submit(signup);
    await signup.updateComplete;
    expect(signup.shadowRoot!.querySelector('[part="error-summary"]')).to.equal(null);
    expect(focused(signup)).to.equal($(signup, '#email'));
    expect($(signup, '#email-error').textContent).to.equal('Please enter a valid email address, for example name@example.com.');
  });

  it('clears a field error as soon as the entry is fixed', async () => {
    const { signup } = await mount();
    fill(signup, { ...validEntries, consent: false });
    submit(signup);
    await signup.updateComplete;
    expect($(signup, '#consent').getAttribute('aria-invalid')).to.equal('true');
    fill(signup, { consent: true });
    await signup.updateComplete;
    expect($(signup, '#consent').getAttribute('aria-invalid')).to.equal('false');
    expect(signup.shadowRoot!.querySelector('#consent-error')).to.equal(null);
  });
});

describe('<civic-signup> submitting', () => {
  it('sends the entries, locale, legal text version, consent and page URL as JSON', async () => {
    const { signup, api } = await mount();
    fill(signup, validEntries);
    submit(signup);
    await waitUntil(() => signup.shadowRoot!.querySelector('[part="success"]'));
    const post = (await api.requests()).find((r) => r.method === 'POST')!;
    expect(post.route).to.equal('signups');
    expect(post.contentType).to.equal('application/json');
    expect(post.body).to.deep.equal({
      email: 'anna@example.org',
      firstName: 'Anna',
      topics: ['abfall', 'kultur'],
      locale: 'de',
      legalTextVersion: 3,
      consent: true,
      pageUrl: location.href,
      widget: 'civic-signup',
      website: '',
    });
  });

  it('sends the English legal text version and leaves out an empty first name', async () => {
    const { signup, api } = await mount('ok', { lang: 'en' });
    fill(signup, { ...validEntries, firstName: '  ' });
    submit(signup);
    await waitUntil(() => signup.shadowRoot!.querySelector('[part="success"]'));
    const { body } = (await api.requests()).find((r) => r.method === 'POST')!;
    expect(body.locale).to.equal('en');
    expect(body.legalTextVersion).to.equal(2);
    expect(body).not.to.have.property('firstName');
  });

  it('shows the success panel, focuses its heading and fires civic-signup-success', async () => {
    const { signup } = await mount();
    fill(signup, validEntries);
    const success = oneEvent(signup, 'civic-signup-success');
    submit(signup);
    expect((await success).detail).to.deep.equal({ topics: ['abfall', 'kultur'], locale: 'de' });
    await signup.updateComplete;
    const heading = $(signup, '[part="success-heading"]');
    expect(heading.textContent).to.equal('Bitte bestätigen Sie Ihre Anmeldung');
    expect($(signup, '[part="success-text"]').textContent).to.contain('Wir haben Ihnen eine E-Mail geschickt');
    expect(focused(signup)).to.equal(heading);
    expect(signup.shadowRoot!.querySelector('form')).to.equal(null);
  });

  it('sends one request only, however often the citizen submits while it is under way', async () => {
    const { signup, api } = await mount('slow');
    fill(signup, validEntries);
    submit(signup);
    await signup.updateComplete;
    const button = $(signup, 'button[type="submit"]');
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(statusText(signup)).to.equal('Ihre Anmeldung wird gesendet …');
    submit(signup);
    $<HTMLFormElement>(signup, 'form').requestSubmit();
    submit(signup);
    await waitUntil(() => signup.shadowRoot!.querySelector('[part="success"]'), 'no success', { timeout: 3000 });
    expect((await api.requests()).filter((r) => r.method === 'POST')).to.have.length(1);
  });
});

describe('<civic-signup> server answers', () => {
  it('maps a server field error to the field with its own German message and focuses it', async () => {
    const { signup } = await mount('invalid-email');
    fill(signup, validEntries);
    const failed = oneEvent(signup, 'civic-signup-error');
    submit(signup);
    expect((await failed).detail).to.deep.equal({ stage: 'submit', kind: 'validation' });
    await signup.updateComplete;
    await signup.updateComplete;
    const email = $(signup, '#email');
    expect(email.getAttribute('aria-invalid')).to.equal('true');
    expect(email.getAttribute('aria-describedby')).to.equal('email-error');
    expect($(signup, '#email-error').textContent).to.equal('Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.');
    expect(focused(signup)).to.equal(email);
    expect($(signup, 'button[type="submit"]').getAttribute('aria-disabled')).to.equal('false');
  });

  it('lists several server field errors in a focused summary', async () => {
    const { signup } = await mount('invalid-many', { lang: 'en' });
    fill(signup, validEntries);
    submit(signup);
    await waitUntil(() => signup.shadowRoot!.querySelector('[part="error-summary"]'));
    await signup.updateComplete;
    expect(focused(signup)).to.equal($(signup, '[part="error-summary"]'));
    expect($$(signup, '[part="error-summary"] a').map((a) => a.textContent)).to.deep.equal([
      'Please enter a valid email address, for example name@example.com.',
      'Please give your consent so that we may send you emails.',
    ]);
    $(signup, '[part="error-summary"] a').click();
    expect(focused(signup)).to.equal($(signup, '#email'));
  });

  it("translates the code of an error on a field the widget does not have, never showing the server's English", async () => {
    const { signup } = await mount('invalid-unknown');
    fill(signup, validEntries);
    submit(signup);
    await waitUntil(() => statusText(signup) === 'Der Einwilligungstext wurde inzwischen geändert. Bitte laden Sie die Seite neu.');
    expect($$(signup, '[aria-invalid="true"]')).to.have.length(0);
  });

  for (const [lang, expected] of [
    ['de', 'Ihre Angaben konnten nicht angenommen werden. Bitte prüfen Sie sie und versuchen Sie es erneut.'],
    ['en', 'Your details could not be accepted. Please check them and try again.'],
  ]) {
    it(`says a 400 whose code it has no words for in its generic ${lang} text, not the server's English message`, async () => {
      const { signup } = await mount('invalid-uncoded', { lang });
      fill(signup, validEntries);
      submit(signup);
      await waitUntil(() => statusText(signup) === expected, `no "${expected}" but "${statusText(signup)}"`);
      expect(signup.shadowRoot!.textContent).not.to.contain('pageUrl');
      expect(signup.shadowRoot!.textContent).not.to.contain('must be');
    });
  }

  it('tells the citizen to wait the minutes the server names (details.retryAfter: 170 s) after too many attempts', async () => {
    const { signup } = await mount('429');
    fill(signup, validEntries);
    submit(signup);
    await waitUntil(() => statusText(signup) !== 'Ihre Anmeldung wird gesendet …' && statusText(signup) !== '');
    expect(statusText(signup)).to.equal('Zu viele Versuche. Bitte versuchen Sie es in 3 Minuten erneut.');
    expect(signup.shadowRoot!.querySelector('form')).not.to.equal(null);
  });

  it("takes a proxy's HTML 429 page for a wait too (a minute), not for a wrongly set api", async () => {
    const { signup } = await mount('proxy-429');
    fill(signup, validEntries);
    submit(signup);
    await waitUntil(() => statusText(signup) !== 'Ihre Anmeldung wird gesendet …' && statusText(signup) !== '');
    expect(statusText(signup)).to.equal('Zu viele Versuche. Bitte versuchen Sie es in 1 Minute erneut.');
    expect(signup.shadowRoot!.querySelector('form')).not.to.equal(null);
  });

  it('reports a network failure and lets the citizen try again', async () => {
    const { signup, api } = await mount('network', { lang: 'en' });
    fill(signup, validEntries);
    submit(signup);
    const message = 'Could not reach the server. Please check your internet connection and try again.';
    await waitUntil(() => statusText(signup) === message, 'no network error shown');
    expect($(signup, 'button[type="submit"]').getAttribute('aria-disabled')).to.equal('false');
    const posts = async () => (await api.requests()).filter((r) => r.method === 'POST').length;
    const attemptsBefore = await posts();
    submit(signup);
    await waitUntil(async () => (await posts()) > attemptsBefore, 'no second attempt');
  });

  it('says that signing up is not possible when the server fails', async () => {
    const { signup } = await mount('server-error');
    fill(signup, validEntries);
    submit(signup);
    await waitUntil(() => statusText(signup) === 'Die Anmeldung ist gerade nicht möglich. Bitte versuchen Sie es später erneut.');
  });
});

describe('<civic-signup> keyboard and assistive technology', () => {
  it('keeps the honeypot out of reach: not focusable, no autocomplete, hidden from screen readers', async () => {
    const { signup } = await mount();
    const honeypot = $<HTMLInputElement>(signup, 'input[name="website"]');
    expect(honeypot.tabIndex).to.equal(-1);
    expect(honeypot.getAttribute('autocomplete')).to.equal('off');
    expect(honeypot.closest('[aria-hidden="true"]')).not.to.equal(null);
    expect(honeypot.getBoundingClientRect().right).to.be.below(0);
  });

  it('can be filled in and submitted with the keyboard alone, in visual order', async () => {
    const { signup, api, main } = await mount();
    const before = document.createElement('button');
    before.textContent = 'Vorher';
    main.prepend(before);
    const shiftTab = async () => {
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ up: 'Shift' });
    };
    const order: string[] = [];
    const tab = async () => {
      await sendKeys({ press: 'Tab' });
      const active = focused(signup);
      order.push(active ? active.id || active.localName : 'outside');
    };
    before.focus();
    await tab();
    await sendKeys({ type: 'anna@example.org' });
    for (let i = 0; i < 7; i++) await tab();
    expect(order).to.deep.equal(['email', 'firstName', 'topic-abfall', 'topic-kultur', 'topic-verkehr', 'consent', 'summary', 'button']);

    // Back to the consent and the first topic checkbox; Space checks them, Enter submits.
    await shiftTab();
    await shiftTab();
    await sendKeys({ press: 'Space' });
    expect($<HTMLInputElement>(signup, '#consent').checked).to.equal(true);
    for (let i = 0; i < 3; i++) await shiftTab();
    expect(focused(signup)!.id).to.equal('topic-abfall');
    await sendKeys({ press: 'Space' });
    for (let i = 0; i < 5; i++) await sendKeys({ press: 'Tab' });
    expect(focused(signup)!.localName).to.equal('button');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => signup.shadowRoot!.querySelector('[part="success"]'), 'keyboard submit failed');
    const post = (await api.requests()).find((r) => r.method === 'POST')!;
    expect(post.body.topics).to.deep.equal(['abfall']);
    expect(post.body.email).to.equal('anna@example.org');
  });

  it('submits with Enter in the email field and opens the legal text with Space', async () => {
    const { signup } = await mount();
    $(signup, 'summary').focus();
    await sendKeys({ press: 'Space' });
    expect($<HTMLDetailsElement>(signup, 'details').open).to.equal(true);
    $(signup, '#email').focus();
    await sendKeys({ type: 'anna@example.org' });
    await sendKeys({ press: 'Enter' });
    await signup.updateComplete;
    expect(focused(signup)).to.equal($(signup, '[part="error-summary"]'));
  });

  it('has no axe violations when idle, with errors and after success', async () => {
    const { signup, main } = await mount();
    await expectNoAxeViolations(main);
    submit(signup);
    await signup.updateComplete;
    await expectNoAxeViolations(main);
    fill(signup, validEntries);
    submit(signup);
    await waitUntil(() => signup.shadowRoot!.querySelector('[part="success"]'));
    await expectNoAxeViolations(main);
  });
});

describe('<civic-signup> in any page', () => {
  it('can be defined twice without throwing', async () => {
    expect(() => defineElement('civic-signup', class extends HTMLElement {})).not.to.throw();
    // A second copy of the chunk (e.g. from another URL) re-runs its define call.
    await import(/* @vite-ignore */ new URL('./define.ts?second-copy', import.meta.url).href);
    expect(customElements.get('civic-signup')).to.equal(CivicSignup);
  });

  it('is themable with custom properties and ::part()', async () => {
    const style = await fixture<HTMLStyleElement>(html`<style>
      civic-signup { --civic-color-primary: rgb(120, 0, 60); --civic-radius: 0px; }
      civic-signup::part(label) { text-transform: uppercase; }
    </style>`);
    const { signup } = await mount();
    const button = getComputedStyle($(signup, 'button[type="submit"]'));
    expect(button.backgroundColor).to.equal('rgb(120, 0, 60)');
    expect(button.borderTopLeftRadius).to.equal('0px');
    expect(getComputedStyle($(signup, 'label[for="email"]')).textTransform).to.equal('uppercase');
    style.remove();
  });

  it('keeps the page CSS out: a page rule for labels and inputs does not reach the widget', async () => {
    await fixture(html`<style>label { color: rgb(255, 0, 0); } input { display: none; }</style>`);
    const { signup } = await mount();
    expect(getComputedStyle($(signup, 'label[for="email"]')).color).not.to.equal('rgb(255, 0, 0)');
    expect(getComputedStyle($(signup, '#email')).display).not.to.equal('none');
    await aTimeout(0);
  });
});
