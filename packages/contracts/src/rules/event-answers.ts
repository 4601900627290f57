import { isBlank } from './blank.js';

// ---------------------------------------------------------------------------------------------
// Answers of event registrations

/** The parts of an event question its answer rules read (definition or public view). */
export type EventAnswerRuleQuestion =
  | { id: string; type: 'short-text' | 'long-text'; required: boolean; maxLength: number }
  | { id: string; type: 'single-choice' | 'multiple-choice'; required: boolean; choices: ReadonlyArray<{ id: string }> }
  | { id: string; type: 'yes-no'; required: boolean };

export type EventAnswerProblem =
  | { problem: 'required'; message: string }
  | { problem: 'too-long'; max: number; message: string }
  | { problem: 'wrong-type' | 'unknown-choice' | 'repeated-choice'; message: string };

/** What is wrong with one answer (English message for API clients); a blank answer counts as none. */
export function eventAnswerProblem(question: EventAnswerRuleQuestion, answer: unknown): EventAnswerProblem | undefined {
  if (isBlank(answer)) return question.required ? { problem: 'required', message: 'is required' } : undefined;
  const wrongType = (message: string) => ({ problem: 'wrong-type' as const, message });
  switch (question.type) {
    case 'short-text':
    case 'long-text':
      if (typeof answer !== 'string') return wrongType('must be text');
      if (answer.length > question.maxLength) {
        return { problem: 'too-long', max: question.maxLength, message: `must be at most ${question.maxLength} characters` };
      }
      return undefined;
    case 'single-choice':
      if (typeof answer !== 'string') return wrongType('must be one choice');
      if (!question.choices.some((choice) => choice.id === answer)) return { problem: 'unknown-choice', message: `"${answer}" is not among the choices` };
      return undefined;
    case 'multiple-choice': {
      if (!Array.isArray(answer)) return wrongType('must be a list of choices');
      const unknown = answer.filter((value) => !question.choices.some((choice) => choice.id === value));
      if (unknown.length) return { problem: 'unknown-choice', message: `"${unknown.join('", "')}" is not among the choices` };
      if (new Set(answer).size !== answer.length) return { problem: 'repeated-choice', message: 'must not repeat a choice' };
      return undefined;
    }
    case 'yes-no':
      return typeof answer === 'boolean' ? undefined : wrongType('must be true or false');
  }
}

export interface AnswerIssue {
  path: string[];
  message: string;
}

/**
 * Checks answers against the event's questions: required answered, type right, choices among the
 * defined ones, text within maxLength, no answers to unknown questions. Empty = valid. A blank
 * text, an empty choice list and a missing key all count as "not answered".
 */
export function eventAnswerIssues(questions: readonly EventAnswerRuleQuestion[], answers: Record<string, unknown>): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  const known = new Set(questions.map((question) => question.id));
  for (const id of Object.keys(answers)) if (!known.has(id)) issues.push({ path: ['answers', id], message: 'is not a question of this event' });
  for (const question of questions) {
    const found = eventAnswerProblem(question, answers[question.id]);
    if (found) issues.push({ path: ['answers', question.id], message: found.message });
  }
  return issues;
}
