/**
 * Runs in the "csp" group of web-test-runner.config.mjs, whose page carries
 * `Content-Security-Policy: default-src 'self'; style-src 'self'; script-src 'self'`.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { $, fakeApi } from '../../test/helpers.js';
import { answerPlaygroundSurvey, submitSurvey } from '../../test/survey-form.js';

const violations: SecurityPolicyViolationEvent[] = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(event));

function mount(survey: string): HTMLElement {
  const element = document.createElement('civic-survey');
  element.setAttribute('api', fakeApi('ok').base);
  element.setAttribute('survey', survey);
  document.body.append(element);
  return element;
}

describe('<civic-survey> under a strict Content-Security-Policy', () => {
  it('is loaded by the loader, draws result bars of the right width without style attributes', async () => {
    const results = mount('haushalt');
    await import('../loader.js');
    await customElements.whenDefined('civic-survey');
    await waitUntil(() => results.shadowRoot!.querySelector('[part="bar"]'), 'no results under CSP');
    const root = results.shadowRoot!;
    expect(root.adoptedStyleSheets.length).to.be.greaterThan(0);
    expect(root.querySelectorAll('style, [style]')).to.have.length(0);
    const bar = $(results, '.bar.w65');
    expect(bar.getBoundingClientRect().width / bar.parentElement!.getBoundingClientRect().width).to.be.closeTo(0.65, 0.01);
    expect(violations.map((v) => `${v.violatedDirective} ${v.blockedURI}`)).to.deep.equal([]);
  });

  it('answers an anonymous survey without a violation', async () => {
    const survey = mount('spielplatz');
    await waitUntil(() => survey.shadowRoot?.querySelector('form'), 'no form under CSP');
    answerPlaygroundSurvey(survey);
    submitSurvey(survey);
    await waitUntil(() => survey.shadowRoot!.querySelector('[part="success"]'), 'no thanks under CSP');
    expect(survey.shadowRoot!.querySelectorAll('[style]')).to.have.length(0);
    expect(violations.map((v) => `${v.violatedDirective} ${v.blockedURI}`)).to.deep.equal([]);
  });
});
