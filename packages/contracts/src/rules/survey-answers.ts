import { isBlank } from './blank.js';
import { SURVEY_LIMITS } from './limits.js';

// ---------------------------------------------------------------------------------------------
// Answers of surveys: which questions are shown, what is wrong with an answer, what is stored

/**
 * One answer: single-choice → choice id; multiple-choice → choice ids; free-text → text;
 * rating → 1…scale; yes-no → boolean; date → YYYY-MM-DD. null, "" and [] mean "not answered".
 */
export type SurveyAnswerValue = string | string[] | number | boolean | null;
export type SurveyAnswers = Record<string, SurveyAnswerValue>;

/**
 * Show the question only if an earlier question was answered so: `equals` is a choice id of a
 * single- or multiple-choice question (multiple: the choice is among the selected) or a boolean
 * for a yes-no question.
 */
export interface SurveyCondition {
  questionId: string;
  equals: string | boolean;
}

type SurveyRuleBase = { id: string; required: boolean; condition?: SurveyCondition | null | undefined };
/** The parts of a survey question its answer rules read (definition or public view). */
export type SurveyAnswerRuleQuestion = SurveyRuleBase &
  (
    | { type: 'single-choice'; choices: ReadonlyArray<{ id: string }> }
    | { type: 'multiple-choice'; choices: ReadonlyArray<{ id: string }>; minChoices?: number | null; maxChoices?: number | null }
    | { type: 'free-text'; maxLength?: number }
    | { type: 'rating'; scale: number }
    | { type: 'yes-no' }
    | { type: 'date'; min?: string | null; max?: string | null }
  );

/** What `validateAnswers` reports per question; the widget maps the codes to its own de/en words. */
export const SURVEY_ANSWER_PROBLEMS = [
  'unknown-question',
  'hidden-question',
  'required',
  'wrong-type',
  'unknown-choice',
  'too-few-choices',
  'too-many-choices',
  'too-long',
  'out-of-range',
] as const;
export type SurveyAnswerProblem = (typeof SURVEY_ANSWER_PROBLEMS)[number];

export interface SurveyAnswerIssue {
  questionId: string;
  problem: SurveyAnswerProblem;
  /** English, for API clients and logs. */
  message: string;
  /** The bound that was missed (choices or characters), for the widget's message. */
  limit?: number;
}

export type SurveyAnswersValidation =
  | { ok: true; answers: SurveyAnswers }
  | { ok: false; issues: SurveyAnswerIssue[] };


/** Whether an answer counts as given (null, blank text and an empty list do not). */
export function isAnswered(value: unknown): boolean {
  return !isBlank(value);
}

/** YYYY-MM-DD and a real calendar day. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * Whether a question is shown for the given answers. A question whose condition refers to a
 * hidden question is hidden too (conditions point backwards, so one pass in order suffices).
 */
export function visibleQuestionIds(questions: readonly SurveyRuleBase[], answers: Record<string, unknown>): Set<string> {
  const visible = new Set<string>();
  for (const question of questions) {
    const condition = question.condition;
    if (condition) {
      if (!visible.has(condition.questionId)) continue;
      const given = answers[condition.questionId];
      const met = Array.isArray(given) ? given.includes(condition.equals) : given === condition.equals;
      if (!met) continue;
    }
    visible.add(question.id);
  }
  return visible;
}

/** The questions the citizen sees, in order. */
export function visibleQuestions<Q extends SurveyRuleBase>(questions: readonly Q[], answers: Record<string, unknown>): Q[] {
  const visible = visibleQuestionIds(questions, answers);
  return questions.filter((question) => visible.has(question.id));
}

/**
 * What is wrong with the answer to a visible question, or undefined. The normalised answer (text
 * trimmed, choices in the question's order) is what `validateAnswers` stores.
 */
