import { expect, fixture, html, nextFrame, waitUntil } from '@open-wc/testing';
import { CivicElement } from './civic-element.js';
import { noticeOf, noticeText, retryAfterOf } from './api-client.js';
import commonDe from './common.de.js';
import commonEn from './common.en.js';
import { LocalizeController, resolveLocale } from './localize.js';

describe('the wait after a rate limit', () => {
  const error = (retryAfter?: number) => ({ status: 429, name: 'RateLimitError', message: 'Too many', details: retryAfter === undefined ? {} : { retryAfter } });
  const say = (seconds: number, texts: typeof commonDe) => noticeText(noticeOf({ kind: 'rate-limited', retryAfterSeconds: seconds }), { ...texts, serverError: '' });

  it("is the server's (details.retryAfter), a minute when it names none", () => {
    expect(retryAfterOf(error(170))).to.equal(170);
    expect(retryAfterOf(error())).to.equal(60);
  });

  it('is said in whole minutes, rounded up, with the right plural; from 90 minutes on in hours', () => {
    expect(say(170, commonDe)).to.equal('Zu viele Versuche. Bitte versuchen Sie es in 3 Minuten erneut.');
    expect(say(170, commonEn)).to.equal('Too many attempts. Please try again in 3 minutes.');
    expect(say(20, commonDe)).to.equal('Zu viele Versuche. Bitte versuchen Sie es in 1 Minute erneut.');
    expect(say(20, commonEn)).to.equal('Too many attempts. Please try again in 1 minute.');
    expect(say(3600, commonDe)).to.equal('Zu viele Versuche. Bitte versuchen Sie es in 60 Minuten erneut.');
    expect(say(2 * 3600, commonEn)).to.equal('Too many attempts. Please try again in 2 hours.');
    // 3 h 29 min: never less than the server's wait.
    expect(say(12_540, commonDe)).to.equal('Zu viele Versuche. Bitte versuchen Sie es in 4 Stunden erneut.');
    expect(say(12_540, commonEn)).to.equal('Too many attempts. Please try again in 4 hours.');
  });

  it('is at most a day, whatever number a broken or hostile answer names', () => {
    expect(retryAfterOf(error(1e300))).to.equal(86_400);
    expect(say(retryAfterOf(error(1e300)), commonDe)).to.equal('Zu viele Versuche. Bitte versuchen Sie es in 24 Stunden erneut.');
  });

  it("names a refusal by its own texts only: a code such as 'constructor' gets the general text", () => {
    const texts = { ...commonDe, serverError: 'Serverfehler' };
    expect(noticeText({ kind: 'refused', code: 'constructor' }, texts)).to.equal(commonDe.invalidInput);
  });
});

describe('resolveLocale', () => {
  it('looks through shadow roots for the nearest [lang] and keeps only the primary subtag', async () => {
    const outer = await fixture<HTMLElement>(html`<div lang="en-US"><span></span></div>`);
    const root = outer.querySelector('span')!.attachShadow({ mode: 'open' });
    const inner = document.createElement('p');
    root.append(inner);
    expect(resolveLocale(inner)).to.equal('en');
    inner.setAttribute('lang', 'DE-at');
    expect(resolveLocale(inner)).to.equal('de');
  });

  it('ignores an empty lang attribute', async () => {
    const outer = await fixture<HTMLElement>(html`<div lang="en"><p lang=""></p></div>`);
    expect(resolveLocale(outer.querySelector('p')!)).to.equal('en');
  });
});

describe('LocalizeController', () => {
  /** A language's texts chunk whose arrival the test decides. */
  function deferredTexts(word: string) {
    let arrive!: () => void;
    const arrived = new Promise<{ default: { word: string } }>((resolve) => (arrive = () => resolve({ default: { word } })));
    return { load: () => arrived, arrive };
  }

  it('renders only once the texts of its language are there, and keeps the old words while another language loads', async () => {
    const de = deferredTexts('Hallo');
    const en = deferredTexts('Hello');
    class Greeting extends CivicElement {
      private readonly localize = new LocalizeController<{ word: string }>(this, { de: de.load, en: en.load });
      protected override scheduleUpdate(): void | Promise<unknown> {
        return this.localize.whenReady(() => super.scheduleUpdate());
      }
      protected override render() {
        return html`<p>${this.localize.t.word}</p>`;
      }
    }
    customElements.define('test-greeting', Greeting);
    const wrapper = await fixture<HTMLElement>(html`<div lang="de"><test-greeting></test-greeting></div>`);
    const greeting = wrapper.querySelector<Greeting>('test-greeting')!;
    let updated = false;
    void greeting.updateComplete.then(() => (updated = true));
    await nextFrame();
    expect(updated).to.equal(false);
    expect(greeting.shadowRoot!.querySelector('p')).to.equal(null);

    de.arrive();
    await greeting.updateComplete;
    expect(greeting.shadowRoot!.querySelector('p')!.textContent).to.equal('Hallo');

    wrapper.lang = 'en';
    await nextFrame();
    expect(greeting.shadowRoot!.querySelector('p')!.textContent).to.equal('Hallo');
    en.arrive();
    await waitUntil(() => greeting.shadowRoot!.querySelector('p')!.textContent === 'Hello', 'English did not replace German');
  });
});
