import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { PreferencesSubscriptionsUpdate, PreferencesTopic, PreferencesView } from '@civic-dialog/contracts';
import { legalTextDetails } from '../../shared/form-parts.js';
import type { PreferencesTexts } from '../preferences.translations.js';
import { describedBy, fieldError, invalid, section, sectionStatus, submitButton, type PreferencesHost } from './section.js';

export function isSubscribed(topic: PreferencesTopic | undefined): boolean {
  return topic?.status === 'active' || topic?.status === 'pending';
}

/** Ticked topics the citizen is not subscribed to yet: adding them needs consent. */
function addedTopics(view: PreferencesView, form: HTMLFormElement): string[] {
  const chosen = new FormData(form).getAll('topics').map(String);
  return chosen.filter((slug) => !isSubscribed(view.topics.find((topic) => topic.slug === slug)));
}

function onChange(host: PreferencesHost, event: Event): void {
  const view = host.view;
  const form = event.currentTarget as HTMLFormElement;
  if (!view) return;
  host.addingTopics = addedTopics(view, form).length > 0;
  host.form.recheck('consent', () => ((form.elements.namedItem('consent') as HTMLInputElement | null)?.checked ? undefined : 'consentRequired'));
}

async function onSave(host: PreferencesHost, event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const { view, form: controller } = host;
  if (controller.busy || !view) return;
  const form = event.currentTarget as HTMLFormElement;
  const data = new FormData(form);
  const update: PreferencesSubscriptionsUpdate = { topics: data.getAll('topics').map(String) };
  const adding = addedTopics(view, form).length > 0;
  if (!controller.check(adding && data.get('consent') !== 'yes' ? { consent: 'consentRequired' } : {})) return;
  if (adding) {
    update.consent = true;
    update.legalTextVersion = view.legalText?.version;
  }
  await host.save('topics', 'topicsSaved', { change: 'topics' }, 'PUT', '/preferences/subscriptions', update);
}

/**
 * The topics form: subscribe and unsubscribe; consent to the current legal text when adding a topic.
 * The section's heading names it once (the region); form and group repeat no name.
 */
export function renderTopics(host: PreferencesHost, view: PreferencesView, t: PreferencesTexts): TemplateResult {
  const legal = view.legalText;
  return section('topics', t.topicsHeading, html`
    <form part="form" novalidate @submit=${(event: SubmitEvent) => onSave(host, event)} @change=${(event: Event) => onChange(host, event)}>
      <fieldset part="fieldset" aria-describedby="topics-hint">
        <p part="hint" id="topics-hint" class="hint">${t.topicsHint}</p>
        ${view.topics.map((topic) => renderTopic(topic, Boolean(legal), t))}
      </fieldset>
      ${legal ? nothing : html`<p part="hint" class="hint">${t.noLegalText}</p>`}
      ${legal && host.addingTopics
        ? html`<div part="field" class="field">
            <div part="choice" class="choice">
              <input part="checkbox" type="checkbox" id="consent" name="consent" value="yes" required
                aria-invalid=${invalid(host, 'consent')} aria-describedby=${describedBy(host, 'consent') ?? nothing}>
              <label part="label" for="consent">${t.consent}</label>
            </div>
            ${legalTextDetails(legal, t)}
            ${fieldError(host, 'consent', t)}
          </div>`
        : nothing}
      ${submitButton(host, 'topics', t.saveTopics)}
      ${sectionStatus(host, 'topics', t)}
    </form>`);
}

function renderTopic(topic: PreferencesTopic, canAdd: boolean, t: PreferencesTexts): TemplateResult {
  const id = `topic-${topic.slug}`;
  const subscribed = isSubscribed(topic);
  return html`<div part="choice" class="choice">
    <input part="checkbox" type="checkbox" id=${id} name="topics" .value=${topic.slug} ?checked=${subscribed}
      ?disabled=${!subscribed && !canAdd} aria-describedby=${topic.description ? `${id}-description` : nothing}>
    <label part="choice-label" for=${id}>${topic.name}${topic.status
      ? html` <span part="topic-status" class="topic-status">(${t.topicStatus[topic.status]})</span>`
      : nothing}</label>
    ${topic.description ? html`<p part="hint" id="${id}-description" class="hint">${topic.description}</p>` : nothing}
  </div>`;
}
