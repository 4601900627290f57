import { CivicElement } from '../shared/civic-element.js';
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type {
  EventAnswers,
  EventList,
  EventQuestion,
  EventRegistrationRequest,
  EventResponse,
  Locale,
  PublicEvent,
} from '@civic-dialog/contracts';
import { eventAnswerProblem } from '@civic-dialog/contracts/rules/event-answers';
import { EVENT_LIMITS, LIMITS } from '@civic-dialog/contracts/rules/limits';
import { CivicApiClient, noticeText, type ApiFailure } from '../shared/api-client.js';
import { baseStyles } from '../shared/base.styles.js';
import { eventInit } from '../shared/events.js';
import { formatDateTime, formatDateTimeRange } from '../shared/date-format.js';
import { formFeedbackStyles } from '../shared/form-feedback.styles.js';
import { errorSummary, honeypotField, legalTextDetails, statusRegion } from '../shared/form-parts.js';
import { formFieldStyles } from '../shared/form-field.styles.js';
import { FormController } from '../shared/form-controller.js';
import { LocalizeController } from '../shared/localize.js';
import { paragraphs } from '../shared/text.js';
import { emailProblem } from '../shared/validation.js';
import { eventRegistrationStyles } from './event-registration.styles.js';
import { eventRegistrationTexts, type EventRegistrationTexts } from './event-registration.translations.js';

type Texts = EventRegistrationTexts;
/** `unavailable`: the page cannot reach the API as set up (the console says why); no retry. */
type Phase = 'loading' | 'load-error' | 'unavailable' | 'not-found' | 'ready';
type FormPhase = 'idle' | 'success';
/**
 * Errors by field name (`email`, `seats`, `q-<questionId>`, …). A message is a function of the
 * texts so that it follows a language switch.
 */
type FieldErrors = Record<string, (t: Texts) => string>;

interface RegistrationValues {
  email: string;
  firstName: string;
  lastName: string;
  seats: string;
  answers: EventAnswers;
  consent: boolean;
  newsletter: boolean;
  website: string;
}

export interface CivicEventRegistrationSuccessDetail {
  event: string;
  seats: number;
  /** The citizen registered for a full event with a waiting list. */
  waitingList: boolean;
  locale: Locale;
}
export interface CivicEventRegistrationErrorDetail {
  stage: 'load' | 'submit';
  kind: ApiFailure['kind'];
}

