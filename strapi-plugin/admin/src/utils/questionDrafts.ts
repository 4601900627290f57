import {
  EVENT_LIMITS,
  EVENT_QUESTION_TYPES,
  SURVEY_LIMITS,
  SURVEY_QUESTION_TYPES,
  eventQuestionsToSaveSchema,
  kilobytes,
  surveyDefinitionToSaveSchema,
} from '@civic-dialog/contracts';
import { storedList } from './storedList';

/**
 * The question builder's model (the custom fields survey-questions and event-questions): what the
 * editor's form holds, how it becomes the stored JSON (the contracts' question schemas) and back,
 * and the contracts' complaints as message ids next to the question and field they concern.
 * Pure, so it is unit tested; components/QuestionBuilder.tsx renders it.
 */

export type QuestionKind = 'survey' | 'event';

export interface TextDraft {
  de: string;
  en: string;
}

export interface ChoiceDraft {
  /** React key, never stored. */
  key: string;
  id: string;
  /** The id follows the German text (a choice added in this form whose id the editor has not typed). */
  autoId: boolean;
  label: TextDraft;
}

/** A question as the form holds it: every field of every type (switching types back keeps them); numbers as typed. */
export interface QuestionDraft {
  key: string;
  id: string;
  autoId: boolean;
  /** Changed in this form: only then are its problems shown (a new question is not wrong yet). */
  touched: boolean;
  type: string;
  label: TextDraft;
  help: TextDraft;
  required: boolean;
  choices: ChoiceDraft[];
  minChoices: string;
  maxChoices: string;
  maxLength: string;
  multiline: boolean;
  scale: string;
  lowLabel: TextDraft;
  highLabel: TextDraft;
  min: string;
  max: string;
  /** questionId '' = always shown; equals: a choice id, or 'true' / 'false' for a yes-no question. */
  condition: { questionId: string; equals: string };
}

export const QUESTION_TYPES: Record<QuestionKind, readonly string[]> = { survey: SURVEY_QUESTION_TYPES, event: EVENT_QUESTION_TYPES };
const ID_LENGTH: Record<QuestionKind, number> = { survey: SURVEY_LIMITS.idLength, event: EVENT_LIMITS.idLength };

export const hasChoices = (type: string) => type === 'single-choice' || type === 'multiple-choice';
/** Types a survey question's condition may refer to. */
export const canBeConditionTarget = (type: string) => hasChoices(type) || type === 'yes-no';

// ---------------------------------------------------------------------------------------------
// New drafts and ids

let nextKey = 0;
const newKey = () => `q${++nextKey}`;
const emptyText = (): TextDraft => ({ de: '', en: '' });

export const newChoice = (): ChoiceDraft => ({ key: newKey(), id: '', autoId: true, label: emptyText() });

/** "true"/"false" of a yes-no condition's select; anything else (nothing chosen, a choice id of an earlier type) stays as it is, so the contract names it. */
const yesNoValue = (equals: string): boolean | string => (equals === 'true' ? true : equals === 'false' ? false : equals);

export function newQuestion(kind: QuestionKind): QuestionDraft {
  return {
    key: newKey(),
    id: '',
    autoId: true,
    touched: false,
    type: kind === 'survey' ? 'single-choice' : 'short-text',
    label: emptyText(),
    help: emptyText(),
    required: false,
    choices: kind === 'survey' ? [newChoice(), newChoice()] : [],
    minChoices: '',
    maxChoices: '',
    maxLength: '',
    multiline: true,
    scale: '5',
    lowLabel: emptyText(),
    highLabel: emptyText(),
    min: '',
    max: '',
    condition: { questionId: '', equals: '' },
  };
}

/** An id made from a German text: "Wo spielen Ihre Kinder?" → "wo-spielen-ihre-kinder", unique among `taken`. */
export function idFromLabel(label: string, taken: string[], maxLength: number): string {
  const base =
    label
      .toLowerCase()
      .replace(/ä/g, 'ae')
      .replace(/ö/g, 'oe')
      .replace(/ü/g, 'ue')
      .replace(/ß/g, 'ss')
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, maxLength - 3)
      .replace(/^-+|-+$/g, '') || '';
  if (!base) return '';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

