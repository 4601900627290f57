import { LitElement, html, nothing, type TemplateResult } from 'lit';
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
import { CivicApiClient, failureOf, noticeOf, noticeText, type ApiFailure, type Notice } from '../shared/api-client.js';
import { baseStyles } from '../shared/base.styles.js';
import { formatDate, formatDateTime, READER_TIME_ZONE } from '../shared/date-format.js';
import { eventInit } from '../shared/events.js';
import { formFeedbackStyles } from '../shared/form-feedback.styles.js';
import { errorSummary, honeypotField, legalTextDetails, statusRegion } from '../shared/form-parts.js';
import { formFieldStyles } from '../shared/form-field.styles.js';
import { LocalizeController } from '../shared/localize.js';
import { paragraphs } from '../shared/text.js';
import { emailProblem } from '../shared/validation.js';
import { answersToSend, isAnswered, problemWith, visibleQuestions, type AnswerProblem } from './survey.rules.js';
import { renderResults } from './survey-results.js';
import { surveyStyles } from './survey.styles.js';
import { surveyTexts, type SurveyTexts } from './survey.translations.js';

type Phase =
  | 'loading'
  | 'load-error'
  | 'not-found'
  | 'upcoming'
  | 'closed'
  | 'open'
  | 'submitting'
  | 'thanks'
  | 'check-inbox'
  | 'already-answered';
/** Phases after which nothing is reloaded (a language switch must not take the outcome away). */
const FINAL_PHASES: readonly Phase[] = ['submitting', 'thanks', 'check-inbox', 'already-answered'];

