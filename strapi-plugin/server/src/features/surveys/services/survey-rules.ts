import { errors } from '@strapi/utils';
import { breakingQuestionChange, surveyDefinitionSchema, surveyDefinitionToSaveSchema, type SurveyDefinition } from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { SURVEYS_TABLE, SURVEYS_UID } from '../tables';
import { surveyRows } from '../rows';

const surveyQuestions = surveyRows.pick('id', 'questions');
const surveyIdRows = surveyRows.pick('id');

interface LifecycleEvent {
  params: { where?: Record<string, unknown>; data?: Record<string, unknown> };
}

/** Indexes the survey results and the one-response-per-person rule rely on (created in bootstrap). */
const SURVEY_INDEXES = [
  `CREATE UNIQUE INDEX IF NOT EXISTS "civic_dialog_surveys_slug_uq" ON "${SURVEYS_TABLE.survey}" ("slug")`,
  // Exactly one confirmed identified response per person and survey, also under concurrent confirms.
  `CREATE UNIQUE INDEX IF NOT EXISTS "civic_dialog_survey_responses_one_per_person_uq" ON "${SURVEYS_TABLE.surveyResponse}" ("survey_id", "profile_id") WHERE "status" = 'confirmed' AND "profile_id" IS NOT NULL`,
  `CREATE INDEX IF NOT EXISTS "civic_dialog_survey_responses_survey_status_ix" ON "${SURVEYS_TABLE.surveyResponse}" ("survey_id", "status")`,
  `CREATE INDEX IF NOT EXISTS "civic_dialog_survey_responses_profile_ix" ON "${SURVEYS_TABLE.surveyResponse}" ("profile_id")`,
  // Covering index of the results query: one GROUP BY pass per survey.
  `CREATE INDEX IF NOT EXISTS "civic_dialog_survey_answers_results_ix" ON "${SURVEYS_TABLE.surveyAnswer}" ("survey_id", "question_id", "choice_id", "number_value", "date_value")`,
  `CREATE INDEX IF NOT EXISTS "civic_dialog_survey_answers_question_response_ix" ON "${SURVEYS_TABLE.surveyAnswer}" ("survey_id", "question_id", "response_id")`,
  `CREATE INDEX IF NOT EXISTS "civic_dialog_survey_answers_response_ix" ON "${SURVEYS_TABLE.surveyAnswer}" ("response_id")`,
];

function definitionError(issues: Array<{ path: string[]; message: string }>) {
  const errorsList = issues.map(({ path, message }) => ({ path: ['questions', ...path], message, name: 'ValidationError' }));
  const message = errorsList.length === 1 ? errorsList[0]!.message : `${errorsList.length} errors in questions: ${errorsList[0]!.message}`;
  return new errors.ValidationError(message, { errors: errorsList });
}

/** Parses a survey's questions with the contract's save schema; an editor's mistake → ValidationError naming the field. */
export function parseDefinition(questions: unknown): SurveyDefinition {
  let value = questions;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw definitionError([{ path: [], message: 'questions must be valid JSON' }]);
    }
  }
  const result = surveyDefinitionToSaveSchema.safeParse(value);
  if (result.success) return result.data;
  throw definitionError(
    result.error.issues.map((issue) => ({
      path: issue.path.map(String),
      message: `questions.${issue.path.join('.')} ${issue.message}`.replace('. ', ' '),
    })),
  );
}

/** Rules editors' writes must keep, whoever writes (content manager, Document Service, Query Engine); deletion cascades. */
const surveyRules = ({ strapi }: { strapi: Strapi }) => {
  async function checkUpdate(event: LifecycleEvent) {
    const data = event.params.data ?? {};
    if (data.questions !== undefined) data.questions = parseDefinition(data.questions);
    checkDates(data);
    if (data.questions === undefined) return;
    const surveys = surveyQuestions.many(await strapi.db.query(SURVEYS_UID.survey).findMany({ where: event.params.where ?? {}, select: surveyQuestions.select }));
    for (const survey of surveys) {
      const responses = await strapi.db.query(SURVEYS_UID.surveyResponse).count({ where: { surveyId: survey.id } });
      if (!responses) continue;
      const before = surveyDefinitionSchema.safeParse(survey.questions);
      if (!before.success) continue;
      const problem = breakingQuestionChange(before.data, data.questions as SurveyDefinition, 'the survey already has responses');
      if (problem) throw definitionError([{ path: [], message: problem }]);
    }
  }

  /** A deleted survey takes its responses and answers with it: nothing is left that no one can see. */
  async function deleteResponses(event: LifecycleEvent) {
    const surveys = surveyIdRows.many(await strapi.db.query(SURVEYS_UID.survey).findMany({ where: event.params.where ?? {}, select: surveyIdRows.select }));
    const surveyIds = surveys.map((survey) => survey.id);
    if (!surveyIds.length) return;
    await strapi.db.query(SURVEYS_UID.surveyAnswer).deleteMany({ where: { surveyId: { $in: surveyIds } } });
    await strapi.db.query(SURVEYS_UID.surveyResponse).deleteMany({ where: { surveyId: { $in: surveyIds } } });
  }

  function checkDates(data: Record<string, unknown>) {
    if (data.opensAt && data.closesAt && new Date(data.opensAt as string) >= new Date(data.closesAt as string)) {
      throw new errors.ValidationError('closesAt must be after opensAt', {
        errors: [{ path: ['closesAt'], message: 'closesAt must be after opensAt', name: 'ValidationError' }],
      });
    }
  }

  return {
    subscribeLifecycles() {
      strapi.db.lifecycles.subscribe({
        models: [SURVEYS_UID.survey],
        async beforeCreate(event: LifecycleEvent) {
          const data = event.params.data ?? {};
          data.questions = parseDefinition(data.questions);
          checkDates(data);
        },
        beforeUpdate: checkUpdate,
        beforeUpdateMany: checkUpdate,
        beforeDelete: deleteResponses,
        beforeDeleteMany: deleteResponses,
      });
    },

    async ensureIndexes() {
      for (const sql of SURVEY_INDEXES) await strapi.db.connection.raw(sql);
    },
  };
};

export default surveyRules;
export type SurveyRulesService = ReturnType<typeof surveyRules>;