// ---------------------------------------------------------------------------------------------
// Stored JSON ⇄ drafts

const text = (value: TextDraft) => (value.en.trim() ? { de: value.de, en: value.en } : { de: value.de });
const hasText = (value: TextDraft) => Boolean(value.de.trim() || value.en.trim());
/** A typed number; '' = not set. Not a number stays NaN so the contract names it. */
const number = (value: string) => (value.trim() === '' ? undefined : Number(value));

/** The JSON the contracts validate and the server stores. */
export function toStored(kind: QuestionKind, drafts: QuestionDraft[]): unknown[] {
  return drafts.map((draft) => {
    const question: Record<string, unknown> = { id: draft.id, type: draft.type, label: text(draft.label) };
    if (kind === 'survey' && hasText(draft.help)) question.help = text(draft.help);
    question.required = draft.required;
    if (hasChoices(draft.type)) question.choices = draft.choices.map((choice) => ({ id: choice.id, label: text(choice.label) }));
    const numbers: Record<string, string> = {};
    if (kind === 'survey') {
      if (draft.type === 'multiple-choice') Object.assign(numbers, { minChoices: draft.minChoices, maxChoices: draft.maxChoices });
      if (draft.type === 'free-text') {
        numbers.maxLength = draft.maxLength;
        question.multiline = draft.multiline;
      }
      if (draft.type === 'rating') {
        question.scale = Number(draft.scale);
        if (hasText(draft.lowLabel)) question.lowLabel = text(draft.lowLabel);
        if (hasText(draft.highLabel)) question.highLabel = text(draft.highLabel);
      }
      if (draft.type === 'date') {
        if (draft.min) question.min = draft.min;
        if (draft.max) question.max = draft.max;
      }
      if (draft.condition.questionId) {
        const target = drafts.find((other) => other.id === draft.condition.questionId);
        const { equals } = draft.condition;
        question.condition = { questionId: draft.condition.questionId, equals: target?.type === 'yes-no' ? yesNoValue(equals) : equals };
      }
    } else if (draft.type === 'short-text' || draft.type === 'long-text') {
      numbers.maxLength = draft.maxLength;
    }
    for (const [name, value] of Object.entries(numbers)) {
      const parsed = number(value);
      if (parsed !== undefined) question[name] = parsed;
    }
    return question;
  });
}

const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const string = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '');
const textDraft = (value: unknown): TextDraft => ({ de: string(record(value).de), en: string(record(value).en) });

