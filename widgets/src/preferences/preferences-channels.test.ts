import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { AxeResults } from 'axe-core';
import 'axe-core/axe.min.js';
import { FAKE_EXPIRED_CODE, FAKE_LINK_TOKEN, FAKE_SMS_CODE } from '../../test/fake-preferences.mjs';
import { $, fakeApi, focused, loaded, type FakeApi } from '../../test/helpers.js';
import './define.js';

declare global {
  interface Window {
    axe: { run(context: Element): Promise<AxeResults> };
  }
}

/** The preference center of a citizen who opened a valid link, with its phone and alert sections. */
async function openCenter(scenario = 'ok', lang?: string): Promise<{ prefs: HTMLElement; api: FakeApi }> {
  history.replaceState(null, '', `${location.pathname}${location.search}#civic-token=${FAKE_LINK_TOKEN}`);
  const api = fakeApi(scenario);
  const main = await fixture<HTMLElement>(html`<main><h1>Musterstadt</h1></main>`);
  const prefs = document.createElement('civic-preferences');
  prefs.setAttribute('api', api.base);
  if (lang) prefs.setAttribute('lang', lang);
  main.append(prefs);
  await loaded(prefs);
  await waitUntil(() => prefs.shadowRoot!.querySelector('#phone-heading') && prefs.shadowRoot!.querySelector('#alerts-heading'), 'the phone and alert sections did not show');
  return { prefs, api };
}

const statusOf = (host: Element, section: string) =>
  $(host, `#${section}-heading`).closest('section')!.querySelector('[role="status"]')!.textContent!.trim();
const writes = async (api: FakeApi) => (await api.requests()).filter((r) => r.method !== 'GET' && r.route !== 'preferences/session');

function type(host: Element, selector: string, value: string) {
  const input = $<HTMLInputElement>(host, selector);
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}
/** Submits the form of a control and waits for the widget's render (the client-side check is synchronous). */
async function submit(host: Element, selector: string): Promise<void> {
  $(host, selector).closest('form')!.requestSubmit();
  await (host as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
}

async function expectNoAxeViolations(context: Element) {
  const { violations } = await window.axe.run(context);
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).to.deep.equal([]);
}

afterEach(() => {
  if (location.hash) history.replaceState(null, '', `${location.pathname}${location.search}`);
});

