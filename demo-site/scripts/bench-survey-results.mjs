// `pnpm bench` (part): survey results on SQLite. Boots the demo CMS in-process on a fresh database,
// generates 100,000 responses to a 10-question survey with set-based inserts, and prints JSON with
// the time the results service takes to compute the admin results page (target: < 500 ms).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appDir, baseEnv, freshSecrets } from './lib/app-env.mjs';

const require = createRequire(import.meta.url);
const { compileStrapi, createStrapi } = require('@strapi/strapi');

const RESPONSES = Number(process.env.BENCH_SURVEY_RESPONSES ?? 100_000);
const RUNS = 5;

const choices = (ids) => ids.map((id) => ({ id, label: { de: id, en: id } }));
const questions = [
  { id: 'standort', type: 'single-choice', required: true, label: { de: 'Standort' }, choices: choices(['a', 'b', 'c', 'd']) },
  { id: 'weg', type: 'single-choice', label: { de: 'Anreise' }, choices: choices(['fuss', 'rad', 'bus', 'auto']) },
  { id: 'alter', type: 'single-choice', label: { de: 'Altersgruppe' }, choices: choices(['u18', '18-39', '40-64', 'ab65']) },
  { id: 'geraete', type: 'multiple-choice', maxChoices: 3, label: { de: 'Geräte' }, choices: choices(['schaukel', 'rutsche', 'sand', 'turm', 'wippe']) },
  { id: 'angebote', type: 'multiple-choice', label: { de: 'Angebote' }, choices: choices(['cafe', 'wc', 'baenke', 'schatten', 'licht']) },
  { id: 'zufrieden', type: 'rating', scale: 5, label: { de: 'Zufriedenheit' } },
  { id: 'empfehlung', type: 'rating', scale: 10, label: { de: 'Empfehlung' } },
  { id: 'kinder', type: 'yes-no', label: { de: 'Kinder?' } },
  { id: 'besuch', type: 'date', label: { de: 'Besuch' } },
  { id: 'anregung', type: 'free-text', label: { de: 'Anregungen' } },
];

const dataDir = mkdtempSync(join(tmpdir(), 'civic-bench-survey-'));
Object.assign(process.env, baseEnv, freshSecrets(), {
  NODE_ENV: 'production',
  DATABASE_CLIENT: 'sqlite',
  DATABASE_FILENAME: join(dataDir, 'bench.db'),
  CIVIC_MAIL_POLL_MS: '0',
  STRAPI_STARTUP_BANNER: 'false',
});

await compileStrapi({ appDir, ignoreDiagnostics: true });
const strapi = await createStrapi({ appDir, distDir: join(appDir, 'dist') }).load();
strapi.log.level = 'error';

try {
  const survey = await strapi.documents('plugin::civic-dialog.survey').create({
    data: { title: 'Benchmark', slug: 'benchmark', mode: 'anonymous', questions },
  });
  const knex = strapi.db.connection;
  const pick = (list) => list[Math.floor(Math.random() * list.length)];
  const hour = new Date();
  hour.setUTCMinutes(0, 0, 0);

  const generateStarted = performance.now();
  const BATCH = 2000;
  for (let first = 0; first < RESPONSES; first += BATCH) {
    await knex.transaction(async (trx) => {
      const count = Math.min(BATCH, RESPONSES - first);
      const responses = Array.from({ length: count }, () => ({
        survey_id: survey.id,
        profile_id: null,
        status: 'confirmed',
        confirmed_at: hour,
        created_at: hour,
        updated_at: hour,
      }));
      const ids = [];
      for (let i = 0; i < responses.length; i += 500) {
        const inserted = await trx('civic_dialog_survey_responses').insert(responses.slice(i, i + 500)).returning('id');
        ids.push(...inserted.map((row) => (typeof row === 'object' ? row.id : row)));
      }
      const answers = [];
      const row = (responseId, questionId, values) =>
        answers.push({ response_id: responseId, survey_id: survey.id, question_id: questionId, choice_id: null, number_value: null, text_value: null, date_value: null, created_at: hour, updated_at: hour, ...values });
      for (const id of ids) {
        for (const question of questions) {
          if (question.type === 'single-choice') row(id, question.id, { choice_id: pick(question.choices).id });
          if (question.type === 'multiple-choice') {
            const chosen = question.choices.filter(() => Math.random() < 0.4);
            for (const choice of chosen) row(id, question.id, { choice_id: choice.id });
            // The row that counts the response, as the plugin writes it (see answerRows).
            if (chosen.length) row(id, question.id, { number_value: chosen.length });
          }
          if (question.type === 'rating') row(id, question.id, { number_value: 1 + Math.floor(Math.random() * question.scale) });
          if (question.type === 'yes-no') row(id, question.id, { number_value: Math.random() < 0.5 ? 1 : 0 });
          if (question.type === 'date') row(id, question.id, { date_value: `2026-06-${String(1 + Math.floor(Math.random() * 30)).padStart(2, '0')}` });
          if (question.type === 'free-text' && Math.random() < 0.2) row(id, question.id, { text_value: `Anregung ${id}` });
        }
      }
      for (let i = 0; i < answers.length; i += 500) await trx('civic_dialog_survey_answers').insert(answers.slice(i, i + 500));
    });
  }
  const generateMs = performance.now() - generateStarted;
  await knex.raw('ANALYZE');
  const answerRows = Number((await knex('civic_dialog_survey_answers').count({ n: '*' }).first()).n);

  const results = strapi.plugin('civic-dialog').service('surveyResults');
  const timings = [];
  let page;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    page = await results.adminResults(survey.id, 'de');
    timings.push(performance.now() - started);
  }
  const sorted = [...timings].sort((a, b) => a - b);
  console.log(
    JSON.stringify(
      {
        surveyResults: {
          database: 'sqlite',
          responses: page.responses,
          questions: questions.length,
          answerRows,
          generateSeconds: Math.round(generateMs / 100) / 10,
          resultsPageMs: { first: Math.round(timings[0]), median: Math.round(sorted[Math.floor(RUNS / 2)]), max: Math.round(sorted[RUNS - 1]) },
          targetMs: 500,
        },
      },
      null,
      2,
    ),
  );
} finally {
  await strapi.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
