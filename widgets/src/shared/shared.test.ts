import { expect, fixture, html } from '@open-wc/testing';
import { parseRetryAfter } from './api-client.js';
import { resolveLocale } from './localize.js';

describe('parseRetryAfter', () => {
  it('reads seconds, an HTTP date, and falls back to a minute', () => {
    const now = Date.parse('2030-01-01T12:00:00Z');
    expect(parseRetryAfter('120', now)).to.equal(120);
    expect(parseRetryAfter('Tue, 01 Jan 2030 12:05:00 GMT', now)).to.equal(300);
    expect(parseRetryAfter(null, now)).to.equal(60);
    expect(parseRetryAfter('soon', now)).to.equal(60);
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
