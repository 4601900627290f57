import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicSurvey, PublicSurveyQuestion, SurveyAnswers } from '../../../packages/contracts/src/index';
import { answersToSend, isAnswered, surveyAnswerProblem, visibleQuestions } from '../../../packages/contracts/src/rules/survey-answers';
import { answerFrom } from '../../../widgets/src/survey/answer-from';
import { publicApi } from '../support/http';
import { startApp, type TestApp } from '../support/strapi';

// Issue 11: the widget's check before it sends (the answers its controls make, then the contracts'
// rules over the questions of the public survey view) and the server's check (the request schema,
// then validateAnswers over the stored definition) agree on every generated survey and draft. The
// rules are one function in the contracts; what differs is what each side feeds them: the widget
// the public view (GET /surveys/:slug) and the answers its controls make (answerFrom), the server
// the stored definition and the JSON that arrives. So the server here is the real one, over HTTP.

const SURVEY = 'plugin::civic-dialog.survey' as any;
const DAY = 86_400_000;
/** Surveys (definitions) generated; each gets several drafts. */
const RUNS = 60;

let app: TestApp;
let api: ReturnType<typeof publicApi>;

beforeAll(async () => {
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '1000000' });
  api = publicApi(app.baseUrl);
});

afterAll(async () => {
  await app?.stop();
});

// --- survey definitions, as an editor may save them ---------------------------------------------

