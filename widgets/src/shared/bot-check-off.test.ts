/**
 * Where the CMS protects no form (or not this one), ALTCHA costs one small GET per page: no
 * challenge, no `altcha` field and no solver chunk. A file of its own: the page must not have
 * loaded the solver for another test before.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { fakeApi, fill, loaded, submit, validEntries } from '../../test/helpers.js';
import '../signup/define.js';

describe('ALTCHA where the CMS does not protect the form', () => {
  it('sends the form without a challenge and loads no solver chunk', async () => {
    const api = fakeApi('ok');
    const main = await fixture<HTMLElement>(html`<main><h1>Musterstadt</h1></main>`);
    const widget = document.createElement('civic-signup');
    widget.setAttribute('api', api.base);
    main.append(widget);
    await loaded(widget);
    fill(widget, validEntries);
    const success = oneEvent(widget, 'civic-signup-success');
    submit(widget);
    await success;

    const requests = await api.requests();
    expect(requests.filter((request) => request.route.startsWith('altcha/')).map((request) => request.route)).to.deep.equal(['altcha/forms']);
    const signup = requests.find((request) => request.route === 'signups')!;
    expect(signup.body).not.to.have.property('altcha');
    expect(performance.getEntriesByType('resource').map((entry) => entry.name).filter((name) => /altcha-solver/.test(name))).to.deep.equal([]);
  });
});
