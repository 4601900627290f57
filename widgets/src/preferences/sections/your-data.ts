import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { PersonalDataExport, PreferencesView } from '@civic-dialog/contracts';
import type { PreferencesTexts } from '../preferences.translations.js';
import { section, sectionStatus, type PreferencesHost } from './section.js';
import { isSubscribed } from './topics.js';

/** Long enough for the browser to start the download, then the object URL is released. */
const DOWNLOAD_URL_LIFETIME_MS = 10_000;

async function onUnsubscribeAll(host: PreferencesHost): Promise<void> {
  if (host.form.busy) return;
  await host.save('data', 'unsubscribedAll', { change: 'unsubscribe-all' }, 'POST', '/preferences/unsubscribe-all');
  // Success removes the focused button: keep the keyboard where the outcome is (WCAG 2.4.3).
  if (host.form.noticeOf('data')?.kind === 'done') await host.form.focus('#data-heading');
}

/** Downloads everything stored about the citizen as a JSON file. */
async function onExport(host: PreferencesHost): Promise<void> {
  if (host.form.busy) return;
  const exported = await host.request<PersonalDataExport>('data', 'export', 'GET', '/preferences/export');
  if (!exported) return;
  const url = URL.createObjectURL(new Blob([JSON.stringify(exported, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `civic-dialog-export-${new Date().toISOString().slice(0, 10)}.json`;
  link.hidden = true;
  host.renderRoot.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_URL_LIFETIME_MS);
  host.form.say({ kind: 'done', text: 'exported' }, 'data');
}

/** Unsubscribe from everything, download all data, or start erasing it (confirmed in a second step). */
export function renderYourData(host: PreferencesHost, view: PreferencesView, t: PreferencesTexts, startErase: () => void): TemplateResult {
  const busy = host.form.busy ? 'true' : 'false';
  return section('data', t.dataHeading, html`
    ${view.topics.some(isSubscribed)
      ? html`<div class="action">
          <p part="text">${t.unsubscribeAllText}</p>
          <button part="button button-secondary" class="secondary" type="button" aria-disabled=${busy}
            @click=${() => void onUnsubscribeAll(host)}>${t.unsubscribeAll}</button>
        </div>`
      : nothing}
    <div class="action">
      <p part="text">${t.exportText}</p>
      <button part="button button-secondary" class="secondary" type="button" aria-disabled=${busy}
        @click=${() => void onExport(host)}>${t.exportData}</button>
    </div>
    <div class="action">
      <p part="text">${t.eraseText}</p>
      <button part="button button-danger" class="danger" id="erase-start" type="button" aria-disabled=${busy}
        @click=${startErase}>${t.erase}</button>
    </div>
    ${sectionStatus(host, 'data', t)}`);
}

/** The second step of erasure: what it means, erase or cancel (Escape cancels too). */
export function renderEraseConfirmation(host: PreferencesHost, t: PreferencesTexts, confirm: () => void, cancel: () => void): TemplateResult {
  const busy = host.form.busy === 'erase' ? 'true' : 'false';
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    cancel();
  };
  return html`
    <section part="section" class="warning" aria-labelledby="erase-heading" @keydown=${onKeydown}>
      <h2 part="heading" id="erase-heading" tabindex="-1">${t.eraseHeading}</h2>
      <ul part="consequences">${t.eraseConsequences.map((consequence) => html`<li>${consequence}</li>`)}</ul>
      <div class="buttons">
        <button part="button button-danger" class="danger" id="erase-confirm" type="button" aria-disabled=${busy} @click=${confirm}>${t.eraseConfirm}</button>
        <button part="button button-secondary" class="secondary" id="erase-cancel" type="button" aria-disabled=${busy} @click=${cancel}>${t.eraseCancel}</button>
      </div>
      ${sectionStatus(host, 'erase', t)}
    </section>`;
}
