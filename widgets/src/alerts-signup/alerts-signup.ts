import { CivicElement } from '../shared/civic-element.js';
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { AlertSignupRequest, PublicLegalText } from '@civic-dialog/contracts';
import { CivicApiClient, noticeText, type ApiFailure } from '../shared/api-client.js';
import { areaProblems } from '../shared/area.js';
import { eventInit } from '../shared/events.js';
import { baseStyles } from '../shared/base.styles.js';
import { formFeedbackStyles } from '../shared/form-feedback.styles.js';
import { errorSummary, honeypotField, legalTextDetails, statusRegion } from '../shared/form-parts.js';
import { formFieldStyles } from '../shared/form-field.styles.js';
import { FormController } from '../shared/form-controller.js';
import { LocalizeController } from '../shared/localize.js';
import { emailProblem } from '../shared/validation.js';
import { alertsSignupStyles } from './alerts-signup.styles.js';
import { alertsSignupTexts, type AlertsSignupTexts } from './alerts-signup.translations.js';

type Field = 'email' | 'district' | 'postalCode' | 'consent';
/** Visual order of the fields: the first invalid one gets the focus. */
const FIELDS: readonly Field[] = ['email', 'district', 'postalCode', 'consent'];
type ErrorKey = 'emailRequired' | 'emailInvalid' | 'districtInvalid' | 'postalCodeInvalid' | 'consentRequired';
/** The message the widget shows for a server-side error on a field (never the server's English). */
const SERVER_ERROR_KEYS: Record<Field, ErrorKey> = {
  email: 'emailInvalid',
  district: 'districtInvalid',
  postalCode: 'postalCodeInvalid',
  consent: 'consentRequired',
};
type FieldErrors = Partial<Record<Field, ErrorKey>>;
/** `unavailable`: the page cannot reach the API as set up (the console says why); no retry. */
type Phase = 'loading' | 'load-error' | 'unavailable' | 'idle' | 'success';

interface AlertsSignupValues {
  email: string;
  district: string;
  postalCode: string;
  consent: boolean;
  website: string;
}

export interface CivicAlertsSignupSuccessDetail {
  /** The area asked for; neither: the whole town. */
  district: string | null;
  postalCode: string | null;
  locale: AlertSignupRequest['locale'];
}
export interface CivicAlertsSignupErrorDetail {
  stage: 'load' | 'submit';
  kind: ApiFailure['kind'];
}

