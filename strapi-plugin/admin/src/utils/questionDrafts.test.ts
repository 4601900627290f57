import { describe, expect, it } from 'vitest';

import {
  conditionTargets,
  dependentsOf,
  fromStored,
  idFromLabel,
  newQuestion,
  questionProblems,
  removeChoice,
  removeQuestion,
  setChoiceLabelDe,
  setQuestionLabelDe,
  textIn,
  toStored,
  type QuestionDraft,
} from './questionDrafts';
import { move } from './storedList';

const PLAYGROUND = [
  {
    id: 'standort',
    type: 'single-choice',
    label: { de: 'Welcher Standort?', en: 'Which location?' },
    required: true,
    choices: [
      { id: 'stadtpark', label: { de: 'Stadtpark', en: 'Town park' } },
      { id: 'schulhof', label: { de: 'Am Schulhof' } },
    ],
  },
  { id: 'kinder', type: 'yes-no', label: { de: 'Haben Sie Kinder?' }, required: false },
  { id: 'alter', type: 'free-text', label: { de: 'Wie alt?' }, required: false, maxLength: 200, multiline: false, condition: { questionId: 'kinder', equals: true } },
  { id: 'note', type: 'rating', label: { de: 'Note' }, help: { de: 'Eins ist schlecht' }, required: false, scale: 10, lowLabel: { de: 'schlecht', en: 'bad' } },
  { id: 'tag', type: 'date', label: { de: 'Wann?' }, required: false, min: '2026-01-01' },
  { id: 'geraete', type: 'multiple-choice', label: { de: 'Geräte' }, required: false, choices: [{ id: 'a', label: { de: 'A' } }, { id: 'b', label: { de: 'B' } }], maxChoices: 2, condition: { questionId: 'standort', equals: 'stadtpark' } },
];

/** A survey draft with its questions' German texts (ids follow them). */
function surveyWith(...labels: string[]): QuestionDraft[] {
  return labels.reduce<QuestionDraft[]>((drafts, label) => {
    const next = [...drafts, newQuestion('survey')];
    return setQuestionLabelDe('survey', next, next.length - 1, label);
  }, []);
}

describe('question drafts ⇄ stored JSON', () => {
  it('gives back the stored questions of every survey type unchanged', () => {
    expect(toStored('survey', fromStored('survey', PLAYGROUND))).toEqual(PLAYGROUND);
    expect(questionProblems('survey', fromStored('survey', PLAYGROUND))).toEqual({ list: [], questions: PLAYGROUND.map(() => []) });
  });

  it('gives back event questions, leaving out what events do not have', () => {
    const questions = [
      { id: 'essen', type: 'single-choice', label: { de: 'Essen' }, required: true, choices: [{ id: 'veg', label: { de: 'Vegetarisch' } }, { id: 'alles', label: { de: 'Alles' } }] },
      { id: 'hinweis', type: 'long-text', label: { de: 'Hinweis', en: 'Note' }, required: false, maxLength: 500 },
    ];
    const drafts = fromStored('event', JSON.stringify(questions));
    drafts[1]!.help = { de: 'nur Umfragen', en: '' };
    expect(toStored('event', drafts)).toEqual(questions);
  });

  it('reads nothing, or what is not a list, as no questions', () => {
    expect(fromStored('survey', null)).toEqual([]);
    expect(fromStored('survey', '{not json')).toEqual([]);
    expect(fromStored('event', { id: 'x' })).toEqual([]);
  });

  it('leaves out an empty English text and empty limits', () => {
    const [draft] = surveyWith('Wie finden Sie das?');
    draft!.type = 'free-text';
    draft!.label.en = '  ';
    expect(toStored('survey', [draft!])).toEqual([{ id: 'wie-finden-sie-das', type: 'free-text', label: { de: 'Wie finden Sie das?' }, required: false, multiline: true }]);
  });
});

