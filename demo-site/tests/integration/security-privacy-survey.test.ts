import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { publicApi } from '../support/http';
import { startApp, type TestApp } from '../support/strapi';

// Issue 10, item 7: an anonymous answer cannot be lined up with the web server's log — no column
// of the stored rows, no export and no view puts the answers in the order they came in.

const SURVEY = 'plugin::civic-dialog.survey' as any;
const ANSWERS = 20;

let app: TestApp;
let api: ReturnType<typeof publicApi>;
let admin: ReturnType<typeof pluginAdminApi>;
let surveyId: number;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** Kendall's tau between a column's values and the order of submission (1: the same order). */
function orderAgreement(values: unknown[]): number {
  let concordant = 0;
  let discordant = 0;
  const key = (value: unknown) => (value instanceof Date ? value.getTime() : typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /\d{4}-\d\d-\d\d/.test(value) ? Date.parse(value) : value) as number | string;
  for (let i = 0; i < values.length; i += 1) {
    for (let j = i + 1; j < values.length; j += 1) {
      const a = key(values[i]);
      const b = key(values[j]);
      if (a < b) concordant += 1;
      else if (a > b) discordant += 1;
    }
  }
  const pairs = (values.length * (values.length - 1)) / 2;
  return (concordant - discordant) / pairs;
}

/** The columns (by name) whose values order the rows like the submissions, or the reverse. */
function orderingColumns(rowsInSubmissionOrder: Array<Record<string, unknown>>): string[] {
  const columns = Object.keys(rowsInSubmissionOrder[0]!);
  return columns.filter((column) => {
    const values = rowsInSubmissionOrder.map((row) => row[column]);
    if (values.some((value) => value === null || value === undefined)) return false;
    if (new Set(values.map((value) => String(value instanceof Date ? value.getTime() : value))).size === 1) return false;
    // For 20 rows in random order |tau| ≥ 0.8 has a chance below 1e-6; sequential ids and exact times give 1.
    return Math.abs(orderAgreement(values)) >= 0.8;
  });
}

/** A stored time that says more than the day (any hour, minute, second or millisecond). */
function moreThanTheDay(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  const time = new Date(value as string | number | Date);
  return time.getUTCHours() !== 0 || time.getUTCMinutes() !== 0 || time.getUTCSeconds() !== 0 || time.getUTCMilliseconds() !== 0;
}

const TIME_COLUMNS = ['created_at', 'updated_at', 'published_at', 'confirmed_at', 'expires_at', 'used_at'];

beforeAll(async () => {
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '200' });
  api = publicApi(app.baseUrl);
  admin = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl));
  const survey = await app.strapi.documents(SURVEY).create({
    data: {
      title: 'Unverknüpfbar',
      slug: 'unverknuepfbar',
      mode: 'anonymous',
      opensAt: inDays(-1),
      closesAt: inDays(30),
      questions: [
        { id: 'nummer', type: 'free-text', required: true, maxLength: 20, label: { de: 'Nummer' } },
        { id: 'note', type: 'rating', scale: 5, label: { de: 'Note' } },
      ],
    } as any,
  });
  surveyId = (await app.strapi.db.query(SURVEY).findOne({ where: { documentId: survey.documentId } })).id;
  // The 20 answers in a known order: answer n says "Antwort n".
  for (let n = 1; n <= ANSWERS; n += 1) {
    const participation = await api.postJson('/surveys/unverknuepfbar/participations', {});
    expect(participation.status).toBe(201);
    const res = await api.postJson('/surveys/unverknuepfbar/responses', {
      participationToken: participation.body.data.participationToken,
      answers: { nummer: `Antwort ${n}`, note: (n % 5) + 1 },
    });
    expect(res.status).toBe(201);
  }
});

afterAll(async () => {
  await app?.stop();
});

