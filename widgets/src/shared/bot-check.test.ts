/**
 * ALTCHA bot protection in every widget (bot-check.ts, altcha-solver.ts, the FormController hook):
 * the fake API (test/fake-altcha.mjs) protects every form in scenario `altcha`, signs challenges
 * and verifies solutions with altcha-lib, the library the plugin uses, and refuses a missing,
 * wrong or reused solution with the server's 400. A form that went through was solved for real.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { fillRegistration, forumEntries } from '../../test/event-form.js';
import { expectNoAxeViolations, restoreHtmlLangAfterEach } from '../../test/a11y.js';
import { answerOfficeSurvey, answerPlaygroundSurvey, submitSurvey } from '../../test/survey-form.js';
import { $, fakeApi, fill, focused, loaded, submit, validEntries, type FakeApi } from '../../test/helpers.js';
import '../signup/define.js';
import '../event-registration/define.js';
import '../survey/define.js';
import '../preferences/define.js';

restoreHtmlLangAfterEach();

async function mount(tag: string, scenario: string, attributes: Record<string, string> = {}, api = fakeApi(scenario)): Promise<{ widget: HTMLElement; api: FakeApi }> {
  const main = await fixture<HTMLElement>(html`<main><h1>Musterstadt</h1></main>`);
  const widget = document.createElement(tag);
  widget.setAttribute('api', api.base);
  for (const [name, value] of Object.entries(attributes)) widget.setAttribute(name, value);
  main.append(widget);
  await loaded(widget);
  return { widget, api };
}

/** Every text the widget's live region (or regions) showed from now on, in order. */
function recordStatus(widget: HTMLElement): string[] {
  const seen: string[] = [];
  const note = () => {
    for (const region of widget.shadowRoot!.querySelectorAll('[role="status"]')) {
      const text = region.textContent!.trim();
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }
  };
  new MutationObserver(note).observe(widget.shadowRoot!, { subtree: true, childList: true, characterData: true });
  return seen;
}

/** The decoded `altcha` field of a request: the challenge the fake signed and the solution found. */
function decode(altcha: unknown): { challenge: { parameters: { keyPrefix: string } }; solution: { counter: number; derivedKey: string } } {
  expect(altcha, 'the request carries an altcha field').to.be.a('string');
  return JSON.parse(atob(altcha as string));
}

const requestsTo = async (api: FakeApi, route: string) => (await api.requests()).filter((request) => request.route === route);
const solverLoaded = () => performance.getEntriesByType('resource').some((entry) => /altcha-solver/.test(entry.name));