describe('<civic-preferences> phone (SMS)', () => {
  it('sends a code, shows a wrong and an expired code at the field, then verifies the number', async () => {
    const { prefs, api } = await openCenter();
    type(prefs, '#phone', '0151 1234 5678');
    await submit(prefs, '#phone');
    await waitUntil(() => prefs.shadowRoot!.querySelector('#code'), 'the code field did not show');
    await waitUntil(() => focused(prefs) === $(prefs, '#code'), 'the code field did not get the focus');
    expect($(prefs, '#code-hint').textContent).to.contain('+4915112345678');
    expect(statusOf(prefs, 'phone')).to.equal('Der Code ist unterwegs. Bitte geben Sie ihn unten ein.');

    type(prefs, '#code', '000000');
    await submit(prefs, '#code');
    await waitUntil(() => prefs.shadowRoot!.querySelector('#code-error'), 'the wrong code was not shown at the field');
    const code = $(prefs, '#code');
    expect($(prefs, '#code-error').textContent).to.equal('Der Code stimmt nicht. Bitte prüfen Sie die SMS und versuchen Sie es noch einmal.');
    expect(code.getAttribute('aria-invalid')).to.equal('true');
    expect(code.getAttribute('aria-describedby')).to.equal('code-hint code-error');
    expect(focused(prefs)).to.equal(code);
    await expectNoAxeViolations(prefs);

    type(prefs, '#code', FAKE_EXPIRED_CODE);
    await submit(prefs, '#code');
    await waitUntil(() => prefs.shadowRoot!.querySelector('#code-error')?.textContent!.includes('abgelaufen'), 'the expired code was not shown at the field');

    type(prefs, '#code', '12ab');
    await submit(prefs, '#code');
    expect($(prefs, '#code-error').textContent).to.equal('Bitte geben Sie die 6 Ziffern aus der SMS ein.');

    type(prefs, '#code', FAKE_SMS_CODE);
    await submit(prefs, '#code');
    await waitUntil(() => prefs.shadowRoot!.querySelector('#sms-consent-sms-alerts'), 'the verified number did not show');
    expect(focused(prefs)).to.equal($(prefs, '#phone-heading'));
    expect(statusOf(prefs, 'phone')).to.equal('Ihre Mobilnummer ist bestätigt.');
    expect((await writes(api)).map((r) => [r.route, r.body])).to.deep.equal([
      ['preferences/sms/phone', { phone: '0151 1234 5678', locale: 'de' }],
      ['preferences/sms/verify', { code: '000000' }],
      ['preferences/sms/verify', { code: FAKE_EXPIRED_CODE }],
      ['preferences/sms/verify', { code: FAKE_SMS_CODE }],
    ]);
  });

  it('checks the number before sending and shows the server\'s refusal at the field', async () => {
    const { prefs, api } = await openCenter();
    await submit(prefs, '#phone');
    const phone = $(prefs, '#phone');
    expect(phone.getAttribute('aria-invalid')).to.equal('true');
    expect(phone.getAttribute('aria-describedby')).to.equal('phone-hint phone-error');
    expect(focused(prefs)).to.equal(phone);
    expect(await writes(api)).to.deep.equal([]);
    type(prefs, '#phone', '0151 12');
    await submit(prefs, '#phone');
    await waitUntil(async () => (await writes(api)).length === 1 && prefs.shadowRoot!.querySelector('#phone-error'), 'the refused number was not shown');
    expect($(prefs, '#phone-error').textContent).to.equal('Bitte geben Sie eine gültige Mobilnummer ein, z. B. 0151 12345678.');
  });

  it('grants and withdraws the SMS consents with their legal texts, and removes the number', async () => {
    const { prefs, api } = await openCenter('sms-verified');
    const alerts = $<HTMLInputElement>(prefs, '#sms-consent-sms-alerts');
    const registrations = $<HTMLInputElement>(prefs, '#sms-consent-sms-registrations');
    expect([alerts.checked, registrations.checked]).to.deep.equal([true, false]);
    const summaries = [...$(prefs, '#phone-heading').closest('section')!.querySelectorAll('summary')].map((s) => s.textContent!.trim());
    expect(summaries[0]).to.contain('Einwilligung SMS-Warnungen');
    expect(summaries[1]).to.contain('Einwilligung SMS zu Anmeldungen');
    alerts.click();
    registrations.click();
    await submit(prefs, '#sms-consent-sms-alerts');
    await waitUntil(() => statusOf(prefs, 'phone') === 'Ihre SMS-Einstellungen wurden gespeichert.', 'the consents were not saved');
    const saved = (await writes(api))[0]!;
    expect(saved.route).to.equal('preferences/sms/consents');
    expect(saved.body.purposes).to.deep.equal({ 'sms-alerts': false, 'sms-registrations': true });
    expect(saved.body.legalTextVersions).to.deep.equal({ 'sms-registrations': 2 });
    expect(saved.body.locale).to.equal('de');
    await expectNoAxeViolations(prefs);

    [...prefs.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Nummer entfernen')!.click();
    await waitUntil(() => prefs.shadowRoot!.querySelector('#phone'), 'the number was not removed');
    await waitUntil(() => focused(prefs) === $(prefs, '#phone'), 'the focus did not go to the number');
    expect(statusOf(prefs, 'phone')).to.equal('Ihre Mobilnummer wurde entfernt. Sie erhalten keine SMS mehr.');
    expect((await writes(api)).at(-1)!.method).to.equal('DELETE');
  });
});

describe('<civic-preferences> without the SMS and alert routes', () => {
  it('still opens the center, without the two sections', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}#civic-token=${FAKE_LINK_TOKEN}`);
    const api = fakeApi('no-channels');
    const prefs = await fixture<HTMLElement>(html`<civic-preferences api=${api.base}></civic-preferences>`);
    await waitUntil(() => prefs.shadowRoot!.querySelector('#center-heading'), 'the preference center did not open');
    await waitUntil(async () => (await api.requests()).some((r) => r.route === 'preferences/alerts'), 'the alert state was not asked for');
    expect(prefs.shadowRoot!.querySelector('#topics-heading')).to.exist;
    expect(prefs.shadowRoot!.querySelector('#phone-heading')).to.equal(null);
    expect(prefs.shadowRoot!.querySelector('#alerts-heading')).to.equal(null);
  });
});

