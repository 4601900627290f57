import { CivicElement } from '../shared/civic-element.js';
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { PublicLegalText, PublicTopic, SignupRequest } from '@civic-dialog/contracts';
import { LIMITS } from '@civic-dialog/contracts/rules/limits';
import { CivicApiClient, noticeText, type ApiFailure } from '../shared/api-client.js';
import { eventInit } from '../shared/events.js';
import { baseStyles } from '../shared/base.styles.js';
import { formFeedbackStyles } from '../shared/form-feedback.styles.js';
import { errorSummary, honeypotField, legalTextDetails, statusRegion } from '../shared/form-parts.js';
import { formFieldStyles } from '../shared/form-field.styles.js';
import { FormController } from '../shared/form-controller.js';
import { LocalizeController } from '../shared/localize.js';
import { emailProblem } from '../shared/validation.js';
import { signupStyles } from './signup.styles.js';
import { signupTexts, type SignupTexts } from './signup.translations.js';

type Field = 'email' | 'firstName' | 'topics' | 'consent';
/** Visual order of the fields: the first invalid one gets the focus. */
const FIELDS: readonly Field[] = ['email', 'firstName', 'topics', 'consent'];
type ErrorKey = 'emailRequired' | 'emailInvalid' | 'firstNameInvalid' | 'topicsRequired' | 'consentRequired';
/** The message the widget shows for a server-side error on a field (never the server's English). */
const SERVER_ERROR_KEYS: Record<Field, ErrorKey> = {
  email: 'emailInvalid',
  firstName: 'firstNameInvalid',
  topics: 'topicsRequired',
  consent: 'consentRequired',
};
type FieldErrors = Partial<Record<Field, ErrorKey>>;
/** `unavailable`: the page cannot reach the API as set up (the console says why); no retry. */
type Phase = 'loading' | 'load-error' | 'unavailable' | 'idle' | 'success';

interface SignupValues {
  email: string;
  firstName: string;
  topics: string[];
  consent: boolean;
  website: string;
}

export interface CivicSignupSuccessDetail {
  topics: string[];
  locale: SignupRequest['locale'];
}
export interface CivicSignupErrorDetail {
  stage: 'load' | 'submit';
  kind: ApiFailure['kind'];
}

/**
 * Newsletter signup with double opt-in: email, optional first name, topics and consent to the
 * current legal text. After submitting, the citizen gets a confirmation mail.
 *
 * @summary Newsletter signup form for a town's website.
 * @tagname civic-signup
 *
 * @attr api - Base URL of the CMS serving the Civic Dialog API, e.g. `https://cms.example`. Empty: the page's own origin.
 * @attr topics - Comma-separated topic slugs to offer, e.g. `abfall,kultur`. Empty: all public topics.
 * @attr lang - `de` or `en`. Without it, the nearest `[lang]` ancestor, then `<html lang>`, then `de`.
 *
 * @event {CustomEvent<CivicSignupSuccessDetail>} civic-signup-success - The server accepted the signup; a confirmation mail is on its way. `detail: { topics, locale }` (no email address).
 * @event {CustomEvent<CivicSignupErrorDetail>} civic-signup-error - Loading the form or submitting it failed. `detail: { stage: 'load' | 'submit', kind: 'network' | 'unavailable' | 'rate-limited' | 'validation' | 'server' }`.
 *
 * @csspart base - Wrapper around everything.
 * @csspart loading - The text shown while topics and legal text load.
 * @csspart form - The form.
 * @csspart error-summary - List of all errors, shown when a submit fails with more than one.
 * @csspart field - Each field: label, control, hint and error.
 * @csspart label - Labels of the email, first-name and consent fields.
 * @csspart input - The email and first-name inputs.
 * @csspart hint - Help texts (topic descriptions, "choose at least one").
 * @csspart error - A field's error message.
 * @csspart fieldset - The topics group.
 * @csspart legend - The topics group's legend.
 * @csspart choice - One checkbox with its label.
 * @csspart checkbox - Topic and consent checkboxes.
 * @csspart choice-label - A topic checkbox's label.
 * @csspart legal-text - The `<details>` with the consent text.
 * @csspart legal-summary - The `<summary>` that opens the consent text.
 * @csspart legal-body - The consent text's paragraphs.
 * @csspart button - The submit button and the retry button.
 * @csspart status - The live region for progress and error messages (empty while nothing to say).
 * @csspart success - The panel shown after a successful signup.
 * @csspart success-heading - Its heading (receives focus).
 * @csspart success-text - Its text.
 *
 * @cssprop [--civic-color-primary=#0b57a4] - Button background, checkbox accent and links.
 * @cssprop [--civic-color-primary-contrast=#fff] - Button text colour.
 * @cssprop [--civic-color-text=#1f1f1f] - Text colour.
 * @cssprop [--civic-color-background=transparent] - Widget background.
 * @cssprop [--civic-color-input-background=#fff] - Background of the text inputs.
 * @cssprop [--civic-color-border=#6b6b6b] - Input borders (keep ≥ 3:1 contrast).
 * @cssprop [--civic-color-hint=#4a4a4a] - Help text colour.
 * @cssprop [--civic-color-error=#b3261e] - Error text and borders.
 * @cssprop [--civic-color-error-background=#fdf0ef] - Background of error messages.
 * @cssprop [--civic-color-success=#1e6b34] - Accent of the success panel.
 * @cssprop [--civic-color-success-background=#eef7f0] - Background of the success panel.
 * @cssprop [--civic-font-family=system-ui, sans-serif] - Font family.
 * @cssprop [--civic-font-size=medium] - Base font size (default: the reader's default text size; not `rem`, which the page's `html` font size scales).
 * @cssprop [--civic-radius=4px] - Corner radius of inputs and buttons.
 * @cssprop [--civic-space=1em] - Base spacing unit.
 * @cssprop [--civic-focus-ring=3px solid #1f1f1f] - `outline` of the focused control.
 */
