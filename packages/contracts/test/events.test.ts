import { describe, expect, it } from 'vitest';
import { eventAnswerIssues, eventQuestionsSchema, eventRegistrationRequestSchema, reminderOffsetsSchema } from '../src/index';

const questions = eventQuestionsSchema.parse([
  { id: 'name', type: 'short-text', label: { de: 'Name' }, required: true, maxLength: 5 },
  { id: 'essen', type: 'single-choice', label: { de: 'Essen' }, choices: [{ id: 'a', label: { de: 'A' } }, { id: 'b', label: { de: 'B' } }] },
  { id: 'themen', type: 'multiple-choice', label: { de: 'Themen' }, choices: [{ id: 'x', label: { de: 'X' } }, { id: 'y', label: { de: 'Y' } }] },
  { id: 'rampe', type: 'yes-no', label: { de: 'Rampe?' } },
]);

describe('event questions', () => {
  it('fills defaults and refuses duplicate ids and single-choice questions with one choice', () => {
    expect(questions[1]).toMatchObject({ required: false });
    const bad = eventQuestionsSchema.safeParse([
      { id: 'a', type: 'yes-no', label: { de: 'A' } },
      { id: 'a', type: 'single-choice', label: { de: 'B' }, choices: [{ id: 'x', label: { de: 'X' } }] },
    ]);
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['1.choices', '1.id']);
  });

  it("refuses the id 'constructor' (answers are keyed by it: it would find Object.prototype's)", () => {
    const result = eventQuestionsSchema.safeParse([{ id: 'constructor', type: 'yes-no', label: { de: 'A' } }]);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['0.id', 'is a reserved word']]);
  });

  it('accepts complete answers and names every wrong one', () => {
    expect(eventAnswerIssues(questions, { name: 'Lena', essen: 'a', themen: ['x', 'y'], rampe: false })).toEqual([]);
    expect(eventAnswerIssues(questions, { name: '  ', essen: 'c', themen: ['x', 'x'], rampe: 'ja', extra: 'z' })).toEqual([
      { path: ['answers', 'extra'], message: 'is not a question of this event' },
      { path: ['answers', 'name'], message: 'is required' },
      { path: ['answers', 'essen'], message: '"c" is not among the choices' },
      { path: ['answers', 'themen'], message: 'must not repeat a choice' },
      { path: ['answers', 'rampe'], message: 'must be true or false' },
    ]);
    expect(eventAnswerIssues(questions, { name: 'Zu lang' })[0]).toEqual({ path: ['answers', 'name'], message: 'must be at most 5 characters' });
  });

  it('keeps reminder offsets positive and distinct, and registrations strict', () => {
    expect(reminderOffsetsSchema.safeParse([1440, 60]).success).toBe(true);
    expect(reminderOffsetsSchema.safeParse([60, 60]).success).toBe(false);
    expect(reminderOffsetsSchema.safeParse([0]).success).toBe(false);
    const request = { email: 'a@example.org', locale: 'de', legalTextVersion: 1, consent: true, pageUrl: 'https://musterstadt.de/v' };
    expect(eventRegistrationRequestSchema.parse(request)).toMatchObject({ seats: 1, answers: {} });
    expect(eventRegistrationRequestSchema.safeParse({ ...request, seats: 0 }).success).toBe(false);
    expect(eventRegistrationRequestSchema.safeParse({ ...request, role: 'admin' }).success).toBe(false);
  });
});
