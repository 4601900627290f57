/**
 * Runs in the "csp" group of web-test-runner.config.mjs, whose page carries
 * `Content-Security-Policy: default-src 'self'; style-src 'self'; script-src 'self'`.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { fillRegistration, forumEntries, openEvent } from '../../test/event-form.js';
import { $, fakeApi, loaded, submit } from '../../test/helpers.js';

const violations: SecurityPolicyViolationEvent[] = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(event));

describe('<civic-event-registration> under a strict Content-Security-Policy', () => {
  it('is loaded by the loader, styled through adoptedStyleSheets and registers without a violation', async () => {
    const widget = document.createElement('civic-event-registration');
    widget.setAttribute('api', fakeApi('ok').base);
    document.body.append(widget);
    await import('../loader.js');
    await customElements.whenDefined('civic-event-registration');
    await loaded(widget);

    const root = widget.shadowRoot!;
    expect(root.adoptedStyleSheets.length).to.be.greaterThan(0);
    expect(getComputedStyle($(widget, '[part="toggle"]')).color).to.equal('rgb(11, 87, 164)');
    openEvent(widget, 'stadtteilforum');
    await waitUntil(() => root.querySelector('form'));
    fillRegistration(widget, forumEntries);
    submit(widget);
    await waitUntil(() => root.querySelector('[part="success"]'), 'no success under CSP');
    expect(root.querySelectorAll('style, [style]')).to.have.length(0);
    expect(violations.map((v) => `${v.violatedDirective} ${v.blockedURI}`)).to.deep.equal([]);
  });
});
