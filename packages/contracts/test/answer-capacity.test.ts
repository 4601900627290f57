import { describe, expect, it } from 'vitest';
import {
  ANSWERS_BYTES,
  LIMITS,
  answerCapacityProblem,
  eventQuestionsSchema,
  eventQuestionsToSaveSchema,
  largestAnswerBytes,
  surveyDefinitionSchema,
  surveyDefinitionToSaveSchema,
} from '../src/index';

const freeText = (id: string, maxLength?: number) => ({ id, type: 'free-text', label: { de: id }, ...(maxLength ? { maxLength } : {}) });
const longText = (id: string, maxLength?: number) => ({ id, type: 'long-text', label: { de: id }, ...(maxLength ? { maxLength } : {}) });
const choices = (count: number, idLength: number) =>
  Array.from({ length: count }, (_, n) => ({ id: `${n}`.padStart(idLength, 'c'), label: { de: `Antwort ${n}` } }));

/** The JSON of the longest answers the rule allows, each character of the longest text 2 bytes (ä). */
function largestAnswers(questions: Array<Record<string, any>>): number {
  const answers: Record<string, unknown> = {};
  for (const question of questions) {
    if (question.type === 'free-text' || question.type === 'long-text') answers[question.id] = 'ä'.repeat(question.maxLength);
    if (question.type === 'multiple-choice') answers[question.id] = question.choices.map((choice: { id: string }) => choice.id);
  }
  return new TextEncoder().encode(JSON.stringify(answers)).length;
}

describe('room for the largest answers in one request', () => {
  it('leaves room for email, page URL and bot check beside the answers in the public body limit', () => {
    expect(ANSWERS_BYTES).toBeLessThan(LIMITS.bodyBytes);
    expect(LIMITS.bodyBytes - ANSWERS_BYTES).toBeGreaterThanOrEqual(LIMITS.emailLength + LIMITS.urlLength + 1024);
  });

  it('counts an answer exactly as its JSON takes it (two bytes per character of text)', () => {
    const questions = [freeText('ort', 1000), { id: 'geraete', type: 'multiple-choice', label: { de: 'G' }, choices: choices(3, 7) }];
    const parsed = surveyDefinitionSchema.parse(questions);
    // Braces, and a comma after each answer: one more than the last one needs.
    expect(2 + parsed.map(largestAnswerBytes).reduce((a, b) => a + b, 0)).toBe(largestAnswers(parsed) + 1);
  });

  it('accepts a survey whose largest answers fit, and the longest free text the contract allows', () => {
    expect(surveyDefinitionToSaveSchema.safeParse([freeText('a'), freeText('b'), freeText('c'), freeText('d'), freeText('e')]).success).toBe(true);
    expect(surveyDefinitionToSaveSchema.safeParse([freeText('lang', 5000)]).success).toBe(true);
  });

  it('refuses a survey of seven default free texts at the largest one (the last of equals), naming the sizes', () => {
    const questions = Array.from({ length: 7 }, (_, n) => freeText(`frage-${n}`));
    expect(surveyDefinitionSchema.safeParse(questions).success).toBe(true);
    const result = surveyDefinitionToSaveSchema.safeParse(questions);
    expect(result.success).toBe(false);
    expect(result.error!.issues).toEqual([
      expect.objectContaining({
        code: 'custom',
        path: [6, 'maxLength'],
        params: { problem: 'answers-too-large', bytes: expect.any(Number), limit: ANSWERS_BYTES },
        message: expect.stringMatching(/^the largest possible answers take 13\.8 kB, more than the 12 kB .* 16 kB/),
      }),
    ]);
  });

  it('names the question that takes the most room, also a choice question with long ids', () => {
    const many = { id: 'viele', type: 'multiple-choice', label: { de: 'Viele' }, choices: choices(50, 64) };
    const questions = [freeText('kurz', 10), ...Array.from({ length: 4 }, (_, n) => ({ ...many, id: `viele-${n}` }))];
    expect(answerCapacityProblem(questions)).toMatchObject({ index: 4, field: 'choices' });
    // Fewer choices to pick: the same questions fit.
    expect(answerCapacityProblem(questions.map((question) => (question.type === 'multiple-choice' ? { ...question, maxChoices: 10 } : question)))).toBeUndefined();
  });

  it('refuses an event with eight long texts of the default length, and also checks a form with other mistakes', () => {
    const questions = Array.from({ length: 8 }, (_, n) => longText(`text-${n}`));
    expect(eventQuestionsSchema.safeParse(questions).success).toBe(true);
    expect(eventQuestionsToSaveSchema.safeParse(questions).error!.issues.map((issue) => issue.path)).toEqual([[7, 'maxLength']]);
    expect(eventQuestionsToSaveSchema.safeParse(questions.map((question) => ({ ...question, maxLength: 500 }))).success).toBe(true);
    // A question still being written (no German text) does not hide the capacity problem from the builder.
    const unfinished = [...questions, { id: '', type: 'yes-no', label: { de: '' } }];
    expect(eventQuestionsToSaveSchema.safeParse(unfinished).error!.issues.map((issue) => issue.path.join('.'))).toContain('7.maxLength');
  });
});