describe(`anonymous survey answers cannot be linked to the log on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('after 20 answers no column of the response or answer rows orders them like the submissions, and no time is finer than the day', async () => {
    const knex = app.strapi.db.connection;
    const texts = (await knex('civic_dialog_survey_answers').where({ survey_id: surveyId, question_id: 'nummer' })) as Array<Record<string, any>>;
    expect(texts).toHaveLength(ANSWERS);
    const submission = (row: Record<string, any>) => Number(String(row.text_value).replace('Antwort ', ''));
    const responseOf = new Map(texts.map((row) => [Number(row.response_id), submission(row)]));

    const responses = (await knex('civic_dialog_survey_responses').where({ survey_id: surveyId })) as Array<Record<string, any>>;
    expect(responses).toHaveLength(ANSWERS);
    const responsesInOrder = [...responses].sort((a, b) => responseOf.get(Number(a.id))! - responseOf.get(Number(b.id))!);
    expect(orderingColumns(responsesInOrder)).toEqual([]);

    const allAnswers = (await knex('civic_dialog_survey_answers').where({ survey_id: surveyId })) as Array<Record<string, any>>;
    for (const questionId of ['nummer', 'note']) {
      const answersInOrder = allAnswers
        .filter((row) => row.question_id === questionId)
        .sort((a, b) => responseOf.get(Number(a.response_id))! - responseOf.get(Number(b.response_id))!);
      expect(answersInOrder).toHaveLength(ANSWERS);
      expect(orderingColumns(answersInOrder)).toEqual([]);
    }

    for (const row of [...responses, ...allAnswers]) {
      for (const column of TIME_COLUMNS) expect(moreThanTheDay(row[column]), `${column} = ${row[column]}`).toBe(false);
    }
  });

  it('keeps no exact time in participation token rows, used or not', async () => {
    expect((await api.postJson('/surveys/unverknuepfbar/participations', {})).status).toBe(201);
    const knex = app.strapi.db.connection;
    const tokens = (await knex('civic_dialog_tokens').where({ purpose: 'survey-participation' })) as Array<Record<string, any>>;
    expect(tokens).toHaveLength(ANSWERS + 1);
    for (const row of tokens) {
      for (const column of TIME_COLUMNS) expect(moreThanTheDay(row[column]), `${column} = ${row[column]}`).toBe(false);
    }
    expect(tokens.filter((row) => row.used_at !== null)).toHaveLength(ANSWERS);
  });

  it('exports and shows the free texts with neither response ids nor times finer than the day, in an order unrelated to the submissions', async () => {
    const csv = await admin(`/surveys-admin/${surveyId}/responses.csv?locale=de`);
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('Antwort,Eingegangen,Nummer,Note');
    const records = lines.slice(1).map((line) => line.split(','));
    expect(records).toHaveLength(ANSWERS);
    // The first column numbers the rows of this file; the second is the day.
    expect(records.map((record) => record[0])).toEqual(Array.from({ length: ANSWERS }, (_, i) => String(i + 1)));
    for (const record of records) expect(record[1]).toMatch(/^\d{4}-\d\d-\d\d$/);
    const csvOrder = records.map((record) => Number(record[2]!.replace('Antwort ', '')));
    expect(new Set(csvOrder).size).toBe(ANSWERS);
    expect(Math.abs(orderAgreement(csvOrder))).toBeLessThan(0.8);

    const page = (await (await admin(`/surveys-admin/${surveyId}/free-text/nummer?page=1&pageSize=50`)).json()) as any;
    expect(page.results).toHaveLength(ANSWERS);
    const viewOrder = page.results.map((entry: any) => Number(entry.text.replace('Antwort ', '')));
    expect(Math.abs(orderAgreement(viewOrder))).toBeLessThan(0.8);
    // Its response ids and times say nothing about the order either (random ids, the day only).
    const entriesInOrder = [...page.results].sort((a: any, b: any) => Number(a.text.replace('Antwort ', '')) - Number(b.text.replace('Antwort ', '')));
    expect(orderingColumns(entriesInOrder)).toEqual([]);
    for (const entry of page.results) expect(moreThanTheDay(entry.createdAt), entry.createdAt).toBe(false);
  });
});
