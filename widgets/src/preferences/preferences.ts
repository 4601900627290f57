import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type {
  Locale,
  PersonalDataExport,
  PreferencesConsent,
  PreferencesErased,
  PreferencesLinkAccepted,
  PreferencesLinkRequest,
  PreferencesProfilePatch,
  PreferencesResponse,
  PreferencesSession,
  PreferencesSubscriptionsUpdate,
  PreferencesTopic,
  PreferencesView,
  ProfileField,
} from '@civic-dialog/contracts';
import { CivicApiClient, failureOf, noticeOf, noticeText, type ApiFailure, type Notice } from '../shared/api-client.js';
import { baseStyles } from '../shared/base.styles.js';
import { formatDateTime, READER_TIME_ZONE } from '../shared/date-format.js';
import { eventInit } from '../shared/events.js';
import { formFeedbackStyles } from '../shared/form-feedback.styles.js';
import { legalTextDetails, statusRegion } from '../shared/form-parts.js';
import { formFieldStyles } from '../shared/form-field.styles.js';
import { LOCALES, LocalizeController } from '../shared/localize.js';
import { emailProblem } from '../shared/validation.js';
import { preferencesStyles } from './preferences.styles.js';
import { preferencesTexts, type PreferencesTexts } from './preferences.translations.js';

/** `#civic-token=…` in the manage link (contracts' MANAGE_LINK_FRAGMENT; a value import would pull zod in). */
const FRAGMENT_KEY = 'civic-token';

type Phase = 'request' | 'link-sent' | 'opening' | 'load-error' | 'center' | 'erase-confirm' | 'erased';
/** Why the request form is shown again: a heading above it explains. */
type RequestReason = 'link-invalid' | 'session-expired';
/** The part of the widget a request belongs to: its progress and outcome show in that part's live region. */
type Section = 'request' | 'topics' | 'details' | 'data' | 'erase';
type Field = 'email' | 'consent' | ProfileField;
type ErrorKey =
  | 'emailRequired'
  | 'emailInvalid'
  | 'consentRequired'
  | 'firstNameInvalid'
  | 'postalCodeInvalid'
  | 'districtInvalid';
type FieldErrors = Partial<Record<Field, ErrorKey>>;
/** The message the widget shows for a server-side error on a field (never the server's English). */
const SERVER_ERROR_KEYS: Record<Field, ErrorKey> = {
  email: 'emailInvalid',
  consent: 'consentRequired',
  firstName: 'firstNameInvalid',
  postalCode: 'postalCodeInvalid',
  district: 'districtInvalid',
};
/** Visual order: the first invalid field of a form gets the focus. */
const FIELDS: readonly Field[] = ['email', 'consent', 'firstName', 'postalCode', 'district'];
type Outcome = 'topicsSaved' | 'detailsSaved' | 'unsubscribedAll' | 'exported';
/** A request's outcome in its section: done, or a failure that belongs to no field. */
type SectionNotice = { kind: 'done'; text: Outcome } | Notice;

const POSTAL_CODE_PATTERN = /^[A-Za-z0-9 -]{0,16}$/;
const TEXT_LIMIT = 100;
/** Long enough for the browser to start the download, then the object URL is released. */
const DOWNLOAD_URL_LIFETIME_MS = 10_000;

export interface CivicPreferencesSavedDetail {
  change: 'topics' | 'details' | 'unsubscribe-all';
}
export interface CivicPreferencesErrorDetail {
  stage: 'link' | 'session' | 'load' | 'save' | 'export' | 'erase';
  kind: ApiFailure['kind'];
  status?: number;
}