/**
 * Alerts for an area ("Warnungen") with double opt-in: email, a district and/or postal code (or
 * neither: the whole town) and consent to the current `alerts` text; posts to
 * POST /api/civic-dialog/alerts/signups. The answer is the same for every address (the citizen gets
 * a confirmation mail). SMS alerts are added after the confirmation in the preference center, where
 * the number is confirmed with a code (README, "Urgent alerts").
 *
 * @summary Alert subscription form for a town's website.
 * @tagname civic-alerts-signup
 *
 * @attr api - Base URL of the CMS serving the Civic Dialog API, e.g. `https://cms.example`. Empty: the page's own origin.
 * @attr districts - Comma-separated names of the town's districts, e.g. `Nord,Mitte,Süd`: offered as a list. Empty: the district is typed in.
 * @attr lang - `de` or `en`. Without it, the nearest `[lang]` ancestor, then `<html lang>`, then `de`.
 *
 * @event {CustomEvent<CivicAlertsSignupSuccessDetail>} civic-alerts-signup-success - The server accepted the subscription; a confirmation mail is on its way. `detail: { district, postalCode, locale }` (no email address).
 * @event {CustomEvent<CivicAlertsSignupErrorDetail>} civic-alerts-signup-error - Loading the form or submitting it failed. `detail: { stage: 'load' | 'submit', kind: 'network' | 'unavailable' | 'rate-limited' | 'validation' | 'server' }`.
 *
 * @csspart base - Wrapper around everything.
 * @csspart loading - The text shown while the consent text loads.
 * @csspart intro - What the alerts are for.
 * @csspart form - The form.
 * @csspart error-summary - List of all errors, shown when a submit fails with more than one.
 * @csspart field - Each field: label, control, hint and error.
 * @csspart label - Labels of the fields.
 * @csspart input - The email, district and postal-code inputs (the district list too).
 * @csspart hint - Help texts ("optional", "leave empty for the whole town").
 * @csspart error - A field's error message.
 * @csspart fieldset - The area group.
 * @csspart legend - The area group's legend.
 * @csspart choice - The consent checkbox with its label.
 * @csspart checkbox - The consent checkbox.
 * @csspart legal-text - The `<details>` with the consent text.
 * @csspart legal-summary - The `<summary>` that opens the consent text.
 * @csspart legal-body - The consent text's paragraphs.
 * @csspart button - The submit button and the retry button.
 * @csspart status - The live region for progress and error messages (empty while nothing to say).
 * @csspart success - The panel shown after a successful subscription.
 * @csspart success-heading - Its heading (receives focus).
 * @csspart success-text - Its texts.
 *
 * @cssprop [--civic-color-primary=#0b57a4] - Button background, checkbox accent and links.
 * @cssprop [--civic-color-primary-contrast=#fff] - Button text colour.
 * @cssprop [--civic-color-text=#1f1f1f] - Text colour.
 * @cssprop [--civic-color-background=transparent] - Widget background.
 * @cssprop [--civic-color-input-background=#fff] - Background of the inputs.
 * @cssprop [--civic-color-border=#6b6b6b] - Input borders (keep ≥ 3:1 contrast).
 * @cssprop [--civic-color-hint=#4a4a4a] - Help text colour.
 * @cssprop [--civic-color-error=#b3261e] - Error text and borders.
 * @cssprop [--civic-color-error-background=#fdf0ef] - Background of error messages.
 * @cssprop [--civic-color-success=#1e6b34] - Accent of the success panel.
 * @cssprop [--civic-color-success-background=#eef7f0] - Background of the success panel.
 * @cssprop [--civic-font-family=system-ui, sans-serif] - Font family.
 * @cssprop [--civic-font-size=medium] - Base font size.
 * @cssprop [--civic-radius=4px] - Corner radius of inputs and buttons.
 * @cssprop [--civic-space=1em] - Base spacing unit.
 * @cssprop [--civic-focus-ring=3px solid #1f1f1f] - `outline` of the focused control.
 */
export class CivicAlertsSignup extends CivicElement {
  static override styles = [baseStyles, formFieldStyles, formFeedbackStyles, alertsSignupStyles];

  // Reactive properties without decorators, set in the constructor (see <civic-signup>).
  static override properties = {
    api: {},
    districts: {},
    phase: { state: true, attribute: false },
    legalText: { state: true, attribute: false },
  };

  declare api: string;
  declare districts: string;
  declare private phase: Phase;
  declare private legalText: PublicLegalText | undefined;

  readonly #localize = new LocalizeController<AlertsSignupTexts>(this, alertsSignupTexts);
  /** `api|locale` of the consent text on screen; a change reloads it. */
  #loadedFor = '';
  readonly #form = new FormController<Field, ErrorKey>(this, () => FIELDS, (field) => this.renderRoot.querySelector<HTMLElement>(`#${field}`));

  constructor() {
    super();
    this.api = '';
    this.districts = '';
    this.phase = 'loading';
  }