describe('ids', () => {
  it('are made from the German text, readable and unique', () => {
    expect(idFromLabel('Wo spielen Ihre Kinder – größter Spaß?', [], 64)).toBe('wo-spielen-ihre-kinder-groesster-spass');
    expect(idFromLabel('Ja!', ['ja'], 64)).toBe('ja-2');
    expect(idFromLabel('?!', [], 64)).toBe('');
  });

  it('of a new question follow its German text, and conditions on it follow the id', () => {
    let drafts = surveyWith('Kinder', 'Alter');
    drafts[0]!.type = 'yes-no';
    drafts[1]!.condition = { questionId: 'kinder', equals: 'true' };
    drafts = setQuestionLabelDe('survey', drafts, 0, 'Haben Sie Kinder');
    expect(drafts[0]!.id).toBe('haben-sie-kinder');
    expect(drafts[1]!.condition).toEqual({ questionId: 'haben-sie-kinder', equals: 'true' });
    expect(toStored('survey', drafts)[1]).toMatchObject({ condition: { questionId: 'haben-sie-kinder', equals: true } });
  });

  it('of a yes-no condition without a chosen answer is no "Nein": it stays unchosen and is named as a problem', () => {
    const drafts = surveyWith('Kinder', 'Alter');
    drafts[0]!.type = 'yes-no';
    drafts[1]!.condition = { questionId: 'kinder', equals: '' };
    expect(toStored('survey', drafts)[1]).toMatchObject({ condition: { questionId: 'kinder', equals: '' } });
    expect(questionProblems('survey', drafts).questions[1]).toContainEqual({ field: 'condition.equals', message: 'conditionValue' });
    // A choice id left from the question's earlier type is not turned into "Nein" either.
    drafts[1]!.condition = { questionId: 'kinder', equals: 'stadtpark' };
    expect(toStored('survey', drafts)[1]).toMatchObject({ condition: { questionId: 'kinder', equals: 'stadtpark' } });
    expect(questionProblems('survey', drafts).questions[1]).toContainEqual({ field: 'condition.equals', message: 'conditionValue' });
    drafts[1]!.condition = { questionId: 'kinder', equals: 'false' };
    expect(toStored('survey', drafts)[1]).toMatchObject({ condition: { questionId: 'kinder', equals: false } });
  });

  it('of stored questions stay when the wording is corrected (answers are keyed by them)', () => {
    const drafts = setQuestionLabelDe('survey', fromStored('survey', PLAYGROUND), 0, 'Welcher Ort?');
    expect(drafts[0]!.id).toBe('standort');
  });

  it('of new choices follow their text, and a condition waiting for the choice follows too', () => {
    let drafts = surveyWith('Ort', 'Warum');
    drafts = setChoiceLabelDe('survey', drafts, 0, 0, 'Park');
    drafts[1]!.condition = { questionId: 'ort', equals: 'park' };
    drafts = setChoiceLabelDe('survey', drafts, 0, 0, 'Stadtpark');
    expect(drafts[0]!.choices[0]!.id).toBe('stadtpark');
    expect(drafts[1]!.condition.equals).toBe('stadtpark');
  });
});

