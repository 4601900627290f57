import { CivicElement } from '../shared/civic-element.js';
import { html, type TemplateResult } from 'lit/html.js';
import type { PreferencesErased, PreferencesResponse, PreferencesSession, PreferencesView } from '@civic-dialog/contracts';
import { MANAGE_LINK_FRAGMENT } from '@civic-dialog/contracts/rules/limits';
import { CivicApiClient, type ApiFailure } from '../shared/api-client.js';
import { baseStyles } from '../shared/base.styles.js';
import { eventInit } from '../shared/events.js';
import { formFeedbackStyles } from '../shared/form-feedback.styles.js';
import { formFieldStyles } from '../shared/form-field.styles.js';
import { FormController, type FieldOfServerError } from '../shared/form-controller.js';
import { LocalizeController } from '../shared/localize.js';
import { preferencesStyles } from './preferences.styles.js';
import { preferencesTexts, type PreferencesTexts } from './preferences.translations.js';
import { renderDetails } from './sections/details.js';
import { renderRequestForm, type RequestReason } from './sections/request-link.js';
import {
  type CivicPreferencesErrorDetail,
  type CivicPreferencesSavedDetail,
  type ErrorKey,
  type Field,
  type Outcome,
  type PreferencesHost,
  type Section,
} from './sections/section.js';
import { renderTopics } from './sections/topics.js';

export type { CivicPreferencesErrorDetail, CivicPreferencesSavedDetail } from './sections/section.js';

/** History and data sections (sections/data-sections.ts), loaded with the first session. */
let dataSections: typeof import('./sections/data-sections.js') | undefined;
/** Phone (SMS) and alert sections (sections/channels.ts), loaded with the first session too. */
let channelSections: typeof import('./sections/channels.js') | undefined;

