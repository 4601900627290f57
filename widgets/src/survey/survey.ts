import { CivicElement, adoptStyles } from '../shared/civic-element.js';
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type {
  AnonymousSurveyResponseRequest,
  IdentifiedSurveyResponseRequest,
  Locale,
  PublicSurvey,
  PublicSurveyQuestion,
  PublicSurveyResponse,
  SurveyAnswers,
  SurveyAnswerValue,
  SurveyParticipation,
  SurveyResults,
  SurveyResultsResponse,
} from '@civic-dialog/contracts';
import { CivicApiClient, failureOf, noticeText, type ApiFailure } from '../shared/api-client.js';
import { baseStyles } from '../shared/base.styles.js';
import { formatDate, formatDateTime, READER_TIME_ZONE } from '../shared/date-format.js';
import { eventInit } from '../shared/events.js';
import { formFeedbackStyles } from '../shared/form-feedback.styles.js';
import { errorSummary, honeypotField, legalTextDetails, statusRegion } from '../shared/form-parts.js';
import { formFieldStyles } from '../shared/form-field.styles.js';
import { FormController } from '../shared/form-controller.js';
import { LocalizeController } from '../shared/localize.js';
import { paragraphs } from '../shared/text.js';
import { emailProblem } from '../shared/validation.js';
import { answersToSend, isAnswered, surveyAnswerProblem, visibleQuestions } from '@civic-dialog/contracts/rules/survey-answers';
import { answerFrom } from './answer-from.js';
import { surveyStyles } from './survey.styles.js';
import { surveyTexts, type SurveyTexts } from './survey.translations.js';

type Phase =
  | 'loading'
  | 'load-error'
  /** The page cannot reach the API as set up (the console says why); no retry. */
  | 'unavailable'
  | 'not-found'
  | 'upcoming'
  | 'closed'
  | 'open'
  | 'thanks'
  | 'check-inbox'
  | 'already-answered';
/** Phases after which nothing is reloaded (a language switch must not take the outcome away). */
const FINAL_PHASES: readonly Phase[] = ['thanks', 'check-inbox', 'already-answered'];

type Problem =
  | { kind: 'tooFewChoices' | 'tooManyChoices' | 'tooLong'; limit: number }
  | { kind: 'answerRequired' | 'dateOutOfRange' | 'invalidAnswer' | 'emailRequired' | 'emailInvalid' | 'consentRequired' };

/** The widget's words for what the contracts' answer rules find wrong (the server checks the same rules). */
function problemWith(question: PublicSurveyQuestion, answer: SurveyAnswerValue | undefined): Problem | undefined {
  const found = surveyAnswerProblem(question, answer);
  if (!found) return undefined;
  switch (found.problem) {
    case 'required':
      return { kind: 'answerRequired' };
    case 'too-few-choices':
      return { kind: 'tooFewChoices', limit: found.limit! };
    case 'too-many-choices':
      return { kind: 'tooManyChoices', limit: found.limit! };
    case 'too-long':
      return { kind: 'tooLong', limit: found.limit! };
    case 'out-of-range':
      return { kind: question.type === 'date' ? 'dateOutOfRange' : 'invalidAnswer' };
    default:
      return { kind: 'invalidAnswer' };
  }
}

/** The results view (survey-results.ts): a chunk of its own, loaded with the results of a closed survey. */
let resultsView: typeof import('./survey-results.js') | undefined;

/** Surveys with this many questions show how far the citizen has got. */
const PROGRESS_FROM_QUESTIONS = 5;

export interface CivicSurveySuccessDetail {
  survey: string;
  mode: PublicSurvey['mode'];
}
export interface CivicSurveyErrorDetail {
  stage: 'load' | 'submit';
  kind: ApiFailure['kind'] | 'already-answered' | 'closed' | 'upcoming';
}

