import { AUTOMATION_DATE_CONDITIONS, automationIssues, type AutomationMessageId } from '@civic-dialog/contracts';

import { storedList } from './storedList';
import { blocksFromStored, blocksToStored, type BlockDraft } from './mailBlockDrafts';

/**
 * The automation form's model (custom fields automation-trigger and automation-steps): what the
 * editor's form holds, how it becomes the stored JSON of the contracts (automationTriggerSchema,
 * automationStepsSchema) and back, and the contracts' issues as message ids per field and step.
 * Pure, so it is unit tested; components/AutomationTriggerInput.tsx and AutomationStepsBuilder.tsx render it.
 */

export const TRIGGER_TYPES = ['subscription-confirmed', 'event-published', 'entry-published', 'date'] as const;
export const STEP_TYPES = ['wait', 'wait-until', 'send-mail', 'condition', 'action'] as const;
export const CONDITION_KINDS = ['topic', 'language', 'district', 'registered-for-event', 'answered-survey'] as const;
export const ACTION_KINDS = ['add-topic', 'remove-topic', 'remove-all-topics', 'ask-reconfirmation', 'erase-profile'] as const;
export const DATE_CONDITIONS = AUTOMATION_DATE_CONDITIONS;
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const LANGUAGES = ['de', 'en'] as const;

export type Language = (typeof LANGUAGES)[number];
export interface TextDraft {
  de: string;
  en: string;
}

/** The trigger as the form holds it: every field of every type (switching back keeps them), numbers as typed. */
export interface TriggerDraft {
  type: string;
  /** '' = any topic. */
  topic: string;
  /** entry-published: '' = any content type of config automations.entryTypes (set through the content API; kept when the form saves). */
  contentType?: string;
  condition: string;
  amount: string;
}

/** A step as the form holds it: every field of every type, numbers as typed. */
export interface StepDraft {
  /** React key, never stored. */
  key: string;
  /** Stored and stable: a person's progress points at it. */
  id: string;
  /** Changed in this form or stored before: only then are its problems shown (a new step is not wrong yet). */
  touched: boolean;
  type: string;
  days: string;
  hours: string;
  minutes: string;
  weekday: string;
  hour: string;
  subject: TextDraft;
  body: TextDraft;
  /** A mail written with the newsletter's blocks (then the text fields are not stored); undefined = plain text. */
  blocks?: BlockDraft[];
  conditionKind: string;
  /** A condition's or an action's topic. */
  topic: string;
  language: string;
  district: string;
  survey: string;
  action: string;
}

/** Problems as message ids (their texts: translations `automations.error.<id>`). */
export interface AutomationProblems {
  /** Per field name of the trigger ('type', 'topic', 'condition', 'amount'). */
  trigger: Record<string, AutomationMessageId>;
  /** About the list of steps (none, too many). */
  list: AutomationMessageId[];
  /** Per step, per field ('days', 'subject.de', 'condition.topic' → 'topic', …). */
  steps: Array<Record<string, AutomationMessageId>>;
}

const asObject = (value: unknown): Record<string, unknown> => {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return {};
    }
  }
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
};
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const numberText = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : '');
const textDraft = (value: unknown): TextDraft => {
  const texts = asObject(value);
  return { de: text(texts.de), en: text(texts.en) };
};
/** '' stays out of the stored value; anything else is a number (not a whole number: the contract names it). */
const optionalNumber = (typed: string) => (typed.trim() === '' ? undefined : Number(typed.replace(',', '.')));
const requiredNumber = (typed: string) => (typed.trim() === '' ? Number.NaN : Number(typed.replace(',', '.')));

// ---------------------------------------------------------------------------------------------
// Trigger

export const newTrigger = (): TriggerDraft => ({ type: 'event-published', topic: '', condition: 'consent-older-than-months', amount: '24' });

/** The draft of a stored trigger (JSON text, an object, or nothing yet: a new automation). */
export function triggerFromStored(value: unknown): TriggerDraft {
  const stored = asObject(value);
  if (!stored.type) return newTrigger();
  return {
    ...newTrigger(),
    type: text(stored.type),
    topic: text(stored.topic),
    ...(stored.type === 'entry-published' && text(stored.contentType) ? { contentType: text(stored.contentType) } : {}),
    ...(stored.type === 'date' ? { condition: text(stored.condition), amount: numberText(stored.amount) } : {}),
  };
}

/** The trigger as the contract and the engine read it: only the fields of its type. */
export function triggerToStored(draft: TriggerDraft): Record<string, unknown> {
  if (draft.type === 'date') return { type: 'date', condition: draft.condition, amount: requiredNumber(draft.amount) };
  const contentType = draft.type === 'entry-published' && draft.contentType ? { contentType: draft.contentType } : {};
  return { type: draft.type, ...contentType, ...(draft.topic ? { topic: draft.topic } : {}) };
}

/** A step no contract rule refuses, so the trigger's issues come alone. */
const VALID_STEPS = [{ id: 'x', type: 'wait', days: 1 }];