/** The drafts of a stored value (JSON text, an array, or nothing yet). */
export function fromStored(kind: QuestionKind, value: unknown): QuestionDraft[] {
  return storedList(value).map((item) => {
    const stored = record(item);
    const draft = newQuestion(kind);
    const condition = record(stored.condition);
    return {
      ...draft,
      id: string(stored.id),
      autoId: false,
      touched: true,
      type: string(stored.type) || draft.type,
      label: textDraft(stored.label),
      help: textDraft(stored.help),
      required: stored.required === true,
      choices: Array.isArray(stored.choices)
        ? stored.choices.map((choice) => ({ key: newKey(), id: string(record(choice).id), autoId: false, label: textDraft(record(choice).label) }))
        : draft.choices,
      minChoices: string(stored.minChoices),
      maxChoices: string(stored.maxChoices),
      maxLength: string(stored.maxLength),
      multiline: stored.multiline !== false,
      scale: string(stored.scale) || draft.scale,
      lowLabel: textDraft(stored.lowLabel),
      highLabel: textDraft(stored.highLabel),
      min: string(stored.min),
      max: string(stored.max),
      condition: { questionId: string(condition.questionId), equals: string(condition.equals) },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Edits

/** Gives question `index` a new id; conditions that named the old one follow. */
export function renameQuestion(drafts: QuestionDraft[], index: number, id: string): QuestionDraft[] {
  const old = drafts[index]!.id;
  return drafts.map((draft, at) => {
    if (at === index) return { ...draft, id };
    if (old && draft.condition.questionId === old) return { ...draft, condition: { ...draft.condition, questionId: id } };
    return draft;
  });
}

/** The German text of question `index`; a question still named by its text gets the id of the new one. */
export function setQuestionLabelDe(kind: QuestionKind, drafts: QuestionDraft[], index: number, de: string): QuestionDraft[] {
  const draft = drafts[index]!;
  const withLabel = drafts.map((item, at) => (at === index ? { ...item, label: { ...item.label, de } } : item));
  if (!draft.autoId) return withLabel;
  const taken = drafts.filter((_, at) => at !== index).map((item) => item.id);
  return renameQuestion(withLabel, index, idFromLabel(de, taken, ID_LENGTH[kind]));
}

/** Gives choice `choiceIndex` of question `index` a new id; conditions on the old one follow. */
export function renameChoice(drafts: QuestionDraft[], index: number, choiceIndex: number, id: string): QuestionDraft[] {
  const question = drafts[index]!;
  const old = question.choices[choiceIndex]!.id;
  return drafts.map((draft, at) => {
    if (at === index) return { ...draft, choices: draft.choices.map((choice, c) => (c === choiceIndex ? { ...choice, id } : choice)) };
    if (old && question.id && draft.condition.questionId === question.id && draft.condition.equals === old) {
      return { ...draft, condition: { ...draft.condition, equals: id } };
    }
    return draft;
  });
}

export function setChoiceLabelDe(kind: QuestionKind, drafts: QuestionDraft[], index: number, choiceIndex: number, de: string): QuestionDraft[] {
  const choice = drafts[index]!.choices[choiceIndex]!;
  const withLabel = drafts.map((draft, at) =>
    at === index ? { ...draft, choices: draft.choices.map((item, c) => (c === choiceIndex ? { ...item, label: { ...item.label, de } } : item)) } : draft,
  );
  if (!choice.autoId) return withLabel;
  const taken = drafts[index]!.choices.filter((_, c) => c !== choiceIndex).map((item) => item.id);
  return renameChoice(withLabel, index, choiceIndex, idFromLabel(de, taken, ID_LENGTH[kind]));
}

/**
 * The questions whose condition names question `index` (indexes). While there are any, the question
 * is not removed: that would change silently who is asked them (QuestionBuilder says so instead).
 */
export function dependentsOf(drafts: QuestionDraft[], index: number): number[] {
  const { id } = drafts[index]!;
  if (!id) return [];
  return drafts.flatMap((draft, at) => (at !== index && draft.condition.questionId === id ? [at] : []));
}

/** Removes question `index` (one without dependents: see dependentsOf). */
export function removeQuestion(drafts: QuestionDraft[], index: number): QuestionDraft[] {
  return drafts.filter((_, at) => at !== index);
}

/** Removes a choice; a condition that waited for it asks for another answer. */
export function removeChoice(drafts: QuestionDraft[], index: number, choiceIndex: number): QuestionDraft[] {
  const question = drafts[index]!;
  const { id } = question.choices[choiceIndex]!;
  return drafts.map((draft, at) => {
    if (at === index) return { ...draft, choices: draft.choices.filter((_, c) => c !== choiceIndex) };
    if (id && question.id && draft.condition.questionId === question.id && draft.condition.equals === id) {
      return { ...draft, touched: true, condition: { ...draft.condition, equals: '' } };
    }
    return draft;
  });
}

/** A text in the admin's language (`de`, `en`, `en-GB` …); German when there is no English one. */
export function textIn(value: TextDraft, locale: string): string {
  return (locale.startsWith('en') && value.en.trim()) || value.de;
}

/** The questions a survey question's condition may name: earlier ones with choices or yes/no. */
export function conditionTargets(drafts: QuestionDraft[], index: number): QuestionDraft[] {
  return drafts.slice(0, index).filter((draft) => draft.id && canBeConditionTarget(draft.type));
}

// ---------------------------------------------------------------------------------------------
// The contracts' verdict, as messages next to questions and fields

/** A message id under `questions.error.` with its values; `field` is the path inside the question ('' = the question). */
export interface Problem {
  field: string;
  message: string;
  values?: Record<string, string | number>;
}

export interface Problems {
  /** About the list as a whole (no questions, too many). */
  list: Problem[];
  /** Per question, in the drafts' order. */
  questions: Problem[][];
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  origin?: string;
  format?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  expected?: string;
  params?: Record<string, unknown>;
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), root);
}

/** What a contract issue means for the editor (message id and values). */
export function problemOf(issue: Issue, stored: unknown[]): Omit<Problem, 'field'> {
  const field = issue.path.slice(1).map(String);
  const last = field[field.length - 1] ?? '';
  const value = valueAt(stored, issue.path);
  const isId = last === 'id';
  if (typeof value === 'string' && value.trim() === '' && issue.code !== 'custom') return { message: 'required' };
  switch (issue.code) {
    case 'custom':
      if (issue.params?.problem === 'answers-too-large') {
        const message = last === 'maxLength' ? 'answersTooLarge' : last === 'choices' ? 'answersTooLargeChoices' : 'answersTooLargeQuestion';
        return { message, values: { size: kilobytes(Number(issue.params.bytes)), limit: kilobytes(Number(issue.params.limit)) } };
      }
      if (field.length === 1 && isId) return { message: 'duplicateQuestionId' };
      if (field[0] === 'choices' && isId) return { message: 'duplicateChoiceId' };
      if (last === 'maxChoices') return { message: 'choiceLimits', values: { count: (valueAt(stored, [issue.path[0]!, 'choices']) as unknown[] | undefined)?.length ?? 0 } };
      if (last === 'max') return { message: 'dateOrder' };
      if (field[0] === 'condition') return { message: last === 'equals' ? 'conditionValue' : 'conditionTarget' };
      break;
    case 'too_small':
      if (issue.origin === 'array' && last === 'choices') return { message: 'tooFewChoices', values: { min: Number(issue.minimum) } };
      if (issue.origin === 'array' && field.length === 0) return { message: 'noQuestions' };
      if (issue.origin === 'number') return { message: 'numberMin', values: { min: Number(issue.minimum) } };
      break;
    case 'too_big':
      if (issue.origin === 'string') return { message: 'tooLong', values: { max: Number(issue.maximum) } };
      if (issue.origin === 'array' && last === 'choices') return { message: 'tooManyChoices', values: { max: Number(issue.maximum) } };
      if (issue.origin === 'array' && field.length === 0) return { message: 'tooManyQuestions', values: { max: Number(issue.maximum) } };
      if (issue.origin === 'number') return { message: 'numberMax', values: { max: Number(issue.maximum) } };
      break;
    case 'invalid_format':
      if (isId) return { message: 'id' };
      if (issue.format === 'date') return { message: 'date' };
      break;
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int') return { message: 'wholeNumber' };
      break;
  }
  // Anything else the contract says (in its English words).
  return { message: 'invalid', values: { detail: issue.message } };
}

/** Problems that concern the form as a whole, shown also on questions not yet worked on. */
export const isFormProblem = (problem: Problem) => problem.message.startsWith('answersTooLarge');

/** Checks the drafts with the contract the server uses on save (also: do the largest answers fit into one request?). */
export function questionProblems(kind: QuestionKind, drafts: QuestionDraft[]): Problems {
  const stored = toStored(kind, drafts);
  const schema = kind === 'survey' ? surveyDefinitionToSaveSchema : eventQuestionsToSaveSchema;
  const result = schema.safeParse(stored);
  const problems: Problems = { list: [], questions: drafts.map(() => []) };
  if (result.success) return problems;
  for (const issue of result.error.issues as Issue[]) {
    const [index, ...rest] = issue.path;
    const problem = { field: rest.map(String).join('.'), ...problemOf(issue, stored) };
    if (typeof index === 'number' && problems.questions[index]) problems.questions[index]!.push(problem);
    else problems.list.push({ ...problem, field: '' });
  }
  return problems;
}