export function surveyAnswerProblem(question: SurveyAnswerRuleQuestion, value: unknown): Omit<SurveyAnswerIssue, 'questionId'> | undefined {
  if (isBlank(value)) return question.required ? { problem: 'required', message: 'is required' } : undefined;
  const wrongType = (expected: string) => ({ problem: 'wrong-type' as const, message: `must be ${expected}` });
  switch (question.type) {
    case 'single-choice':
      if (typeof value !== 'string') return wrongType('a choice id');
      return question.choices.some((choice) => choice.id === value) ? undefined : { problem: 'unknown-choice', message: `"${value}" is not a choice of this question` };
    case 'multiple-choice': {
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return wrongType('a list of choice ids');
      const selected = [...new Set(value as string[])];
      const unknown = selected.filter((id) => !question.choices.some((choice) => choice.id === id));
      if (unknown.length) return { problem: 'unknown-choice', message: `${unknown.map((id) => `"${id}"`).join(', ')} is not a choice of this question` };
      // Answered at all: at least one, and the question's bounds.
      const min = Math.max(question.minChoices ?? 0, 1);
      const max = question.maxChoices ?? question.choices.length;
      if (selected.length < min) return { problem: 'too-few-choices', limit: min, message: `needs at least ${min} choices` };
      if (selected.length > max) return { problem: 'too-many-choices', limit: max, message: `allows at most ${max} choices` };
      return undefined;
    }
    case 'free-text': {
      if (typeof value !== 'string') return wrongType('text');
      const maxLength = question.maxLength ?? SURVEY_LIMITS.defaultFreeTextLength;
      return value.trim().length > maxLength ? { problem: 'too-long', limit: maxLength, message: `must be at most ${maxLength} characters` } : undefined;
    }
    case 'rating':
      if (typeof value !== 'number' || !Number.isInteger(value)) return wrongType(`a whole number from 1 to ${question.scale}`);
      return value < 1 || value > question.scale ? { problem: 'out-of-range', message: `must be from 1 to ${question.scale}` } : undefined;
    case 'yes-no':
      return typeof value === 'boolean' ? undefined : wrongType('true or false');
    case 'date':
      if (typeof value !== 'string' || !isIsoDate(value)) return wrongType('a date (YYYY-MM-DD)');
      if ((question.min && value < question.min) || (question.max && value > question.max)) {
        return { problem: 'out-of-range', message: `must be between ${question.min ?? 'any day'} and ${question.max ?? 'any day'}` };
      }
      return undefined;
  }
}

/** A valid answer as stored and sent: text trimmed, choices once each and in the question's order. */
function normalised(question: SurveyAnswerRuleQuestion, value: SurveyAnswerValue): SurveyAnswerValue {
  if (typeof value === 'string') return value.trim();
  if (question.type === 'multiple-choice' && Array.isArray(value)) {
    return question.choices.map((choice) => choice.id).filter((id) => value.includes(id));
  }
  return value;
}

/** The answers the widget sends: those of visible questions that are answered, normalised. */
export function answersToSend(questions: readonly SurveyAnswerRuleQuestion[], answers: SurveyAnswers): SurveyAnswers {
  const sent: SurveyAnswers = {};
  for (const question of visibleQuestions(questions, answers)) {
    const answer = answers[question.id];
    if (answer !== undefined && isAnswered(answer)) sent[question.id] = normalised(question, answer);
  }
  return sent;
}

/**
 * Checks answers against the questions, respecting conditions: a required question hidden by its
 * condition is not required, and an answer to a hidden question is refused (the widget drops the
 * answers of questions it hides, so a stray one means a stale or forged request). Returns the
 * answers normalised (trimmed text, empty answers dropped).
 */
export function validateAnswers(questions: readonly SurveyAnswerRuleQuestion[], answers: Record<string, unknown>): SurveyAnswersValidation {
  const issues: SurveyAnswerIssue[] = [];
  const result: SurveyAnswers = {};
  const known = new Set(questions.map((question) => question.id));
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) issues.push({ questionId: id, problem: 'unknown-question', message: `there is no question "${id}" in this survey` });
  }
  const visible = visibleQuestionIds(questions, answers);
  for (const question of questions) {
    const value = answers[question.id];
    if (!visible.has(question.id)) {
      if (!isBlank(value)) issues.push({ questionId: question.id, problem: 'hidden-question', message: 'is not asked for the answers given (its condition is not met)' });
      continue;
    }
    const found = surveyAnswerProblem(question, value);
    if (found) issues.push({ questionId: question.id, ...found });
    else if (!isBlank(value)) result[question.id] = normalised(question, value as SurveyAnswerValue);
  }
  return issues.length ? { ok: false, issues } : { ok: true, answers: result };
}