/** The contract's issues of the trigger, per field. */
export function triggerProblems(draft: TriggerDraft): Record<string, AutomationMessageId> {
  const problems: Record<string, AutomationMessageId> = {};
  for (const issue of automationIssues({ trigger: triggerToStored(draft), steps: VALID_STEPS })) {
    if (issue.path[0] !== 'trigger') continue;
    const field = String(issue.path[1] ?? 'type');
    problems[field] ??= issue.messageId;
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Steps

let nextKey = 0;
const newKey = () => `s${++nextKey}`;

/** A stable id not used by another step ("mail-2"): progress rows point at it, so it is never derived from texts. */
export function freeStepId(type: string, drafts: Pick<StepDraft, 'id'>[]): string {
  const taken = new Set(drafts.map((draft) => draft.id));
  const base = type === 'send-mail' ? 'mail' : type;
  for (let number = 1; ; number += 1) {
    const id = `${base}-${number}`;
    if (!taken.has(id)) return id;
  }
}

export function newStep(type: string, drafts: Pick<StepDraft, 'id'>[]): StepDraft {
  return {
    key: newKey(),
    id: freeStepId(type, drafts),
    touched: false,
    type,
    days: type === 'wait' ? '1' : '',
    hours: '',
    minutes: '',
    weekday: '1',
    hour: '9',
    subject: { de: '', en: '' },
    body: { de: '', en: '' },
    conditionKind: 'topic',
    topic: '',
    language: 'de',
    district: '',
    survey: '',
    action: 'add-topic',
  };
}

/** The step as another type: its fields stay (switching back keeps them); a wait without any time gets one day to start from. */
export function withType(draft: StepDraft, type: string): StepDraft {
  const noWait = [draft.days, draft.hours, draft.minutes].every((typed) => typed.trim() === '');
  return { ...draft, type, touched: true, ...(type === 'wait' && noWait ? { days: '1' } : {}) };
}

function stepFromStored(value: unknown): StepDraft {
  const stored = asObject(value);
  const condition = asObject(stored.condition);
  const draft = newStep(text(stored.type), []);
  return {
    ...draft,
    id: text(stored.id),
    touched: true,
    days: numberText(stored.days),
    hours: numberText(stored.hours),
    minutes: numberText(stored.minutes),
    weekday: stored.type === 'wait-until' ? numberText(stored.weekday) : draft.weekday,
    hour: stored.type === 'wait-until' ? numberText(stored.hour) : draft.hour,
    subject: textDraft(stored.subject),
    body: textDraft(stored.body),
    ...(Array.isArray(stored.blocks) ? { blocks: blocksFromStored(stored.blocks) } : {}),
    conditionKind: stored.type === 'condition' ? text(condition.kind) : draft.conditionKind,
    topic: text(stored.type === 'condition' ? condition.topic : stored.topic),
    language: stored.type === 'condition' && condition.kind === 'language' ? text(condition.language) : draft.language,
    district: text(condition.district),
    survey: text(condition.survey),
    action: stored.type === 'action' ? text(stored.action) : draft.action,
  };
}

/** The drafts of a stored list of steps (JSON text, an array, or nothing yet). */
export function stepsFromStored(value: unknown): StepDraft[] {
  return storedList(value).map(stepFromStored);
}

function conditionToStored(draft: StepDraft): Record<string, unknown> {
  switch (draft.conditionKind) {
    case 'topic':
      return { kind: 'topic', topic: draft.topic };
    case 'language':
      return { kind: 'language', language: draft.language };
    case 'district':
      return { kind: 'district', district: draft.district };
    case 'answered-survey':
      return draft.survey.trim() ? { kind: 'answered-survey', survey: draft.survey.trim() } : { kind: 'answered-survey' };
    default:
      return { kind: draft.conditionKind };
  }
}

/** One step as the contract and the engine read it: only the fields of its type. */
export function stepToStored(draft: StepDraft): Record<string, unknown> {
  const base = { id: draft.id, type: draft.type };
  switch (draft.type) {
    case 'wait': {
      const amounts = { days: optionalNumber(draft.days), hours: optionalNumber(draft.hours), minutes: optionalNumber(draft.minutes) };
      return { ...base, ...Object.fromEntries(Object.entries(amounts).filter(([, amount]) => amount !== undefined)) };
    }
    case 'wait-until':
      return { ...base, weekday: requiredNumber(draft.weekday), hour: requiredNumber(draft.hour) };
    case 'send-mail':
      return draft.blocks ? { ...base, subject: { ...draft.subject }, blocks: blocksToStored(draft.blocks) } : { ...base, subject: { ...draft.subject }, body: { ...draft.body } };
    case 'condition':
      return { ...base, condition: conditionToStored(draft) };
    case 'action':
      return draft.action === 'add-topic' || draft.action === 'remove-topic' ? { ...base, action: draft.action, topic: draft.topic } : { ...base, action: draft.action };
    default:
      return base;
  }
}

export const stepsToStored = (drafts: StepDraft[]) => drafts.map(stepToStored);

/** An event trigger allows every placeholder and condition, so only the steps' own issues come (the server checks both together on save). */
const ANY_TRIGGER = { type: 'event-published' };

/** The contract's issues of the steps: about the list, and per step and field (only for touched steps). */
export function stepsProblems(drafts: StepDraft[]): Pick<AutomationProblems, 'list' | 'steps'> {
  const problems: Pick<AutomationProblems, 'list' | 'steps'> = { list: [], steps: drafts.map(() => ({})) };
  for (const issue of automationIssues({ trigger: ANY_TRIGGER, steps: stepsToStored(drafts) })) {
    const [root, index, ...rest] = issue.path;
    if (root !== 'steps') continue;
    if (typeof index !== 'number') {
      if (!problems.list.includes(issue.messageId)) problems.list.push(issue.messageId);
      continue;
    }
    if (!drafts[index]?.touched) continue;
    // Which placeholders the trigger allows is the trigger's business (checked with it on save).
    if (issue.messageId === 'automation.mail.entryPlaceholder' || issue.messageId === 'automation.mail.eventPlaceholder') continue;
    // A condition's fields are shown flat in the form ('condition.topic' is the step's topic select).
    const field = (rest[0] === 'condition' ? rest.slice(1) : rest).join('.') || 'type';
    const named = field === 'kind' ? 'conditionKind' : field;
    problems.steps[index]![named] ??= issue.messageId;
  }
  return problems;
}
