// `pnpm bench` (part): survey results as an editor gets them, on SQLite. Boots the demo CMS in-process
// on a fresh database, answers a 10-question anonymous survey 100,000 times through the plugin's own
// survey service (participation token, then the response: the same code the public route runs), and
// times GET /civic-dialog/surveys-admin/:id/results over HTTP with an editor's login (target < 500 ms).
// No ANALYZE or other tuning production never runs.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appDir, baseEnv, freshSecrets } from './lib/app-env.mjs';
import { freePort } from './lib/local-servers.mjs';
import { printReport, target } from './lib/targets.mjs';

const require = createRequire(import.meta.url);
const { compileStrapi, createStrapi } = require('@strapi/strapi');

const RESPONSES = Number(process.env.BENCH_SURVEY_RESPONSES ?? 100_000);
const RUNS = 5;
const TARGET_MS = 500;

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

const pick = (list) => list[Math.floor(Math.random() * list.length)];

/** One citizen's answers, as the widget would send them (optional questions sometimes left out). */
function randomAnswers(n) {
  const answers = {};
  for (const question of questions) {
    if (!question.required && Math.random() < 0.1) continue;
    if (question.type === 'single-choice') answers[question.id] = pick(question.choices).id;
    if (question.type === 'multiple-choice') {
      const chosen = question.choices.filter(() => Math.random() < 0.4).map((choice) => choice.id);
      if (chosen.length) answers[question.id] = chosen.slice(0, question.maxChoices ?? chosen.length);
    }
    if (question.type === 'rating') answers[question.id] = 1 + Math.floor(Math.random() * question.scale);
    if (question.type === 'yes-no') answers[question.id] = Math.random() < 0.5;
    if (question.type === 'date') answers[question.id] = `2026-06-${String(1 + Math.floor(Math.random() * 30)).padStart(2, '0')}`;
    if (question.type === 'free-text' && Math.random() < 0.2) answers[question.id] = `Anregung ${n}`;
  }
  return answers;
}

const dataDir = mkdtempSync(join(tmpdir(), 'civic-bench-survey-'));
const port = await freePort();
const cmsUrl = `http://127.0.0.1:${port}`;
// The demo seed creates an editor (super admin) with a password of this run.
const editor = { email: 'admin@musterstadt.example', password: `Bench-${randomBytes(12).toString('base64url')}` };
Object.assign(process.env, baseEnv, freshSecrets(), {
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: String(port),
  PUBLIC_URL: cmsUrl,
  DEMO_ADMIN: '1',
  DEMO_ADMIN_EMAIL: editor.email,
  DEMO_ADMIN_PASSWORD: editor.password,
  DATABASE_CLIENT: 'sqlite',
  DATABASE_FILENAME: join(dataDir, 'bench.db'),
  CIVIC_MAIL_POLL_MS: '0',
  STRAPI_STARTUP_BANNER: 'false',
});

await compileStrapi({ appDir, ignoreDiagnostics: true });
const strapi = await createStrapi({ appDir, distDir: join(appDir, 'dist') }).load();
strapi.log.level = 'error';
await strapi.listen();

try {
  const survey = await strapi.documents('plugin::civic-dialog.survey').create({
    data: { title: 'Benchmark', slug: 'benchmark', mode: 'anonymous', questions },
  });

  // Every response through the plugin's survey service: participation token, validation, one transaction.
  const surveys = strapi.plugin('civic-dialog').service('surveys');
  const row = await surveys.bySlug('benchmark');
  const generateStarted = performance.now();
  let next = 0;
  // A few citizens at a time, as on a busy evening (SQLite still writes one transaction at a time).
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let n = next++; n < RESPONSES; n = next++) {
        const { participationToken } = await surveys.participate('benchmark');
        await surveys.respondAnonymously(row, { participationToken, answers: randomAnswers(n) });
      }
    }),
  );
  const generateMs = performance.now() - generateStarted;
  const answerRows = Number((await strapi.db.connection('civic_dialog_survey_answers').count({ n: '*' }).first()).n);

  // The editor's results page over HTTP, as the admin panel loads it.
  const login = await fetch(`${cmsUrl}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(editor),
  });
  if (!login.ok) throw new Error(`admin login failed: ${login.status}`);
  const jwt = (await login.json()).data.token;
  const failures = [];
  const timings = [];
  let page;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const res = await fetch(`${cmsUrl}/civic-dialog/surveys-admin/${survey.id}/results?locale=de`, { headers: { authorization: `Bearer ${jwt}` } });
    const body = await res.json();
    timings.push(performance.now() - started);
    if (res.status !== 200) failures.push(`results page run ${run + 1}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
    page = body.data ?? body;
  }
  if (page?.responses !== RESPONSES) failures.push(`results page counts ${page?.responses} responses, ${RESPONSES} were stored`);
  const sorted = [...timings].sort((a, b) => a - b);
  const median = Math.round(sorted[Math.floor(RUNS / 2)]);
  printReport(
    {
      surveyResults: {
        database: 'sqlite',
        responses: page?.responses,
        questions: questions.length,
        answerRows,
        generateSeconds: Math.round(generateMs / 100) / 10,
        resultsPageMs: { first: Math.round(timings[0]), median, max: Math.round(sorted[RUNS - 1]) },
        targets: { resultsPageMedianMs: target(median, '<', TARGET_MS) },
      },
    },
    failures,
  );
} finally {
  await strapi.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}