/**
 * A town survey: questions of several kinds (single and multiple choice, free text, rating,
 * yes/no, date), conditions that show a question only after a certain answer, and progress for
 * long surveys. Anonymous surveys are answered right away; identified ones are confirmed by a
 * link sent by email. Before opening the widget says when the survey starts; after closing it
 * shows the results if the town published them.
 *
 * @summary Survey form (and its public results) for a town's website.
 * @tagname civic-survey
 *
 * @attr api - Base URL of the CMS serving the Civic Dialog API, e.g. `https://cms.example`. Empty: the page's own origin.
 * @attr survey - The survey's slug, e.g. `spielplatz-2026`.
 * @attr lang - `de` or `en`. Without it, the nearest `[lang]` ancestor, then `<html lang>`, then `de`.
 *
 * @event {CustomEvent<CivicSurveySuccessDetail>} civic-survey-success - The answers were recorded (anonymous) or a confirmation mail is on its way (identified). `detail: { survey, mode }` (no answers, no email address).
 * @event {CustomEvent<CivicSurveyErrorDetail>} civic-survey-error - Loading or submitting failed. `detail: { stage: 'load' | 'submit', kind: 'network' | 'unavailable' | 'rate-limited' | 'validation' | 'server' | 'already-answered' | 'closed' | 'upcoming' }` (`closed`/`upcoming`: the survey closed or was postponed while the citizen was answering).
 *
 * @csspart base - Wrapper around everything.
 * @csspart loading - The text shown while the survey loads.
 * @csspart title - The survey's title (a level-2 heading).
 * @csspart intro - The survey's introduction.
 * @csspart notice - The text shown before the survey opens, after it closed, or when it does not exist.
 * @csspart form - The form.
 * @csspart progress - "3 of 10 questions answered" (long surveys only), with its bar.
 * @csspart progress-bar - The decorative `<progress>` bar.
 * @csspart error-summary - List of all problems, shown when a submit fails with more than one.
 * @csspart question - Each question: a fieldset with legend, hint, answers and error.
 * @csspart legend - A question's text.
 * @csspart required - The "(required)" mark in a legend.
 * @csspart hint - Help texts (question help, how many to choose, date range, character counter).
 * @csspart choice - One radio button or checkbox with its label.
 * @csspart radio - Radio buttons (single choice, rating, yes/no).
 * @csspart checkbox - Checkboxes (multiple choice, consent).
 * @csspart choice-label - The label of a radio button or checkbox.
 * @csspart rating - The row of rating buttons.
 * @csspart scale-ends - The texts naming the lowest and highest rating.
 * @csspart textarea - Free-text answers (multi-line).
 * @csspart input - Text, date and email inputs.
 * @csspart error - A question's or field's error message.
 * @csspart field - Email and consent fields (identified surveys).
 * @csspart label - Labels of the email and consent fields.
 * @csspart legal-text - The `<details>` with the consent text.
 * @csspart legal-summary - The `<summary>` that opens the consent text.
 * @csspart legal-body - The consent text's paragraphs.
 * @csspart button - The submit button and the retry button.
 * @csspart status - The live region for progress and error messages (empty while nothing to say).
 * @csspart success - The panel after submitting (thanks, check your inbox, already answered).
 * @csspart success-heading - Its heading (receives focus).
 * @csspart success-text - Its text.
 * @csspart results - The public results of a closed survey.
 * @csspart results-table - A question's results table (answers, counts, shares).
 * @csspart bar - The decorative bar in a results row.
 *
 * @cssprop [--civic-color-primary=#0b57a4] - Button background, accents, links and result bars.
 * @cssprop [--civic-color-primary-contrast=#fff] - Button text colour.
 * @cssprop [--civic-color-text=#1f1f1f] - Text colour.
 * @cssprop [--civic-color-background=transparent] - Widget background.
 * @cssprop [--civic-color-input-background=#fff] - Background of inputs and text areas.
 * @cssprop [--civic-color-border=#6b6b6b] - Input borders and question separators (keep ≥ 3:1 contrast).
 * @cssprop [--civic-color-hint=#4a4a4a] - Help text colour.
 * @cssprop [--civic-color-error=#b3261e] - Error text and borders.
 * @cssprop [--civic-color-error-background=#fdf0ef] - Background of error messages.
 * @cssprop [--civic-color-success=#1e6b34] - Accent of the panel after submitting.
 * @cssprop [--civic-color-success-background=#eef7f0] - Background of that panel.
 * @cssprop [--civic-color-bar-track=#e6e6e6] - Background behind result bars and the progress bar.
 * @cssprop [--civic-font-family=system-ui, sans-serif] - Font family.
 * @cssprop [--civic-font-size=medium] - Base font size (default: the reader's default text size; not `rem`, which the page's `html` font size scales).
 * @cssprop [--civic-radius=4px] - Corner radius of inputs and buttons.
 * @cssprop [--civic-space=1em] - Base spacing unit.
 * @cssprop [--civic-focus-ring=3px solid #1f1f1f] - `outline` of the focused control.
 */