/**
 * Preference center and GDPR self-service, without an account: the citizen asks for a link by
 * email, the link (`#civic-token=…` in the URL fragment, which never reaches server logs) opens a
 * short session, and the widget shows their topics, details, consent history, a download of all
 * their data and erasure. The session token lives only in memory.
 *
 * @summary Preference center: topics, details, consent history, data export and erasure.
 * @tagname civic-preferences
 *
 * @attr api - Base URL of the CMS serving the Civic Dialog API, e.g. `https://cms.example`. Empty: the page's own origin.
 * @attr lang - `de` or `en`. Without it, the nearest `[lang]` ancestor, then `<html lang>`, then `de`.
 *
 * @event {CustomEvent<CivicPreferencesSavedDetail>} civic-preferences-saved - A change was saved. `detail: { change: 'topics' | 'details' | 'unsubscribe-all' }`.
 * @event {CustomEvent<void>} civic-preferences-erased - The citizen's data was erased.
 * @event {CustomEvent<CivicPreferencesErrorDetail>} civic-preferences-error - A request failed. `detail: { stage, kind, status? }` (no personal data).
 *
 * @csspart base - Wrapper around everything.
 * @csspart loading - The text shown while the link is checked and the preferences load.
 * @csspart notice - Box above the request form after an invalid link or an expired session.
 * @csspart heading - Headings of the screens (preferences, link sent, erase, erased); they receive focus.
 * @csspart text - Paragraphs of explanation.
 * @csspart form - Each form (request link, topics, details).
 * @csspart section - Each section of the preference center.
 * @csspart section-heading - A section's heading.
 * @csspart field - Each field: label, control, hint and error.
 * @csspart label - Labels of inputs, the select and the consent checkbox.
 * @csspart input - The text and email inputs.
 * @csspart select - The language select.
 * @csspart hint - Help texts (optional marks, topic descriptions).
 * @csspart error - A field's error message.
 * @csspart fieldset - The topics group.
 * @csspart choice - One checkbox with its label.
 * @csspart checkbox - Topic and consent checkboxes.
 * @csspart choice-label - A topic checkbox's label.
 * @csspart topic-status - A topic's current status (subscribed, awaiting confirmation, unsubscribed).
 * @csspart legal-text - The `<details>` with the consent text.
 * @csspart legal-summary - The `<summary>` that opens the consent text.
 * @csspart legal-body - The consent text's paragraphs.
 * @csspart history - The list of consents.
 * @csspart history-entry - One consent in plain language.
 * @csspart button - Every button.
 * @csspart button-secondary - Buttons of lesser weight (unsubscribe all, download, cancel, new link).
 * @csspart button-danger - The buttons that lead to and confirm erasure.
 * @csspart status - The live regions (one per form or section) for progress, success and errors; empty while nothing to say.
 * @csspart consequences - The list of what erasure means.
 *
 * @cssprop [--civic-color-primary=#0b57a4] - Button background, checkbox accent and links.
 * @cssprop [--civic-color-primary-contrast=#fff] - Button text colour.
 * @cssprop [--civic-color-text=#1f1f1f] - Text colour.
 * @cssprop [--civic-color-background=transparent] - Widget background.
 * @cssprop [--civic-color-input-background=#fff] - Background of inputs and the select.
 * @cssprop [--civic-color-border=#6b6b6b] - Input and section borders (keep ≥ 3:1 contrast).
 * @cssprop [--civic-color-hint=#4a4a4a] - Help text colour.
 * @cssprop [--civic-color-error=#b3261e] - Error text and borders, erase buttons.
 * @cssprop [--civic-color-error-background=#fdf0ef] - Background of error messages and the erase confirmation.
 * @cssprop [--civic-color-success=#1e6b34] - Accent of success messages.
 * @cssprop [--civic-color-success-background=#eef7f0] - Background of success messages.
 * @cssprop [--civic-font-family=system-ui, sans-serif] - Font family.
 * @cssprop [--civic-font-size=1rem] - Base font size.
 * @cssprop [--civic-radius=4px] - Corner radius of inputs and buttons.
 * @cssprop [--civic-space=1rem] - Base spacing unit.
 * @cssprop [--civic-focus-ring=3px solid #1f1f1f] - `outline` of the focused control.
 */
export class CivicPreferences extends LitElement {
  static override styles = [baseStyles, formFieldStyles, formFeedbackStyles, preferencesStyles];