/**
 * Registration for a town's events with double opt-in: with `event`, one event and its form;
 * without, every upcoming event open for registration, each with a button that opens its form
 * (one form at a time, so messages and focus always belong to the registration at hand).
 * Dates show in the page language and the event's time zone.
 *
 * @summary Event registration for a town's website.
 * @tagname civic-event-registration
 *
 * @attr api - Base URL of the CMS serving the Civic Dialog API, e.g. `https://cms.example`. Empty: the page's own origin.
 * @attr event - Slug of one event to show with its form. Empty: the list of upcoming events open for registration.
 * @attr lang - `de` or `en`. Without it, the nearest `[lang]` ancestor, then `<html lang>`, then `de`.
 *
 * @event {CustomEvent<CivicEventRegistrationSuccessDetail>} civic-event-registration-success - The server accepted the registration; a confirmation mail is on its way. `detail: { event, seats, waitingList, locale }` (no personal data).
 * @event {CustomEvent<CivicEventRegistrationErrorDetail>} civic-event-registration-error - Loading or submitting failed. `detail: { stage: 'load' | 'submit', kind: 'network' | 'unavailable' | 'rate-limited' | 'validation' | 'server' }`.
 *
 * @csspart base - Wrapper around everything.
 * @csspart loading - The text shown while events load.
 * @csspart list - The list of events (without `event`).
 * @csspart event - One event: title, facts, description and registration.
 * @csspart event-title - The event's title (a level-2 heading).
 * @csspart facts - The event's date, place, seats and deadline (a description list).
 * @csspart availability - Remaining seats, "waiting list" or "fully booked".
 * @csspart description - The event's description.
 * @csspart toggle - The button that opens and closes an event's form in the list (`aria-expanded`).
 * @csspart notice - Why an event takes no registrations (closed, fully booked).
 * @csspart form - The registration form.
 * @csspart error-summary - List of all errors, shown when a submit fails with more than one.
 * @csspart field - Each field: label, control, hint and error.
 * @csspart label - Labels of the text, number and consent fields.
 * @csspart input - Text, email and number inputs and text areas.
 * @csspart hint - Help texts ("(optional)", length limits, seat range).
 * @csspart error - A field's error message.
 * @csspart fieldset - A choice or yes/no question.
 * @csspart legend - Its question.
 * @csspart choice - One radio button or checkbox with its label.
 * @csspart radio - Radio buttons of single-choice and yes/no questions.
 * @csspart checkbox - Checkboxes of multiple-choice questions, consent and newsletter.
 * @csspart choice-label - A radio button's or a choice checkbox's label.
 * @csspart legal-text - The `<details>` with a consent text.
 * @csspart legal-summary - The `<summary>` that opens it.
 * @csspart legal-body - The consent text's paragraphs.
 * @csspart button - The submit and retry buttons.
 * @csspart status - The live region for progress and error messages (empty while nothing to say).
 * @csspart success - The panel shown after a registration was sent.
 * @csspart success-heading - Its heading (receives focus).
 * @csspart success-text - Its text.
 *
 * @cssprop [--civic-color-primary=#0b57a4] - Button background, checkbox accent, links and the toggle's border.
 * @cssprop [--civic-color-primary-contrast=#fff] - Button text colour.
 * @cssprop [--civic-color-text=#1f1f1f] - Text colour.
 * @cssprop [--civic-color-background=transparent] - Widget background.
 * @cssprop [--civic-color-input-background=#fff] - Background of inputs and of the toggle button.
 * @cssprop [--civic-color-border=#6b6b6b] - Input borders and the line between events (keep ≥ 3:1 contrast).
 * @cssprop [--civic-color-hint=#4a4a4a] - Help text colour.
 * @cssprop [--civic-color-error=#b3261e] - Error text and borders.
 * @cssprop [--civic-color-error-background=#fdf0ef] - Background of error messages and notices.
 * @cssprop [--civic-color-success=#1e6b34] - Accent of the success panel.
 * @cssprop [--civic-color-success-background=#eef7f0] - Background of the success panel.
 * @cssprop [--civic-font-family=system-ui, sans-serif] - Font family.
 * @cssprop [--civic-font-size=medium] - Base font size (default: the reader's default text size; not `rem`, which the page's `html` font size scales).
 * @cssprop [--civic-radius=4px] - Corner radius of inputs and buttons.
 * @cssprop [--civic-space=1em] - Base spacing unit.
 * @cssprop [--civic-focus-ring=3px solid #1f1f1f] - `outline` of the focused control.
 */
export class CivicEventRegistration extends CivicElement {
  static override styles = [baseStyles, formFieldStyles, formFeedbackStyles, eventRegistrationStyles];

  // Reactive properties without decorators and set in the constructor, like <civic-signup>.
  static override properties = {
    api: {},
    event: {},
    phase: { state: true, attribute: false },
    events: { state: true, attribute: false },
    openSlug: { state: true, attribute: false },
    formPhase: { state: true, attribute: false },
  };

  declare api: string;
  declare event: string;
  declare private phase: Phase;
  declare private events: PublicEvent[];
  /** The event whose form is on screen ('' = none). */
  declare private openSlug: string;
  declare private formPhase: FormPhase;

  readonly #localize = new LocalizeController<Texts>(this, eventRegistrationTexts);
  /** `api|event|locale` of the data on screen; a change reloads. */
  #loadedFor = '';
  readonly #form = new FormController<string, FieldErrors[string]>(
    this,
    () => (this.#openEvent ? this.#fieldOrder(this.#openEvent) : []),
    // For a group of radio buttons or checkboxes its first one.
    (field) => this.renderRoot.querySelector<HTMLElement>(`[name="${field}"]`),
  );

