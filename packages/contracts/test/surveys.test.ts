import { describe, expect, it } from 'vitest';
import { surveyDefinitionSchema, validateAnswers, visibleQuestionIds, type SurveyQuestion } from '../src/index';

const questions: SurveyQuestion[] = surveyDefinitionSchema.parse([
  {
    id: 'location',
    type: 'single-choice',
    label: { de: 'Wo?', en: 'Where?' },
    required: true,
    choices: [
      { id: 'park', label: { de: 'Stadtpark' } },
      { id: 'school', label: { de: 'Schule' } },
    ],
  },
  {
    id: 'equipment',
    type: 'multiple-choice',
    label: { de: 'Geräte' },
    minChoices: 1,
    maxChoices: 2,
    choices: [
      { id: 'swing', label: { de: 'Schaukel' } },
      { id: 'slide', label: { de: 'Rutsche' } },
      { id: 'sandpit', label: { de: 'Sandkasten' } },
    ],
  },
  { id: 'has-children', type: 'yes-no', label: { de: 'Kinder?' } },
  { id: 'ages', type: 'free-text', label: { de: 'Alter?' }, required: true, maxLength: 20, condition: { questionId: 'has-children', equals: true } },
  { id: 'why-park', type: 'free-text', label: { de: 'Warum?' }, condition: { questionId: 'location', equals: 'park' } },
  { id: 'rating', type: 'rating', label: { de: 'Zufrieden?' }, scale: 5 },
  { id: 'visit', type: 'date', label: { de: 'Wann?' }, min: '2026-01-01', max: '2026-12-31' },
]);

const problems = (answers: Record<string, unknown>) => {
  const result = validateAnswers(questions, answers);
  return result.ok ? [] : result.issues.map((issue) => `${issue.questionId}:${issue.problem}`);
};

describe('survey definition', () => {
  it('refuses duplicate ids, forward conditions and impossible min/max', () => {
    const result = surveyDefinitionSchema.safeParse([
      { id: 'b', type: 'yes-no', label: { de: 'B' }, condition: { questionId: 'a', equals: true } },
      { id: 'a', type: 'yes-no', label: { de: 'A' } },
      { id: 'a', type: 'multiple-choice', label: { de: 'C' }, maxChoices: 3, choices: [{ id: 'x', label: { de: 'X' } }, { id: 'y', label: { de: 'Y' } }] },
    ]);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['0.condition.questionId', '2.id', '2.maxChoices']));
  });

  it("refuses the id 'constructor' (answers are keyed by it: it would find Object.prototype's)", () => {
    const result = surveyDefinitionSchema.safeParse([{ id: 'constructor', type: 'yes-no', label: { de: 'A' } }]);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['0.id', 'is a reserved word']]);
  });

  it('refuses a condition on a choice the question does not offer', () => {
    const result = surveyDefinitionSchema.safeParse([
      { id: 'a', type: 'single-choice', label: { de: 'A' }, choices: [{ id: 'x', label: { de: 'X' } }, { id: 'y', label: { de: 'Y' } }] },
      { id: 'b', type: 'yes-no', label: { de: 'B' }, condition: { questionId: 'a', equals: 'z' } },
    ]);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['1.condition.equals']);
  });
});

describe('validateAnswers', () => {
  it('accepts complete answers and normalises them (trimmed text, choices in question order)', () => {
    const result = validateAnswers(questions, {
      location: 'park',
      equipment: ['slide', 'swing'],
      'has-children': true,
      ages: ' 4 und 7 ',
      'why-park': '',
      rating: 4,
      visit: '2026-05-01',
    });
    expect(result).toEqual({
      ok: true,
      answers: { location: 'park', equipment: ['swing', 'slide'], 'has-children': true, ages: '4 und 7', rating: 4, visit: '2026-05-01' },
    });
  });

  it('names each problem per question', () => {
    expect(problems({ location: 'moon', nope: 1 })).toEqual(['nope:unknown-question', 'location:unknown-choice']);
    expect(problems({ location: 'park', equipment: ['swing', 'slide', 'sandpit'] })).toEqual(['equipment:too-many-choices']);
    expect(problems({ location: 'park', equipment: ['ball'] })).toEqual(['equipment:unknown-choice']);
    expect(problems({ location: 'park', rating: 6 })).toEqual(['rating:out-of-range']);
    expect(problems({ location: 'park', rating: '3' })).toEqual(['rating:wrong-type']);
    expect(problems({ location: 'park', visit: '2025-12-31' })).toEqual(['visit:out-of-range']);
    expect(problems({ location: 'park', visit: '2026-02-30' })).toEqual(['visit:wrong-type']);
    expect(problems({ location: 'park', 'has-children': true, ages: 'x'.repeat(21) })).toEqual(['ages:too-long']);
  });

  it('requires a required question only while its condition shows it', () => {
    expect(problems({})).toEqual(['location:required']);
    expect(problems({ location: 'park', 'has-children': false })).toEqual([]);
    expect(problems({ location: 'park', 'has-children': true })).toEqual(['ages:required']);
  });

  it('refuses an answer to a question its condition hides', () => {
    expect(problems({ location: 'school', 'why-park': 'Schatten' })).toEqual(['why-park:hidden-question']);
    expect(problems({ location: 'park', 'has-children': false, ages: '5' })).toEqual(['ages:hidden-question']);
  });

  it('treats a multiple-choice answer as showing the questions that depend on any chosen choice', () => {
    const chained = surveyDefinitionSchema.parse([
      { id: 'a', type: 'multiple-choice', label: { de: 'A' }, choices: [{ id: 'x', label: { de: 'X' } }, { id: 'y', label: { de: 'Y' } }] },
      { id: 'b', type: 'yes-no', label: { de: 'B' }, condition: { questionId: 'a', equals: 'y' } },
      { id: 'c', type: 'yes-no', label: { de: 'C' }, condition: { questionId: 'b', equals: true } },
    ]);
    expect([...visibleQuestionIds(chained, { a: ['x', 'y'], b: true })]).toEqual(['a', 'b', 'c']);
    // c depends on b, which is hidden: c is hidden too, whatever b's stale answer says.
    expect([...visibleQuestionIds(chained, { a: ['x'], b: true })]).toEqual(['a']);
  });
});