type Problem = AnswerProblem | { kind: 'invalidAnswer' } | { kind: 'emailRequired' | 'emailInvalid' | 'consentRequired' };
/** Problems by question id, plus `email` and `consent` in identified mode. */
type Problems = Record<string, Problem>;

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
 * @event {CustomEvent<CivicSurveyErrorDetail>} civic-survey-error - Loading or submitting failed. `detail: { stage: 'load' | 'submit', kind: 'network' | 'rate-limited' | 'validation' | 'server' | 'already-answered' | 'closed' | 'upcoming' }` (`closed`/`upcoming`: the survey closed or was postponed while the citizen was answering).
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
 * @cssprop [--civic-font-size=1rem] - Base font size.
 * @cssprop [--civic-radius=4px] - Corner radius of inputs and buttons.
 * @cssprop [--civic-space=1rem] - Base spacing unit.
 * @cssprop [--civic-focus-ring=3px solid #1f1f1f] - `outline` of the focused control.
 */
export class CivicSurvey extends LitElement {
  static override styles = [baseStyles, formFieldStyles, formFeedbackStyles, surveyStyles];

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
    problems: { state: true, attribute: false },
    notice: { state: true, attribute: false },
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
  declare private problems: Problems;
  declare private notice: Notice | undefined;
  /** Answered / visible questions, updated on `change` (not on every keystroke) and announced politely. */
  declare private progress: { answered: number; total: number };

  private readonly localize = new LocalizeController<SurveyTexts>(this, surveyTexts);
  /** `api|survey|locale` of the survey on screen; a change reloads it. */
  private loadedFor = '';
  private loadSequence = 0;
  private honeypot = '';
  /** Anonymous mode: the one-time token, requested when the citizen starts answering. */
  private participationToken: Promise<string> | undefined;

  constructor() {
    super();
    this.api = '';
    this.survey = '';
    this.phase = 'loading';
    this.answers = {};
    this.email = '';
    this.consent = false;
    this.problems = {};
    this.progress = { answered: 0, total: 0 };
  }

  private get client(): CivicApiClient {
    return new CivicApiClient(this.api);
  }

  private get path(): string {
    return `/surveys/${encodeURIComponent(this.survey)}`;
  }

  protected override willUpdate(): void {
    const wanted = `${this.api}|${this.survey}|${this.localize.locale}`;
    if (wanted !== this.loadedFor && !FINAL_PHASES.includes(this.phase)) {
      this.loadedFor = wanted;
      void this.load();
    }
  }

  private async load(): Promise<void> {
    const sequence = ++this.loadSequence;
    const locale = this.localize.locale;
    this.phase = 'loading';
    this.notice = undefined;
    try {
      const { data } = await this.client.send<PublicSurveyResponse>('GET', `${this.path}?locale=${locale}`);
      if (sequence !== this.loadSequence) return;
      this.definition = data;
      this.phase = data.open ? 'open' : data.phase === 'upcoming' ? 'upcoming' : 'closed';
      this.updateProgress();
      if (this.phase === 'closed' && data.resultsPublic) await this.loadResults(sequence, locale);
    } catch (error) {
      if (sequence !== this.loadSequence) return;
      const failure = failureOf(error);
      this.phase = failure.kind === 'server' && failure.status === 404 ? 'not-found' : 'load-error';
      this.emitError('load', failure.kind);
    }
  }

  private async loadResults(sequence: number, locale: Locale): Promise<void> {
    try {
      const { data } = await this.client.send<SurveyResultsResponse>('GET', `${this.path}/results?locale=${locale}`);
      if (sequence === this.loadSequence) this.results = data;
    } catch {
      if (sequence === this.loadSequence) this.results = null;
    }
  }

  private get questions(): PublicSurveyQuestion[] {
    return this.definition ? visibleQuestions(this.definition.questions, this.answers) : [];
  }

  private updateProgress(): void {
    const visible = this.questions;
    this.progress = { answered: visible.filter((question) => isAnswered(this.answers[question.id])).length, total: visible.length };
  }

  /** Anonymous mode: asks for the participation token once and keeps it until it is used. */
  private participation(): Promise<string> {
    if (!this.participationToken) {
      const request = this.client
        .post<SurveyParticipation>(`${this.path}/participations`, {})
        .then(({ data }) => data.participationToken);
      this.participationToken = request;
      // A failed request is asked again at the next submit.
      request.catch(() => {
        if (this.participationToken === request) this.participationToken = undefined;
      });
    }
    return this.participationToken;
  }

  /** Updates the draft from the control the citizen just used. */
  private onFormInput(event: Event): void {
    const control = event.target as HTMLInputElement;
    const questionId = control.dataset.question;
    if (questionId) {
      const question = this.definition?.questions.find((candidate) => candidate.id === questionId);
      if (!question) return;
      this.answers = { ...this.answers, [questionId]: answerFrom(question, control, this.answers[questionId]) };
      if (this.definition?.mode === 'anonymous') this.participation().catch(() => undefined);
    } else if (control.name === 'email') this.email = control.value;
    else if (control.name === 'consent') this.consent = control.checked;
    else if (control.name === 'website') this.honeypot = control.value;
    this.recheck(questionId ?? control.name);
  }

  /** After a failed submit, fixing an entry clears its error at once; no new errors while typing. */
  private recheck(key: string): void {
    if (!this.problems[key]) return;
    const { [key]: _fixed, ...others } = this.problems;
    const stillWrong = this.problemOf(key);
    this.problems = stillWrong ? { ...others, [key]: stillWrong } : others;
  }

  private problemOf(key: string): Problem | undefined {
    if (key === 'email') {
      const kind = emailProblem(this.email.trim());
      return kind && { kind };
    }
    if (key === 'consent') return this.consent ? undefined : { kind: 'consentRequired' };
    const question = this.questions.find((candidate) => candidate.id === key);
    return question && problemWith(question, this.answers[key]);
  }

  /** Keys with a problem, in the order of the form: visible questions, then email and consent. */
  private get invalidKeys(): string[] {
    const keys = [...this.questions.map((question) => question.id), ...(this.definition?.mode === 'identified' ? ['email', 'consent'] : [])];
    return keys.filter((key) => this.problems[key]);
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const survey = this.definition;
    // Also guards Enter in a field while a request is under way: one request per submit.
    if (this.phase !== 'open' || !survey) return;
    this.notice = undefined;
    this.updateProgress();
    const keys = [...this.questions.map((question) => question.id), ...(survey.mode === 'identified' ? ['email', 'consent'] : [])];
    this.problems = Object.fromEntries(keys.flatMap((key) => {
      const problem = this.problemOf(key);
      return problem ? [[key, problem]] : [];
    }));
    if (this.invalidKeys.length) return this.focusFirstProblem();

    const answers = answersToSend(survey.questions, this.answers);
    this.phase = 'submitting';
    try {
      if (survey.mode === 'anonymous') {
        const request: AnonymousSurveyResponseRequest = {
          participationToken: await this.participation(),
          answers,
          locale: this.localize.locale,
          widget: 'civic-survey',
        };
        await this.client.post(`${this.path}/responses`, request);
        this.participationToken = undefined;
      } else {
        const request: IdentifiedSurveyResponseRequest = {
          email: this.email.trim(),
          answers,
          locale: survey.legalText?.locale ?? survey.locale,
          legalTextVersion: survey.legalText?.version ?? 0,
          consent: true,
          pageUrl: location.href,
          widget: 'civic-survey',
          website: this.honeypot,
        };
        await this.client.post(`${this.path}/responses`, request);
      }
      await this.finish(survey.mode === 'anonymous' ? 'thanks' : 'check-inbox');
      this.dispatchEvent(new CustomEvent('civic-survey-success', eventInit<CivicSurveySuccessDetail>({ survey: survey.slug, mode: survey.mode })));
    } catch (error) {
      const failure = failureOf(error);
      if (failure.kind === 'server' && failure.status === 409) {
        const phase = await this.phaseAfterConflict();
        await this.finish(phase);
        this.emitError('submit', phase);
        return;
      }
      this.phase = 'open';
      this.showFailure(failure);
      this.emitError('submit', failure.kind);
      if (failure.kind === 'validation') await this.focusFirstProblem();
    }
  }

  /**
   * Why the server refused the response (409): the survey closed or was postponed meanwhile, or the
   * person has answered already. Read from the survey's phase, not from the error's `details.reason`,
   * so the shared API client (in every widget's bundle) stays as small as it is.
   */
  private async phaseAfterConflict(): Promise<'closed' | 'upcoming' | 'already-answered'> {
    const sequence = ++this.loadSequence;
    const locale = this.localize.locale;
    try {
      const { data } = await this.client.send<PublicSurveyResponse>('GET', `${this.path}?locale=${locale}`);
      if (data.open) return 'already-answered';
      this.definition = data;
      if (data.phase === 'upcoming') return 'upcoming';
      if (data.resultsPublic) await this.loadResults(sequence, locale);
      return 'closed';
    } catch {
      // Without the survey the 409 itself is all there is to go by.
      return 'already-answered';
    }
  }

  /** Shows the outcome of submitting and moves focus to its heading (or to the notice that replaced the form). */
  private async finish(phase: Phase): Promise<void> {
    this.phase = phase;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#outcome-heading, #phase-notice')?.focus();
  }

  private showFailure(failure: ApiFailure): void {
    if (failure.kind !== 'validation') this.notice = noticeOf(failure);
    else {
      const problems: Problems = {};
      const unknown: string[] = [];
      for (const { path, message } of failure.fieldErrors) {
        const [field, questionId] = path;
        if (field === 'answers' && questionId && this.questions.some((question) => question.id === questionId)) {
          problems[questionId] = this.problemOf(questionId) ?? { kind: 'invalidAnswer' };
        } else if (field === 'email') problems.email = { kind: 'emailInvalid' };
        else if (field === 'consent') problems.consent = { kind: 'consentRequired' };
        else {
          // A used or expired participation token: ask for a new one next time.
          if (field === 'participationToken') this.participationToken = undefined;
          unknown.push(message);
        }
      }
      this.problems = problems;
      if (unknown.length || !Object.keys(problems).length) this.notice = { kind: 'server', message: unknown.join(' ') || failure.message };
    }
  }

  /** One problem: focus its question's first control. Several: focus the summary listing them. */
  private async focusFirstProblem(): Promise<void> {
    await this.updateComplete;
    const invalid = this.invalidKeys;
    if (invalid.length > 1) this.renderRoot.querySelector<HTMLElement>('#error-summary')?.focus();
    else if (invalid[0]) this.controlOf(invalid[0])?.focus();
  }

  private controlOf(key: string): HTMLElement | null {
    return (this.renderRoot as ShadowRoot).getElementById(key === 'email' || key === 'consent' ? key : controlId(key, 0));
  }

  private emitError(stage: CivicSurveyErrorDetail['stage'], kind: CivicSurveyErrorDetail['kind']): void {
    this.dispatchEvent(new CustomEvent('civic-survey-error', eventInit<CivicSurveyErrorDetail>({ stage, kind })));
  }

  protected override render(): TemplateResult {
    const t = this.localize.t;
    const survey = this.definition;
    const phase = this.phase;
    const showsSurvey = survey && !['loading', 'load-error', 'not-found'].includes(phase);
    return html`
      <div part="base" class="base">
        ${phase === 'loading' ? html`<p part="loading" class="loading">${t.loading}</p>` : nothing}
        ${phase === 'load-error' ? html`<button part="button" type="button" @click=${() => void this.load()}>${t.retry}</button>` : nothing}
        ${phase === 'not-found' ? html`<p part="notice" class="notice">${t.notFound}</p>` : nothing}
        ${showsSurvey ? this.renderSurvey(survey, t) : nothing}
        ${statusRegion(this.statusText(t), this.notice || phase === 'load-error' ? 'is-error' : '')}
      </div>
    `;
  }

  private statusText(t: SurveyTexts): string {
    if (this.phase === 'load-error') return t.loadError;
    if (this.phase === 'submitting') return t.submitting;
    return this.notice ? noticeText(this.notice, t) : '';
  }

  private renderSurvey(survey: PublicSurvey, t: SurveyTexts): TemplateResult {
    const phase = this.phase;
    const locale = this.localize.locale;
    return html`
      <h2 part="title" id="title" class="title">${survey.title}</h2>
      ${survey.intro && (phase === 'open' || phase === 'submitting' || phase === 'upcoming')
        ? html`<div part="intro" class="intro">${paragraphs(survey.intro)}</div>`
        : nothing}
      ${phase === 'upcoming'
        ? html`<p part="notice" id="phase-notice" class="notice" tabindex="-1">${survey.opensAt ? t.notYetOpen(formatDateTime(locale, survey.opensAt, READER_TIME_ZONE)) : t.notYetOpenUndated}</p>`
        : nothing}
      ${phase === 'closed' ? html`<p part="notice" id="phase-notice" class="notice" tabindex="-1">${t.closed}</p>` : nothing}
      ${phase === 'closed' && survey.resultsPublic ? renderResults(this.results, t, locale) : nothing}
      ${phase === 'open' || phase === 'submitting' ? this.renderForm(survey, t) : nothing}
      ${phase === 'thanks' ? this.renderOutcome(t.thanksHeading, survey.thankYou || t.thanksText) : nothing}
      ${phase === 'check-inbox' ? this.renderOutcome(t.checkInboxHeading, t.checkInboxText) : nothing}
      ${phase === 'already-answered' ? this.renderOutcome(t.alreadyAnsweredHeading, t.alreadyAnsweredText) : nothing}
    `;
  }

  private renderForm(survey: PublicSurvey, t: SurveyTexts): TemplateResult {
    const invalid = this.invalidKeys;
    const questions = this.questions;
    const showProgress = survey.questions.length >= PROGRESS_FROM_QUESTIONS;
    return html`
      <form part="form" novalidate aria-labelledby="title" @submit=${this.onSubmit} @input=${this.onFormInput} @change=${this.updateProgress}>
        ${showProgress
          ? html`<div part="progress" class="progress">
              <p aria-live="polite" id="progress-text">${t.progress(this.progress.answered, this.progress.total)}</p>
              <progress part="progress-bar" aria-hidden="true" max=${this.progress.total} .value=${this.progress.answered}></progress>
            </div>`
          : nothing}
        ${invalid.length > 1
          ? errorSummary(t.summary(invalid.length), invalid.map((key) => ({
              href: `#${key === 'email' || key === 'consent' ? key : controlId(key, 0)}`,
              label: this.summaryLabel(key, t),
              focus: () => this.controlOf(key)?.focus(),
            })))
          : nothing}
        ${questions.map((question) => this.renderQuestion(question, t))}
        ${survey.mode === 'identified' && survey.legalText ? this.renderIdentity(survey.legalText, t) : nothing}
        <button part="button" type="submit" aria-disabled=${this.phase === 'submitting' ? 'true' : 'false'}>${t.submit}</button>
      </form>
    `;
  }

  /** "Question text: what is wrong", so the summary makes sense read on its own. */
  private summaryLabel(key: string, t: SurveyTexts): string {
    const question = this.questions.find((candidate) => candidate.id === key);
    const message = problemText(this.problems[key]!, t);
    return question ? `${question.label}: ${message}` : message;
  }

  private renderQuestion(question: PublicSurveyQuestion, t: SurveyTexts): TemplateResult {
    const base = `q-${question.id}`;
    const problem = this.problems[question.id];
    const errorId = problem ? `${base}-error` : '';
    const helpId = question.help ? `${base}-help` : '';
    const extra = this.questionHint(question, t);
    const extraId = extra ? `${base}-hint` : '';
    return html`
      <fieldset part="question" class="question" aria-describedby=${ids(helpId, extraId) || nothing}>
        <legend part="legend" id="${base}-legend">${question.label}${question.required
          ? html` <span part="required" class="required">${t.required}</span>`
          : nothing}</legend>
        ${question.help ? html`<p part="hint" id=${helpId} class="hint">${question.help}</p>` : nothing}
        ${extra ? html`<p part="hint" id=${extraId} class="hint ${question.type === 'rating' ? 'scale-ends' : ''}">${extra}</p>` : nothing}
        ${this.renderControl(question, errorId, t)}
        ${problem ? html`<p part="error" id=${errorId} class="error">${problemText(problem, t)}</p>` : nothing}
      </fieldset>
    `;
  }

  /** How many to choose, the date range, or the ends of a rating scale. */
  private questionHint(question: PublicSurveyQuestion, t: SurveyTexts): TemplateResult | string | undefined {
    const locale = this.localize.locale;
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
      return html`<span part="scale-ends">${question.lowLabel ? t.scaleEnd(1, question.lowLabel) : ''}</span>
        <span part="scale-ends">${question.highLabel ? t.scaleEnd(question.scale, question.highLabel) : ''}</span>`;
    }
    return undefined;
  }

  private renderControl(question: PublicSurveyQuestion, errorId: string, t: SurveyTexts): TemplateResult {
    const answer = this.answers[question.id];
    const invalid = errorId ? 'true' : 'false';
    const name = `q-${question.id}`;
    const choice = (index: number, type: 'radio' | 'checkbox', value: string, label: string, checked: boolean) => html`
      <div part="choice" class="choice">
        <input part=${type} type=${type} id=${controlId(question.id, index)} name=${name} data-question=${question.id}
          .value=${value} .checked=${checked} aria-invalid=${invalid} aria-describedby=${errorId || nothing}>
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
          ${Array.from({ length: question.scale }, (_, index) => choice(index, 'radio', String(index + 1), String(index + 1), answer === index + 1))}
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

  private renderIdentity(legal: NonNullable<PublicSurvey['legalText']>, t: SurveyTexts): TemplateResult {
    const problem = (key: 'email' | 'consent') => this.problems[key];
    const describedBy = (key: 'email' | 'consent', hint = '') => ids(hint, problem(key) ? `${key}-error` : '') || nothing;
    const error = (key: 'email' | 'consent') => {
      const found = problem(key);
      return found ? html`<p part="error" id="${key}-error" class="error">${problemText(found, t)}</p>` : nothing;
    };
    return html`
      <div part="field" class="field">
        <label part="label" for="email">${t.email} <span part="required" class="required">${t.requiredField}</span></label>
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

  private renderOutcome(heading: string, text: string): TemplateResult {
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

/** Space-separated ids for aria-describedby, without empty ones. */
const ids = (...list: string[]) => list.filter(Boolean).join(' ');

function answerFrom(question: PublicSurveyQuestion, control: HTMLInputElement, previous: SurveyAnswerValue | undefined): SurveyAnswerValue {
  switch (question.type) {
    case 'multiple-choice': {
      const chosen = new Set(Array.isArray(previous) ? previous : []);
      if (control.checked) chosen.add(control.value);
      else chosen.delete(control.value);
      // In the question's order, like the server stores them.
      return question.choices.map((choice) => choice.id).filter((id) => chosen.has(id));
    }
    case 'rating':
      return Number(control.value);
    case 'yes-no':
      return control.value === 'yes';
    default:
      return control.value;
  }
}

function problemText(problem: Problem, t: SurveyTexts): string {
  switch (problem.kind) {
    case 'tooFewChoices':
      return t.tooFewChoices(problem.min);
    case 'tooManyChoices':
      return t.tooManyChoices(problem.max);
    case 'tooLong':
      return t.tooLong(problem.max);
    default:
      return t[problem.kind];
  }
}