describe('ALTCHA where the CMS protects the form', () => {
  it('<civic-signup> asks which forms need it, solves a challenge before sending, announces it and keeps the focus where it was', async () => {
    const { widget, api } = await mount('civic-signup', 'altcha');
    fill(widget, validEntries);
    const button = $(widget, 'button[type="submit"]');
    button.focus();
    const statuses = recordStatus(widget);
    let focusWhileChecking: Element | null = null;
    new MutationObserver(() => {
      if (statuses.includes('Sicherheitsprüfung läuft …') && !focusWhileChecking) focusWhileChecking = focused(widget);
    }).observe(widget.shadowRoot!, { subtree: true, characterData: true, childList: true });
    const success = oneEvent(widget, 'civic-signup-success');
    submit(widget);
    await success;

    // Sending (while the widget asks which forms need it), the check, then sending the form.
    expect(statuses.slice(statuses.indexOf('Sicherheitsprüfung läuft …'))).to.deep.equal(['Sicherheitsprüfung läuft …', 'Ihre Anmeldung wird gesendet …']);
    expect(focusWhileChecking, 'the check does not move the focus').to.equal(button);
    expect(solverLoaded()).to.equal(true);
    const routes = (await api.requests()).map((request) => `${request.method} ${request.route}`);
    expect(routes.filter((route) => route.includes('altcha') || route.startsWith('POST'))).to.deep.equal(['GET altcha/forms', 'GET altcha/challenge', 'POST signups']);
    const [signup] = await requestsTo(api, 'signups');
    const { challenge, solution } = decode(signup!.body.altcha);
    expect(solution.derivedKey.startsWith(challenge.parameters.keyPrefix)).to.equal(true);
    // The fake's altcha-lib accepted it (else a 400): the widget shows its success.
    expect(widget.shadowRoot!.querySelector('[part="success"]')).to.exist;
  });

  it('solves a new challenge for each submission (a solution works once) and asks for the protected forms once per page', async () => {
    const api = fakeApi('altcha');
    for (const round of [1, 2]) {
      const { widget } = await mount('civic-signup', 'altcha', {}, api);
      fill(widget, validEntries);
      const success = oneEvent(widget, 'civic-signup-success');
      submit(widget);
      await success;
      widget.remove();
      expect(await requestsTo(api, 'signups'), `round ${round}`).to.have.length(round);
    }
    const [one, two] = await requestsTo(api, 'signups');
    expect(decode(two!.body.altcha).challenge).not.to.deep.equal(decode(one!.body.altcha).challenge);
    expect(await requestsTo(api, 'altcha/challenge')).to.have.length(2);
    expect(await requestsTo(api, 'altcha/forms')).to.have.length(1);
  });

  it('announces the check in English, and the form stays free of axe violations while it runs', async () => {
    const { widget } = await mount('civic-signup', 'altcha-slow', { lang: 'en' });
    fill(widget, validEntries);
    submit(widget);
    const status = $(widget, '[role="status"]');
    await waitUntil(() => status.textContent!.trim() === 'Security check running …', 'the check was not announced');
    expect(status.getAttribute('aria-live')).to.equal('polite');
    expect($(widget, 'button[type="submit"]').getAttribute('aria-disabled')).to.equal('true');
    await expectNoAxeViolations(widget);
    await waitUntil(() => widget.shadowRoot!.querySelector('[part="success"]'), 'no success after the check');
  });

  it('says in its own words that the form cannot be sent when the server refuses the check (never the server\'s English)', async () => {
    const { widget } = await mount('civic-signup', 'altcha-unlisted');
    fill(widget, validEntries);
    const failed = oneEvent(widget, 'civic-signup-error');
    submit(widget);
    await failed;
    await (widget as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect($(widget, '[role="status"]').textContent!.trim()).to.equal('Die Anmeldung ist gerade nicht möglich. Bitte versuchen Sie es später erneut.');
    expect(widget.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
  });

  it('<civic-event-registration> sends a solved challenge with the registration', async () => {
    const { widget, api } = await mount('civic-event-registration', 'altcha', { event: 'stadtteilforum' });
    fillRegistration(widget, forumEntries);
    const statuses = recordStatus(widget);
    submit(widget);
    await waitUntil(() => widget.shadowRoot!.querySelector('[part="success"]'), 'the registration did not go through');
    expect(statuses).to.include('Sicherheitsprüfung läuft …');
    const [registration] = await requestsTo(api, 'events/stadtteilforum/registrations');
    decode(registration!.body.altcha);
    expect(registration!.body.email).to.equal('anna@example.org');
  });

  it('<civic-survey> (anonymous) solves one challenge for the participation token and one for the answers', async () => {
    const { widget, api } = await mount('civic-survey', 'altcha', { survey: 'spielplatz' });
    answerPlaygroundSurvey(widget);
    const succeeded = oneEvent(widget, 'civic-survey-success');
    submitSurvey(widget);
    await succeeded;
    const [participation] = await requestsTo(api, 'surveys/spielplatz/participations');
    const [response] = await requestsTo(api, 'surveys/spielplatz/responses');
    expect(decode(participation!.body.altcha).challenge).not.to.deep.equal(decode(response!.body.altcha).challenge);
    expect(await requestsTo(api, 'altcha/challenge')).to.have.length(2);
  });

  it('<civic-survey> (identified) sends a solved challenge with the answers', async () => {
    const { widget, api } = await mount('civic-survey', 'altcha', { survey: 'buergerbuero' });
    answerOfficeSurvey(widget);
    await (widget as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    const succeeded = oneEvent(widget, 'civic-survey-success');
    submitSurvey(widget);
    await succeeded;
    const [response] = await requestsTo(api, 'surveys/buergerbuero/responses');
    decode(response!.body.altcha);
  });

  it('<civic-preferences> sends a solved challenge with the request for a manage link', async () => {
    const { widget, api } = await mount('civic-preferences', 'altcha');
    const email = $<HTMLInputElement>(widget, '#email');
    email.value = 'anna@example.org';
    email.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    const statuses = recordStatus(widget);
    submit(widget);
    await waitUntil(() => widget.shadowRoot!.querySelector('#link-sent-heading'), 'no link requested');
    expect(statuses).to.include('Sicherheitsprüfung läuft …');
    const [link] = await requestsTo(api, 'preferences/link');
    decode(link!.body.altcha);
  });
});
