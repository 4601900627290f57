import { Readable } from 'node:stream';
import { errors } from '@strapi/utils';
import { stringify } from 'csv-stringify';
import type {
  Locale,
  SurveyAdminList,
  SurveyAdminResults,
  SurveyAnswers,
  SurveyFreeTextPage,
  SurveyFreeTextQuery,
  SurveyQuestionResult,
  SurveyResults,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { SURVEYS_TABLE, SURVEYS_UID } from '../tables';
import { totalOf, type RowOf } from '../../../kernel/db';
import { spreadsheetSafe } from '../../../kernel/csv';
import { definitionOf, localiseQuestion, pick, surveyPhase } from './surveys';
import { answerGroups, responseCounts, surveyAnswerRows, surveyResponseRows, surveyRows, type SurveyRow } from '../rows';
import type { PersonalDataSection } from '../../../shared/citizens/personal-data';

/** Responses per batch of the CSV export: memory stays flat however many responses there are. */
const CSV_BATCH = 1000;

const YES_NO: Record<Locale, [string, string]> = { de: ['ja', 'nein'], en: ['yes', 'no'] };
const CSV_HEADINGS: Record<Locale, [string, string]> = { de: ['Antwort', 'Eingegangen'], en: ['Response', 'Received'] };

/** What the CSV export and the personal-data section read of the answer rows (knex). */
const storedAnswerRows = surveyAnswerRows.sql('responseId', 'questionId', 'choiceId', 'numberValue', 'textValue', 'dateValue');
type StoredAnswer = RowOf<typeof storedAnswerRows>;
const responseDays = surveyResponseRows.sql('id', 'createdAt');
const freeTexts = surveyAnswerRows.sql('responseId', 'textValue', 'createdAt');
const responseIds = surveyResponseRows.pick('id');
type GroupRow = RowOf<typeof answerGroups>;

/** The day of a stored time (YYYY-MM-DD, UTC): what exports show of when a response came in. */
const dayOf = (time: string): string => time.slice(0, 10);

/**
 * Survey results in SQL: one GROUP BY over the answer rows (covering index) gives every choice,
 * yes/no, rating and date count and how many answered each question; nothing loads responses into Node. Also the admin list, free
 * texts page by page, the CSV export in batches, and the personal-data section of identified responses.
 */
const surveyResults = ({ strapi }: { strapi: Strapi }) => {
  const knex = () => strapi.db.connection;

  async function surveyById(id: number): Promise<SurveyRow> {
    const survey = surveyRows.one(await strapi.db.query(SURVEYS_UID.survey).findOne({ where: { id } }));
    if (!survey) throw new errors.NotFoundError(`Survey ${id} not found`);
    return survey;
  }

  async function confirmedCount(surveyId: number): Promise<number> {
    return totalOf(await knex()(SURVEYS_TABLE.surveyResponse).where({ survey_id: surveyId, status: 'confirmed' }).count({ total: '*' }).first());
  }

  async function compute(survey: SurveyRow, locale: Locale): Promise<SurveyResults> {
    const definition = definitionOf(survey);
    const groups = answerGroups.many(
      await knex()(SURVEYS_TABLE.surveyAnswer)
        .select('question_id', 'choice_id', 'number_value', 'date_value')
        .count({ count: '*' })
        .where('survey_id', survey.id)
        .groupBy('question_id', 'choice_id', 'number_value', 'date_value'),
    );
    const byQuestion = new Map<string, GroupRow[]>();
    for (const row of groups) byQuestion.set(row.question_id, [...(byQuestion.get(row.question_id) ?? []), row]);
    const total = (rows: GroupRow[]) => rows.reduce((sum, row) => sum + row.count, 0);

    const questions = definition.map((definitionQuestion): SurveyQuestionResult => {
      const question = localiseQuestion(definitionQuestion, locale);
      const rows = byQuestion.get(question.id) ?? [];
      const base = { id: question.id, label: question.label, answered: total(rows) };
      switch (question.type) {
        case 'single-choice':
        case 'multiple-choice': {
          const counts = new Map(rows.map((row) => [row.choice_id, row.count]));
          // Multiple choice: the rows without a choice count the responses (see answerRows).
          const answered = question.type === 'multiple-choice' ? total(rows.filter((row) => row.choice_id === null)) : base.answered;
          return {
            ...base,
            answered,
            type: question.type,
            choices: question.choices.map((choice) => ({ id: choice.id, label: choice.label, count: counts.get(choice.id) ?? 0 })),
          };
        }
        case 'yes-no': {
          const count = (value: number) => rows.find((row) => row.number_value === value)?.count ?? 0;
          return { ...base, type: 'yes-no', yes: count(1), no: count(0) };
        }
        case 'rating': {
          const distribution = Array.from({ length: question.scale }, (_, index) => ({
            value: index + 1,
            count: rows.find((row) => row.number_value === index + 1)?.count ?? 0,
          }));
          const sum = distribution.reduce((acc, entry) => acc + entry.value * entry.count, 0);
          return {
            ...base,
            type: 'rating',
            scale: question.scale,
            lowLabel: question.lowLabel,
            highLabel: question.highLabel,
            mean: base.answered ? Math.round((sum / base.answered) * 100) / 100 : null,
            distribution,
          };
        }
        case 'date':
          return {
            ...base,
            type: 'date',
            dates: rows
              .filter((row) => row.date_value)
              .map((row) => ({ date: String(row.date_value), count: row.count }))
              .sort((a, b) => b.count - a.count || a.date.localeCompare(b.date)),
          };
        case 'free-text':
          return { ...base, type: 'free-text' };
      }
    });

    return {
      survey: {
        slug: survey.slug,
        title: pick(survey.title, survey.titleEn, locale)!,
        mode: survey.mode,
        opensAt: survey.opensAt,
        closesAt: survey.closesAt,
        phase: surveyPhase(survey),
      },
      locale,
      responses: await confirmedCount(survey.id),
      questions,
    };
  }

  /**
   * One CSV record per response from a batch of answer rows. The first cell numbers the records of
   * this file and the second is the day: stored ids and times would line answers up with a log.
   */
  function* records(answers: StoredAnswer[], responses: Array<{ id: number; createdAt: string }>, survey: SurveyRow, locale: Locale, firstNumber: number) {
    const definition = definitionOf(survey).map((question) => localiseQuestion(question, locale));
    const byResponse = new Map<number, StoredAnswer[]>();
    for (const row of answers) byResponse.set(row.responseId, [...(byResponse.get(row.responseId) ?? []), row]);
    for (const response of responses) {
      const rows = byResponse.get(response.id) ?? [];
      const cells = definition.map((question) => {
        const mine = rows.filter((row) => row.questionId === question.id);
        if (!mine.length) return '';
        switch (question.type) {
          case 'single-choice':
          case 'multiple-choice':
            return question.choices.filter((choice) => mine.some((row) => row.choiceId === choice.id)).map((choice) => choice.label).join('; ');
          case 'yes-no':
            return YES_NO[locale][mine[0]!.numberValue === 1 ? 0 : 1];
          case 'rating':
            return Number(mine[0]!.numberValue);
          case 'date':
            return mine[0]!.dateValue ?? '';
          case 'free-text':
            return mine[0]!.textValue ?? '';
        }
      });
      yield [firstNumber++, dayOf(response.createdAt), ...cells];
    }
  }

  return {
    /** Public results: only once the survey is closed, and only when the editors made them public. */
    async publicResults(survey: SurveyRow, locale: Locale): Promise<SurveyResults> {
      if (!survey.resultsPublic) throw new errors.ForbiddenError('The results of this survey are not public.');
      if (surveyPhase(survey) !== 'closed') throw new errors.ForbiddenError('The results are published when the survey has closed.');
      return compute(survey, locale);
    },

    async adminResults(id: number, locale: Locale): Promise<SurveyAdminResults> {
      const survey = await surveyById(id);
      const results = await compute(survey, locale);
      return { ...results, survey: { ...results.survey, id: survey.id } };
    },

    async list(): Promise<SurveyAdminList> {
      const surveys = surveyRows.many(await strapi.db.query(SURVEYS_UID.survey).findMany({ orderBy: { id: 'desc' } }));
      const counts = responseCounts.many(await knex()(SURVEYS_TABLE.surveyResponse).select('survey_id', 'status').count({ count: '*' }).groupBy('survey_id', 'status'));
      const count = (surveyId: number, status: string) => counts.find((row) => row.survey_id === surveyId && row.status === status)?.count ?? 0;
      return {
        results: surveys.map((survey) => ({
          id: survey.id,
          documentId: survey.documentId,
          slug: survey.slug,
          title: survey.title,
          mode: survey.mode,
          opensAt: survey.opensAt,
          closesAt: survey.closesAt,
          phase: surveyPhase(survey),
          resultsPublic: survey.resultsPublic,
          responses: count(survey.id, 'confirmed'),
          pending: count(survey.id, 'pending'),
        })),
      };
    },

    async freeText(id: number, questionId: string, query: SurveyFreeTextQuery): Promise<SurveyFreeTextPage> {
      const survey = await surveyById(id);
      const question = definitionOf(survey).find((candidate) => candidate.id === questionId);
      if (!question || question.type !== 'free-text') {
        throw new errors.NotFoundError(`Survey ${id} has no free-text question "${questionId}"`);
      }
      const filtered = knex()(SURVEYS_TABLE.surveyAnswer).where({ survey_id: id, question_id: questionId }).whereNotNull('text_value');
      const total = totalOf(await filtered.clone().count({ total: '*' }).first());
      const rows = freeTexts.many(
        await filtered
          .clone()
          .select(freeTexts.select)
          .orderBy('id', 'desc')
          .limit(query.pageSize)
          .offset((query.page - 1) * query.pageSize),
      );
      return {
        // Ordered by id: random for anonymous responses; their times are stored to the day.
        results: rows.map((row) => ({ responseId: row.responseId, text: row.textValue ?? '', createdAt: row.createdAt })),
        pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(total / query.pageSize), total },
      };
    },

    /**
     * CSV of all confirmed responses: one row per response, one column per question, UTF-8 with
     * BOM (Excel). Read in batches of responses (keyset), streamed through csv-stringify.
     */
    async csv(id: number, locale: Locale): Promise<{ filename: string; stream: Readable }> {
      const survey = await surveyById(id);
      const definition = definitionOf(survey).map((question) => localiseQuestion(question, locale));
      const db = knex();
      async function* batches() {
        // Anonymous responses have random ids (unlinkableId), so the order of ids is no order of arrival.
        let after: number | null = null;
        let written = 0;
        for (;;) {
          const query = db(SURVEYS_TABLE.surveyResponse).select(responseDays.select).where({ survey_id: survey.id, status: 'confirmed' });
          if (after !== null) query.andWhere('id', '>', after);
          const responses = responseDays.many(await query.orderBy('id').limit(CSV_BATCH));
          if (!responses.length) return;
          const answers = storedAnswerRows.many(
            await db(SURVEYS_TABLE.surveyAnswer)
              .select(storedAnswerRows.select)
              .whereIn('response_id', responses.map((response) => response.id)),
          );
          yield* records(answers, responses, survey, locale, written + 1);
          written += responses.length;
          after = responses[responses.length - 1]!.id;
        }
      }
      const csv = stringify({
        bom: true,
        header: true,
        // The question labels are editor text: csv-stringify's cast does not reach the header, so guard them here.
        columns: [...CSV_HEADINGS[locale], ...definition.map((question) => spreadsheetSafe(question.label))],
        // Free texts come from anyone: a leading "=" must not become a formula in the editor's spreadsheet.
        cast: { string: spreadsheetSafe },
      });
      Readable.from(batches()).on('error', (error) => csv.destroy(error)).pipe(csv);
      return { filename: `${survey.slug}.csv`, stream: csv };
    },

    /** The identified responses of a citizen (anonymous ones are linked to nobody and stay). */
    personalDataSection(): PersonalDataSection {
      return {
        key: 'surveyResponses',
        export: async (profileId) => {
          const responses = surveyResponseRows.many(await strapi.db.query(SURVEYS_UID.surveyResponse).findMany({ where: { profileId }, orderBy: { id: 'asc' } }));
          if (!responses.length) return [];
          const surveys = surveyRows.many(
            await strapi.db.query(SURVEYS_UID.survey).findMany({ where: { id: { $in: [...new Set(responses.map((response) => response.surveyId))] } } }),
          );
          // In the caller's transaction when there is one (the admin export audits in one): a second
          // connection would wait for ever on SQLite's single one.
          const answers = storedAnswerRows.many(
            await strapi.db.transaction(async ({ trx }) =>
              trx(SURVEYS_TABLE.surveyAnswer)
                .select(storedAnswerRows.select)
                .whereIn('response_id', responses.map((response) => response.id)),
            ),
          );
          return responses.map((response) => {
            const survey = surveys.find((candidate) => candidate.id === response.surveyId);
            return {
              survey: survey ? { slug: survey.slug, title: survey.title } : null,
              status: response.status,
              createdAt: response.createdAt,
              confirmedAt: response.confirmedAt,
              answers: response.pendingAnswers ?? storedAnswers(answers.filter((row) => row.responseId === response.id), survey),
            };
          });
        },
        eraseMany: async (profileIds) => {
          const ids = responseIds
            .many(await strapi.db.query(SURVEYS_UID.surveyResponse).findMany({ where: { profileId: { $in: profileIds } }, select: responseIds.select }))
            .map((row) => row.id);
          if (!ids.length) return;
          await strapi.db.query(SURVEYS_UID.surveyAnswer).deleteMany({ where: { responseId: { $in: ids } } });
          await strapi.db.query(SURVEYS_UID.surveyResponse).deleteMany({ where: { id: { $in: ids } } });
        },
      };
    },
  };
};

/** Answer rows back into the request's shape (question id → value), by question type. */
function storedAnswers(rows: StoredAnswer[], survey: SurveyRow | undefined): SurveyAnswers {
  const types = new Map(survey ? definitionOf(survey).map((question) => [question.id, question.type]) : []);
  const answers: SurveyAnswers = {};
  for (const row of rows) {
    const type = types.get(row.questionId);
    if (type === 'multiple-choice') {
      if (row.choiceId !== null) answers[row.questionId] = [...((answers[row.questionId] as string[]) ?? []), row.choiceId];
    } else if (type === 'yes-no') answers[row.questionId] = row.numberValue === 1;
    else if (row.numberValue !== null) answers[row.questionId] = row.numberValue;
    else answers[row.questionId] = row.choiceId ?? row.textValue ?? row.dateValue;
  }
  return answers;
}

export default surveyResults;
export type SurveyResultsService = ReturnType<typeof surveyResults>;
