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
import type { Strapi } from '../../types';
import { TABLE, UID } from '../../constants';
import { toIso } from '../../utils/time';
import { spreadsheetSafe } from '../../utils/csv';
import { definitionOf, localiseQuestion, pick, surveyPhase, type SurveyRow } from '../client/surveys';
import type { PersonalDataSection } from './personal-data';

/** Responses per batch of the CSV export: memory stays flat however many responses there are. */
const CSV_BATCH = 1000;

const YES_NO: Record<Locale, [string, string]> = { de: ['ja', 'nein'], en: ['yes', 'no'] };
const CSV_HEADINGS: Record<Locale, [string, string]> = { de: ['Antwort', 'Eingegangen'], en: ['Response', 'Received'] };

interface GroupRow {
  question_id: string;
  choice_id: string | null;
  number_value: number | string | null;
  date_value: string | null;
  count: number | string;
}

interface AnswerRow {
  response_id: number;
  question_id: string;
  choice_id: string | null;
  number_value: number | string | null;
  text_value: string | null;
  date_value: string | null;
}

/**
 * Survey results in SQL: one GROUP BY over the answer rows (covering index) gives every choice,
 * yes/no, rating and date count and how many answered each question; nothing loads responses into Node. Also the admin list, free
 * texts page by page, the CSV export in batches, and the personal-data section of identified responses.
 */