  // Reactive properties without decorators (see civic-signup); internal state stays out of the manifest.
  static override properties = {
    api: {},
    phase: { state: true, attribute: false },
    reason: { state: true, attribute: false },
    view: { state: true, attribute: false },
    busy: { state: true, attribute: false },
    notice: { state: true, attribute: false },
    fieldErrors: { state: true, attribute: false },
    addingTopics: { state: true, attribute: false },
  };

  declare api: string;
  declare private phase: Phase;
  declare private reason: RequestReason | undefined;
  declare private view: PreferencesView | undefined;
  /** The section whose request is under way; one request at a time. */
  declare private busy: Section | undefined;
  declare private notice: { section: Section; notice: SectionNotice } | undefined;
  declare private fieldErrors: FieldErrors;
  /** The topics form has a topic ticked that is not subscribed yet: consent is needed. */
  declare private addingTopics: boolean;

  private readonly localize = new LocalizeController<PreferencesTexts>(this, preferencesTexts);
  /** Kept in memory only: never in storage, never in the URL. */
  private sessionToken: string | undefined;
  /** The link token until it has been exchanged, so a failed exchange can be retried. */
  private linkToken: string | undefined;

  constructor() {
    super();
    this.api = '';
    this.phase = 'request';
    this.fieldErrors = {};
    this.addingTopics = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    this.takeLinkToken();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHashChange);
    super.disconnectedCallback();
  }

  /** A second manage link opened in the same tab only changes the fragment. */
  private readonly onHashChange = (): void => this.takeLinkToken();

  /** Reads `#civic-token=…`, removes it from the address bar at once and opens the session. */
  private takeLinkToken(): void {
    const parts = location.hash.replace(/^#/, '').split('&');
    const tokenPart = parts.find((part) => part.startsWith(`${FRAGMENT_KEY}=`));
    if (!tokenPart) return;
    const rest = parts.filter((part) => part !== tokenPart).join('&');
    // Replace, not push: the token must not stay in history, bookmarks or a shared address.
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
    this.linkToken = decodeURIComponent(tokenPart.slice(FRAGMENT_KEY.length + 1));
    this.sessionToken = undefined;
    void this.openSession();
  }

  private get client(): CivicApiClient {
    return new CivicApiClient(this.api);
  }

  private async openSession(): Promise<void> {
    this.phase = 'opening';
    this.notice = undefined;
    try {
      if (!this.sessionToken) {
        const session = await this.client.post<PreferencesSession>('/preferences/session', { token: this.linkToken });
        this.sessionToken = session.data.sessionToken;
        this.linkToken = undefined;
      }
      const { data } = await this.client.send<PreferencesResponse>('GET', '/preferences', undefined, this.sessionToken);
      this.showCenter(data);
      await this.focusOn('#center-heading');
    } catch (error) {
      const failure = failureOf(error);
      const stage = this.sessionToken ? 'load' : 'session';
      this.emitError(stage, failure);
      if (failure.kind === 'server' && failure.status === 401) return this.endSession();
      // 400 (malformed), 404 (unknown or used), 410 (expired): the link cannot work any more.
      const linkDead = failure.kind === 'validation' || (failure.kind === 'server' && [404, 410].includes(failure.status));
      if (stage === 'session' && linkDead) {
        this.linkToken = undefined;
        return this.showRequestForm('link-invalid');
      }
      this.phase = 'load-error';
    }
  }

  private showCenter(view: PreferencesView): void {
    this.view = view;
    this.phase = 'center';
    this.addingTopics = false;
  }

  /** Back to the request form, with a heading that says why (focused). */
  private async showRequestForm(reason?: RequestReason): Promise<void> {
    this.view = undefined;
    this.reason = reason;
    this.fieldErrors = {};
    this.notice = undefined;
    this.phase = 'request';
    if (reason) await this.focusOn('#notice-heading');
    else await this.focusOn('#email');
  }

  /** The session ended (expired, revoked): forget it and offer a new link. */
  private endSession(): Promise<void> {
    this.sessionToken = undefined;
    return this.showRequestForm('session-expired');
  }

  /**
   * Runs one request for a section: shows progress in its live region, maps failures to
   * messages, and ends the session on 401. Returns undefined when it failed.
   */
  private async run<T>(section: Section, stage: CivicPreferencesErrorDetail['stage'], request: () => Promise<T>): Promise<T | undefined> {
    this.busy = section;
    this.notice = undefined;
    try {
      return await request();
    } catch (error) {
      const failure = failureOf(error);
      this.emitError(stage, failure);
      if (failure.kind === 'server' && failure.status === 401 && section !== 'request') {
        await this.endSession();
      } else {
        this.showFailure(section, failure);
        await this.focusFirstError();
      }
      return undefined;
    } finally {
      this.busy = undefined;
    }
  }

  private showFailure(section: Section, failure: ApiFailure): void {
    if (failure.kind !== 'validation') this.notice = { section, notice: noticeOf(failure) };
    else {
      const errors: FieldErrors = {};
      const unknown: string[] = [];
      for (const { field, message } of failure.fieldErrors) {
        if (field in SERVER_ERROR_KEYS) errors[field as Field] = SERVER_ERROR_KEYS[field as Field];
        else unknown.push(message);
      }
      this.fieldErrors = errors;
      if (unknown.length || !Object.keys(errors).length) {
        this.notice = { section, notice: { kind: 'server', message: unknown.join(' ') || failure.message } };
      }
    }
  }

  private done(section: Section, text: Outcome): void {
    this.notice = { section, notice: { kind: 'done', text } };
  }

  // ---------------------------------------------------------------------------------------------
  // Request a link

  private async onRequestLink(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const email = String(new FormData(event.currentTarget as HTMLFormElement).get('email') ?? '').trim();
    const emailError = emailProblem(email);
    this.fieldErrors = emailError ? { email: emailError } : {};
    if (emailError) return this.focusFirstError();
    const request: PreferencesLinkRequest = { email, locale: this.localize.locale, pageUrl: location.href };
    const accepted = await this.run('request', 'link', () => this.client.post<PreferencesLinkAccepted>('/preferences/link', request));
    if (!accepted) return;
    this.reason = undefined;
    this.phase = 'link-sent';
    await this.focusOn('#link-sent-heading');
  }

  // ---------------------------------------------------------------------------------------------
  // Topics

  private onTopicsInput(event: Event): void {
    const form = event.currentTarget as HTMLFormElement;
    this.addingTopics = this.addedTopics(form).length > 0;
    if (this.fieldErrors.consent && (form.elements.namedItem('consent') as HTMLInputElement | null)?.checked) {
      this.fieldErrors = {};
    }
  }

  private addedTopics(form: HTMLFormElement): string[] {
    const chosen = new FormData(form).getAll('topics').map(String);
    return chosen.filter((slug) => !isSubscribed(this.view?.topics.find((topic) => topic.slug === slug)));
  }

  private async onSaveTopics(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const view = this.view;
    if (this.busy || !view) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const update: PreferencesSubscriptionsUpdate = { topics: data.getAll('topics').map(String) };
    this.fieldErrors = {};
    if (this.addedTopics(form).length) {
      if (data.get('consent') !== 'yes') {
        this.fieldErrors = { consent: 'consentRequired' };
        return this.focusFirstError();
      }
      update.consent = true;
      update.legalTextVersion = view.legalText?.version;
    }
    await this.save('topics', 'topicsSaved', { change: 'topics' }, () => this.client.send<PreferencesResponse>('PUT', '/preferences/subscriptions', update, this.sessionToken));
  }

  private async onUnsubscribeAll(): Promise<void> {
    if (this.busy) return;
    await this.save('data', 'unsubscribedAll', { change: 'unsubscribe-all' }, () => this.client.send<PreferencesResponse>('POST', '/preferences/unsubscribe-all', undefined, this.sessionToken));
  }

  private async save(section: Section, outcome: Outcome, detail: CivicPreferencesSavedDetail, request: () => Promise<PreferencesResponse>): Promise<void> {
    const saved = await this.run(section, 'save', request);
    if (!saved) return;
    this.showCenter(saved.data);
    this.done(section, outcome);
    this.dispatchEvent(new CustomEvent('civic-preferences-saved', eventInit(detail)));
  }

  // ---------------------------------------------------------------------------------------------
  // Details

  private onDetailsInput(event: Event): void {
    const edited = (event.target as HTMLInputElement).name as Field;
    if (!this.fieldErrors[edited]) return;
    const stillWrong = this.validateDetails(this.readDetails(event.currentTarget as HTMLFormElement))[edited];
    const { [edited]: _fixed, ...others } = this.fieldErrors;
    this.fieldErrors = stillWrong ? { ...others, [edited]: stillWrong } : others;
  }

  private readDetails(form: HTMLFormElement): PreferencesProfilePatch {
    const data = new FormData(form);
    const patch: PreferencesProfilePatch = { locale: data.get('locale') === 'en' ? 'en' : 'de' };
    // An emptied field is sent as '' (clears it); fields the town does not ask for are left out.
    for (const field of this.view?.askedFields ?? []) patch[field] = String(data.get(field) ?? '').trim();
    return patch;
  }

  private validateDetails(patch: PreferencesProfilePatch): FieldErrors {
    const errors: FieldErrors = {};
    if ((patch.firstName?.length ?? 0) > TEXT_LIMIT) errors.firstName = 'firstNameInvalid';
    if (patch.postalCode !== undefined && !POSTAL_CODE_PATTERN.test(patch.postalCode)) errors.postalCode = 'postalCodeInvalid';
    if ((patch.district?.length ?? 0) > TEXT_LIMIT) errors.district = 'districtInvalid';
    return errors;
  }

  private async onSaveDetails(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy || !this.view) return;
    const patch = this.readDetails(event.currentTarget as HTMLFormElement);
    this.fieldErrors = this.validateDetails(patch);
    if (Object.keys(this.fieldErrors).length) return this.focusFirstError();
    await this.save('details', 'detailsSaved', { change: 'details' }, () => this.client.send<PreferencesResponse>('PATCH', '/preferences/profile', patch, this.sessionToken));
  }

  // ---------------------------------------------------------------------------------------------
  // Export and erasure

  private async onExport(): Promise<void> {
    if (this.busy) return;
    const exported = await this.run('data', 'export', () => this.client.send<PersonalDataExport>('GET', '/preferences/export', undefined, this.sessionToken));
    if (!exported) return;
    const url = URL.createObjectURL(new Blob([JSON.stringify(exported, null, 2)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `civic-dialog-export-${new Date().toISOString().slice(0, 10)}.json`;
    link.hidden = true;
    this.renderRoot.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_URL_LIFETIME_MS);
    this.done('data', 'exported');
  }

  private async openEraseConfirmation(): Promise<void> {
    if (this.busy) return;
    this.notice = undefined;
    this.phase = 'erase-confirm';
    await this.focusOn('#erase-heading');
  }

  private async cancelErase(): Promise<void> {
    if (this.busy) return;
    this.phase = 'center';
    await this.focusOn('#erase-start');
  }

  private onEraseKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      void this.cancelErase();
    }
  }

  private async onConfirmErase(): Promise<void> {
    if (this.busy) return;
    const erased = await this.run('erase', 'erase', () => this.client.send<PreferencesErased>('POST', '/preferences/erase', { confirm: true }, this.sessionToken));
    if (!erased) return;
    this.sessionToken = undefined;
    this.view = undefined;
    this.phase = 'erased';
    await this.focusOn('#erased-heading');
    this.dispatchEvent(new CustomEvent('civic-preferences-erased', eventInit(undefined)));
  }

  // ---------------------------------------------------------------------------------------------
  // Focus and events

  private async focusOn(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private async focusFirstError(): Promise<void> {
    const first = FIELDS.find((field) => this.fieldErrors[field]);
    if (first) await this.focusOn(`#${first}`);
  }

  private emitError(stage: CivicPreferencesErrorDetail['stage'], failure: ApiFailure): void {
    const detail: CivicPreferencesErrorDetail = { stage, kind: failure.kind, ...(failure.kind === 'server' ? { status: failure.status } : {}) };
    this.dispatchEvent(new CustomEvent('civic-preferences-error', eventInit(detail)));
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  protected override render(): TemplateResult {
    const t = this.localize.t;
    return html`<div part="base" class="base">${this.renderPhase(t)}</div>`;
  }

  private renderPhase(t: PreferencesTexts): TemplateResult | typeof nothing {
    switch (this.phase) {
      case 'opening':
        return html`<p part="loading" class="loading">${t.opening}</p>`;
      case 'load-error':
        return html`
          <p part="text" class="status is-error" role="alert">${t.loadError}</p>
          <button part="button" type="button" @click=${() => void this.openSession()}>${t.retry}</button>`;
      case 'link-sent':
        return html`
          <div class="success">
            <h2 part="heading" id="link-sent-heading" tabindex="-1">${t.linkSentHeading}</h2>
            <p part="text">${t.linkSentText}</p>
          </div>
          <button part="button button-secondary" class="secondary" type="button" @click=${() => void this.showRequestForm()}>${t.requestAgain}</button>`;
      case 'center':
        return this.renderCenter(t);
      case 'erase-confirm':
        return this.renderEraseConfirmation(t);
      case 'erased':
        return html`
          <div class="success">
            <h2 part="heading" id="erased-heading" tabindex="-1">${t.erasedHeading}</h2>
            <p part="text">${t.erasedText}</p>
          </div>`;
      default:
        return this.renderRequestForm(t);
    }
  }

  private renderRequestForm(t: PreferencesTexts): TemplateResult {
    const reason = this.reason;
    return html`
      ${reason
        ? html`<div part="notice" class="warning">
            <h2 part="heading" id="notice-heading" tabindex="-1">${reason === 'link-invalid' ? t.linkInvalidHeading : t.sessionExpiredHeading}</h2>
            <p part="text">${reason === 'link-invalid' ? t.linkInvalidText : t.sessionExpiredText}</p>
          </div>`
        : nothing}
      <form part="form" novalidate aria-label=${t.requestLabel} @submit=${this.onRequestLink}>
        <p part="text">${t.requestIntro}</p>
        <div part="field" class="field">
          <label part="label" for="email">${t.email}</label>
          <input part="input" id="email" name="email" type="email" autocomplete="email" required
            aria-invalid=${this.invalid('email')} aria-describedby=${this.fieldErrors.email ? 'email-error' : nothing}>
          ${this.renderError('email', t)}
        </div>
        ${this.renderSubmit('request', t.requestSubmit)}
        ${this.renderStatus('request', t)}
      </form>`;
  }

  private renderCenter(t: PreferencesTexts): TemplateResult | typeof nothing {
    const view = this.view;
    if (!view) return nothing;
    return html`
      <h2 part="heading" id="center-heading" tabindex="-1">${t.centerHeading}</h2>
      <p part="text">${t.signedInAs(view.profile.email)}</p>
      ${this.renderTopics(view, t)} ${this.renderDetails(view, t)} ${this.renderHistory(view, t)} ${this.renderData(view, t)}`;
  }

  private renderSection(id: Section | 'history', heading: string, content: TemplateResult): TemplateResult {
    return html`
      <section part="section" class="section" aria-labelledby="${id}-heading">
        <h3 part="section-heading" id="${id}-heading">${heading}</h3>
        ${content}
      </section>`;
  }

  private renderTopics(view: PreferencesView, t: PreferencesTexts): TemplateResult {
    const legal = view.legalText;
    return this.renderSection('topics', t.topicsHeading, html`
      <form part="form" novalidate aria-labelledby="topics-heading" @submit=${this.onSaveTopics} @change=${this.onTopicsInput}>
        <fieldset part="fieldset" aria-labelledby="topics-heading" aria-describedby="topics-hint">
          <p part="hint" id="topics-hint" class="hint">${t.topicsHint}</p>
          ${view.topics.map((topic) => this.renderTopic(topic, Boolean(legal), t))}
        </fieldset>
        ${legal ? nothing : html`<p part="hint" class="hint">${t.noLegalText}</p>`}
        ${legal && this.addingTopics
          ? html`<div part="field" class="field">
              <div part="choice" class="choice">
                <input part="checkbox" type="checkbox" id="consent" name="consent" value="yes" required
                  aria-invalid=${this.invalid('consent')} aria-describedby=${this.fieldErrors.consent ? 'consent-error' : nothing}>
                <label part="label" for="consent">${t.consent}</label>
              </div>
              ${legalTextDetails(legal, t)}
              ${this.renderError('consent', t)}
            </div>`
          : nothing}
        ${this.renderSubmit('topics', t.saveTopics)}
        ${this.renderStatus('topics', t)}
      </form>`);
  }

  private renderTopic(topic: PreferencesTopic, canAdd: boolean, t: PreferencesTexts): TemplateResult {
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

  private renderDetails(view: PreferencesView, t: PreferencesTexts): TemplateResult {
    const profile = view.profile;
    const autocomplete: Record<ProfileField, string> = { firstName: 'given-name', postalCode: 'postal-code', district: 'address-level3' };
    return this.renderSection('details', t.detailsHeading, html`
      <form part="form" novalidate aria-labelledby="details-heading" @submit=${this.onSaveDetails} @input=${this.onDetailsInput}>
        ${view.askedFields.map((field) => html`<div part="field" class="field">
          <label part="label" for=${field}>${t[field]} <span part="hint" class="hint">${t.optional}</span></label>
          <input part="input" id=${field} name=${field} type="text" autocomplete=${autocomplete[field]} .value=${profile[field] ?? ''}
            aria-invalid=${this.invalid(field)} aria-describedby=${this.fieldErrors[field] ? `${field}-error` : nothing}>
          ${this.renderError(field, t)}
        </div>`)}
        <div part="field" class="field">
          <label part="label" for="locale">${t.language}</label>
          <select part="select" id="locale" name="locale">
            ${LOCALES.map((locale: Locale) => html`<option value=${locale} lang=${locale} ?selected=${profile.locale === locale}>${t.languageNames[locale]}</option>`)}
          </select>
        </div>
        ${this.renderSubmit('details', t.saveDetails)}
        ${this.renderStatus('details', t)}
      </form>`);
  }

  private renderHistory(view: PreferencesView, t: PreferencesTexts): TemplateResult {
    return this.renderSection('history', t.historyHeading, view.consents.length
      ? html`<ol part="history" class="history">
          ${view.consents.map((consent) => html`<li part="history-entry">${this.describeConsent(consent, view, t)}</li>`)}
        </ol>`
      : html`<p part="text">${t.historyEmpty}</p>`);
  }

  /** "Donnerstag, 12. März 2026 um 14:05 MEZ – Einwilligung bestätigt: Abfall, Einwilligung Newsletter (Version 1), über www.musterstadt.de/newsletter" */
  private describeConsent(consent: PreferencesConsent, view: PreferencesView, t: PreferencesTexts): TemplateResult {
    const when = formatDateTime(this.localize.locale, consent.createdAt, READER_TIME_ZONE);
    const topicNames = consent.topics.map((slug) => view.topics.find((topic) => topic.slug === slug)?.name ?? slug);
    const what = [
      topicNames.length ? topicNames.join(', ') : t.newsletter,
      consent.legalText ? `${consent.legalText.title} (${t.legalVersion(consent.legalText.version)})` : '',
      consent.sourceUrl ? t.via(shortUrl(consent.sourceUrl)) : '',
    ].filter(Boolean);
    return html`<time datetime=${consent.createdAt}>${when}</time> – ${t.consentAction[consent.action]}: ${what.join(', ')}`;
  }

  private renderData(view: PreferencesView, t: PreferencesTexts): TemplateResult {
    const anySubscribed = view.topics.some(isSubscribed);
    return this.renderSection('data', t.dataHeading, html`
      ${anySubscribed
        ? html`<div class="action">
            <p part="text">${t.unsubscribeAllText}</p>
            <button part="button button-secondary" class="secondary" type="button" aria-disabled=${this.busy ? 'true' : 'false'}
              @click=${() => void this.onUnsubscribeAll()}>${t.unsubscribeAll}</button>
          </div>`
        : nothing}
      <div class="action">
        <p part="text">${t.exportText}</p>
        <button part="button button-secondary" class="secondary" type="button" aria-disabled=${this.busy ? 'true' : 'false'}
          @click=${() => void this.onExport()}>${t.exportData}</button>
      </div>
      <div class="action">
        <p part="text">${t.eraseText}</p>
        <button part="button button-danger" class="danger" id="erase-start" type="button" aria-disabled=${this.busy ? 'true' : 'false'}
          @click=${() => void this.openEraseConfirmation()}>${t.erase}</button>
      </div>
      ${this.renderStatus('data', t)}`);
  }

  private renderEraseConfirmation(t: PreferencesTexts): TemplateResult {
    const busy = this.busy === 'erase' ? 'true' : 'false';
    return html`
      <section part="section" class="warning" aria-labelledby="erase-heading" @keydown=${this.onEraseKeydown}>
        <h2 part="heading" id="erase-heading" tabindex="-1">${t.eraseHeading}</h2>
        <ul part="consequences">${t.eraseConsequences.map((consequence) => html`<li>${consequence}</li>`)}</ul>
        <div class="buttons">
          <button part="button button-danger" class="danger" id="erase-confirm" type="button" aria-disabled=${busy}
            @click=${() => void this.onConfirmErase()}>${t.eraseConfirm}</button>
          <button part="button button-secondary" class="secondary" id="erase-cancel" type="button" aria-disabled=${busy}
            @click=${() => void this.cancelErase()}>${t.eraseCancel}</button>
        </div>
        ${this.renderStatus('erase', t)}
      </section>`;
  }

  private renderSubmit(section: Section, label: string): TemplateResult {
    return html`<button part="button" type="submit" aria-disabled=${this.busy === section ? 'true' : 'false'}>${label}</button>`;
  }

  private invalid(field: Field): 'true' | 'false' {
    return this.fieldErrors[field] ? 'true' : 'false';
  }

  private renderError(field: Field, t: PreferencesTexts): TemplateResult | typeof nothing {
    const key = this.fieldErrors[field];
    return key ? html`<p part="error" id="${field}-error" class="error">${t[key]}</p>` : nothing;
  }

  /** One live region per section, so a message shows next to what the citizen just did. */
  private renderStatus(section: Section, t: PreferencesTexts): TemplateResult {
    const text = this.statusText(section, t);
    const kind = this.notice?.section === section ? this.notice.notice.kind : undefined;
    const tone = kind === 'done' ? 'is-success' : kind ? 'is-error' : '';
    return statusRegion(text, tone);
  }

  private statusText(section: Section, t: PreferencesTexts): string {
    if (this.busy === section) {
      if (section === 'request') return t.requesting;
      return section === 'erase' ? t.erasing : t.saving;
    }
    if (this.notice?.section !== section) return '';
    const notice = this.notice.notice;
    return notice.kind === 'done' ? t[notice.text] : noticeText(notice, t);
  }
}

function isSubscribed(topic: PreferencesTopic | undefined): boolean {
  return topic?.status === 'active' || topic?.status === 'pending';
}

/** Host and path of a source page, without the scheme: "www.musterstadt.de/newsletter". */
function shortUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return url;
  }
}
