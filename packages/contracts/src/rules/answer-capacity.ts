import { EVENT_LIMITS, LIMITS, SURVEY_LIMITS } from './limits.js';

// ---------------------------------------------------------------------------------------------
// Room for the answers of one response: a survey or event form whose largest possible answers do
// not fit into the public API's request body (LIMITS.bodyBytes) would refuse the citizen who fills
// it in completely (413). Checked when a survey or event is saved and in the admin's question builder.

export const ANSWER_CAPACITY = {
  /**
   * Room the rest of the largest request needs: email (254), first and last name, the page URL
   * (up to 2,048), the bot check's payload (a few hundred bytes), consent fields and field names.
   */
  envelopeBytes: 4 * 1024,
  /**
   * Bytes one typed character is counted with: German text has ä, ö, ü, ß (2 bytes in UTF-8),
   * typographic quotes and dashes (3) and line breaks and quotes (2 in JSON) beside plain letters (1).
   */
  bytesPerCharacter: 2,
} as const;

/** The room the answers of one response have, in bytes. */
export const ANSWERS_BYTES = LIMITS.bodyBytes - ANSWER_CAPACITY.envelopeBytes;

/** Where the editor can make room: a text question's maxLength, a choice question's choices, or the question itself. */
export type AnswerCapacityField = 'maxLength' | 'choices' | null;

export interface AnswerCapacityProblem {
  /** The question whose answer takes the most room (the last of equals): shortening it helps most. */
  index: number;
  field: AnswerCapacityField;
  /** The largest possible answers as JSON, and the room they have (ANSWERS_BYTES), in bytes. */
  bytes: number;
  limit: number;
}

/** The maxLength a text question gets when it sets none (per type; surveys: free-text, events: short-text, long-text). */
const DEFAULT_TEXT_LENGTH: Record<string, number> = {
  'free-text': SURVEY_LIMITS.defaultFreeTextLength,
  'short-text': EVENT_LIMITS.shortTextLength,
  'long-text': EVENT_LIMITS.longTextLength,
};
/** The longest JSON value of an answer whose size does not depend on the definition. */
const FIXED_VALUE_BYTES: Record<string, number> = { rating: 2, 'yes-no': 5, date: 12 };

const field = (question: unknown, name: string): unknown =>
  question && typeof question === 'object' ? (question as Record<string, unknown>)[name] : undefined;
const choiceIdLengths = (question: unknown): number[] => {
  const choices = field(question, 'choices');
  return Array.isArray(choices) ? choices.map((choice) => String(field(choice, 'id') ?? '').length) : [];
};

/**
 * The largest JSON an answer to this question takes in the request, `"id":value,` included. Reads
 * any definition (also one with other mistakes, as the builder holds it): what it cannot read counts 0.
 */
export function largestAnswerBytes(question: unknown): number {
  const type = String(field(question, 'type') ?? '');
  const key = String(field(question, 'id') ?? '').length + 4;
  if (type in DEFAULT_TEXT_LENGTH) {
    const maxLength = Number(field(question, 'maxLength') ?? DEFAULT_TEXT_LENGTH[type]);
    return key + 2 + (Number.isFinite(maxLength) ? Math.max(0, maxLength) : 0) * ANSWER_CAPACITY.bytesPerCharacter;
  }
  const ids = choiceIdLengths(question).sort((a, b) => b - a);
  if (type === 'single-choice') return key + 2 + (ids[0] ?? 0);
  if (type === 'multiple-choice') {
    const maxChoices = Number(field(question, 'maxChoices') ?? ids.length);
    const chosen = ids.slice(0, Number.isFinite(maxChoices) ? Math.max(0, maxChoices) : ids.length);
    // ["a","b"]: quotes per id, a comma between, the brackets.
    return key + chosen.reduce((sum, length) => sum + length + 3, 0) + 1;
  }
  return key + (FIXED_VALUE_BYTES[type] ?? 0);
}

/**
 * Whether the answers to all questions, each as long as allowed, fit into one request; if not,
 * where the editor can make room. Undefined = they fit.
 */
export function answerCapacityProblem(questions: readonly unknown[]): AnswerCapacityProblem | undefined {
  const sizes = questions.map(largestAnswerBytes);
  const bytes = 2 + sizes.reduce((sum, size) => sum + size, 0);
  if (bytes <= ANSWERS_BYTES) return undefined;
  const index = sizes.lastIndexOf(Math.max(...sizes));
  const type = String(field(questions[index], 'type') ?? '');
  return {
    index,
    field: type in DEFAULT_TEXT_LENGTH ? 'maxLength' : type === 'single-choice' || type === 'multiple-choice' ? 'choices' : null,
    bytes,
    limit: ANSWERS_BYTES,
  };
}

/** Bytes as kB with one decimal, rounded up (so a size just over the limit does not read as equal to it). */
export function kilobytes(bytes: number): number {
  return Math.ceil((bytes / 1024) * 10) / 10;
}

/** The English message of the problem (API clients, logs); the admin says it in the editor's language. */
export function answerCapacityMessage(problem: AnswerCapacityProblem): string {
  const kB = kilobytes;
  return (
    `the largest possible answers take ${kB(problem.bytes)} kB, more than the ${kB(problem.limit)} kB the answers of one response may take ` +
    `(a request to the public API may have ${kB(LIMITS.bodyBytes)} kB): lower the maximum length of text questions or ask fewer questions`
  );
}
