/**
 * Every widget on a real town page: empty live regions in the accessibility tree, each form and
 * group announced by its name once, no sideways
 * scrolling on a 320 px phone with long words, and a town stylesheet that must not shrink, squash
 * or centre the widget's text or push it out of its slot.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { expectNoAxeViolations } from '../test/a11y.js';
import { LONG_WORD } from '../test/fixtures.mjs';
import { FAKE_LINK_TOKEN } from '../test/fake-preferences.mjs';
import { $, fakeApi } from '../test/helpers.js';
import { openEvent } from '../test/event-form.js';
import './alerts-signup/define.js';
import './event-registration/define.js';
import './preferences/define.js';
import './signup/define.js';
import './survey/define.js';

interface State {
  name: string;
  /** The widget, not yet in the page. */
  create: (scenario: string) => HTMLElement;
  /** Resolves once the state to check is on screen. */
  ready: (element: HTMLElement) => Promise<unknown>;
  after?: () => void;
  /** The state shows only the widget's own words, nothing the API sent. */
  ownWordsOnly?: true;
}

const widget = (tag: string, attributes: Record<string, string>) => (scenario: string) => {
  const element = document.createElement(tag);
  element.setAttribute('api', fakeApi(scenario).base);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
};
const shown = (selector: string) => (element: HTMLElement) =>
  waitUntil(() => element.shadowRoot?.querySelector(selector), `no ${selector} in <${element.localName}>`, { timeout: 5000 });

/** One state per widget and each larger view: the forms, an event's form opened in the list, results, the preference center. */
const STATES: State[] = [
  { name: '<civic-signup>', create: widget('civic-signup', {}), ready: shown('form') },
  { name: '<civic-alerts-signup>', create: widget('civic-alerts-signup', { districts: 'Nord,Mitte' }), ready: shown('form') },
  {
    name: '<civic-event-registration> list with a form open',
    create: widget('civic-event-registration', {}),
    ready: async (element) => {
      await shown('button[aria-controls="panel-stadtteilforum"]')(element);
      openEvent(element, 'stadtteilforum');
      await shown('form')(element);
    },
  },
  { name: '<civic-event-registration> one event', create: widget('civic-event-registration', { event: 'stadtteilforum' }), ready: shown('form') },
  { name: '<civic-survey> open', create: widget('civic-survey', { survey: 'spielplatz' }), ready: shown('form') },
  { name: '<civic-survey> identified', create: widget('civic-survey', { survey: 'buergerbuero' }), ready: shown('form') },
  { name: '<civic-survey> results', create: widget('civic-survey', { survey: 'haushalt' }), ready: shown('.results-table') },
  { name: '<civic-preferences> link request', create: widget('civic-preferences', {}), ready: shown('form'), ownWordsOnly: true },
  {
    name: '<civic-preferences> preference center',
    create: (scenario) => {
      history.replaceState(null, '', `${location.pathname}${location.search}#civic-token=${FAKE_LINK_TOKEN}`);
      return widget('civic-preferences', {})(scenario);
    },
    ready: shown('.history'),
    after: () => history.replaceState(null, '', `${location.pathname}${location.search}`),
  },
];

