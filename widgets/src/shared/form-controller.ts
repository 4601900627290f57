import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AltchaForm, Locale } from '@civic-dialog/contracts';
import { failureOf, noticeOf, type ApiFailure, type Notice } from './api-client.js';
import type { BotProof } from './bot-check.js';
import { resolveLocale } from './localize.js';

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

/** How a widget maps a server-side field error to one of its fields and its own message (never the server's English). */
export type FieldOfServerError<Field extends string, Message> = (error: {
  field: string;
  path: string[];
  message: string;
  code?: string;
}) => [Field, Message] | undefined;

export interface RunOptions<Field extends string, Message> {
  /** Maps the server's field errors; unmapped ones show as a notice. */
  fieldOf?: FieldOfServerError<Field, Message>;
  /** Takes a failure over before anything shows (e.g. a conflict that ends the form): true when it did, then no notice and no field errors. */
  takeOver?: (failure: ApiFailure) => boolean | Promise<boolean>;
  /** Called once the failure shows (e.g. to send the widget's error event). */
  onFailure?: (failure: ApiFailure) => void;
  /** The form's name for bot protection: where the CMS protects it, the request gets a solved ALTCHA (bot-check.ts). */
  botCheck?: { api: string; form: AltchaForm };
}

/** A part's notice: a failure, or (for widgets that name an `Outcome` type) `done` with the widget's own success text. */
export type FormNotice<Outcome> = [Outcome] extends [never] ? Notice : Notice | { kind: 'done'; text: Outcome };

/** The outcome of the latest load: its value, its failure, or `stale` when a newer load replaced it. */
export type LoadOutcome<T> = { value: T } | { failure: ApiFailure } | 'stale';

/**
 * The form machinery every widget shares: field errors (cleared while the citizen fixes them),
 * focus on the first error or the error summary, failures mapped to notices, one request at a time
 * per part (the double-submit guard and the busy state) and load sequencing (the latest load wins).
 * The host keeps its own fields, messages and templates; controls stay in the host's shadow root.
 */
export class FormController<Field extends string, Message, Outcome = never> implements ReactiveController {
  errors: Partial<Record<Field, Message>> = {};
  /** What the last request of a part came to: a failure, or (`done`) the widget's own success text. */
  notice: FormNotice<Outcome> | undefined;
  /** The part (a form or section) the notice belongs to. */
  noticePart: string | undefined;
  /** The part whose request is under way; undefined when none. */
  busy: string | undefined;
  /** While the bot check of the busy part runs: its status texts (see `progress`). */
  #checking: Record<Locale, string> | undefined;
  #loads = 0;
  readonly #host: Host;
  /** Fields in visual order: the first invalid one gets the focus. */
  readonly #order: () => readonly Field[];
  /** The control of a field (a group's first option). */
  readonly #control: (field: Field) => HTMLElement | null;