  constructor() {
    super();
    this.api = '';
    this.event = '';
    this.phase = 'loading';
    this.events = [];
    this.openSlug = '';
    this.formPhase = 'idle';
  }

  /** Renders only with the texts of the reader's language loaded (their chunk loads first). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.#localize.whenReady(() => super.scheduleUpdate());
  }

  protected override willUpdate(): void {
    const wanted = `${this.api}|${this.event}|${this.#localize.locale}`;
    // A language switch during submit or after success must not reset what the citizen sees.
    if (wanted !== this.#loadedFor && !this.#form.busy && this.formPhase !== 'success') {
      this.#loadedFor = wanted;
      void this.#load();
    }
  }

  get #openEvent(): PublicEvent | undefined {
    return this.events.find((event) => event.slug === this.openSlug);
  }

  async #load(): Promise<void> {
    const locale = this.#localize.locale;
    const slug = this.event.trim();
    this.phase = 'loading';
    this.#resetForm();
    const client = new CivicApiClient(this.api);
    const loaded = await this.#form.load(async () =>
      slug
        ? [(await client.send<EventResponse>('GET', `/events/${encodeURIComponent(slug)}?locale=${locale}`)).data]
        : (await client.send<EventList>('GET', `/events?locale=${locale}`)).data,
    );
    if (loaded === 'stale') return;
    if ('failure' in loaded) {
      const failure = loaded.failure;
      this.phase = failure.kind === 'server' && failure.status === 404 ? 'not-found' : failure.kind === 'unavailable' ? 'unavailable' : 'load-error';
      this.dispatchEvent(new CustomEvent('civic-event-registration-error', eventInit<CivicEventRegistrationErrorDetail>({ stage: 'load', kind: failure.kind })));
      return;
    }
    this.events = loaded.value;
    // One event: its form is always open. A list keeps the open form across a language switch.
    if (slug) this.openSlug = loaded.value[0]!.slug;
    else if (!this.#openEvent) this.openSlug = '';
    this.phase = 'ready';
  }

  #resetForm(): void {
    this.formPhase = 'idle';
    this.#form.reset();
  }

  #toggle(slug: string): void {
    // The open form is busy sending; switching now would show its answer under another event.
    if (this.#form.busy) return;
    this.#resetForm();
    this.openSlug = this.openSlug === slug ? '' : slug;
  }

  /** Field names in visual order: the first invalid one gets the focus. */
  #fieldOrder(event: PublicEvent): string[] {
    return [
      'email',
      'firstName',
      'lastName',
      ...(event.maxSeatsPerRegistration > 1 ? ['seats'] : []),
      ...event.questions.map(questionField),
      'consent',
    ];
  }

  #readForm(form: HTMLFormElement, event: PublicEvent): RegistrationValues {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const answers: EventAnswers = {};
    for (const question of event.questions) {
      const name = questionField(question);
      if (question.type === 'multiple-choice') {
        const chosen = data.getAll(name).map(String);
        if (chosen.length) answers[question.id] = chosen;
      } else if (question.type === 'yes-no') {
        const answer = data.get(name);
        if (answer) answers[question.id] = answer === 'yes';
      } else if (text(name)) {
        answers[question.id] = text(name);
      }
    }
    return {
      email: text('email'),
      firstName: text('firstName'),
      lastName: text('lastName'),
      seats: event.maxSeatsPerRegistration > 1 ? text('seats') : '1',
      answers,
      consent: data.get('consent') === 'yes',
      newsletter: data.get('newsletter') === 'yes',
      website: String(data.get('website') ?? ''),
    };
  }

  #validate(values: RegistrationValues, event: PublicEvent): FieldErrors {
    const errors: FieldErrors = {};
    const emailError = emailProblem(values.email);
    if (emailError) errors.email = (t) => t[emailError];
    if (values.firstName.length > LIMITS.firstNameLength) errors.firstName = (t) => t.nameTooLong(t.firstName, LIMITS.firstNameLength);
    if (values.lastName.length > EVENT_LIMITS.lastNameLength) errors.lastName = (t) => t.nameTooLong(t.lastName, EVENT_LIMITS.lastNameLength);
    const seatsError = this.#seatsError(Number(values.seats || NaN), event);
    if (seatsError) errors.seats = seatsError;
    for (const question of event.questions) {
      const answer = values.answers[question.id];
      const found = eventAnswerProblem(question, answer);
      if (found?.problem === 'required') errors[questionField(question)] = (t) => t.answerRequired(question.label);
      else if (found?.problem === 'too-long') errors[questionField(question)] = (t) => t.answerTooLong(question.label, found.max, String(answer).length);
    }
    if (!values.consent) errors.consent = (t) => t.consentRequired;
    return errors;
  }

  #seatsError(seats: number, event: PublicEvent): FieldErrors[string] | undefined {
    const max = event.maxSeatsPerRegistration;
    if (!Number.isInteger(seats) || seats < 1 || seats > max) return (t) => t.seatsInvalid(max);
    // With a waiting list, more seats than are left put the registration on the list; without, it would be refused.
    const left = event.seatsLeft;
    if (left !== null && left > 0 && seats > left && !event.waitingList) return (t) => t.seatsTooMany(left);
    return undefined;
  }

  #onFormInput(inputEvent: Event): void {
    const event = this.#openEvent;
    const form = inputEvent.currentTarget as HTMLFormElement;
    const edited = (inputEvent.target as HTMLInputElement).name;
    if (event) this.#form.recheck(edited, () => this.#validate(this.#readForm(form, event), event)[edited]);
  }

  async #onSubmit(submitEvent: SubmitEvent): Promise<void> {
    submitEvent.preventDefault();
    const event = this.#openEvent;
    // Also guards Enter in a field while a request is under way: one request per submit.
    if (this.#form.busy || this.formPhase !== 'idle' || !event?.legalText) return;
    const legal = event.legalText;
    const values = this.#readForm(submitEvent.currentTarget as HTMLFormElement, event);
    if (!this.#form.check(this.#validate(values, event))) return;

    const newsletterText = event.newsletterTopic ? event.newsletterLegalText : null;
    const request: EventRegistrationRequest = {
      email: values.email,
      ...(values.firstName ? { firstName: values.firstName } : {}),
      ...(values.lastName ? { lastName: values.lastName } : {}),
      seats: Number(values.seats),
      answers: values.answers,
      locale: legal.locale,
      legalTextVersion: legal.version,
      consent: true,
      ...(newsletterText ? { newsletter: values.newsletter } : {}),
      ...(newsletterText && values.newsletter ? { newsletterLegalTextVersion: newsletterText.version } : {}),
      pageUrl: location.href,
      widget: 'civic-event-registration',
      website: values.website,
    };
    const accepted = await this.#form.run('submit', (proof) => new CivicApiClient(this.api).post(`/events/${encodeURIComponent(event.slug)}/registrations`, { ...request, ...proof }), {
      botCheck: { api: this.api, form: 'event-registration' },
      fieldOf: ({ field, path }) => {
        const question = field === 'answers' ? event.questions.find((candidate) => candidate.id === path[1]) : undefined;
        if (question) return [questionField(question), (t: Texts) => t.answerInvalid(question.label)];
        const message = serverFieldMessage(field, event);
        return message && [field, message];
      },
      onFailure: (failure) => {
        this.dispatchEvent(new CustomEvent('civic-event-registration-error', eventInit<CivicEventRegistrationErrorDetail>({ stage: 'submit', kind: failure.kind })));
      },
    });
    if (!accepted) {
      // A failure that is no field's (network, rate limit, server): read it where the citizen is, below the button.
      if (this.#form.notice) await this.#form.focus('form [part="status"]');
      return;
    }
    this.formPhase = 'success';
    await this.#form.focus('#success-heading');
    const detail: CivicEventRegistrationSuccessDetail = {
      event: event.slug,
      seats: request.seats ?? 1,
      waitingList: isWaitingList(event),
      locale: legal.locale,
    };
    this.dispatchEvent(new CustomEvent('civic-event-registration-success', eventInit(detail)));
  }

  protected override render(): TemplateResult {
    const t = this.#localize.t;
    return html`
      <div part="base" class="base">
        ${this.phase === 'loading' ? html`<p part="loading" class="loading">${t.loading}</p>` : nothing}
        ${this.phase === 'load-error'
          ? html`<button part="button" type="button" @click=${() => void this.#load()}>${t.retry}</button>`
          : nothing}
        ${this.phase === 'ready' ? this.#renderEvents(t) : nothing}
        ${this.#formShown ? nothing : this.#renderStatus(t)}
      </div>
    `;
  }

  /** While a registration form is shown, progress and failures appear below its button, where the citizen is. */
  get #formShown(): boolean {
    const event = this.#openEvent;
    return this.phase === 'ready' && this.formPhase !== 'success' && !!event?.registrationOpen && !!event.legalText;
  }

  #renderStatus(t: Texts): TemplateResult {
    return statusRegion(this.#statusText(t), this.#isErrorStatus() ? 'is-error' : '');
  }

  #isErrorStatus(): boolean {
    return this.phase === 'load-error' || this.phase === 'unavailable' || this.phase === 'not-found' || this.#form.notice !== undefined;
  }

  #statusText(t: Texts): string {
    if (this.phase === 'load-error') return t.loadError;
    if (this.phase === 'unavailable') return t.formUnavailable;
    if (this.phase === 'not-found') return t.notFound;
    if (this.phase === 'ready' && !this.events.length) return t.noEvents;
    if (this.#form.busy) return this.#form.progress(t.submitting);
    return this.#form.notice ? noticeText(this.#form.notice, t) : '';
  }

  #renderEvents(t: Texts): TemplateResult | typeof nothing {
    if (this.event.trim()) return this.events[0] ? this.#renderEvent(this.events[0], t, false) : nothing;
    if (!this.events.length) return nothing;
    return html`<ul part="list" class="list" aria-label=${t.listLabel}>
      ${this.events.map((event) => html`<li>${this.#renderEvent(event, t, true)}</li>`)}
    </ul>`;
  }

  #renderEvent(event: PublicEvent, t: Texts, inList: boolean): TemplateResult {
    const locale = this.#localize.locale;
    const titleId = `title-${event.slug}`;
    const isOpen = this.openSlug === event.slug;
    const canRegister = event.registrationOpen && event.legalText !== null;
    return html`
      <article part="event" class="event" aria-labelledby=${titleId}>
        <h2 part="event-title" id=${titleId}>${event.title}</h2>
        <dl part="facts" class="facts">
          <div>
            <dt>${t.when}</dt>
            <dd><time datetime=${event.startsAt}>${formatDateTimeRange(locale, event.startsAt, event.endsAt, event.timeZone)}</time></dd>
          </div>
          <div>
            <dt>${t.where}</dt>
            <dd>${event.location}${event.address ? html`<br>${event.address}` : nothing}</dd>
          </div>
          <div>
            <dt>${t.seats}</dt>
            <dd part="availability">${availability(event, t)}</dd>
          </div>
          ${event.registrationClosesAt && event.registrationOpen
            ? html`<div>
                <dt>${t.deadline}</dt>
                <dd><time datetime=${event.registrationClosesAt}>${formatDateTime(locale, event.registrationClosesAt, event.timeZone)}</time></dd>
              </div>`
            : nothing}
        </dl>
        ${event.description
          ? html`<div part="description" class="description">${paragraphs(event.description)}</div>`
          : nothing}
        ${!canRegister
          ? html`<p part="notice" class="notice">${noRegistrationText(event, t)}</p>`
          : inList
            ? html`
                <button part="toggle" class="toggle" type="button" aria-expanded=${isOpen ? 'true' : 'false'}
                  aria-controls="panel-${event.slug}" aria-describedby=${titleId} @click=${() => this.#toggle(event.slug)}>${t.open}</button>
                <div id="panel-${event.slug}" class="panel" ?hidden=${!isOpen}>${isOpen ? this.#renderRegistration(event, t) : nothing}</div>
              `
            : this.#renderRegistration(event, t)}
      </article>
    `;
  }

  #renderRegistration(event: PublicEvent, t: Texts): TemplateResult | typeof nothing {
    if (this.formPhase === 'success') {
      return html`
        <div part="success" class="success">
          <h3 part="success-heading" id="success-heading" tabindex="-1">${t.successHeading}</h3>
          <p part="success-text">${isWaitingList(event) ? t.successWaitingList : t.successText}</p>
        </div>
      `;
    }
    const legal = event.legalText;
    if (!legal) return nothing;
    const errors = this.#form.errors;
    const invalid = this.#form.invalid;
    const newsletterText = event.newsletterTopic ? event.newsletterLegalText : null;
    return html`
      <form part="form" novalidate aria-label=${t.formLabel(event.title)} @submit=${this.#onSubmit} @input=${this.#onFormInput}>
        ${invalid.length > 1
          ? errorSummary(t.summary(invalid.length), invalid.map((field) => ({
              href: `#${this.#controlIdOf(field, event)}`,
              label: errors[field]!(t),
              focus: () => this.#form.focusField(field),
            })))
          : nothing}
        ${this.#renderTextField('email', t.email, t, { type: 'email', autocomplete: 'email', required: true })}
        ${this.#renderTextField('firstName', t.firstName, t, { autocomplete: 'given-name' })}
        ${this.#renderTextField('lastName', t.lastName, t, { autocomplete: 'family-name' })}
        ${event.maxSeatsPerRegistration > 1 ? this.#renderSeats(event, t) : nothing}
        ${event.questions.map((question) => this.#renderQuestion(question, t))}
        <div part="field" class="field">
          <div part="choice" class="choice">
            <input part="checkbox" type="checkbox" id="consent" name="consent" value="yes" required
              aria-invalid=${errors.consent ? 'true' : 'false'} aria-describedby=${errors.consent ? 'consent-error' : nothing}>
            <label part="label" for="consent">${t.consent}</label>
          </div>
          ${legalTextDetails(legal, t)}
          ${this.#renderError('consent', t)}
        </div>
        ${newsletterText
          ? html`<div part="field" class="field">
              <div part="choice" class="choice">
                <input part="checkbox" type="checkbox" id="newsletter" name="newsletter" value="yes">
                <label part="label" for="newsletter">${t.newsletter(event.newsletterTopic!.name)}</label>
              </div>
              ${legalTextDetails(newsletterText, t)}
            </div>`
          : nothing}
        ${honeypotField(t.honeypot)}
        <button part="button" type="submit" aria-disabled=${this.#form.busy ? 'true' : 'false'}>
          ${isWaitingList(event) ? t.submitWaitingList : t.submit}
        </button>
        ${this.#renderStatus(t)}
      </form>
    `;
  }

  /** The id the error summary links to: the control itself, or a group's first option. */
  #controlIdOf(field: string, event: PublicEvent): string {
    const question = event.questions.find((candidate) => questionField(candidate) === field);
    if (question?.type === 'yes-no') return `${field}-yes`;
    if (question && 'choices' in question) return `${field}-${question.choices[0]!.id}`;
    return field;
  }

  #renderTextField(
    name: string,
    label: string,
    t: Texts,
    options: { type?: 'email' | 'text'; autocomplete: string; required?: boolean },
  ): TemplateResult {
    const error = this.#form.errors[name];
    return html`<div part="field" class="field">
      <label part="label" for=${name}>${label} <span part="hint" class="hint">${options.required ? t.required : t.optional}</span></label>
      <input part="input" id=${name} name=${name} type=${options.type ?? 'text'} autocomplete=${options.autocomplete}
        ?required=${options.required} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `${name}-error` : nothing}>
      ${this.#renderError(name, t)}
    </div>`;
  }

  #renderSeats(event: PublicEvent, t: Texts): TemplateResult {
    const error = this.#form.errors.seats;
    const max = event.maxSeatsPerRegistration;
    return html`<div part="field" class="field">
      <label part="label" for="seats">${t.seatsField}</label>
      <input part="input" class="seats" id="seats" name="seats" type="number" inputmode="numeric" min="1" max=${max} step="1" value="1" required
        aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'seats-hint seats-error' : 'seats-hint'}>
      <p part="hint" id="seats-hint" class="hint">${t.seatsHint(max)}</p>
      ${this.#renderError('seats', t)}
    </div>`;
  }

  #renderQuestion(question: EventQuestion, t: Texts): TemplateResult {
    const name = questionField(question);
    const error = this.#form.errors[name];
    const need = html`<span part="hint" class="hint">${question.required ? t.required : t.optional}</span>`;
    if (question.type === 'short-text' || question.type === 'long-text') {
      const describedBy = [`${name}-hint`, error ? `${name}-error` : ''].filter(Boolean).join(' ');
      return html`<div part="field" class="field">
        <label part="label" for=${name}>${question.label} ${need}</label>
        ${question.type === 'long-text'
          ? html`<textarea part="input" id=${name} name=${name} rows="4" ?required=${question.required}
              aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy}></textarea>`
          : html`<input part="input" id=${name} name=${name} type="text" ?required=${question.required}
              aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy}>`}
        <p part="hint" id="${name}-hint" class="hint">${t.maxLengthHint(question.maxLength)}</p>
        ${this.#renderError(name, t)}
      </div>`;
    }
    const multiple = question.type === 'multiple-choice';
    const options = 'choices' in question ? question.choices : [{ id: 'yes', label: t.yes }, { id: 'no', label: t.no }];
    const hintId = `${name}-hint`;
    const describedBy = [hintId, error ? `${name}-error` : ''].filter(Boolean).join(' ');
    return html`<fieldset part="fieldset" id=${name} class=${question.type === 'yes-no' ? 'inline' : ''}>
      <legend part="legend">${question.label} ${need}</legend>
      <p part="hint" id=${hintId} class="hint">${multiple ? t.chooseAny : t.chooseOne}</p>
      ${options.map((option) => {
        const id = `${name}-${option.id}`;
        return html`<div part="choice" class="choice">
          <input part=${multiple ? 'checkbox' : 'radio'} type=${multiple ? 'checkbox' : 'radio'} id=${id} name=${name} .value=${option.id}
            ?required=${question.required && !multiple} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy}>
          <label part="choice-label" for=${id}>${option.label}</label>
        </div>`;
      })}
      ${this.#renderError(name, t)}
    </fieldset>`;
  }

  #renderError(field: string, t: Texts): TemplateResult | typeof nothing {
    const message = this.#form.errors[field];
    return message ? html`<p part="error" id="${field}-error" class="error">${message(t)}</p>` : nothing;
  }
}

/** The form field (and error key) of a custom question. */
function questionField(question: EventQuestion): string {
  return `q-${question.id}`;
}

/** Registrations now go to the waiting list. */
function isWaitingList(event: PublicEvent): boolean {
  return event.seatsLeft === 0 && event.waitingList;
}

function availability(event: PublicEvent, t: Texts): string {
  if (event.seatsLeft === null) return t.unlimited;
  if (event.seatsLeft > 0) return t.seatsLeft(event.seatsLeft);
  return event.waitingList ? t.waitingList : t.fullyBooked;
}

function noRegistrationText(event: PublicEvent, t: Texts): string {
  if (!event.legalText) return t.serverError;
  return event.seatsLeft === 0 && !event.waitingList ? t.fullyBookedNotice : t.closedNotice;
}

/** The widget's own message for a server error on one of its fields; undefined for fields it does not have. */
function serverFieldMessage(field: string, event: PublicEvent): FieldErrors[string] | undefined {
  switch (field) {
    case 'email':
      return (t) => t.emailInvalid;
    case 'firstName':
      return (t) => t.nameTooLong(t.firstName, LIMITS.firstNameLength);
    case 'lastName':
      return (t) => t.nameTooLong(t.lastName, EVENT_LIMITS.lastNameLength);
    case 'seats':
      return event.maxSeatsPerRegistration > 1 ? (t) => t.seatsInvalid(event.maxSeatsPerRegistration) : undefined;
    case 'consent':
      return (t) => t.consentRequired;
    default:
      return undefined;
  }
}