export class CivicSignup extends CivicElement {
  static override styles = [baseStyles, formFieldStyles, formFeedbackStyles, signupStyles];

  // Reactive properties without decorators (no decorator helpers in the bundle) and set in the
  // constructor, since class-field initialisers would shadow Lit's accessors. `attribute: false`
  // keeps internal state out of the custom-elements manifest's attribute list.
  static override properties = {
    api: {},
    topics: {},
    phase: { state: true, attribute: false },
    allTopics: { state: true, attribute: false },
    legalText: { state: true, attribute: false },
  };

  declare api: string;
  declare topics: string;
  declare private phase: Phase;
  declare private allTopics: PublicTopic[];
  declare private legalText: PublicLegalText | undefined;

  readonly #localize = new LocalizeController<SignupTexts>(this, signupTexts);
  /** `api|locale` of the data on screen; a change reloads topics and legal text. */
  #loadedFor = '';
  readonly #form = new FormController<Field, ErrorKey>(this, () => FIELDS, (field) =>
    this.renderRoot.querySelector<HTMLElement>(field === 'topics' ? '[name="topics"]' : `#${field}`),
  );

  constructor() {
    super();
    this.api = '';
    this.topics = '';
    this.phase = 'loading';
    this.allTopics = [];
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

  /** The topics this widget offers: those named in `topics`, or all public topics. */
  get #offeredTopics(): PublicTopic[] {
    const wanted = this.topics.split(',').map((slug) => slug.trim()).filter(Boolean);
    return wanted.length ? this.allTopics.filter((topic) => wanted.includes(topic.slug)) : this.allTopics;
  }

  async #load(): Promise<void> {
    const locale = this.#localize.locale;
    this.phase = 'loading';
    this.#form.say(undefined);
    const client = new CivicApiClient(this.api);
    const loaded = await this.#form.load(() => Promise.all([client.topics(locale), client.legalText(locale)]));
    if (loaded === 'stale') return;
    if ('failure' in loaded) {
      this.phase = loaded.failure.kind === 'unavailable' ? 'unavailable' : 'load-error';
      this.dispatchEvent(new CustomEvent('civic-signup-error', eventInit<CivicSignupErrorDetail>({ stage: 'load', kind: loaded.failure.kind })));
      return;
    }
    [this.allTopics, this.legalText] = loaded.value;
    this.phase = 'idle';
  }

  #readForm(form: HTMLFormElement): SignupValues {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    return {
      email: text('email'),
      firstName: text('firstName'),
      topics: data.getAll('topics').map(String),
      consent: data.get('consent') === 'yes',
      website: String(data.get('website') ?? ''),
    };
  }

  #validate(values: SignupValues): FieldErrors {
    const errors: FieldErrors = {};
    const emailError = emailProblem(values.email);
    if (emailError) errors.email = emailError;
    if (values.firstName.length > LIMITS.firstNameLength) errors.firstName = 'firstNameInvalid';
    if (!values.topics.length) errors.topics = 'topicsRequired';
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

    const request: SignupRequest = {
      email: values.email,
      ...(values.firstName ? { firstName: values.firstName } : {}),
      topics: values.topics,
      locale: this.legalText.locale,
      legalTextVersion: this.legalText.version,
      consent: true,
      pageUrl: location.href,
      widget: 'civic-signup',
      website: values.website,
    };
    const accepted = await this.#form.run('submit', (proof) => new CivicApiClient(this.api).post('/signups', { ...request, ...proof }), {
      botCheck: { api: this.api, form: 'signup' },
      fieldOf: ({ field }) => (Object.hasOwn(SERVER_ERROR_KEYS, field) ? [field as Field, SERVER_ERROR_KEYS[field as Field]] : undefined),
      onFailure: (failure) => {
        this.dispatchEvent(new CustomEvent('civic-signup-error', eventInit<CivicSignupErrorDetail>({ stage: 'submit', kind: failure.kind })));
      },
    });
    if (!accepted) return;
    this.phase = 'success';
    await this.#form.focus('#success-heading');
    const detail: CivicSignupSuccessDetail = { topics: request.topics, locale: request.locale };
    this.dispatchEvent(new CustomEvent('civic-signup-success', eventInit(detail)));
  }

  protected override render(): TemplateResult {
    const t = this.#localize.t;
    const statusText = this.#statusText(t);
    return html`
      <div part="base" class="base">
        ${this.phase === 'loading' ? html`<p part="loading" class="loading">${t.loading}</p>` : nothing}
        ${this.phase === 'load-error'
          ? html`<button part="button" type="button" @click=${() => void this.#load()}>${t.retry}</button>`
          : nothing}
        ${this.phase === 'idle' ? this.#renderForm(t) : nothing}
        ${this.phase === 'success' ? this.#renderSuccess(t) : nothing}
        ${statusRegion(statusText, this.#isErrorStatus() ? 'is-error' : '')}
      </div>
    `;
  }

  #isErrorStatus(): boolean {
    return this.phase === 'load-error' || this.phase === 'unavailable' || this.#form.notice !== undefined;
  }

  #statusText(t: SignupTexts): string {
    if (this.phase === 'load-error') return t.loadError;
    if (this.phase === 'unavailable') return t.formUnavailable;
    if (this.#form.busy) return this.#form.progress(t.submitting);
    if (this.phase === 'idle' && !this.#offeredTopics.length) return t.noTopics;
    return this.#form.notice ? noticeText(this.#form.notice, t) : '';
  }

  #renderForm(t: SignupTexts): TemplateResult | typeof nothing {
    const topics = this.#offeredTopics;
    const legal = this.legalText;
    if (!topics.length || !legal) return nothing;
    const errors = this.#form.errors;
    const invalid = this.#form.invalid;
    return html`
      <form part="form" novalidate aria-label=${t.formLabel} @submit=${this.#onSubmit} @input=${this.#onFormInput}>
        ${invalid.length > 1
          ? errorSummary(t.summary(invalid.length), invalid.map((field) => ({
              href: `#${field === 'topics' ? `topic-${topics[0]!.slug}` : field}`,
              label: t[errors[field]!],
              focus: () => this.#form.focusField(field),
            })))
          : nothing}
        <div part="field" class="field">
          <label part="label" for="email">${t.email}</label>
          <input part="input" id="email" name="email" type="email" autocomplete="email" required
            aria-invalid=${errors.email ? 'true' : 'false'} aria-describedby=${errors.email ? 'email-error' : nothing}>
          ${this.#renderError('email', t)}
        </div>
        <div part="field" class="field">
          <label part="label" for="firstName">${t.firstName} <span part="hint" class="hint">${t.optional}</span></label>
          <input part="input" id="firstName" name="firstName" type="text" autocomplete="given-name"
            aria-invalid=${errors.firstName ? 'true' : 'false'} aria-describedby=${errors.firstName ? 'firstName-error' : nothing}>
          ${this.#renderError('firstName', t)}
        </div>
        <fieldset part="fieldset" aria-describedby=${topics.length > 1 ? 'topics-hint' : nothing}>
          <legend part="legend">${t.topics}</legend>
          ${topics.length > 1 ? html`<p part="hint" id="topics-hint" class="hint">${t.topicsHint}</p>` : nothing}
          ${topics.map((topic) => {
            const id = `topic-${topic.slug}`;
            const describedBy = [topic.description ? `${id}-description` : '', errors.topics ? 'topics-error' : '']
              .filter(Boolean)
              .join(' ');
            return html`<div part="choice" class="choice">
              <input part="checkbox" type="checkbox" id=${id} name="topics" .value=${topic.slug}
                ?checked=${topics.length === 1} aria-invalid=${errors.topics ? 'true' : 'false'}
                aria-describedby=${describedBy || nothing}>
              <label part="choice-label" for=${id}>${topic.name}</label>
              ${topic.description
                ? html`<p part="hint" id="${id}-description" class="hint">${topic.description}</p>`
                : nothing}
            </div>`;
          })}
          ${this.#renderError('topics', t)}
        </fieldset>
        <div part="field" class="field">
          <div part="choice" class="choice">
            <input part="checkbox" type="checkbox" id="consent" name="consent" value="yes" required
              aria-invalid=${errors.consent ? 'true' : 'false'} aria-describedby=${errors.consent ? 'consent-error' : nothing}>
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

  #renderError(field: Field, t: SignupTexts): TemplateResult | typeof nothing {
    const key = this.#form.errors[field];
    return key ? html`<p part="error" id="${field}-error" class="error">${t[key]}</p>` : nothing;
  }

  #renderSuccess(t: SignupTexts): TemplateResult {
    return html`
      <div part="success" class="success">
        <h2 part="success-heading" id="success-heading" tabindex="-1">${t.successHeading}</h2>
        <p part="success-text">${t.successText}</p>
      </div>
    `;
  }
}
