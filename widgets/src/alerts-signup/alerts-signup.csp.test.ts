/**
 * Runs in the "csp" group of web-test-runner.config.mjs, whose page carries
 * `Content-Security-Policy: default-src 'self'; style-src 'self'; script-src 'self'`.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { $, fakeApi, loaded, submit } from '../../test/helpers.js';

const violations: SecurityPolicyViolationEvent[] = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(event));

describe('<civic-alerts-signup> under a strict Content-Security-Policy', () => {
  it('is loaded by the loader, styled through adoptedStyleSheets and subscribes without a violation', async () => {
    const signup = document.createElement('civic-alerts-signup');
    signup.setAttribute('api', fakeApi('ok').base);
    signup.setAttribute('districts', 'Nord,Mitte');
    document.body.append(signup);
    await import('../loader.js');
    await customElements.whenDefined('civic-alerts-signup');
    await loaded(signup);

    const root = signup.shadowRoot!;
    expect(root.adoptedStyleSheets.length).to.be.greaterThan(0);
    expect(root.querySelectorAll('style, [style]')).to.have.length(0);
    expect(getComputedStyle($(signup, 'button[type="submit"]')).backgroundColor).to.equal('rgb(11, 87, 164)');

    const email = $<HTMLInputElement>(signup, '#email');
    email.value = 'anna@example.org';
    email.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    $(signup, '#consent').click();
    submit(signup);
    await waitUntil(() => root.querySelector('[part="success"]'), 'no success under CSP');
    expect(root.querySelectorAll('[style]')).to.have.length(0);
    expect(violations.map((v) => `${v.violatedDirective} ${v.blockedURI}`)).to.deep.equal([]);
  });
});