  constructor(host: Host, order: () => readonly Field[], control: (field: Field) => HTMLElement | null) {
    this.#host = host;
    this.#order = order;
    this.#control = control;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Invalid fields in visual order. */
  get invalid(): Field[] {
    return this.#order().filter((field) => this.errors[field] !== undefined);
  }

  /** Shows these errors (or none) and clears the notice; false and focus moved when there are any. */
  check(errors: Partial<Record<Field, Message>>): boolean {
    this.set(errors);
    this.say(undefined);
    if (!this.invalid.length) return true;
    void this.focusFirstError();
    return false;
  }

  set(errors: Partial<Record<Field, Message>>): void {
    this.errors = errors;
    this.#host.requestUpdate();
  }

  /** After a failed submit, fixing a field clears its error at once; no new errors while typing. */
  recheck(field: string, stillWrong: () => Message | undefined): void {
    if (this.errors[field as Field] === undefined) return;
    const { [field as Field]: _fixed, ...others } = this.errors;
    const message = stillWrong();
    this.set((message === undefined ? others : { ...others, [field]: message }) as Partial<Record<Field, Message>>);
  }

  say(notice: FormNotice<Outcome> | undefined, part?: string): void {
    this.notice = notice;
    this.noticePart = part;
    this.#host.requestUpdate();
  }

  /** The notice of a part, if it has one. */
  noticeOf(part?: string): FormNotice<Outcome> | undefined {
    return this.noticePart === part ? this.notice : undefined;
  }

  /** One error: focus its field. Several: focus the summary that lists them all (a form without one: the first field). */
  async focusFirstError(): Promise<void> {
    await this.#host.updateComplete;
    const invalid = this.invalid;
    const summary = invalid.length > 1 ? this.#host.renderRoot.querySelector<HTMLElement>('#error-summary') : null;
    if (summary) summary.focus();
    else if (invalid[0]) this.focusField(invalid[0]);
  }

  /** Forgets errors and notice (another form opened, the session ended). */
  reset(): void {
    this.errors = {};
    this.say(undefined);
  }

  /** Focuses a field's control (the links of the error summary). */
  focusField(field: Field): void {
    this.#control(field)?.focus();
  }

  async focus(selector: string): Promise<void> {
    await this.#host.updateComplete;
    this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  /**
   * Runs one request for a part (a form or section): ignored while another is under way (Enter
   * in a field, a second click), shows the part busy, maps a failure to field errors or a notice
   * and focuses the first error. Resolves to the answer, or undefined when it failed or was ignored.
   * With `botCheck`, the proof of work comes first where the CMS protects the form; `request` sends it along.
   */
  async run<T>(part: string, request: (proof: BotProof) => Promise<T>, options: RunOptions<Field, Message> = {}): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = part;
    this.say(undefined);
    try {
      const check = options.botCheck;
      // bot-check.js is a chunk of its own, loaded at the first submit of a form that names one (not with the page).
      const proof = check ? await (await import('./bot-check.js')).botProof(check.api, check.form, (status) => this.#setChecking(status)) : {};
      this.#setChecking(undefined);
      return await request(proof);
    } catch (error) {
      this.#checking = undefined;
      this.busy = undefined;
      let failure = failureOf(error);
      // A refused bot check (the town switched it on after the page loaded) is no field to fix: the widget's own text, never the server's English.
      if (failure.kind === 'validation' && failure.fieldErrors.some(({ field }) => field === 'altcha')) failure = { kind: 'server', status: 400 };
      this.#tellWebmaster(failure);
      if (await options.takeOver?.(failure)) return undefined;
      this.#showFailure(failure, part, options);
      options.onFailure?.(failure);
      if (failure.kind === 'validation') await this.focusFirstError();
      return undefined;
    } finally {
      this.busy = undefined;
      this.#host.requestUpdate();
    }
  }

  /** The busy part's status: the bot check while it runs (in the widget's language), else the part's own text. */
  progress(text: string): string {
    return this.#checking?.[resolveLocale(this.#host)] ?? text;
  }

  #setChecking(checking: Record<Locale, string> | undefined): void {
    this.#checking = checking;
    this.#host.requestUpdate();
  }

  #showFailure(failure: ApiFailure, part: string, options: RunOptions<Field, Message>): void {
    if (failure.kind !== 'validation') return this.say(noticeOf(failure) as FormNotice<Outcome>, part);
    const errors: Partial<Record<Field, Message>> = {};
    const unknown: Array<string | undefined> = [];
    for (const fieldError of failure.fieldErrors) {
      const mapped = options.fieldOf?.(fieldError);
      if (mapped) errors[mapped[0]] = mapped[1];
      else unknown.push(fieldError.code);
    }
    this.set(errors);
    // A field the form has no place for: its code in the widget's words (e.g. "the consent text changed"), never the server's English.
    if (unknown.length || !Object.keys(errors).length) this.say({ kind: 'refused', code: unknown[0] } as FormNotice<Outcome>, part);
  }

  /** Runs a load; a newer load makes an older one's outcome `stale` (language or attribute switches). */
  async load<T>(request: () => Promise<T>): Promise<LoadOutcome<T>> {
    const sequence = ++this.#loads;
    try {
      const value = await request();
      return sequence === this.#loads ? { value } : 'stale';
    } catch (error) {
      const failure = failureOf(error);
      this.#tellWebmaster(failure);
      return sequence === this.#loads ? { failure } : 'stale';
    }
  }

  /**
   * A page that cannot reach the API as set up says so in the console, once per widget, in plain
   * words: what is wrong, with the values seen, and what to set where.
   */
  #tellWebmaster(failure: ApiFailure): void {
    if (failure.kind !== 'unavailable' || toldWebmaster.has(this.#host)) return;
    toldWebmaster.add(this.#host);
    // Its words are a chunk of their own (webmaster.js): only a page set up wrongly loads them.
    void import('./webmaster.js').then(({ tellWebmaster }) => tellWebmaster(this.#host, failure));
  }

  /** Whether no load started after the one with this outcome (for follow-up requests of a load). */
  latest(): () => boolean {
    const sequence = this.#loads;
    return () => sequence === this.#loads;
  }
}

/** Widgets that told the webmaster already (one console message per widget). */
const toldWebmaster = new WeakSet<HTMLElement>();