  /** Renders only with the texts of the reader's language loaded (their chunk loads first). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.#localize.whenReady(() => super.scheduleUpdate());
  }

  protected override willUpdate(): void {
    const wanted = `${this.api}|${this.#localize.locale}`;
    // A language switch during submit or after success must not reset what the citizen sees.
    if (wanted !== this.#loadedFor && !this.#form.busy && this.phase !== 'success') {
      this.#loadedFor = wanted;
      void this.#load();
    }
  }

  get #districtList(): string[] {
    return this.districts.split(',').map((name) => name.trim()).filter(Boolean);
  }

  async #load(): Promise<void> {
    this.phase = 'loading';
    this.#form.say(undefined);
    const loaded = await this.#form.load(() => new CivicApiClient(this.api).legalText(this.#localize.locale, 'alerts'));
    if (loaded === 'stale') return;
    if ('failure' in loaded) {
      this.phase = loaded.failure.kind === 'unavailable' ? 'unavailable' : 'load-error';
      this.dispatchEvent(new CustomEvent('civic-alerts-signup-error', eventInit<CivicAlertsSignupErrorDetail>({ stage: 'load', kind: loaded.failure.kind })));
      return;
    }
    this.legalText = loaded.value;
    this.phase = 'idle';
  }

  #readForm(form: HTMLFormElement): AlertsSignupValues {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    return { email: text('email'), district: text('district'), postalCode: text('postalCode'), consent: data.get('consent') === 'yes', website: String(data.get('website') ?? '') };
  }

  #validate(values: AlertsSignupValues): FieldErrors {
    const errors: FieldErrors = areaProblems(values.district, values.postalCode);
    const emailError = emailProblem(values.email);
    if (emailError) errors.email = emailError;
    if (!values.consent) errors.consent = 'consentRequired';
    return errors;
  }

  #onFormInput(event: Event): void {
    const form = event.currentTarget as HTMLFormElement;
    const edited = (event.target as HTMLInputElement).name as Field;
    this.#form.recheck(edited, () => this.#validate(this.#readForm(form))[edited]);
  }

  async #onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.#form.busy || this.phase !== 'idle' || !this.legalText) return;
    const values = this.#readForm(event.currentTarget as HTMLFormElement);
    if (!this.#form.check(this.#validate(values))) return;

    const request: AlertSignupRequest = {
      email: values.email,
      // Neither district nor postal code: alerts for the whole town.
      ...(values.district ? { district: values.district } : {}),
      ...(values.postalCode ? { postalCode: values.postalCode } : {}),
      locale: this.legalText.locale,
      legalTextVersion: this.legalText.version,
      consent: true,
      pageUrl: location.href,
      widget: 'civic-alerts-signup',
      website: values.website,
    };
    const accepted = await this.#form.run('submit', (proof) => new CivicApiClient(this.api).post('/alerts/signups', { ...request, ...proof }), {
      botCheck: { api: this.api, form: 'alert-signup' },
      fieldOf: ({ field }) => (Object.hasOwn(SERVER_ERROR_KEYS, field) ? [field as Field, SERVER_ERROR_KEYS[field as Field]] : undefined),
      onFailure: (failure) => {
        this.dispatchEvent(new CustomEvent('civic-alerts-signup-error', eventInit<CivicAlertsSignupErrorDetail>({ stage: 'submit', kind: failure.kind })));
      },
    });
    if (!accepted) return;
    this.phase = 'success';
    await this.#form.focus('#success-heading');
    const detail: CivicAlertsSignupSuccessDetail = { district: request.district ?? null, postalCode: request.postalCode ?? null, locale: request.locale };
    this.dispatchEvent(new CustomEvent('civic-alerts-signup-success', eventInit(detail)));
  }

  protected override render(): TemplateResult {
    const t = this.#localize.t;
    return html`
      <div part="base" class="base">
        ${this.phase === 'loading' ? html`<p part="loading" class="loading">${t.loading}</p>` : nothing}
        ${this.phase === 'load-error' ? html`<button part="button" type="button" @click=${() => void this.#load()}>${t.retry}</button>` : nothing}
        ${this.phase === 'idle' ? this.#renderForm(t) : nothing}
        ${this.phase === 'success' ? this.#renderSuccess(t) : nothing}
        ${statusRegion(this.#statusText(t), this.phase === 'load-error' || this.phase === 'unavailable' || this.#form.notice ? 'is-error' : '')}
      </div>
    `;
  }

  #statusText(t: AlertsSignupTexts): string {
    if (this.phase === 'load-error') return t.loadError;
    if (this.phase === 'unavailable') return t.formUnavailable;
    if (this.#form.busy) return this.#form.progress(t.submitting);
    return this.#form.notice ? noticeText(this.#form.notice, t) : '';
  }

  /** aria-describedby of a control: its hint (if any) and its error (if shown). */
  #describedBy(field: Field, hint?: string): string | typeof nothing {
    return [hint, this.#form.errors[field] ? `${field}-error` : ''].filter(Boolean).join(' ') || nothing;
  }