async function mountIn(parent: HTMLElement, state: State, scenario: string): Promise<HTMLElement> {
  const element = state.create(scenario);
  parent.append(element);
  await state.ready(element);
  await (element as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  return element;
}

/** Every element of the widget's shadow tree that has a box of its own, without the honeypot (hidden from everyone). */
function boxes(host: HTMLElement): HTMLElement[] {
  return [...host.shadowRoot!.querySelectorAll<HTMLElement>('*')].filter((element) => {
    if (element.closest('[aria-hidden="true"]') || element.getClientRects().length === 0) return false;
    const display = getComputedStyle(element).display;
    return display !== 'inline' && display !== 'contents';
  });
}

const describeBox = (element: Element) => `<${element.localName}${element.id ? ` #${element.id}` : ''} class="${element.getAttribute('class') ?? ''}">`;

/** Boxes of the widget that scroll sideways or reach past the right edge of `frame`. */
function overflowing(host: HTMLElement, frame: DOMRect): string[] {
  return [host, ...boxes(host)].flatMap((element) => {
    const found: string[] = [];
    if (element.scrollWidth > element.clientWidth) found.push(`${describeBox(element)} scrolls: ${element.scrollWidth} > ${element.clientWidth}`);
    const right = element.getBoundingClientRect().right;
    if (right > frame.right + 0.5) found.push(`${describeBox(element)} ends at ${right}, past ${frame.right}`);
    return found;
  });
}

interface LiveRegion {
  role: string;
  live: string | null;
  ignored: boolean;
}

describe('live regions are in the accessibility tree while empty', () => {
  for (const state of STATES) {
    it(state.name, async function () {
      const element = await mountIn(await fixture<HTMLElement>(html`<main></main>`), state, 'ok');
      try {
        const tree = (await executeServerCommand('live-regions')) as LiveRegion[] | null;
        // Only Chromium lends its accessibility tree to the tests (CDP).
        if (!tree) this.skip();
        const regions = [...element.shadowRoot!.querySelectorAll('[role="status"], [aria-live]')];
        const empty = regions.filter((region) => region.textContent!.trim() === '');
        expect(empty.length, 'an empty live region to check').to.be.greaterThan(0);
        // Chromium leaves nodes without a box (display: none, hidden) out of its tree; the page has no other live regions.
        const inTree = tree.filter((region) => !region.ignored);
        expect(inTree.length, JSON.stringify(inTree)).to.equal(regions.length);
        expect(inTree.every((region) => region.live === 'polite' || region.role === 'alert')).to.equal(true);
      } finally {
        state.after?.();
      }
    });
  }
});

describe('forms and groups are named once', () => {
  for (const state of STATES) {
    it(state.name, async function () {
      const element = await mountIn(await fixture<HTMLElement>(html`<main></main>`), state, 'ok');
      try {
        const named = (await executeServerCommand('named-containers')) as Array<{ role: string; name: string }> | null;
        if (!named) this.skip();
        // A heading may name the one region, form or group it heads; a second container with that name is announced again.
        const containers = named.filter((node) => node.role !== 'heading');
        const repeated = containers.filter((node, index) => containers.findIndex((other) => other.name === node.name) !== index);
        expect(repeated, JSON.stringify(named)).to.deep.equal([]);
        expect(containers.length, 'containers to check').to.be.greaterThan(0);
      } finally {
        state.after?.();
      }
    });
  }
});

describe('at 320 px nothing scrolls sideways, also with long words and addresses', () => {
  before(() => setViewport({ width: 320, height: 640 }));
  after(() => setViewport({ width: 800, height: 600 }));

  for (const state of STATES) {
    it(state.name, async () => {
      const main = await fixture<HTMLElement>(html`<main></main>`);
      const element = await mountIn(main, state, 'long-words');
      try {
        if (!state.ownWordsOnly) expect(element.shadowRoot!.textContent).to.contain(LONG_WORD);
        expect(overflowing(element, element.getBoundingClientRect())).to.deep.equal([]);
        expect(document.documentElement.scrollWidth).to.be.at.most(document.documentElement.clientWidth);
        await expectNoAxeViolations(element);
      } finally {
        state.after?.();
      }
    });
  }
});

/** What towns' stylesheets often do, and what reaches a shadow root anyway: `rem`, and rules on the host element itself. */
const TOWN_STYLESHEET = `
  html { font-size: 62.5%; }
  * { line-height: 1; box-sizing: content-box; }
  body { font-size: 1.4rem; text-align: center; letter-spacing: 0.12em; word-spacing: 0.3em; text-transform: uppercase; font-weight: 300; }
  .slot { width: 300px; padding: 0 10px; border: 1px solid; }
`;

describe('a town stylesheet leaves the widget readable and inside its slot', () => {
  let sheet: HTMLStyleElement;
  let readerSize: number;
  before(() => {
    // The reader's default text size, whatever the page does with rem (an element of size `medium`).
    const probe = document.createElement('span');
    probe.style.fontSize = 'medium';
    document.body.append(probe);
    readerSize = parseFloat(getComputedStyle(probe).fontSize);
    probe.remove();
    sheet = document.createElement('style');
    sheet.textContent = TOWN_STYLESHEET;
    document.head.append(sheet);
  });
  after(() => sheet.remove());

  for (const state of STATES) {
    it(state.name, async () => {
      const slot = await fixture<HTMLElement>(html`<div class="slot"></div>`);
      const element = await mountIn(slot, state, 'ok');
      try {
        expect(parseFloat(getComputedStyle(document.body).fontSize), 'the town page shrinks its own text').to.equal(14);
        expect(readerSize).to.be.at.least(16);
        const base = $(element, '[part="base"]');
        const bodyText = [base, ...[...element.shadowRoot!.querySelectorAll<HTMLElement>('label, legend, input:not([type="checkbox"]):not([type="radio"]), [part="text"], [part="intro"] p, [part="success-text"], .results p')]];
        for (const text of bodyText) {
          const style = getComputedStyle(text);
          const size = parseFloat(style.fontSize);
          expect(size, `font size of ${describeBox(text)}`).to.be.at.least(readerSize);
          expect(style.letterSpacing, describeBox(text)).to.equal('normal');
          expect(style.textTransform, describeBox(text)).to.equal('none');
          if (text.localName !== 'input') {
            expect(style.textAlign, describeBox(text)).to.equal('start');
            expect(style.lineHeight, describeBox(text)).to.equal(`${1.5 * size}px`);
          }
        }
        expect(parseFloat(getComputedStyle(base).fontSize)).to.equal(readerSize);
        const frame = slot.getBoundingClientRect();
        const inner = new DOMRect(frame.left + 11, frame.top, 300, frame.height);
        expect(overflowing(element, inner)).to.deep.equal([]);
        expect(element.getBoundingClientRect().left).to.be.at.least(inner.left - 0.5);
      } finally {
        state.after?.();
      }
    });
  }
});
