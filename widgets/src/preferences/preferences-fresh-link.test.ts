/**
 * Export and erasure need a freshly requested manage link: with a session from an older mail the
 * server answers 403 with reason `fresh-link-required` (fake scenario `fresh-link`), and the
 * widget explains why, focused, and offers the request form for the signed-in address.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { expectNoAxeViolations, restoreHtmlLangAfterEach } from '../../test/a11y.js';
import { FAKE_LINK_TOKEN } from '../../test/fake-preferences.mjs';
import { $, $$, fakeApi, focused, type FakeApi } from '../../test/helpers.js';
import type { CivicPreferencesErrorDetail } from './preferences.js';
import './define.js';

restoreHtmlLangAfterEach();
afterEach(() => history.replaceState(null, '', `${location.pathname}${location.search}`));

/** The preference center, opened with a link from an older mail. */
async function openCenter(lang?: string): Promise<{ prefs: HTMLElement; api: FakeApi }> {
  history.replaceState(null, '', `${location.pathname}${location.search}#civic-token=${FAKE_LINK_TOKEN}`);
  const api = fakeApi('fresh-link');
  const main = await fixture<HTMLElement>(html`<main><h1>Musterstadt</h1></main>`);
  const prefs = document.createElement('civic-preferences');
  prefs.setAttribute('api', api.base);
  if (lang) prefs.setAttribute('lang', lang);
  main.append(prefs);
  await waitUntil(() => prefs.shadowRoot?.querySelector('#center-heading'), 'the preference center did not open');
  return { prefs, api };
}

const noticeHeading = (prefs: HTMLElement) => prefs.shadowRoot!.querySelector<HTMLElement>('#notice-heading');
const text = (prefs: HTMLElement, selector: string) => $(prefs, selector).textContent!.replace(/\s+/g, ' ').trim();

describe('<civic-preferences> export and erasure with a link from an older mail', () => {
  it('explains after "download" that a new link is needed for the citizen\'s protection, focused, with the address filled in', async () => {
    const { prefs, api } = await openCenter();
    const failed = oneEvent(prefs, 'civic-preferences-error');
    $(prefs, '#data-heading').closest('section')!.querySelectorAll<HTMLElement>('[part~="button-secondary"]')[1]!.click();
    expect(((await failed) as CustomEvent<CivicPreferencesErrorDetail>).detail).to.deep.equal({ stage: 'export', kind: 'server', status: 403 });
    await waitUntil(() => noticeHeading(prefs), 'no explanation');
    await (prefs as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;

    expect(focused(prefs)).to.equal(noticeHeading(prefs));
    expect(text(prefs, '#notice-heading')).to.equal('Dafür brauchen Sie einen neuen Link');
    expect(text(prefs, '[part="notice"] [part="text"]')).to.contain('Zu Ihrem Schutz');
    expect($<HTMLInputElement>(prefs, '#email').value).to.equal('anna@example.org');
    // No download was offered, and the server's English never shows.
    expect(prefs.shadowRoot!.textContent).not.to.contain('request a new link by email');
    await expectNoAxeViolations(prefs);

    // The request form is the usual one: it asks for the link for this address.
    const sent = waitUntil(() => prefs.shadowRoot!.querySelector('#link-sent-heading'), 'no link requested');
    $(prefs, 'button[type="submit"]').click();
    await sent;
    const [link] = (await api.requests()).filter((request) => request.route === 'preferences/link');
    expect(link!.body).to.deep.include({ email: 'anna@example.org', locale: 'de' });
  });

  it('explains it in English after "delete" was confirmed, and leads back to the preferences', async () => {
    const { prefs, api } = await openCenter('en');
    $(prefs, '#erase-start').click();
    await waitUntil(() => prefs.shadowRoot!.querySelector('#erase-confirm'), 'no confirmation');
    $(prefs, '#erase-confirm').click();
    await waitUntil(() => noticeHeading(prefs), 'no explanation');
    await (prefs as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;

    expect(focused(prefs)).to.equal(noticeHeading(prefs));
    expect(text(prefs, '#notice-heading')).to.equal('You need a new link for this');
    expect(text(prefs, '[part="notice"] [part="text"]')).to.contain('For your protection');
    await expectNoAxeViolations(prefs);
    expect((await api.requests()).filter((request) => request.route === 'preferences/erase')).to.have.length(1);

    const back = $$(prefs, 'button').find((button) => button.textContent!.trim() === 'Back to your preferences')!;
    back.click();
    await waitUntil(() => prefs.shadowRoot!.querySelector('#data-heading'), 'not back in the preferences');
    await (prefs as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(focused(prefs)).to.equal($(prefs, '#data-heading'));
    // The session still works for everything else.
    expect(text(prefs, '#center-heading')).to.equal('Your preferences');
  });
});
