import { html, type TemplateResult } from 'lit/html.js';
import type { ApiFailure } from '../../shared/api-client.js';
import type { AlertPreferences, Locale, PreferencesView, ProfileField, PublicLegalText, SmsPurpose, SmsState } from '@civic-dialog/contracts';
import type { FieldOfServerError, FormController } from '../../shared/form-controller.js';
import { noticeText } from '../../shared/api-client.js';
import { statusRegion } from '../../shared/form-parts.js';
import type { PreferencesTexts } from '../preferences.translations.js';

/** The part of the widget a request belongs to: its progress and outcome show in that part's live region. */
export type Section = 'request' | 'topics' | 'details' | 'data' | 'erase' | 'phone' | 'alerts';
export type Field = 'email' | 'consent' | ProfileField | ChannelField;
/** What the two sections show: the SMS state, the alert subscription and the consent texts (null: none published). */
export interface ChannelState {
  /** Null when the CMS does not answer the route (a plugin without the feature): its section is left out. */
  sms: SmsState['data'] | null;
  alerts: AlertPreferences['data'] | null;
  legalTexts: Record<SmsPurpose | 'alerts', PublicLegalText | null>;
}

/** The phone and alert sections' fields (sections/channels.ts, a lazy chunk). */
export type ChannelField = 'phone' | 'code' | 'alertDistrict' | 'alertPostalCode' | 'alertConsent';
export type ErrorKey =
  | 'emailRequired'
  | 'emailInvalid'
  | 'consentRequired'
  | 'firstNameInvalid'
  | 'postalCodeInvalid'
  | 'districtInvalid'
  | ChannelErrorKey;
/** The phone and alert sections' messages: their texts are in the lazy chunk (sections/channel-texts.ts). */
export type ChannelErrorKey = 'phoneInvalid' | 'codeInvalid' | 'codeWrong' | 'codeExpired' | 'codeTooManyTries' | 'postalCodeInvalid' | 'districtInvalid' | 'consentRequired';
export type FieldErrors = Partial<Record<Field, ErrorKey>>;
/** What a section says after its request succeeded. */
export type Outcome = 'topicsSaved' | 'detailsSaved' | 'unsubscribedAll' | 'exported' | ChannelOutcome;
export type ChannelOutcome = 'codeSent' | 'phoneVerified' | 'smsConsentsSaved' | 'phoneRemoved' | 'alertsSubscribed' | 'alertsWithdrawn';
export type PreferencesForm = FormController<Field, ErrorKey, Outcome>;

export interface CivicPreferencesSavedDetail {
  change: 'topics' | 'details' | 'unsubscribe-all';
}
export interface CivicPreferencesErrorDetail {
  stage: 'link' | 'session' | 'load' | 'save' | 'export' | 'erase';
  kind: ApiFailure['kind'];
  status?: number;
}

/**
 * What a section of <civic-preferences> needs from the element. The sections are render functions
 * and handlers, not elements of their own: every control stays in the widget's one shadow root.
 */
export interface PreferencesHost extends HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly form: PreferencesForm;
  readonly locale: Locale;
  /** The signed-in citizen's preferences (center only). */
  readonly view: PreferencesView | undefined;
  /** The topics form has a topic ticked that is not subscribed yet: consent is needed. */
  addingTopics: boolean;
  /** The phone and alert sections' state (sections/channels.ts), loaded with the session. */
  channels: ChannelState | undefined;
  /**
   * One request of a section with the session's token: its progress and failure show in the
   * section, a 401 ends the session. Undefined when it failed or another request is under way.
   */
  request<T>(section: Section, stage: CivicPreferencesErrorDetail['stage'], method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, fieldOf?: FieldOfServerError<Field, ErrorKey>): Promise<T | undefined>;
  /** Sends a change; on success shows the new preferences with the outcome in the section. */
  save(section: Section, outcome: Outcome, detail: CivicPreferencesSavedDetail, method: 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown): Promise<void>;
}

/** A section of the center: a region named by its heading. */
export function section(id: Section | 'history', heading: string, content: TemplateResult): TemplateResult {
  return html`
    <section part="section" class="section" aria-labelledby="${id}-heading">
      <h3 part="section-heading" id="${id}-heading" tabindex="-1">${heading}</h3>
      ${content}
    </section>`;
}

export function submitButton(host: PreferencesHost, part: Section, label: string): TemplateResult {
  return html`<button part="button" type="submit" aria-disabled=${host.form.busy === part ? 'true' : 'false'}>${label}</button>`;
}

export function invalid(host: PreferencesHost, field: Field): 'true' | 'false' {
  return host.form.errors[field] ? 'true' : 'false';
}

export function describedBy(host: PreferencesHost, field: Field): string | undefined {
  return host.form.errors[field] ? `${field}-error` : undefined;
}

export function fieldError(host: PreferencesHost, field: Field, t: PreferencesTexts): TemplateResult | string {
  const key = host.form.errors[field];
  return key ? html`<p part="error" id="${field}-error" class="error">${t[key as Exclude<ErrorKey, 'phoneInvalid' | 'codeInvalid' | 'codeWrong' | 'codeExpired' | 'codeTooManyTries'>]}</p>` : '';
}

/** One live region per section, so a message shows next to what the citizen just did. */
export function sectionStatus(host: PreferencesHost, part: Section, t: PreferencesTexts): TemplateResult {
  const form = host.form;
  const notice = form.noticeOf(part);
  if (form.busy === part) return statusRegion(form.progress(part === 'request' ? t.requesting : part === 'erase' ? t.erasing : t.saving), '');
  if (!notice) return statusRegion('', '');
  return notice.kind === 'done' ? statusRegion(t[notice.text as Exclude<Outcome, ChannelOutcome>], 'is-success') : statusRegion(noticeText(notice, t), 'is-error');
}
