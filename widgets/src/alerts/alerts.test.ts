import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { AxeResults } from 'axe-core';
import 'axe-core/axe.min.js';
import { fakeApi } from '../../test/helpers.js';
import './define.js';
import type { CivicAlerts } from './define.js';

declare global {
  interface Window {
    axe: { run(context: Element): Promise<AxeResults> };
  }
}

async function mount(scenario: string, attributes: { lang?: string; refresh?: string } = {}) {
  const api = fakeApi(scenario);
  const main = await fixture<HTMLElement>(html`<main><h1>Musterstadt</h1><button>Vorher</button></main>`);
  const alerts = document.createElement('civic-alerts') as CivicAlerts;
  alerts.setAttribute('api', api.base);
  if (attributes.lang) alerts.setAttribute('lang', attributes.lang);
  if (attributes.refresh) alerts.setAttribute('refresh', attributes.refresh);
  main.append(alerts);
  await waitUntil(async () => (await api.requests()).length > 0 && alerts.shadowRoot?.querySelector('[part="base"]'), 'no request', { timeout: 5000 });
  return { alerts, api, main };
}

const region = (alerts: Element) => alerts.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!;
const items = (alerts: Element) => [...alerts.shadowRoot!.querySelectorAll<HTMLElement>('[part="alert"]')];

describe('<civic-alerts>', () => {
  it('shows the current alerts in German in a polite live region, severity first, with area and validity', async () => {
    const { alerts } = await mount('ok');
    await waitUntil(() => items(alerts).length === 2, 'alerts not shown');
    expect(region(alerts).getAttribute('role')).to.equal('status');
    expect(region(alerts).getAttribute('aria-live')).to.equal('polite');
    const [storm, water] = items(alerts).map((item) => item.textContent!.replace(/\s+/g, ' ').trim());
    expect(storm).to.match(/^Gefahr: Unwetter: Parks gesperrt\. Gebiet: ganze Stadt · gültig bis /);
    expect(water).to.match(/^Warnung: Wasserrohrbruch: Leitungswasser bitte abkochen\. Gebiet: Stadtteil Nord, PLZ 12345 · gültig bis /);
    expect(items(alerts).map((item) => item.dataset.severity)).to.deep.equal(['danger', 'warning']);
  });

  it('speaks English where the page does, and marks a German-only alert as German', async () => {
    const { alerts } = await mount('ok', { lang: 'en' });
    await waitUntil(() => items(alerts).length === 2, 'alerts not shown');
    const [storm, water] = items(alerts);
    expect(water!.textContent).to.contain('Warning: Burst water main: please boil tap water.');
    expect(water!.textContent).to.contain('Area: district Nord, postal code 12345');
    expect(water!.getAttribute('lang')).to.equal('en');
    expect(storm!.textContent).to.contain('Danger: Unwetter: Parks gesperrt.');
    expect(storm!.getAttribute('lang')).to.equal('de');
  });

  it('shows nothing but the empty live region while there is no alert', async () => {
    const { alerts } = await mount('none');
    await alerts.updateComplete;
    expect(items(alerts)).to.have.length(0);
    expect(region(alerts).textContent!.trim()).to.equal('');
  });

  it('adds a new alert to the live region when it looks again, without taking the focus', async () => {
    const { alerts, main, api } = await mount('new-alert', { refresh: '1' });
    const button = main.querySelector('button')!;
    button.focus();
    expect(items(alerts)).to.have.length(0);
    await waitUntil(() => items(alerts).length === 1, 'the new alert did not appear', { timeout: 5000 });
    expect(document.activeElement).to.equal(button);
    expect((await api.requests()).every((request) => request.method === 'GET' && request.route === 'alerts')).to.equal(true);
  });

  it('says quietly that the alerts could not be loaded', async () => {
    const { alerts } = await mount('down');
    await waitUntil(() => alerts.shadowRoot!.querySelector('[part="error"]'), 'no error shown');
    expect(alerts.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain('konnten nicht geladen werden');
  });

  it('has no axe violations', async () => {
    const { alerts } = await mount('ok');
    await waitUntil(() => items(alerts).length === 2, 'alerts not shown');
    const { violations } = await window.axe.run(alerts);
    expect(violations.map((v) => v.id)).to.deep.equal([]);
  });
});
