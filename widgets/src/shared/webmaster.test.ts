/**
 * A page set up wrongly (issue 14, "for the webmaster"): the console says what to set where, once
 * per widget; the citizen reads an honest "not available" and gets no retry button that cannot work.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { $$, fakeApi, fill, loaded, statusText, submit, validEntries } from '../../test/helpers.js';
import '../signup/define.js';
import '../event-registration/define.js';

let logged: unknown[][] = [];
const consoleError = console.error;
beforeEach(() => {
  logged = [];
  console.error = (...args: unknown[]) => void logged.push(args);
});
afterEach(() => {
  console.error = consoleError;
});
const ours = () => logged.map((args) => String(args[0])).filter((line) => line.startsWith('[civic-dialog]'));

async function mount(tag: 'civic-signup' | 'civic-event-registration', api: string, lang = 'de'): Promise<HTMLElement> {
  const main = await fixture<HTMLElement>(html`<main></main>`);
  const widget = document.createElement(tag);
  widget.setAttribute('api', api);
  widget.setAttribute('lang', lang);
  main.append(widget);
  await loaded(widget);
  return widget;
}

describe('a widget whose api points to the wrong place', () => {
  it('says so once in the console with the api value and the answer, and tells the citizen the form is not available, without a retry', async () => {
    // The test server answers 404 with a page that is not JSON, like a town website or a wrong path would.
    const widget = await mount('civic-signup', '/no-cms-here');
    await waitUntil(() => statusText(widget) === 'Dieses Formular ist gerade nicht verfügbar.', `status: "${statusText(widget)}"`);
    expect($$(widget, 'button')).to.have.length(0);
    // The console's words load as a chunk of their own.
    await waitUntil(() => ours().length === 1, 'no console message');
    expect(ours()[0]).to.contain('<civic-signup>');
    expect(ours()[0]).to.contain('api="/no-cms-here"');
    expect(ours()[0]).to.contain('answered 404');

    // Another load (the reader's language changed) fails alike: in English now, and no second console message.
    widget.setAttribute('lang', 'en');
    await waitUntil(() => statusText(widget) === 'This form is not available right now.', `status: "${statusText(widget)}"`);
    expect(ours()).to.have.length(1);
  });
});

describe('a widget on a page whose origin the CMS does not allow', () => {
  it('names the page origin and the setting in the console, and tells the citizen the form is not available, without a retry', async () => {
    // The same test server under another host name: another origin, and the fake API sends no CORS headers.
    const otherHost = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
    const apiOrigin = `${location.protocol}//${otherHost}:${location.port}`;
    const widget = await mount('civic-event-registration', `${apiOrigin}${fakeApi().base}`);
    await waitUntil(() => statusText(widget) === 'Dieses Formular ist gerade nicht verfügbar.', `status: "${statusText(widget)}"`);
    expect($$(widget, 'button')).to.have.length(0);
    await waitUntil(() => ours().length === 1, 'no console message');
    expect(ours()[0]).to.contain('<civic-event-registration>');
    expect(ours()[0]).to.contain(`does not allow this page's origin ${location.origin}`);
    expect(ours()[0]).to.contain('CIVIC_ALLOWED_ORIGINS');
  });
});

describe('a widget whose page the plugin refuses when it is sent', () => {
  for (const [scenario, says] of [
    ['origin-refused', `does not allow this page's origin ${location.origin}`],
    ['page-refused', `does not count this page (${location.origin}) as a website of the town`],
  ] as const) {
    it(`tells the webmaster what to set and the citizen that the form is not available (${scenario})`, async () => {
      const widget = await mount('civic-signup', fakeApi(scenario).base);
      fill(widget, validEntries);
      submit(widget);
      await waitUntil(() => statusText(widget) === 'Dieses Formular ist gerade nicht verfügbar.', `status: "${statusText(widget)}"`);
      await waitUntil(() => ours().length === 1, 'no console message');
      expect(ours()[0]).to.contain(says);
      expect(ours()[0]).to.contain('CIVIC_ALLOWED_ORIGINS');
    });
  }
});
