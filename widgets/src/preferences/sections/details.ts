import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { Locale, PreferencesProfilePatch, PreferencesView, ProfileField } from '@civic-dialog/contracts';
import { LIMITS, POSTAL_CODE_PATTERN, PREFERENCE_LIMITS } from '@civic-dialog/contracts/rules/limits';
import { LOCALES } from '../../shared/localize.js';
import type { PreferencesTexts } from '../preferences.translations.js';
import { describedBy, fieldError, invalid, section, sectionStatus, submitButton, type FieldErrors, type PreferencesHost } from './section.js';

const AUTOCOMPLETE: Record<ProfileField, string> = { firstName: 'given-name', postalCode: 'postal-code', district: 'address-level3' };

function readDetails(host: PreferencesHost, form: HTMLFormElement): PreferencesProfilePatch {
  const data = new FormData(form);
  const patch: PreferencesProfilePatch = { locale: data.get('locale') === 'en' ? 'en' : 'de' };
  // An emptied field is sent as '' (clears it); fields the town does not ask for are left out.
  for (const field of host.view?.askedFields ?? []) patch[field] = String(data.get(field) ?? '').trim();
  return patch;
}

function validateDetails(patch: PreferencesProfilePatch): FieldErrors {
  const errors: FieldErrors = {};
  if ((patch.firstName?.length ?? 0) > LIMITS.firstNameLength) errors.firstName = 'firstNameInvalid';
  const postalCode = patch.postalCode;
  if (postalCode !== undefined && (postalCode.length > PREFERENCE_LIMITS.postalCodeLength || !POSTAL_CODE_PATTERN.test(postalCode))) {
    errors.postalCode = 'postalCodeInvalid';
  }
  if ((patch.district?.length ?? 0) > PREFERENCE_LIMITS.districtLength) errors.district = 'districtInvalid';
  return errors;
}

function onInput(host: PreferencesHost, event: Event): void {
  const form = event.currentTarget as HTMLFormElement;
  const edited = (event.target as HTMLInputElement).name as ProfileField;
  host.form.recheck(edited, () => validateDetails(readDetails(host, form))[edited]);
}

async function onSave(host: PreferencesHost, event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (host.form.busy || !host.view) return;
  const patch = readDetails(host, event.currentTarget as HTMLFormElement);
  if (!host.form.check(validateDetails(patch))) return;
  await host.save('details', 'detailsSaved', { change: 'details' }, 'PATCH', '/preferences/profile', patch);
}

/** The details the town asks for (first name, postal code, district) and the language of mails; named once, by the section's heading. */
export function renderDetails(host: PreferencesHost, view: PreferencesView, t: PreferencesTexts): TemplateResult {
  const profile = view.profile;
  return section('details', t.detailsHeading, html`
    <form part="form" novalidate @submit=${(event: SubmitEvent) => onSave(host, event)} @input=${(event: Event) => onInput(host, event)}>
      ${view.askedFields.map((field) => html`<div part="field" class="field">
        <label part="label" for=${field}>${t[field]} <span part="hint" class="hint">${t.optional}</span></label>
        <input part="input" id=${field} name=${field} type="text" autocomplete=${AUTOCOMPLETE[field]} .value=${profile[field] ?? ''}
          aria-invalid=${invalid(host, field)} aria-describedby=${describedBy(host, field) ?? nothing}>
        ${fieldError(host, field, t)}
      </div>`)}
      <div part="field" class="field">
        <label part="label" for="locale">${t.language}</label>
        <select part="select" id="locale" name="locale">
          ${LOCALES.map((locale: Locale) => html`<option value=${locale} lang=${locale} ?selected=${profile.locale === locale}>${t.languageNames[locale]}</option>`)}
        </select>
      </div>
      ${submitButton(host, 'details', t.saveDetails)}
      ${sectionStatus(host, 'details', t)}
    </form>`);
}