export class CivicSurvey extends CivicElement {
  static override styles = [baseStyles, formFieldStyles, formFeedbackStyles, ...surveyStyles];

  // As in <civic-signup>: reactive properties without decorators, set in the constructor.
  static override properties = {
    api: {},
    survey: {},
    phase: { state: true, attribute: false },
    definition: { state: true, attribute: false },
    results: { state: true, attribute: false },
    answers: { state: true, attribute: false },
    email: { state: true, attribute: false },
    consent: { state: true, attribute: false },
    progress: { state: true, attribute: false },
  };

  declare api: string;
  declare survey: string;
  declare private phase: Phase;
  declare private definition: PublicSurvey | undefined;
  /** Public results of a closed survey; `null` when they could not be loaded. */
  declare private results: SurveyResults | null | undefined;
  /** The draft: kept in memory across failed submits, language switches and hidden questions. */
  declare private answers: SurveyAnswers;
  declare private email: string;
  declare private consent: boolean;
  /** Answered / visible questions, updated on `change` (not on every keystroke) and announced politely. */
  declare private progress: { answered: number; total: number };

  readonly #localize = new LocalizeController<SurveyTexts>(this, surveyTexts);
  /** `api|survey|locale` of the survey on screen; a change reloads it. */
  #loadedFor = '';
  /** Problems by question id, plus `email` and `consent` in identified mode. */
  readonly #form = new FormController<string, Problem>(
    this,
    // The order of the form: visible questions, then email and consent.
    () => [...this.#questions.map((question) => question.id), ...(this.definition?.mode === 'identified' ? ['email', 'consent'] : [])],
    (key) => (this.renderRoot as ShadowRoot).getElementById(key === 'email' || key === 'consent' ? key : controlId(key, 0)),
  );
  #honeypot = '';
  /** Anonymous mode: the one-time token, requested when the citizen starts answering. */
  #participationToken: Promise<string> | undefined;

  constructor() {
    super();
    this.api = '';
    this.survey = '';
    this.phase = 'loading';
    this.answers = {};
    this.email = '';
    this.consent = false;
    this.progress = { answered: 0, total: 0 };
  }