const label = (text: string) => ({ de: text });
const choicesOf = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${i + 1}`, label: label(`Wahl ${i + 1}`) }));
const DATES = ['2026-01-15', '2026-03-01', '2026-04-10', '2026-06-30', '2026-09-01'];

const questionSpec = fc.oneof(
  fc.record({ type: fc.constant('single-choice' as const), choices: fc.integer({ min: 2, max: 4 }) }),
  fc
    .record({
      type: fc.constant('multiple-choice' as const),
      choices: fc.integer({ min: 2, max: 5 }),
      min: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
      max: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    })
    .map(({ choices, min, max, ...rest }) => {
      // Valid bounds: 0 ≤ min ≤ max ≤ choices (the definition schema refuses others on save).
      const upper = max === undefined ? undefined : Math.min(max, choices);
      const lower = min === undefined ? undefined : Math.min(min, upper ?? choices);
      return { ...rest, choices, minChoices: lower, maxChoices: upper };
    }),
  fc.record({
    type: fc.constant('free-text' as const),
    // Small limits are reached by generated texts; none means the default (1000).
    maxLength: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
    multiline: fc.boolean(),
  }),
  fc.record({ type: fc.constant('rating' as const), scale: fc.constantFrom(5 as const, 10 as const) }),
  fc.record({ type: fc.constant('yes-no' as const) }),
  fc
    .record({ type: fc.constant('date' as const), a: fc.option(fc.constantFrom(...DATES), { nil: undefined }), b: fc.option(fc.constantFrom(...DATES), { nil: undefined }) })
    .map(({ type, a, b }) => ({ type, min: a && b && a > b ? b : a, max: a && b && a > b ? a : b })),
);

const definitionArbitrary = fc
  .array(
    fc.record({ spec: questionSpec, required: fc.boolean(), condition: fc.option(fc.record({ target: fc.nat(), answer: fc.nat() }), { nil: undefined }) }),
    { minLength: 1, maxLength: 6 },
  )
  .map((items) => {
    const questions: Array<Record<string, any>> = [];
    items.forEach(({ spec, required, condition }, index) => {
      const { choices, ...rest } = spec as Record<string, any>;
      const question: Record<string, any> = { id: `q${index + 1}`, label: label(`Frage ${index + 1}`), required, ...rest };
      if (choices) question.choices = choicesOf(choices);
      for (const key of Object.keys(question)) if (question[key] === undefined) delete question[key];
      // A condition points back to an earlier choice or yes-no question and one of its answers.
      const targets = questions.filter((q) => ['single-choice', 'multiple-choice', 'yes-no'].includes(q.type));
      if (condition && targets.length) {
        const target = targets[condition.target % targets.length]!;
        const equals = target.type === 'yes-no' ? condition.answer % 2 === 0 : target.choices[condition.answer % target.choices.length].id;
        question.condition = { questionId: target.id, equals };
      }
      questions.push(question);
    });
    return questions;
  });

// --- drafts, as a citizen makes them with the widget's controls -------------------------------------

const spaces = fc.constantFrom('', ' ', '  ', '\n', '\t ');
const text = fc.oneof(
  fc.constant(''),
  fc.tuple(spaces, fc.string({ unit: 'grapheme', maxLength: 16 }), spaces).map((parts) => parts.join('')),
  fc.integer({ min: 990, max: 1010 }).map((n) => 'a'.repeat(n)),
);
/** One use of a control: `pick` chooses the control (radio, checkbox, rating button), `text` is typed. */
const useArbitrary = fc.record({ question: fc.nat(), pick: fc.nat(), text, date: fc.constantFrom('', ...DATES) });
type Use = typeof useArbitrary extends fc.Arbitrary<infer U> ? U : never;
const draftArbitrary = fc.array(useArbitrary, { maxLength: 12 });

/** What the control the citizen used holds: the values the widget renders for each question type. */
function controlFor(question: PublicSurveyQuestion, draft: SurveyAnswers, use: Use) {
  switch (question.type) {
    case 'single-choice':
      return { value: question.choices[use.pick % question.choices.length]!.id, checked: true };
    case 'multiple-choice': {
      const id = question.choices[use.pick % question.choices.length]!.id;
      const current = draft[question.id];
      return { value: id, checked: !(Array.isArray(current) && current.includes(id)) };
    }
    case 'rating':
      return { value: String((use.pick % question.scale) + 1), checked: true };
    case 'yes-no':
      return { value: use.pick % 2 ? 'no' : 'yes', checked: true };
    case 'date':
      return { value: use.date, checked: false };
    case 'free-text':
      return { value: use.text, checked: false };
  }
}

/** The widget's draft after these uses; only a shown question's controls can be used (answers of questions hidden later stay). */
function draftAfter(questions: PublicSurveyQuestion[], uses: Array<Use>): SurveyAnswers {
  let draft: SurveyAnswers = {};
  for (const use of uses) {
    const shown = visibleQuestions(questions, draft);
    const question = shown[use.question % shown.length];
    if (!question) continue;
    draft = { ...draft, [question.id]: answerFrom(question, controlFor(question, draft, use), draft[question.id]) };
  }
  return draft;
}

let surveys = 0;
async function createSurvey(questions: Array<Record<string, any>>): Promise<string> {
  surveys += 1;
  const slug = `generiert-${surveys}`;
  await app.strapi.documents(SURVEY).create({
    data: {
      title: `Generierte Umfrage ${surveys}`,
      slug,
      mode: 'anonymous',
      questions,
      opensAt: new Date(Date.now() - DAY).toISOString(),
      closesAt: new Date(Date.now() + 30 * DAY).toISOString(),
    } as any,
  });
  return slug;
}

describe(`the widget's answer check and the server's agree on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('on every generated survey and draft: the widget sends only what the server takes, and refuses only what the server refuses, for the same questions', async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(definitionArbitrary, fc.constantFrom('de' as const, 'en' as const), fc.array(draftArbitrary, { minLength: 1, maxLength: 5 }), async (definition, locale, drafts) => {
        const slug = await createSurvey(definition);
        const view = await api.get(`/surveys/${slug}?locale=${locale}`);
        expect(view.status).toBe(200);
        const questions = (view.body.data as PublicSurvey).questions;

        for (const uses of drafts) {
          const draft = draftAfter(questions, uses);
          const shown = visibleQuestions(questions, draft);
          // What the widget checks on submit: every shown question against the contracts' rules.
          const widgetProblems = shown.filter((question) => surveyAnswerProblem(question, draft[question.id])).map((q) => q.id);
          // Accepted: what the widget sends. Refused: what the citizen entered in the shown questions, sent anyway.
          const answers = widgetProblems.length
            ? Object.fromEntries(shown.filter((q) => isAnswered(draft[q.id])).map((q) => [q.id, draft[q.id]]))
            : answersToSend(questions, draft);

          const participation = await api.postJson(`/surveys/${slug}/participations`, {});
          expect(participation.status).toBe(201);
          const res = await api.postJson(`/surveys/${slug}/responses`, {
            participationToken: participation.body.data.participationToken,
            answers,
            locale,
            widget: 'civic-survey',
          });
          const context = JSON.stringify({ definition, draft, widgetProblems, answers, server: res.body });
          if (!widgetProblems.length) {
            accepted += 1;
            expect(res.status, context).toBe(201);
          } else {
            refused += 1;
            expect(res.status, context).toBe(400);
            const serverProblems = (res.body.error.details.errors as Array<{ path: string[] }>).map((error) => error.path[1]);
            expect([...new Set(serverProblems)].sort(), context).toEqual([...widgetProblems].sort());
          }
        }
      }),
      { numRuns: RUNS },
    );
    // Both outcomes were generated often enough to mean something.
    expect(accepted).toBeGreaterThan(RUNS / 2);
    expect(refused).toBeGreaterThan(RUNS / 2);
  }, 600_000);
});