  #renderForm(t: AlertsSignupTexts): TemplateResult | typeof nothing {
    const legal = this.legalText;
    if (!legal) return nothing;
    const errors = this.#form.errors;
    const invalid = this.#form.invalid;
    const districts = this.#districtList;
    const optional = html`<span part="hint" class="hint">${t.optional}</span>`;
    return html`
      <p part="intro" class="intro">${t.intro}</p>
      <form part="form" novalidate aria-label=${t.formLabel} @submit=${this.#onSubmit} @input=${this.#onFormInput} @change=${this.#onFormInput}>
        ${invalid.length > 1
          ? errorSummary(t.summary(invalid.length), invalid.map((field) => ({ href: `#${field}`, label: t[errors[field]!], focus: () => this.#form.focusField(field) })))
          : nothing}
        <div part="field" class="field">
          <label part="label" for="email">${t.email}</label>
          <input part="input" id="email" name="email" type="email" autocomplete="email" required
            aria-invalid=${errors.email ? 'true' : 'false'} aria-describedby=${this.#describedBy('email')}>
          ${this.#renderError('email', t)}
        </div>
        <fieldset part="fieldset">
          <legend part="legend">${t.area}</legend>
          <p part="hint" id="area-hint" class="hint">${t.areaHint}</p>
          <div part="field" class="field">
            <label part="label" for="district">${t.district} ${optional}</label>
            ${districts.length
              ? html`<select part="input" id="district" name="district" aria-invalid=${errors.district ? 'true' : 'false'} aria-describedby=${this.#describedBy('district', 'area-hint')}>
                  <option value="">${t.noDistrict}</option>
                  ${districts.map((name) => html`<option .value=${name}>${name}</option>`)}
                </select>`
              : html`<input part="input" id="district" name="district" type="text" autocomplete="address-level3"
                  aria-invalid=${errors.district ? 'true' : 'false'} aria-describedby=${this.#describedBy('district', 'area-hint')}>`}
            ${this.#renderError('district', t)}
          </div>
          <div part="field" class="field">
            <label part="label" for="postalCode">${t.postalCode} ${optional}</label>
            <input part="input" id="postalCode" name="postalCode" type="text" autocomplete="postal-code"
              aria-invalid=${errors.postalCode ? 'true' : 'false'} aria-describedby=${this.#describedBy('postalCode', 'area-hint')}>
            ${this.#renderError('postalCode', t)}
          </div>
        </fieldset>
        <div part="field" class="field">
          <div part="choice" class="choice">
            <input part="checkbox" type="checkbox" id="consent" name="consent" value="yes" required
              aria-invalid=${errors.consent ? 'true' : 'false'} aria-describedby=${this.#describedBy('consent')}>
            <label part="label" for="consent">${t.consent}</label>
          </div>
          ${legalTextDetails(legal, t)}
          ${this.#renderError('consent', t)}
        </div>
        ${honeypotField(t.honeypot)}
        <button part="button" type="submit" aria-disabled=${this.#form.busy ? 'true' : 'false'}>${t.submit}</button>
      </form>
    `;
  }

  #renderError(field: Field, t: AlertsSignupTexts): TemplateResult | typeof nothing {
    const key = this.#form.errors[field];
    return key ? html`<p part="error" id="${field}-error" class="error">${t[key]}</p>` : nothing;
  }

  #renderSuccess(t: AlertsSignupTexts): TemplateResult {
    return html`
      <div part="success" class="success">
        <h2 part="success-heading" id="success-heading" tabindex="-1">${t.successHeading}</h2>
        <p part="success-text">${t.successText}</p>
        <p part="success-text">${t.smsHint}</p>
      </div>
    `;
  }
}
