/**
 * ALTCHA in the built files under the strict policy of the "csp" group (no eval, no inline script,
 * no blob: worker): a form the CMS does not protect loads no solver chunk; a protected one loads
 * dist/altcha-solver.js, solves the fake's altcha-lib challenge and goes through, without a single
 * policy violation. `pnpm test` builds first.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { fakeApi, fill, loaded, submit, validEntries } from './helpers.js';

const violations: SecurityPolicyViolationEvent[] = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(event));

/** The built files the page loaded. */
const loadedFiles = () => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname).filter((path) => path.startsWith('/dist/'));

async function signUp(scenario: string): Promise<ReturnType<typeof fakeApi>> {
  const api = fakeApi(scenario);
  const signup = document.createElement('civic-signup');
  signup.setAttribute('api', api.base);
  document.body.append(signup);
  const loaderUrl = '/dist/loader.js';
  await import(/* @vite-ignore */ loaderUrl);
  await customElements.whenDefined('civic-signup');
  await loaded(signup);
  fill(signup, validEntries);
  submit(signup);
  await waitUntil(() => signup.shadowRoot!.querySelector('[part="success"]'), `the built widget did not sign up (${scenario})`, { timeout: 10_000 });
  signup.remove();
  return api;
}

describe('dist: ALTCHA under the strict CSP', () => {
  it('loads the solver chunk only for a protected form, and solves there', async () => {
    const unprotected = await signUp('ok');
    expect(loadedFiles().filter((file) => file.includes('altcha'))).to.deep.equal([]);
    expect((await unprotected.requests()).find((request) => request.route === 'signups')!.body).not.to.have.property('altcha');

    const protectedForm = await signUp('altcha');
    expect(loadedFiles()).to.include('/dist/altcha-solver.js');
    expect((await protectedForm.requests()).find((request) => request.route === 'signups')!.body.altcha).to.be.a('string');
    expect(violations.map((violation) => `${violation.violatedDirective} ${violation.blockedURI}`)).to.deep.equal([]);
  });
});
