import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { fakeApi, loaded } from '../test/helpers.js';

describe('loader', () => {
  it('loads no widget code while no widget is in the page', async () => {
    await import('./loader.js');
    await aTimeout(50);
    expect(customElements.get('civic-signup')).to.equal(undefined);
  });

  it('loads and defines a widget as soon as its tag is added to the page', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div><civic-signup api=${fakeApi('ok').base}></civic-signup></div>`);
    await waitUntil(() => customElements.get('civic-signup'), 'civic-signup was not defined');
    const signup = wrapper.querySelector('civic-signup')!;
    await loaded(signup);
    expect(signup.shadowRoot!.querySelector('form')).not.to.equal(null);
  });
});
