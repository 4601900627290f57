/**
 * The survey's rules on the citizen's side: which questions are visible (conditions), when a
 * question counts as answered, what is wrong with an answer and what is sent. They mirror
 * `validateAnswers` in packages/contracts/src/surveys.ts so the citizen learns early; the server
 * has the last word. (That module cannot be imported here: it would bring zod into the bundle.)
 */
import type { PublicSurveyQuestion, SurveyAnswers, SurveyAnswerValue } from '@civic-dialog/contracts';

export type AnswerProblem =
  | { kind: 'answerRequired' }
  | { kind: 'tooFewChoices'; min: number }
  | { kind: 'tooManyChoices'; max: number }
  | { kind: 'tooLong'; max: number }
  | { kind: 'dateOutOfRange' };

export function isAnswered(answer: SurveyAnswerValue | undefined): boolean {
  if (answer === undefined || answer === null) return false;
  if (Array.isArray(answer)) return answer.length > 0;
  return typeof answer !== 'string' || answer.trim() !== '';
}

/**
 * The questions the citizen sees, in order. A question with a condition shows only while the
 * question it refers to is visible and answered with the expected choice (or yes/no); conditions
 * point to earlier questions, so one pass in order suffices.
 */
export function visibleQuestions(questions: readonly PublicSurveyQuestion[], answers: SurveyAnswers): PublicSurveyQuestion[] {
  const visible = new Set<string>();
  for (const question of questions) {
    const condition = question.condition;
    if (condition) {
      if (!visible.has(condition.questionId)) continue;
      const given = answers[condition.questionId];
      const met = Array.isArray(given) ? given.includes(condition.equals as string) : given === condition.equals;
      if (!met) continue;
    }
    visible.add(question.id);
  }
  return questions.filter((question) => visible.has(question.id));
}

/** The answers to send: visible, answered questions only, text trimmed. */
export function answersToSend(questions: readonly PublicSurveyQuestion[], answers: SurveyAnswers): SurveyAnswers {
  const sent: SurveyAnswers = {};
  for (const question of visibleQuestions(questions, answers)) {
    const answer = answers[question.id];
    if (isAnswered(answer)) sent[question.id] = typeof answer === 'string' ? answer.trim() : answer!;
  }
  return sent;
}

export function problemWith(question: PublicSurveyQuestion, answer: SurveyAnswerValue | undefined): AnswerProblem | undefined {
  if (question.type === 'multiple-choice') {
    const count = Array.isArray(answer) ? answer.length : 0;
    // An optional question may stay empty; once answered, its bounds apply.
    if (!count && !question.required) return undefined;
    const min = Math.max(question.minChoices ?? 0, 1);
    const max = question.maxChoices ?? question.choices.length;
    if (count < min) return min > 1 ? { kind: 'tooFewChoices', min } : { kind: 'answerRequired' };
    if (count > max) return { kind: 'tooManyChoices', max };
    return undefined;
  }
  if (!isAnswered(answer)) return question.required ? { kind: 'answerRequired' } : undefined;
  if (question.type === 'free-text' && typeof answer === 'string' && answer.trim().length > question.maxLength) {
    return { kind: 'tooLong', max: question.maxLength };
  }
  if (question.type === 'date' && typeof answer === 'string') {
    if ((question.min && answer < question.min) || (question.max && answer > question.max)) return { kind: 'dateOutOfRange' };
  }
  return undefined;
}

/** Every visible question's problem, in the order of the form. */
export function problemsOf(questions: readonly PublicSurveyQuestion[], answers: SurveyAnswers): Map<string, AnswerProblem> {
  const problems = new Map<string, AnswerProblem>();
  for (const question of visibleQuestions(questions, answers)) {
    const problem = problemWith(question, answers[question.id]);
    if (problem) problems.set(question.id, problem);
  }
  return problems;
}
