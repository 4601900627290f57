/**
 * Runs in the "csp" group of web-test-runner.config.mjs, whose page carries
 * `Content-Security-Policy: default-src 'self'; style-src 'self'; script-src 'self'`.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { FAKE_LINK_TOKEN } from '../../test/fake-preferences.mjs';
import { $, fakeApi } from '../../test/helpers.js';

const violations: SecurityPolicyViolationEvent[] = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(event));

describe('<civic-preferences> under a strict Content-Security-Policy', () => {
  it('is loaded by the loader and opens, saves and confirms erasure without a violation', async () => {
    history.replaceState(null, '', `${location.pathname}#civic-token=${FAKE_LINK_TOKEN}`);
    const prefs = document.createElement('civic-preferences');
    prefs.setAttribute('api', fakeApi('ok').base);
    document.body.append(prefs);
    await import('../loader.js');
    await customElements.whenDefined('civic-preferences');
    const root = prefs.shadowRoot!;
    await waitUntil(() => root.querySelector('#center-heading'), 'the preference center did not open under CSP');

    expect(root.adoptedStyleSheets.length).to.be.greaterThan(0);
    expect(getComputedStyle($(prefs, '#erase-start')).backgroundColor).to.equal('rgb(179, 38, 30)');
    $(prefs, '#topic-verkehr').click();
    await waitUntil(() => root.querySelector('#consent'));
    $(prefs, '#erase-start').click();
    await waitUntil(() => root.querySelector('#erase-heading'));
    expect(root.querySelectorAll('style, [style]')).to.have.length(0);
    expect(violations.map((v) => `${v.violatedDirective} ${v.blockedURI}`)).to.deep.equal([]);
    prefs.remove();
  });
});