/** `unavailable`: the page cannot reach the API as set up (the console says why); no retry. */
type Phase = 'request' | 'link-sent' | 'opening' | 'load-error' | 'unavailable' | 'center' | 'erase-confirm' | 'erased';
/** The message the widget shows for a server-side error on a field (never the server's English). */
const SERVER_ERROR_KEYS: Partial<Record<Field, ErrorKey>> = {
  email: 'emailInvalid',
  consent: 'consentRequired',
  firstName: 'firstNameInvalid',
  postalCode: 'postalCodeInvalid',
  district: 'districtInvalid',
};
/** Visual order: the first invalid field of a form gets the focus. */
const FIELDS: readonly Field[] = ['email', 'consent', 'firstName', 'postalCode', 'district', 'phone', 'code', 'alertDistrict', 'alertPostalCode', 'alertConsent'];

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
 * @cssprop [--civic-font-size=medium] - Base font size (default: the reader's default text size; not `rem`, which the page's `html` font size scales).
 * @cssprop [--civic-radius=4px] - Corner radius of inputs and buttons.
 * @cssprop [--civic-space=1em] - Base spacing unit.
 * @cssprop [--civic-focus-ring=3px solid #1f1f1f] - `outline` of the focused control.
 */
export class CivicPreferences extends CivicElement implements PreferencesHost {
  static override styles = [baseStyles, formFieldStyles, formFeedbackStyles, preferencesStyles];

  // Reactive properties without decorators (see civic-signup); internal state stays out of the manifest.
  static override properties = {
    api: {},
    phase: { state: true, attribute: false },
    reason: { state: true, attribute: false },
    view: { state: true, attribute: false },
    addingTopics: { state: true, attribute: false },
    channels: { state: true, attribute: false },
  };

  declare api: string;
  declare private phase: Phase;
  declare private reason: RequestReason | undefined;
  /** @internal */
  declare view: PreferencesView | undefined;
  /** @internal */
  declare addingTopics: boolean;
  /** @internal */
  declare channels: import('./sections/channels.js').ChannelState | undefined;

  readonly #localize = new LocalizeController<PreferencesTexts>(this, preferencesTexts);
  /** @internal Field errors, the notice of each section (the part) and the one request under way. */
  readonly form = new FormController<Field, ErrorKey, Outcome>(this, () => FIELDS, (field) => this.renderRoot.querySelector<HTMLElement>(`#${field}`));
  /** Kept in memory only: never in storage, never in the URL. */
  #sessionToken: string | undefined;
  /** The link token until it has been exchanged, so a failed exchange can be retried. */
  #linkToken: string | undefined;

  constructor() {
    super();
    this.api = '';
    this.phase = 'request';
    this.addingTopics = false;
  }

  /** Renders only with the texts of the reader's language loaded (their chunk loads first). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.#localize.whenReady(() => super.scheduleUpdate());
  }

  /** @internal */
  get locale() {
    return this.#localize.locale;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
    this.#takeLinkToken();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.#onHashChange);
    super.disconnectedCallback();
  }

  /** A second manage link opened in the same tab only changes the fragment. */
  readonly #onHashChange = (): void => this.#takeLinkToken();

  /** Reads `#civic-token=…`, removes it from the address bar at once and opens the session. */
  #takeLinkToken(): void {
    const parts = location.hash.replace(/^#/, '').split('&');
    const tokenPart = parts.find((part) => part.startsWith(`${MANAGE_LINK_FRAGMENT}=`));
    if (!tokenPart) return;
    const rest = parts.filter((part) => part !== tokenPart).join('&');
    // Replace, not push: the token must not stay in history, bookmarks or a shared address.
    try {
      history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
    } catch {
      // WebKit refuses more than 100 replaceState calls in 10 s (a busy single-page site may have
      // used them up): the link still opens the preferences, only the address keeps the token.
    }
    const raw = tokenPart.slice(MANAGE_LINK_FRAGMENT.length + 1);
    // A mangled link (a mail client cut it: `%E0%A4%A`) is an invalid link for the server to say, not a broken widget.
    this.#linkToken = (() => {
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    })();
    this.#sessionToken = undefined;
    void this.#openSession();
  }

  get #client(): CivicApiClient {
    return new CivicApiClient(this.api);
  }

  async #openSession(): Promise<void> {
    this.phase = 'opening';
    this.form.say(undefined);
    const client = this.#client;
    const opened = await this.form.load(async () => {
      const [view, sections, channels] = await Promise.all([
        (async () => {
          if (!this.#sessionToken) {
            const session = await client.post<PreferencesSession>('/preferences/session', { token: this.#linkToken });
            this.#sessionToken = session.data.sessionToken;
            this.#linkToken = undefined;
          }
          return (await client.send<PreferencesResponse>('GET', this.#inMyLanguage('/preferences'), undefined, this.#sessionToken)).data;
        })(),
        // The center's history and data sections load meanwhile; failing to, they fail the load like the network would (retry).
        dataSections ?? import('./sections/data-sections.js'),
        channelSections ?? import('./sections/channels.js'),
      ]);
      dataSections = sections;
      channelSections = channels;
      this.channels = await channels.loadChannels((path) => client.send<{ data: unknown }>('GET', path, undefined, this.#sessionToken).then((answer) => answer.data), this.locale);
      return view;
    });
    if (opened === 'stale') return;
    if ('value' in opened) {
      this.#showCenter(opened.value);
      return this.form.focus('#center-heading');
    }
    const failure = opened.failure;
    const stage = this.#sessionToken ? 'load' : 'session';
    this.#emitError(stage, failure);
    if (failure.kind === 'server' && failure.status === 401) return this.#endSession();
    // 400 (malformed), 404 (unknown or used), 410 (expired): the link cannot work any more.
    const linkDead = failure.kind === 'validation' || (failure.kind === 'server' && [404, 410].includes(failure.status));
    if (stage === 'session' && linkDead) {
      this.#linkToken = undefined;
      return this.#showRequestForm('link-invalid');
    }
    this.phase = failure.kind === 'unavailable' ? 'unavailable' : 'load-error';
  }

  #showCenter(view: PreferencesView): void {
    this.view = view;
    this.phase = 'center';
    this.addingTopics = false;
  }

  /** Back to the request form, with a heading that says why (focused). */
  async #showRequestForm(reason?: RequestReason): Promise<void> {
    this.view = undefined;
    this.reason = reason;
    this.form.reset();
    this.phase = 'request';
    await this.form.focus(reason ? '#notice-heading' : '#email');
  }

  /**
   * Export or erasure refused for a link from an older mail (403 fresh-link-required): explain why
   * and offer a new link for the signed-in address; the session and the view stay for the way back.
   */
  async #askForFreshLink(): Promise<void> {
    this.reason = 'fresh-link';
    this.form.reset();
    this.phase = 'request';
    await this.form.focus('#notice-heading');
  }

  /** Back from asking for a fresh link to the preferences, where the citizen was (the data section). */
  async #backToCenter(): Promise<void> {
    this.reason = undefined;
    this.phase = 'center';
    await this.form.focus('#data-heading');
  }

  /** The session ended (expired, revoked): forget it and offer a new link. */
  #endSession(): Promise<void> {
    this.#sessionToken = undefined;
    return this.#showRequestForm('session-expired');
  }

  /** @internal */
  request<T>(section: Section, stage: CivicPreferencesErrorDetail['stage'], method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, fieldOf?: FieldOfServerError<Field, ErrorKey>): Promise<T | undefined> {
    return this.form.run(section, (proof) => this.#client.send<T>(method, path, body && { ...body, ...proof }, this.#sessionToken), {
      // Of the sections' requests only the manage-link request is a public form a town may protect.
      botCheck: section === 'request' ? { api: this.api, form: 'manage-link' } : undefined,
      fieldOf: fieldOf ?? (({ field }) => (Object.hasOwn(SERVER_ERROR_KEYS, field) ? [field as Field, SERVER_ERROR_KEYS[field as Field]!] : undefined)),
      takeOver: async (failure) => {
        if (failure.kind !== 'server' || section === 'request') return false;
        const freshLink = failure.reason === 'fresh-link-required';
        if (failure.status !== 401 && !freshLink) return false;
        this.#emitError(stage, failure);
        await (freshLink ? this.#askForFreshLink() : this.#endSession());
        return true;
      },
      onFailure: (failure) => this.#emitError(stage, failure),
    });
  }

  /** A view's path asking for topic names in the widget's language, not the citizen's mail language. */
  #inMyLanguage(path: string): string {
    return `${path}?locale=${this.locale}`;
  }

  /** @internal */
  async save(section: Section, outcome: Outcome, detail: CivicPreferencesSavedDetail, method: 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown): Promise<void> {
    const saved = await this.request<PreferencesResponse>(section, 'save', method, this.#inMyLanguage(path), body);
    if (!saved) return;
    this.#showCenter(saved.data);
    this.form.say({ kind: 'done', text: outcome }, section);
    this.dispatchEvent(new CustomEvent('civic-preferences-saved', eventInit(detail)));
  }

  async #onLinkSent(): Promise<void> {
    this.reason = undefined;
    this.phase = 'link-sent';
    await this.form.focus('#link-sent-heading');
  }

  async #openEraseConfirmation(): Promise<void> {
    if (this.form.busy) return;
    this.form.say(undefined);
    this.phase = 'erase-confirm';
    await this.form.focus('#erase-heading');
  }

  async #cancelErase(): Promise<void> {
    if (this.form.busy) return;
    this.phase = 'center';
    await this.form.focus('#erase-start');
  }

  async #confirmErase(): Promise<void> {
    if (this.form.busy) return;
    const erased = await this.request<PreferencesErased>('erase', 'erase', 'POST', '/preferences/erase', { confirm: true });
    if (!erased) return;
    this.#sessionToken = undefined;
    this.view = undefined;
    this.phase = 'erased';
    await this.form.focus('#erased-heading');
    this.dispatchEvent(new CustomEvent('civic-preferences-erased', eventInit(undefined)));
  }

  #emitError(stage: CivicPreferencesErrorDetail['stage'], failure: ApiFailure): void {
    const detail: CivicPreferencesErrorDetail = { stage, kind: failure.kind, ...(failure.kind === 'server' ? { status: failure.status } : {}) };
    this.dispatchEvent(new CustomEvent('civic-preferences-error', eventInit(detail)));
  }

  protected override render(): TemplateResult {
    const t = this.#localize.t;
    return html`<div part="base" class="base">${this.#renderPhase(t)}</div>`;
  }

  #renderPhase(t: PreferencesTexts): TemplateResult | string {
    switch (this.phase) {
      case 'opening':
        return html`<p part="loading" class="loading">${t.opening}</p>`;
      case 'unavailable':
        return html`<p part="text" class="status is-error" role="alert">${t.formUnavailable}</p>`;
      case 'load-error':
        return html`
          <p part="text" class="status is-error" role="alert">${t.loadError}</p>
          <button part="button" type="button" @click=${() => void this.#openSession()}>${t.retry}</button>`;
      case 'link-sent':
        return html`
          <div class="success">
            <h2 part="heading" id="link-sent-heading" tabindex="-1">${t.linkSentHeading}</h2>
            <p part="text">${t.linkSentText}</p>
          </div>
          <button part="button button-secondary" class="secondary" type="button" @click=${() => void this.#showRequestForm()}>${t.requestAgain}</button>`;
      case 'center':
        return this.#renderCenter(t);
      case 'erase-confirm':
        return dataSections!.renderEraseConfirmation(this, t, () => void this.#confirmErase(), () => void this.#cancelErase());
      case 'erased':
        return html`
          <div class="success">
            <h2 part="heading" id="erased-heading" tabindex="-1">${t.erasedHeading}</h2>
            <p part="text">${t.erasedText}</p>
          </div>`;
      default:
        return renderRequestForm(this, this.reason, t, () => void this.#onLinkSent(), () => void this.#backToCenter());
    }
  }

  #renderCenter(t: PreferencesTexts): TemplateResult | string {
    const view = this.view;
    if (!view) return '';
    return html`
      <h2 part="heading" id="center-heading" tabindex="-1">${t.centerHeading}</h2>
      <p part="text">${t.signedInAs(view.profile.email)}</p>
      ${renderTopics(this, view, t)} ${renderDetails(this, view, t)} ${dataSections!.renderHistory(view, t, this.locale)}
      ${channelSections!.renderChannels(this, t)}
      ${dataSections!.renderYourData(this, view, t, () => void this.#openEraseConfirmation())}`;
  }
}
