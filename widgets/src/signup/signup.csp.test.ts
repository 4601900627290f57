/**
 * Runs in the "csp" group of web-test-runner.config.mjs, whose page carries
 * `Content-Security-Policy: default-src 'self'; style-src 'self'; script-src 'self'`.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { $, fakeApi, fill, loaded, submit, validEntries } from '../../test/helpers.js';

const violations: SecurityPolicyViolationEvent[] = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(event));

describe('<civic-signup> under a strict Content-Security-Policy', () => {
  it('runs on a page that really enforces the policy (an inline style attribute is blocked)', async () => {
    const probe = document.createElement('p');
    probe.setAttribute('style', 'color: rgb(255, 0, 0)');
    document.body.append(probe);
    await waitUntil(() => violations.length > 0, 'the policy did not block an inline style');
    expect(getComputedStyle(probe).color).not.to.equal('rgb(255, 0, 0)');
    probe.remove();
    violations.length = 0;
  });

  it('is loaded by the loader, styled through adoptedStyleSheets and signs up without a violation', async () => {
    const signup = document.createElement('civic-signup');
    signup.setAttribute('api', fakeApi('ok').base);
    document.body.append(signup);
    await import('../loader.js');
    await customElements.whenDefined('civic-signup');
    await loaded(signup);

    const root = signup.shadowRoot!;
    expect(root.adoptedStyleSheets.length).to.be.greaterThan(0);
    expect(root.querySelectorAll('style, [style]')).to.have.length(0);
    expect(getComputedStyle($(signup, 'button[type="submit"]')).backgroundColor).to.equal('rgb(11, 87, 164)');

    fill(signup, validEntries);
    submit(signup);
    await waitUntil(() => root.querySelector('[part="success"]'), 'no success under CSP');
    expect(root.querySelectorAll('[style]')).to.have.length(0);
    expect(violations.map((v) => `${v.violatedDirective} ${v.blockedURI}`)).to.deep.equal([]);
  });
});