describe('edits', () => {
  it('move a question up and down, not past either end', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(move(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });

  it('a question others depend on names them (it is not removed silently); removing a choice clears the answer a condition waited for', () => {
    const drafts = fromStored('survey', PLAYGROUND);
    expect(dependentsOf(drafts, 1)).toEqual([2]);
    expect(dependentsOf(drafts, 0)).toEqual([5]);
    expect(dependentsOf(drafts, 3)).toEqual([]);
    expect(removeQuestion(drafts, 3).map((draft) => draft.id)).toEqual(['standort', 'kinder', 'alter', 'tag', 'geraete']);
    // A question without an id yet has no dependents (an empty condition names none).
    expect(dependentsOf([newQuestion('survey'), newQuestion('survey')], 0)).toEqual([]);
    expect(removeChoice(drafts, 0, 0)[5]!.condition).toEqual({ questionId: 'standort', equals: '' });
  });

  it("texts in the admin's language, German when there is no English one", () => {
    expect(textIn({ de: 'Stadtpark', en: 'Town park' }, 'en')).toBe('Town park');
    expect(textIn({ de: 'Stadtpark', en: 'Town park' }, 'de')).toBe('Stadtpark');
    expect(textIn({ de: 'Am Schulhof', en: '  ' }, 'en-GB')).toBe('Am Schulhof');
  });

  it('offers as condition only earlier questions with choices or yes/no', () => {
    const drafts = fromStored('survey', PLAYGROUND);
    expect(conditionTargets(drafts, 5).map((draft) => draft.id)).toEqual(['standort', 'kinder']);
    expect(conditionTargets(drafts, 0)).toEqual([]);
  });
});

describe("the contracts' problems next to the question and field", () => {
  it('a new question: its German text and its choices are missing', () => {
    const problems = questionProblems('survey', [newQuestion('survey')]);
    expect(problems.list).toEqual([]);
    expect(problems.questions[0]).toEqual(
      expect.arrayContaining([
        { field: 'id', message: 'required' },
        { field: 'label.de', message: 'required' },
        { field: 'choices.0.id', message: 'required' },
        { field: 'choices.1.label.de', message: 'required' },
      ]),
    );
  });

  it('a survey without questions', () => {
    expect(questionProblems('survey', []).list).toEqual([{ field: '', message: 'noQuestions' }]);
    expect(questionProblems('event', []).list).toEqual([]);
  });

  it('duplicate ids, too few choices, choice limits, an id that is not one', () => {
    const drafts = fromStored('survey', PLAYGROUND);
    drafts[1]!.id = 'standort';
    drafts[5]!.maxChoices = '3';
    drafts[5]!.choices[1]!.id = 'A b';
    drafts[0]!.choices = drafts[0]!.choices.slice(0, 1);
    const { questions } = questionProblems('survey', drafts);
    expect(questions[0]).toEqual([{ field: 'choices', message: 'tooFewChoices', values: { min: 2 } }]);
    expect(questions[1]).toEqual([{ field: 'id', message: 'duplicateQuestionId' }]);
    expect(questions[5]).toEqual(
      expect.arrayContaining([
        { field: 'choices.1.id', message: 'id' },
        { field: 'maxChoices', message: 'choiceLimits', values: { count: 2 } },
      ]),
    );
  });

  it('a condition on a later question, or on an answer the question does not have', () => {
    const drafts = fromStored('survey', PLAYGROUND);
    const moved = move(drafts, 1, 1); // "alter" now comes before "kinder", on which it depends
    expect(questionProblems('survey', moved).questions[1]).toEqual([{ field: 'condition.questionId', message: 'conditionTarget' }]);
    drafts[5]!.condition.equals = 'nirgends';
    expect(questionProblems('survey', drafts).questions[5]).toEqual([{ field: 'condition.equals', message: 'conditionValue' }]);
  });

  it('limits out of range and dates in the wrong order', () => {
    const drafts = fromStored('survey', PLAYGROUND);
    drafts[2]!.maxLength = '99999';
    drafts[4]!.min = '2026-05-01';
    drafts[4]!.max = '2026-04-01';
    const { questions } = questionProblems('survey', drafts);
    // The contract's bound first (the one shown); the answers would not fit into a request either.
    expect(questions[2]).toEqual([{ field: 'maxLength', message: 'numberMax', values: { max: 5000 } }, expect.objectContaining({ message: 'answersTooLarge' })]);
    expect(questions[4]).toEqual([{ field: 'max', message: 'dateOrder' }]);
    const event = fromStored('event', [{ id: 'x', type: 'short-text', label: { de: 'X'.repeat(301) }, required: false, maxLength: 1.5 }]);
    expect(questionProblems('event', event).questions[0]).toEqual(
      expect.arrayContaining([
        { field: 'label.de', message: 'tooLong', values: { max: 300 } },
        { field: 'maxLength', message: 'wholeNumber' },
      ]),
    );
  });

  it('answers that would not fit into one request: at the text that takes the most room, with the sizes in kB', () => {
    const drafts = surveyWith('Eins', 'Zwei', 'Drei', 'Vier', 'Fünf', 'Sechs').map((draft) => ({ ...draft, type: 'free-text' }));
    expect(questionProblems('survey', drafts).questions.flat()).toEqual([]);
    drafts[2] = { ...drafts[2]!, maxLength: '3000' };
    const { questions } = questionProblems('survey', drafts);
    expect(questions[2]).toEqual([{ field: 'maxLength', message: 'answersTooLarge', values: { size: 15.7, limit: 12 } }]);
    expect(questions.filter((list) => list.length)).toHaveLength(1);
    // Events too; not at the choice question (little room), at the largest text (the last of equals).
    const event = fromStored('event', Array.from({ length: 8 }, (_, n) => ({ id: `t${n}`, type: n ? 'long-text' : 'multiple-choice', label: { de: 'T' }, choices: [] })));
    expect(questionProblems('event', event).questions[7]).toEqual([expect.objectContaining({ field: 'maxLength', message: 'answersTooLarge' })]);
  });
});