const surveyResults = ({ strapi }: { strapi: Strapi }) => {
  const knex = () => strapi.db.connection;

  async function surveyById(id: number): Promise<SurveyRow> {
    const survey = (await strapi.db.query(UID.survey).findOne({ where: { id } })) as SurveyRow | null;
    if (!survey) throw new errors.NotFoundError(`Survey ${id} not found`);
    return survey;
  }

  async function confirmedCount(surveyId: number): Promise<number> {
    const row = (await knex()(TABLE.surveyResponse)
      .where({ survey_id: surveyId, status: 'confirmed' })
      .count({ total: '*' })
      .first()) as { total: number | string } | undefined;
    return Number(row?.total ?? 0);
  }

  async function compute(survey: SurveyRow, locale: Locale): Promise<SurveyResults> {
    const definition = definitionOf(survey);
    const groups = (await knex()(TABLE.surveyAnswer)
      .select('question_id', 'choice_id', 'number_value', 'date_value')
      .count({ count: '*' })
      .where('survey_id', survey.id)
      .groupBy('question_id', 'choice_id', 'number_value', 'date_value')) as GroupRow[];
    const byQuestion = new Map<string, GroupRow[]>();
    for (const row of groups) byQuestion.set(row.question_id, [...(byQuestion.get(row.question_id) ?? []), row]);
    const total = (rows: GroupRow[]) => rows.reduce((sum, row) => sum + Number(row.count), 0);

    const questions = definition.map((definitionQuestion): SurveyQuestionResult => {
      const question = localiseQuestion(definitionQuestion, locale);
      const rows = byQuestion.get(question.id) ?? [];
      const base = { id: question.id, label: question.label, answered: total(rows) };
      switch (question.type) {
        case 'single-choice':
        case 'multiple-choice': {
          const counts = new Map(rows.map((row) => [row.choice_id, Number(row.count)]));
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
          const count = (value: number) => Number(rows.find((row) => Number(row.number_value) === value)?.count ?? 0);
          return { ...base, type: 'yes-no', yes: count(1), no: count(0) };
        }
        case 'rating': {
          const distribution = Array.from({ length: question.scale }, (_, index) => ({
            value: index + 1,
            count: Number(rows.find((row) => Number(row.number_value) === index + 1)?.count ?? 0),
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
              .map((row) => ({ date: String(row.date_value), count: Number(row.count) }))
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
        opensAt: toIso(survey.opensAt),
        closesAt: toIso(survey.closesAt),
        phase: surveyPhase(survey),
      },
      locale,
      responses: await confirmedCount(survey.id),
      questions,
    };
  }

  /** One CSV record per response from a batch of answer rows (ordered by response). */
  function* records(answers: AnswerRow[], responses: Array<{ id: number; created_at: unknown }>, survey: SurveyRow, locale: Locale) {
    const definition = definitionOf(survey).map((question) => localiseQuestion(question, locale));
    const byResponse = new Map<number, AnswerRow[]>();
    for (const row of answers) byResponse.set(Number(row.response_id), [...(byResponse.get(Number(row.response_id)) ?? []), row]);
    for (const response of responses) {
      const rows = byResponse.get(Number(response.id)) ?? [];
      const cells = definition.map((question) => {
        const mine = rows.filter((row) => row.question_id === question.id);
        if (!mine.length) return '';
        switch (question.type) {
          case 'single-choice':
          case 'multiple-choice':
            return question.choices.filter((choice) => mine.some((row) => row.choice_id === choice.id)).map((choice) => choice.label).join('; ');
          case 'yes-no':
            return YES_NO[locale][Number(mine[0]!.number_value) === 1 ? 0 : 1];
          case 'rating':
            return Number(mine[0]!.number_value);
          case 'date':
            return mine[0]!.date_value ?? '';
          case 'free-text':
            return mine[0]!.text_value ?? '';
        }
      });
      yield [response.id, toIso(response.created_at), ...cells];
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
      const surveys = (await strapi.db.query(UID.survey).findMany({ orderBy: { id: 'desc' } })) as SurveyRow[];
      const counts = (await knex()(TABLE.surveyResponse)
        .select('survey_id', 'status')
        .count({ count: '*' })
        .groupBy('survey_id', 'status')) as Array<{ survey_id: number; status: string; count: number | string }>;
      const count = (surveyId: number, status: string) =>
        Number(counts.find((row) => Number(row.survey_id) === surveyId && row.status === status)?.count ?? 0);
      return {
        results: surveys.map((survey) => ({
          id: survey.id,
          documentId: survey.documentId,
          slug: survey.slug,
          title: survey.title,
          mode: survey.mode,
          opensAt: toIso(survey.opensAt),
          closesAt: toIso(survey.closesAt),
          phase: surveyPhase(survey),
          resultsPublic: Boolean(survey.resultsPublic),
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
      const filtered = knex()(TABLE.surveyAnswer).where({ survey_id: id, question_id: questionId }).whereNotNull('text_value');
      const countRow = (await filtered.clone().count({ total: '*' }).first()) as { total: number | string } | undefined;
      const total = Number(countRow?.total ?? 0);
      const rows = (await filtered
        .clone()
        .select('response_id', 'text_value', 'created_at')
        .orderBy('id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)) as Array<{ response_id: number; text_value: string; created_at: unknown }>;
      return {
        results: rows.map((row) => ({ responseId: Number(row.response_id), text: row.text_value, createdAt: toIso(row.created_at) ?? '' })),
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
        let after = 0;
        for (;;) {
          const responses = (await db(TABLE.surveyResponse)
            .select('id', 'created_at')
            .where({ survey_id: survey.id, status: 'confirmed' })
            .andWhere('id', '>', after)
            .orderBy('id')
            .limit(CSV_BATCH)) as Array<{ id: number; created_at: unknown }>;
          if (!responses.length) return;
          const answers = (await db(TABLE.surveyAnswer)
            .select('response_id', 'question_id', 'choice_id', 'number_value', 'text_value', 'date_value')
            .whereIn('response_id', responses.map((response) => response.id))) as AnswerRow[];
          yield* records(answers, responses, survey, locale);
          after = Number(responses[responses.length - 1]!.id);
        }
      }
      const csv = stringify({
        bom: true,
        header: true,
        columns: [...CSV_HEADINGS[locale], ...definition.map((question) => question.label)],
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
          const responses = (await strapi.db.query(UID.surveyResponse).findMany({
            where: { profileId },
            orderBy: { id: 'asc' },
          })) as Array<{ id: number; surveyId: number; status: string; pendingAnswers: SurveyAnswers | null; createdAt: unknown; confirmedAt: unknown }>;
          if (!responses.length) return [];
          const surveys = (await strapi.db.query(UID.survey).findMany({
            where: { id: { $in: [...new Set(responses.map((response) => response.surveyId))] } },
          })) as SurveyRow[];
          const answers = (await knex()(TABLE.surveyAnswer)
            .select('response_id', 'question_id', 'choice_id', 'number_value', 'text_value', 'date_value')
            .whereIn('response_id', responses.map((response) => response.id))) as AnswerRow[];
          return responses.map((response) => {
            const survey = surveys.find((candidate) => candidate.id === response.surveyId);
            return {
              survey: survey ? { slug: survey.slug, title: survey.title } : null,
              status: response.status,
              createdAt: toIso(response.createdAt),
              confirmedAt: toIso(response.confirmedAt),
              answers: response.pendingAnswers ?? storedAnswers(answers.filter((row) => Number(row.response_id) === response.id), survey),
            };
          });
        },
        erase: async (profileId) => {
          const ids = ((await strapi.db.query(UID.surveyResponse).findMany({ where: { profileId }, select: ['id'] })) as Array<{ id: number }>).map(
            (row) => row.id,
          );
          if (!ids.length) return;
          await strapi.db.query(UID.surveyAnswer).deleteMany({ where: { responseId: { $in: ids } } });
          await strapi.db.query(UID.surveyResponse).deleteMany({ where: { id: { $in: ids } } });
        },
      };
    },
  };
};

/** Answer rows back into the request's shape (question id → value), by question type. */
function storedAnswers(rows: AnswerRow[], survey: SurveyRow | undefined): SurveyAnswers {
  const types = new Map(survey ? definitionOf(survey).map((question) => [question.id, question.type]) : []);
  const answers: SurveyAnswers = {};
  for (const row of rows) {
    const type = types.get(row.question_id);
    if (type === 'multiple-choice') {
      if (row.choice_id !== null) answers[row.question_id] = [...((answers[row.question_id] as string[]) ?? []), row.choice_id];
    } else if (type === 'yes-no') answers[row.question_id] = Number(row.number_value) === 1;
    else if (row.number_value !== null) answers[row.question_id] = Number(row.number_value);
    else answers[row.question_id] = row.choice_id ?? row.text_value ?? row.date_value;
  }
  return answers;
}

export default surveyResults;
export type SurveyResultsService = ReturnType<typeof surveyResults>;
