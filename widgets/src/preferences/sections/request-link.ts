import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { PreferencesLinkAccepted, PreferencesLinkRequest } from '@civic-dialog/contracts';
import { emailProblem } from '../../shared/validation.js';
import type { PreferencesTexts } from '../preferences.translations.js';
import { describedBy, fieldError, invalid, sectionStatus, submitButton, type PreferencesHost } from './section.js';

/**
 * Why the request form is shown again: a heading above it explains. `fresh-link`: export or erasure
 * needs a link requested a short while ago (403 fresh-link-required); the session stays open.
 */
export type RequestReason = 'link-invalid' | 'session-expired' | 'fresh-link';

/** Asks for a manage link by email; resolves true when the server accepted the request. */
async function requestLink(host: PreferencesHost, event: SubmitEvent): Promise<boolean> {
  event.preventDefault();
  if (host.form.busy) return false;
  const email = String(new FormData(event.currentTarget as HTMLFormElement).get('email') ?? '').trim();
  const emailError = emailProblem(email);
  if (!host.form.check(emailError ? { email: emailError } : {})) return false;
  const request: PreferencesLinkRequest = { email, locale: host.locale, pageUrl: location.href };
  return (await host.request<PreferencesLinkAccepted>('request', 'link', 'POST', '/preferences/link', request)) !== undefined;
}

export function renderRequestForm(
  host: PreferencesHost,
  reason: RequestReason | undefined,
  t: PreferencesTexts,
  onSent: () => void,
  onBack: () => void,
): TemplateResult {
  const [heading, text] =
    reason === 'link-invalid' ? [t.linkInvalidHeading, t.linkInvalidText]
    : reason === 'fresh-link' ? [t.freshLinkHeading, t.freshLinkText]
    : [t.sessionExpiredHeading, t.sessionExpiredText];
  // Asked for a fresh link from within the preferences: the address is known, and the way back stays open.
  const email = reason === 'fresh-link' ? host.view?.profile.email : undefined;
  return html`
    ${reason
      ? html`<div part="notice" class="warning">
          <h2 part="heading" id="notice-heading" tabindex="-1">${heading}</h2>
          <p part="text">${text}</p>
        </div>`
      : nothing}
    <form part="form" novalidate aria-label=${t.requestLabel} @submit=${async (event: SubmitEvent) => (await requestLink(host, event)) && onSent()}>
      <p part="text">${t.requestIntro}</p>
      <div part="field" class="field">
        <label part="label" for="email">${t.email}</label>
        <input part="input" id="email" name="email" type="email" autocomplete="email" required value=${email ?? nothing}
          aria-invalid=${invalid(host, 'email')} aria-describedby=${describedBy(host, 'email') ?? nothing}>
        ${fieldError(host, 'email', t)}
      </div>
      ${submitButton(host, 'request', t.requestSubmit)}
      ${sectionStatus(host, 'request', t)}
    </form>
    ${email
      ? html`<button part="button button-secondary" class="secondary" type="button" @click=${onBack}>${t.backToCenter}</button>`
      : nothing}`;
}
