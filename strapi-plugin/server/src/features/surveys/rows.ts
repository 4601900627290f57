import { z } from 'zod';
import { SURVEY_MODES } from '@civic-dialog/contracts';
import { SURVEYS_TABLE } from './tables';
import { col, rowsOf, type RowOf } from '../../kernel/db';

/** civic_dialog_surveys. `questions` was checked against the contracts on save (definitionOf parses it). */
export const surveyRows = rowsOf(
  SURVEYS_TABLE.survey,
  z.object({
    id: col.int,
    documentId: col.text,
    slug: col.text,
    title: col.text,
    titleEn: col.textOrNull,
    intro: col.textOrNull,
    introEn: col.textOrNull,
    questions: col.json(),
    opensAt: col.timeOrNull,
    closesAt: col.timeOrNull,
    mode: z.enum(SURVEY_MODES),
    allowChangingAnswers: col.bool,
    resultsPublic: col.bool,
    thankYou: col.textOrNull,
    thankYouEn: col.textOrNull,
  }),
);
export type SurveyRow = RowOf<typeof surveyRows>;

/** Answers as stored (checked on the way in); read back, only their type is checked. */
const storedAnswers = z.record(z.string(), z.union([z.string(), z.array(z.string()), z.number(), z.boolean(), z.null()])).nullable();

/** civic_dialog_survey_responses. Anonymous responses have no profile and random negative ids. */
export const surveyResponseRows = rowsOf(
  SURVEYS_TABLE.surveyResponse,
  z.object({
    id: col.int,
    surveyId: col.int,
    profileId: col.intOrNull,
    status: z.enum(['pending', 'confirmed']),
    pendingAnswers: col.json(storedAnswers),
    createdAt: col.time,
    confirmedAt: col.timeOrNull,
  }),
);
export type SurveyResponseRow = RowOf<typeof surveyResponseRows>;

/** civic_dialog_survey_answers, read with knex (`surveyAnswerRows.sql(...)`): one row per counted answer. */
export const surveyAnswerRows = rowsOf(
  SURVEYS_TABLE.surveyAnswer,
  z.object({
    id: col.int,
    responseId: col.int,
    surveyId: col.int,
    questionId: col.text,
    choiceId: col.textOrNull,
    numberValue: col.intOrNull,
    textValue: col.textOrNull,
    dateValue: col.textOrNull,
    createdAt: col.time,
  }),
);
export type SurveyAnswerRow = RowOf<typeof surveyAnswerRows>;

/** The results' GROUP BY over the answer rows: one row per question and value. */
export const answerGroups = rowsOf(
  SURVEYS_TABLE.surveyAnswer,
  z.object({ question_id: col.text, choice_id: col.textOrNull, number_value: col.intOrNull, date_value: col.textOrNull, count: col.count }),
);

/** Responses per survey and status (grouped SQL). */
export const responseCounts = rowsOf(SURVEYS_TABLE.surveyResponse, z.object({ survey_id: col.int, status: col.text, count: col.count }));
