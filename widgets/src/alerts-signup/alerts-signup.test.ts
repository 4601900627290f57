import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { expectNoAxeViolations, restoreHtmlLangAfterEach } from '../../test/a11y.js';
import { $, $$, fakeApi, focused, loaded, statusText, submit } from '../../test/helpers.js';
import './define.js';
import type { CivicAlertsSignupSuccessDetail } from './alerts-signup.js';

restoreHtmlLangAfterEach();

async function mount(scenario = 'ok', attributes: Record<string, string> = {}) {
  const api = fakeApi(scenario);
  const main = await fixture<HTMLElement>(html`<main><h1>Musterstadt</h1></main>`);
  const signup = document.createElement('civic-alerts-signup');
  signup.setAttribute('api', api.base);
  for (const [name, value] of Object.entries(attributes)) signup.setAttribute(name, value);
  main.append(signup);
  await loaded(signup);
  return { signup, api, main };
}

function type(host: Element, selector: string, value: string): void {
  const input = $<HTMLInputElement>(host, selector);
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

function fillAlerts(host: Element, entries: { email?: string; district?: string; postalCode?: string; consent?: boolean }): void {
  if (entries.email !== undefined) type(host, '#email', entries.email);
  if (entries.district !== undefined) {
    const control = $<HTMLInputElement | HTMLSelectElement>(host, '#district');
    control.value = entries.district;
    control.dispatchEvent(new Event(control instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
  }
  if (entries.postalCode !== undefined) type(host, '#postalCode', entries.postalCode);
  if (entries.consent) $(host, '#consent').click();
}

const posted = async (api: { requests: () => Promise<Array<{ method: string; route: string; body: any }>> }) =>
  (await api.requests()).filter((request) => request.method === 'POST' && request.route === 'alerts/signups');

describe('<civic-alerts-signup>', () => {
  it('renders an empty live region on first paint, then the form with the alert consent text', async () => {
    const signup = document.createElement('civic-alerts-signup');
    const api = fakeApi('ok');
    signup.setAttribute('api', api.base);
    document.body.append(signup);
    await signup.updateComplete;
    const status = $(signup, '[part="status"]');
    expect([status.getAttribute('role'), status.getAttribute('aria-live'), status.textContent!.trim()]).to.deep.equal(['status', 'polite', '']);
    await loaded(signup);
    expect($(signup, '[part="legal-summary"]').textContent).to.contain('Einwilligung Warnungen');
    expect((await api.requests()).find((request) => request.route === 'legal-texts/current')!.query).to.deep.equal({ locale: 'de', purpose: 'alerts' });
    signup.remove();
  });

  it('subscribes an email to a district and postal code: the request names the area and the consent text, the success heading gets the focus', async () => {
    const { signup, api } = await mount();
    fillAlerts(signup, { email: 'anna@example.org', district: 'Nord', postalCode: '12345', consent: true });
    const success = oneEvent(signup, 'civic-alerts-signup-success');
    submit(signup);
    const { detail } = (await success) as CustomEvent<CivicAlertsSignupSuccessDetail>;
    expect(detail).to.deep.equal({ district: 'Nord', postalCode: '12345', locale: 'de' });
    const [request] = await posted(api);
    expect(request!.body).to.deep.include({ email: 'anna@example.org', district: 'Nord', postalCode: '12345', locale: 'de', legalTextVersion: 1, consent: true, widget: 'civic-alerts-signup', website: '' });
    expect(focused(signup)).to.equal($(signup, '#success-heading'));
    expect($(signup, '#success-heading').textContent).to.equal('Bitte bestätigen Sie Ihr Abonnement');
  });

  it('leaving district and postal code empty subscribes to the whole town (neither is sent)', async () => {
    const { signup, api } = await mount();
    fillAlerts(signup, { email: 'anna@example.org', consent: true });
    submit(signup);
    await oneEvent(signup, 'civic-alerts-signup-success');
    const [request] = await posted(api);
    expect(Object.keys(request!.body)).not.to.include.members(['district']);
    expect(Object.keys(request!.body)).not.to.include.members(['postalCode']);
  });

  it('offers the districts of the `districts` attribute as a list, with "no particular district" first', async () => {
    const { signup, api } = await mount('ok', { districts: 'Nord, Mitte,Süd' });
    expect($$<HTMLOptionElement>(signup, '#district option').map((option) => option.value)).to.deep.equal(['', 'Nord', 'Mitte', 'Süd']);
    fillAlerts(signup, { email: 'anna@example.org', district: 'Süd', consent: true });
    submit(signup);
    await oneEvent(signup, 'civic-alerts-signup-success');
    expect((await posted(api))[0]!.body.district).to.equal('Süd');
  });

  it('speaks English with lang="en" (labels and the English consent text)', async () => {
    const { signup, api } = await mount('ok', { lang: 'en' });
    expect($(signup, 'label[for="postalCode"]').textContent).to.contain('Postal code');
    expect((await api.requests()).find((request) => request.route === 'legal-texts/current')!.query.locale).to.equal('en');
  });

  it('a missing email and consent: nothing is sent, the error summary gets the focus, each error is tied to its field', async () => {
    const { signup, api } = await mount();
    submit(signup);
    await signup.updateComplete;
    expect(await posted(api)).to.have.length(0);
    expect(focused(signup)).to.equal($(signup, '#error-summary'));
    for (const field of ['email', 'consent']) {
      const control = $(signup, `#${field}`);
      expect(control.getAttribute('aria-invalid')).to.equal('true');
      expect(control.getAttribute('aria-describedby')).to.contain(`${field}-error`);
    }
    expect($(signup, '#consent-error').textContent).to.equal('Bitte willigen Sie ein, damit wir Ihnen Warnungen senden dürfen.');
  });

  it('a postal code that is none: its error in the widget\'s words, described with the area hint, and the focus on it', async () => {
    const { signup, api } = await mount();
    fillAlerts(signup, { email: 'anna@example.org', postalCode: '1', consent: true });
    submit(signup);
    await signup.updateComplete;
    expect(await posted(api)).to.have.length(0);
    expect(focused(signup)).to.equal($(signup, '#postalCode'));
    expect($(signup, '#postalCode').getAttribute('aria-describedby')).to.equal('area-hint postalCode-error');
    type(signup, '#postalCode', '12345');
    await signup.updateComplete;
    expect(signup.shadowRoot!.querySelector('#postalCode-error')).to.equal(null);
  });

  it('a district that is a web address is not sent: the widget names the rule at the field (the confirmation mail quotes the district)', async () => {
    const { signup, api } = await mount();
    fillAlerts(signup, { email: 'anna@example.org', district: 'Gewinn auf evil.example', consent: true });
    submit(signup);
    await signup.updateComplete;
    expect(await posted(api)).to.have.length(0);
    expect(focused(signup)).to.equal($(signup, '#district'));
    expect($(signup, '#district-error').textContent).to.contain('keine Webadresse');
    type(signup, '#district', 'St. Georg (Nord)');
    await signup.updateComplete;
    expect(signup.shadowRoot!.querySelector('#district-error')).to.equal(null);
  });

  it('the server refusing the postal code shows the German text at the field, never the server\'s English', async () => {
    const { signup } = await mount('invalid-postal-code');
    fillAlerts(signup, { email: 'anna@example.org', postalCode: '12345', consent: true });
    submit(signup);
    await oneEvent(signup, 'civic-alerts-signup-error');
    await signup.updateComplete;
    expect($(signup, '#postalCode-error').textContent).to.equal('Bitte geben Sie eine gültige Postleitzahl ein, z. B. 12345.');
    expect(focused(signup)).to.equal($(signup, '#postalCode'));
  });

  it('too many attempts: the wait in the live region', async () => {
    const { signup } = await mount('429');
    fillAlerts(signup, { email: 'anna@example.org', consent: true });
    submit(signup);
    await oneEvent(signup, 'civic-alerts-signup-error');
    await signup.updateComplete;
    expect(statusText(signup)).to.equal('Zu viele Versuche. Bitte versuchen Sie es in 3 Minuten erneut.');
  });

  it('has no axe violations when idle, with errors and after success', async () => {
    const { signup, main } = await mount('ok', { districts: 'Nord,Mitte' });
    await expectNoAxeViolations(main);
    submit(signup);
    await signup.updateComplete;
    await expectNoAxeViolations(main);
    fillAlerts(signup, { email: 'anna@example.org', consent: true });
    submit(signup);
    await oneEvent(signup, 'civic-alerts-signup-success');
    await expectNoAxeViolations(main);
  });
});