  /** Renders only with the texts of the reader's language loaded (their chunk loads first). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.#localize.whenReady(() => super.scheduleUpdate());
  }

  get #client(): CivicApiClient {
    return new CivicApiClient(this.api);
  }

  get #path(): string {
    return `/surveys/${encodeURIComponent(this.survey)}`;
  }

  protected override willUpdate(): void {
    const wanted = `${this.api}|${this.survey}|${this.#localize.locale}`;
    if (wanted !== this.#loadedFor && !this.#form.busy && !FINAL_PHASES.includes(this.phase)) {
      this.#loadedFor = wanted;
      void this.#load();
    }
  }

  async #load(): Promise<void> {
    const locale = this.#localize.locale;
    this.phase = 'loading';
    this.#form.say(undefined);
    const loaded = await this.#form.load(() => this.#client.send<PublicSurveyResponse>('GET', `${this.#path}?locale=${locale}`));
    if (loaded === 'stale') return;
    if ('failure' in loaded) {
      const failure = loaded.failure;
      this.phase = failure.kind === 'server' && failure.status === 404 ? 'not-found' : failure.kind === 'unavailable' ? 'unavailable' : 'load-error';
      this.#emitError('load', failure.kind);
      return;
    }
    const data = loaded.value.data;
    this.definition = data;
    this.phase = data.open ? 'open' : data.phase === 'upcoming' ? 'upcoming' : 'closed';
    this.#updateProgress();
    if (this.phase === 'closed' && data.resultsPublic) await this.#loadResults(locale);
  }

  /** The results of a closed survey and the view that shows them, unless a newer load replaced the survey meanwhile. */
  async #loadResults(locale: Locale): Promise<void> {
    const latest = this.#form.latest();
    const [results, view] = await Promise.all([
      this.#client.send<SurveyResultsResponse>('GET', `${this.#path}/results?locale=${locale}`).then(({ data }) => data, () => null),
      resultsView ?? import('./survey-results.js').then((loaded) => (resultsView = loaded), () => undefined),
    ]);
    if (!latest()) return;
    if (view) adoptStyles(this.renderRoot, [...CivicSurvey.styles, ...view.resultsStyles]);
    this.results = view ? results : null;
  }

  get #questions(): PublicSurveyQuestion[] {
    return this.definition ? visibleQuestions(this.definition.questions, this.answers) : [];
  }

  #updateProgress(): void {
    const visible = this.#questions;
    this.progress = { answered: visible.filter((question) => isAnswered(this.answers[question.id])).length, total: visible.length };
  }

  /** Anonymous mode: asks for the participation token once and keeps it until it is used (with a bot check where the CMS wants one). */
  #participation(): Promise<string> {
    if (!this.#participationToken) {
      const [client, path] = [this.#client, `${this.#path}/participations`];
      const request = import('../shared/bot-check.js')
        .then(({ botProof }) => botProof(this.api, 'survey-participation'))
        .then((proof) => client.post<SurveyParticipation>(path, proof))
        .then(({ data }) => data.participationToken);
      this.#participationToken = request;
      // A failed request is asked again at the next submit.
      request.catch(() => {
        if (this.#participationToken === request) this.#participationToken = undefined;
      });
    }
    return this.#participationToken;
  }

  /** Updates the draft from the control the citizen just used. */
  #onFormInput(event: Event): void {
    const control = event.target as HTMLInputElement;
    const questionId = control.dataset.question;
    if (questionId) {
      const question = this.definition?.questions.find((candidate) => candidate.id === questionId);
      if (!question) return;
      this.answers = { ...this.answers, [questionId]: answerFrom(question, control, this.answers[questionId]) };
      if (this.definition?.mode === 'anonymous') this.#participation().catch(() => undefined);
    } else if (control.name === 'email') this.email = control.value;
    else if (control.name === 'consent') this.consent = control.checked;
    else if (control.name === 'website') this.#honeypot = control.value;
    const key = questionId ?? control.name;
    this.#form.recheck(key, () => this.#problemOf(key));
  }

  #problemOf(key: string): Problem | undefined {
    if (key === 'email') {
      const kind = emailProblem(this.email.trim());
      return kind && { kind };
    }
    if (key === 'consent') return this.consent ? undefined : { kind: 'consentRequired' };
    const question = this.#questions.find((candidate) => candidate.id === key);
    return question && problemWith(question, this.answers[key]);
  }

  async #onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const survey = this.definition;
    // Also guards Enter in a field while a request is under way: one request per submit.
    if (this.#form.busy || this.phase !== 'open' || !survey) return;
    this.#updateProgress();
    const keys = [...this.#questions.map((question) => question.id), ...(survey.mode === 'identified' ? ['email', 'consent'] : [])];
    const problems = Object.fromEntries(keys.flatMap((key) => {
      const problem = this.#problemOf(key);
      return problem ? [[key, problem]] : [];
    }));
    if (!this.#form.check(problems)) return;

    const answers = answersToSend(survey.questions, this.answers);
    const sent = await this.#form.run('submit', async (proof) => {
      if (survey.mode === 'anonymous') {
        const request: AnonymousSurveyResponseRequest = {
          participationToken: await this.#participation(),
          answers,
          locale: this.#localize.locale,
          widget: 'civic-survey',
        };
        await this.#client.post(`${this.#path}/responses`, { ...request, ...proof }).catch((error: unknown) => {
          const failure = failureOf(error);
          // A used, expired or unknown token (410, 404): the next try asks for a new one.
          if (failure.kind === 'server' && [404, 410].includes(failure.status)) this.#participationToken = undefined;
          throw error;
        });
        this.#participationToken = undefined;
      } else {
        const request: IdentifiedSurveyResponseRequest = {
          email: this.email.trim(),
          answers,
          locale: survey.legalText?.locale ?? survey.locale,
          legalTextVersion: survey.legalText?.version ?? 0,
          consent: true,
          pageUrl: location.href,
          widget: 'civic-survey',
          website: this.#honeypot,
        };
        await this.#client.post(`${this.#path}/responses`, { ...request, ...proof });
      }
      return true;
    }, {
      botCheck: { api: this.api, form: 'survey-response' },
      fieldOf: ({ path }) => {
        const [field, questionId] = path;
        if (field === 'answers' && questionId && this.#questions.some((question) => question.id === questionId)) {
          return [questionId, this.#problemOf(questionId) ?? { kind: 'invalidAnswer' }];
        }
        if (field === 'email') return ['email', { kind: 'emailInvalid' }];
        if (field === 'consent') return ['consent', { kind: 'consentRequired' }];
        // A used or expired participation token: ask for a new one next time.
        if (field === 'participationToken') this.#participationToken = undefined;
        return undefined;
      },
      // Closed, postponed or answered already: the form gives way to what is the case now.
      takeOver: async (failure) => {
        if (failure.kind !== 'server' || failure.status !== 409) return false;
        const phase = await this.#phaseAfterConflict();
        await this.#finish(phase);
        this.#emitError('submit', phase);
        return true;
      },
      onFailure: (failure) => this.#emitError('submit', failure.kind),
    });
    if (!sent) return;
    await this.#finish(survey.mode === 'anonymous' ? 'thanks' : 'check-inbox');
    this.dispatchEvent(new CustomEvent('civic-survey-success', eventInit<CivicSurveySuccessDetail>({ survey: survey.slug, mode: survey.mode })));
  }

  /**
   * Why the server refused the response (409): the survey closed or was postponed meanwhile, or the
   * person has answered already. Read from the survey's phase, not from the error's `details.reason`,
   * so the shared API client (in every widget's bundle) stays as small as it is.
   */
  async #phaseAfterConflict(): Promise<'closed' | 'upcoming' | 'already-answered'> {
    const locale = this.#localize.locale;
    const loaded = await this.#form.load(() => this.#client.send<PublicSurveyResponse>('GET', `${this.#path}?locale=${locale}`));
    // Without the survey the 409 itself is all there is to go by.
    if (loaded === 'stale' || 'failure' in loaded || loaded.value.data.open) return 'already-answered';
    const data = loaded.value.data;
    this.definition = data;
    if (data.phase === 'upcoming') return 'upcoming';
    if (data.resultsPublic) await this.#loadResults(locale);
    return 'closed';
  }

  /** Shows the outcome of submitting and moves focus to its heading (or to the notice that replaced the form). */
  async #finish(phase: Phase): Promise<void> {
    this.phase = phase;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#outcome-heading, #phase-notice')?.focus();
  }

  #emitError(stage: CivicSurveyErrorDetail['stage'], kind: CivicSurveyErrorDetail['kind']): void {
    this.dispatchEvent(new CustomEvent('civic-survey-error', eventInit<CivicSurveyErrorDetail>({ stage, kind })));
  }

  protected override render(): TemplateResult {
    const t = this.#localize.t;
    const survey = this.definition;
    const phase = this.phase;
    const showsSurvey = survey && !['loading', 'load-error', 'unavailable', 'not-found'].includes(phase);
    return html`
      <div part="base" class="base">
        ${phase === 'loading' ? html`<p part="loading" class="loading">${t.loading}</p>` : nothing}
        ${phase === 'load-error' ? html`<button part="button" type="button" @click=${() => void this.#load()}>${t.retry}</button>` : nothing}
        ${phase === 'not-found' ? html`<p part="notice" class="notice">${t.notFound}</p>` : nothing}
        ${showsSurvey ? this.#renderSurvey(survey, t) : nothing}
        ${statusRegion(this.#statusText(t), this.#form.notice || phase === 'load-error' || phase === 'unavailable' ? 'is-error' : '')}
      </div>
    `;
  }

  #statusText(t: SurveyTexts): string {
    if (this.phase === 'load-error') return t.loadError;
    if (this.phase === 'unavailable') return t.formUnavailable;
    if (this.#form.busy) return this.#form.progress(t.submitting);
    return this.#form.notice ? noticeText(this.#form.notice, t) : '';
  }

  #renderSurvey(survey: PublicSurvey, t: SurveyTexts): TemplateResult {
    const phase = this.phase;
    const locale = this.#localize.locale;
    return html`
      <h2 part="title" id="title" class="title">${survey.title}</h2>
      ${survey.intro && (phase === 'open' || phase === 'upcoming')
        ? html`<div part="intro" class="intro">${paragraphs(survey.intro)}</div>`
        : nothing}
      ${phase === 'upcoming'
        ? html`<p part="notice" id="phase-notice" class="notice" tabindex="-1">${survey.opensAt ? t.notYetOpen(formatDateTime(locale, survey.opensAt, READER_TIME_ZONE)) : t.notYetOpenUndated}</p>`
        : nothing}
      ${phase === 'closed' ? html`<p part="notice" id="phase-notice" class="notice" tabindex="-1">${t.closed}</p>` : nothing}
      ${phase === 'closed' && survey.resultsPublic ? this.#renderResults(t, locale) : nothing}
      ${phase === 'open' ? this.#renderForm(survey, t) : nothing}
      ${phase === 'thanks' ? this.#renderOutcome(t.thanksHeading, survey.thankYou || t.thanksText) : nothing}
      ${phase === 'check-inbox' ? this.#renderOutcome(t.checkInboxHeading, t.checkInboxText) : nothing}
      ${phase === 'already-answered' ? this.#renderOutcome(t.alreadyAnsweredHeading, t.alreadyAnsweredText) : nothing}
    `;
  }

  /** Nothing while the results load; `null`: they (or their view) could not be loaded. */
  #renderResults(t: SurveyTexts, locale: Locale): TemplateResult | typeof nothing {
    if (this.results === undefined) return nothing;
    if (this.results === null || !resultsView) return html`<p part="notice" class="notice">${t.resultsUnavailable}</p>`;
    return resultsView.renderResults(this.results, t, locale);
  }

  #renderForm(survey: PublicSurvey, t: SurveyTexts): TemplateResult {
    const invalid = this.#form.invalid;
    const questions = this.#questions;
    const showProgress = survey.questions.length >= PROGRESS_FROM_QUESTIONS;
    return html`
      <form part="form" novalidate aria-labelledby="title" @submit=${this.#onSubmit} @input=${this.#onFormInput} @change=${this.#updateProgress}>
        ${showProgress
          ? html`<div part="progress" class="progress">
              <p aria-live="polite" id="progress-text">${t.progress(this.progress.answered, this.progress.total)}</p>
              <progress part="progress-bar" aria-hidden="true" max=${this.progress.total} .value=${this.progress.answered}></progress>
            </div>`
          : nothing}
        ${invalid.length > 1
          ? errorSummary(t.summary(invalid.length), invalid.map((key) => ({
              href: `#${key === 'email' || key === 'consent' ? key : controlId(key, 0)}`,
              label: this.#summaryLabel(key, t),
              focus: () => this.#form.focusField(key),
            })))
          : nothing}
        ${questions.map((question) => this.#renderQuestion(question, t))}
        ${survey.mode === 'identified' && survey.legalText ? this.#renderIdentity(survey.legalText, t) : nothing}
        <button part="button" type="submit" aria-disabled=${this.#form.busy ? 'true' : 'false'}>${t.submit}</button>
      </form>
    `;
  }

  /** "Question text: what is wrong", so the summary makes sense read on its own. */
  #summaryLabel(key: string, t: SurveyTexts): string {
    const question = this.#questions.find((candidate) => candidate.id === key);
    const message = problemText(this.#form.errors[key]!, t);
    return question ? `${question.label}: ${message}` : message;
  }

  #renderQuestion(question: PublicSurveyQuestion, t: SurveyTexts): TemplateResult {
    const base = `q-${question.id}`;
    const problem = this.#form.errors[question.id];
    const errorId = problem ? `${base}-error` : '';
    const helpId = question.help ? `${base}-help` : '';
    const extra = this.#questionHint(question, t);
    // A rating's ends are in its options' names (ratingOption); the visible line is for the eye only.
    const extraId = extra && question.type !== 'rating' ? `${base}-hint` : '';
    return html`
      <fieldset part="question" class="question" aria-describedby=${ids(helpId, extraId) || nothing}>
        <legend part="legend" id="${base}-legend">${question.label}${question.required
          ? html` <span part="required" class="required">${t.required}</span>`
          : nothing}</legend>
        ${question.help ? html`<p part="hint" id=${helpId} class="hint">${question.help}</p>` : nothing}
        ${extra
          ? question.type === 'rating'
            ? html`<p part="hint" class="hint scale-ends" aria-hidden="true">${extra}</p>`
            : html`<p part="hint" id=${extraId} class="hint">${extra}</p>`
          : nothing}
        ${this.#renderControl(question, errorId, t)}
        ${question.type === 'multiple-choice' && question.maxChoices !== undefined && question.maxChoices < question.choices.length
          ? html`<p part="hint" id="${base}-limit" class="hint" aria-live="polite">${this.#choiceLimitText(question.id, question.maxChoices, t)}</p>`
          : nothing}
        ${problem ? html`<p part="error" id=${errorId} class="error">${problemText(problem, t)}</p>` : nothing}
      </fieldset>
    `;
  }

  /**
   * Said (politely) next to a multiple choice once its most choices are ticked, so the limit is
   * explained when it is reached, not only by the error after a submit.
   */
  #choiceLimitText(questionId: string, max: number, t: SurveyTexts): string {
    const answer = this.answers[questionId];
    return Array.isArray(answer) && answer.length === max ? t.choiceLimitReached(max) : '';
  }

  /** How many to choose, the date range, or the ends of a rating scale. */
  #questionHint(question: PublicSurveyQuestion, t: SurveyTexts): TemplateResult | string | undefined {
    const locale = this.#localize.locale;
    if (question.type === 'multiple-choice') {
      const min = question.minChoices ?? 0;
      const max = question.maxChoices ?? question.choices.length;
      if (max < question.choices.length) return t.chooseBetween(min, max);
      if (min > 1) return t.chooseAtLeast(min);
    }
    if (question.type === 'date' && (question.min || question.max)) {
      return t.dateRange(question.min ? formatDate(locale, question.min) : '…', question.max ? formatDate(locale, question.max) : '…');
    }
    if (question.type === 'rating' && (question.lowLabel || question.highLabel)) {
      return html`<span part="scale-ends">${question.lowLabel ? ratingOption(question, 1, t) : ''}</span>
        <span part="scale-ends">${question.highLabel ? ratingOption(question, question.scale, t) : ''}</span>`;
    }
    return undefined;
  }

  #renderControl(question: PublicSurveyQuestion, errorId: string, t: SurveyTexts): TemplateResult {
    const answer = this.answers[question.id];
    const invalid = errorId ? 'true' : 'false';
    const name = `q-${question.id}`;
    const choice = (index: number, type: 'radio' | 'checkbox', value: string, label: string, checked: boolean, fullName?: string) => html`
      <div part="choice" class="choice">
        <input part=${type} type=${type} id=${controlId(question.id, index)} name=${name} data-question=${question.id}
          .value=${value} .checked=${checked} aria-label=${fullName ?? nothing} aria-invalid=${invalid} aria-describedby=${errorId || nothing}>
        <label part="choice-label" for=${controlId(question.id, index)}>${label}</label>
      </div>`;
    switch (question.type) {
      case 'single-choice':
        return html`${question.choices.map((option, index) => choice(index, 'radio', option.id, option.label, answer === option.id))}`;
      case 'multiple-choice':
        return html`${question.choices.map((option, index) =>
          choice(index, 'checkbox', option.id, option.label, Array.isArray(answer) && answer.includes(option.id)))}`;
      case 'yes-no':
        return html`<div class="inline-choices">${choice(0, 'radio', 'yes', t.yes, answer === true)}${choice(1, 'radio', 'no', t.no, answer === false)}</div>`;
      case 'rating':
        return html`<div part="rating" class="rating inline-choices">
          ${Array.from({ length: question.scale }, (_, index) => {
            const value = index + 1;
            // The ends are named with their meaning ("1 – sehr unzufrieden"); the name starts with the visible number.
            const named = value === 1 || value === question.scale ? ratingOption(question, value, t) : undefined;
            return choice(index, 'radio', String(value), String(value), answer === value, named);
          })}
        </div>`;
      case 'date':
        return html`<input part="input" type="date" id=${controlId(question.id, 0)} name=${name} data-question=${question.id}
          min=${question.min ?? nothing} max=${question.max ?? nothing} .value=${typeof answer === 'string' ? answer : ''}
          aria-labelledby="${name}-legend" aria-invalid=${invalid} aria-describedby=${errorId || nothing}>`;
      case 'free-text': {
        const text = typeof answer === 'string' ? answer : '';
        const counterId = `${name}-counter`;
        const describedBy = ids(counterId, errorId);
        const used = text.trim().length;
        return html`
          ${question.multiline
            ? html`<textarea part="textarea" id=${controlId(question.id, 0)} name=${name} data-question=${question.id} rows="4"
                .value=${text} aria-labelledby="${name}-legend" aria-invalid=${invalid} aria-describedby=${describedBy}></textarea>`
            : html`<input part="input" type="text" id=${controlId(question.id, 0)} name=${name} data-question=${question.id}
                .value=${text} aria-labelledby="${name}-legend" aria-invalid=${invalid} aria-describedby=${describedBy}>`}
          <p part="hint" id=${counterId} class="hint counter ${used > question.maxLength ? 'is-over' : ''}">${t.characters(used, question.maxLength)}</p>
        `;
      }
    }
  }

  #renderIdentity(legal: NonNullable<PublicSurvey['legalText']>, t: SurveyTexts): TemplateResult {
    const problem = (key: 'email' | 'consent') => this.#form.errors[key];
    const describedBy = (key: 'email' | 'consent', hint = '') => ids(hint, problem(key) ? `${key}-error` : '') || nothing;
    const error = (key: 'email' | 'consent') => {
      const found = problem(key);
      return found ? html`<p part="error" id="${key}-error" class="error">${problemText(found, t)}</p>` : nothing;
    };
    return html`
      <div part="field" class="field">
        <label part="label" for="email">${t.email} <span part="required" class="required">${t.required}</span></label>
        <p part="hint" id="email-hint" class="hint">${t.emailHint}</p>
        <input part="input" id="email" name="email" type="email" autocomplete="email" .value=${this.email}
          aria-invalid=${problem('email') ? 'true' : 'false'} aria-describedby=${describedBy('email', 'email-hint')}>
        ${error('email')}
      </div>
      <div part="field" class="field">
        <div part="choice" class="choice">
          <input part="checkbox" type="checkbox" id="consent" name="consent" .checked=${this.consent}
            aria-invalid=${problem('consent') ? 'true' : 'false'} aria-describedby=${describedBy('consent')}>
          <label part="label" for="consent">${t.consent}</label>
        </div>
        ${legalTextDetails(legal, t)}
        ${error('consent')}
      </div>
      ${honeypotField(t.honeypot)}
    `;
  }

  #renderOutcome(heading: string, text: string): TemplateResult {
    return html`
      <div part="success" class="success">
        <h3 part="success-heading" id="outcome-heading" tabindex="-1">${heading}</h3>
        <div part="success-text">${paragraphs(text)}</div>
      </div>
    `;
  }
}

/** The id of a question's n-th control (its first one receives focus on errors). */
const controlId = (questionId: string, index: number) => `q-${questionId}-${index}`;

/** "1 – sehr unzufrieden": a rating's end with the town's label for it, or the default words for the lowest and highest. */
function ratingOption(question: Extract<PublicSurveyQuestion, { type: 'rating' }>, value: number, t: SurveyTexts): string {
  const low = value === 1;
  return t.scaleEnd(value, (low ? question.lowLabel : question.highLabel) || (low ? t.lowestRating : t.highestRating));
}

/** Space-separated ids for aria-describedby, without empty ones. */
const ids = (...list: string[]) => list.filter(Boolean).join(' ');

function problemText(problem: Problem, t: SurveyTexts): string {
  switch (problem.kind) {
    case 'tooFewChoices':
    case 'tooManyChoices':
    case 'tooLong':
      return t[problem.kind](problem.limit);
    default:
      return t[problem.kind];
  }
}
