/**
 * The built files, as the CMS serves them: dist/loader.js under the strict policy of the "csp"
 * group loads civic-signup.js and shared.js next to itself, and the minified widget works.
 * `pnpm test` builds first.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { fakeApi, fill, loaded, submit, validEntries } from './helpers.js';

const violations: SecurityPolicyViolationEvent[] = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(event));

describe('dist/loader.js', () => {
  it('loads the built widget chunk and the shared chunk relative to itself, and the widget signs up', async () => {
    const signup = document.createElement('civic-signup');
    signup.setAttribute('api', fakeApi('ok').base);
    document.body.append(signup);
    const loaderUrl = '/dist/loader.js';
    await import(/* @vite-ignore */ loaderUrl);
    await customElements.whenDefined('civic-signup');
    const loadedFiles = performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
    expect(loadedFiles).to.include.members(['/dist/civic-signup.js', '/dist/shared.js']);

    await loaded(signup);
    fill(signup, validEntries);
    submit(signup);
    await waitUntil(() => signup.shadowRoot!.querySelector('[part="success"]'), 'the built widget did not sign up');
    expect(violations).to.have.length(0);
  });
});