describe('<civic-preferences> alerts', () => {
  it('subscribes to alerts for a district with consent, and withdraws', async () => {
    const { prefs, api } = await openCenter();
    await submit(prefs, '#alertConsent');
    const consent = $(prefs, '#alertConsent');
    expect(consent.getAttribute('aria-invalid')).to.equal('true');
    expect($(prefs, '#alertConsent-error').textContent).to.equal('Bitte willigen Sie ein, damit wir Ihnen Warnungen senden dürfen.');
    expect(focused(prefs)).to.equal(consent);
    type(prefs, '#alertPostalCode', '1');
    $<HTMLInputElement>(prefs, '#alertConsent').click();
    await submit(prefs, '#alertConsent');
    expect($(prefs, '#alertPostalCode').getAttribute('aria-describedby')).to.equal('area-hint alertPostalCode-error');
    expect(await writes(api)).to.deep.equal([]);

    type(prefs, '#alertPostalCode', '');
    type(prefs, '#alertDistrict', 'Nord');
    await submit(prefs, '#alertConsent');
    await waitUntil(() => statusOf(prefs, 'alerts') === 'Sie erhalten jetzt Warnungen für Ihr Gebiet.', 'the subscription was not saved');
    expect(focused(prefs)).to.equal($(prefs, '#alerts-heading'));
    expect($(prefs, '#alerts-heading').closest('section')!.textContent).to.contain('Sie erhalten Warnungen für: Stadtteil nord');
    expect((await writes(api))[0]!.body).to.deep.equal({ subscribed: true, district: 'Nord', postalCode: null, legalTextVersion: 1, locale: 'de' });
    await expectNoAxeViolations(prefs);

    [...prefs.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Warnungen abbestellen')!.click();
    await waitUntil(() => statusOf(prefs, 'alerts') === 'Sie erhalten keine Warnungen mehr.', 'the withdrawal was not saved');
    expect((await writes(api)).at(-1)!.body).to.deep.equal({ subscribed: false, locale: 'de' });
  });

  it('subscribes to the whole town when no area is given, and says alerts come by SMS too when allowed', async () => {
    const { prefs, api } = await openCenter('sms-verified');
    expect($(prefs, '#alerts-heading').closest('section')!.textContent).to.contain('Sie erhalten Warnungen per E-Mail und per SMS.');
    $<HTMLInputElement>(prefs, '#alertConsent').click();
    await submit(prefs, '#alertConsent');
    await waitUntil(() => statusOf(prefs, 'alerts') === 'Sie erhalten jetzt Warnungen für Ihr Gebiet.', 'the subscription was not saved');
    expect($(prefs, '#alerts-heading').closest('section')!.textContent).to.contain('Sie erhalten Warnungen für: die ganze Stadt');
    expect((await writes(api))[0]!.body).to.include({ district: null, postalCode: null });
  });

  it('speaks English: sections, field errors and outcomes', async () => {
    const { prefs } = await openCenter('alerts-active', 'en');
    expect($(prefs, '#phone-heading').textContent).to.equal('My mobile number (SMS)');
    expect($(prefs, '#alerts-heading').textContent).to.equal('Alerts for my area');
    expect($(prefs, '#alerts-heading').closest('section')!.textContent).to.contain('You get alerts for: district nord');
    type(prefs, '#phone', '+49 151 12345678');
    await submit(prefs, '#phone');
    await waitUntil(() => prefs.shadowRoot!.querySelector('#code'), 'the code field did not show');
    expect($(prefs, '#code-hint').textContent).to.equal('We have sent a 6-digit code to +4915112345678.');
    type(prefs, '#code', '000000');
    await submit(prefs, '#code');
    await waitUntil(() => prefs.shadowRoot!.querySelector('#code-error'), 'the wrong code was not shown');
    expect($(prefs, '#code-error').textContent).to.equal('The code is not correct. Please check the text message and try again.');
    [...prefs.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Unsubscribe from alerts')!.click();
    await waitUntil(() => statusOf(prefs, 'alerts') === 'You will not get any more alerts.', 'the withdrawal was not said in English');
    await expectNoAxeViolations(prefs);
  });
});
