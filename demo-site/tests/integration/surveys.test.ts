import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { linkTo } from '../support/mail-catcher';
import { publicApi, settledPublicApi } from '../support/http';
import { rows } from '../support/rows';
import { settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

const SURVEY = 'plugin::civic-dialog.survey' as any;
const RESPONSE = 'plugin::civic-dialog.survey-response' as any;
const ANSWER = 'plugin::civic-dialog.survey-answer' as any;

let app: TestApp;
let api: ReturnType<typeof publicApi>;
let db: ReturnType<typeof rows>;
let admin: ReturnType<typeof pluginAdminApi>;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

const questions = [
  {
    id: 'ort',
    type: 'single-choice',
    required: true,
    label: { de: 'Wo?', en: 'Where?' },
    choices: [
      { id: 'park', label: { de: 'Stadtpark', en: 'Town park' } },
      { id: 'schule', label: { de: 'Schule', en: 'School' } },
    ],
  },
  {
    id: 'geraete',
    type: 'multiple-choice',
    maxChoices: 2,
    label: { de: 'Geräte' },
    choices: [
      { id: 'schaukel', label: { de: 'Schaukel' } },
      { id: 'rutsche', label: { de: 'Rutsche' } },
      { id: 'sand', label: { de: 'Sandkasten' } },
    ],
  },
  { id: 'kinder', type: 'yes-no', label: { de: 'Kinder?' } },
  { id: 'alter', type: 'free-text', required: true, maxLength: 20, label: { de: 'Alter?' }, condition: { questionId: 'kinder', equals: true } },
  { id: 'note', type: 'rating', scale: 5, label: { de: 'Note' } },
  { id: 'tag', type: 'date', label: { de: 'Tag' } },
];

async function createSurvey(data: Record<string, unknown>) {
  return app.strapi.documents(SURVEY).create({
    data: { title: 'Test', mode: 'anonymous', questions, opensAt: inDays(-1), closesAt: inDays(30), ...data },
  });
}

async function answerAnonymously(slug: string, answers: Record<string, unknown>) {
  const participation = await api.postJson(`/surveys/${slug}/participations`, {});
  expect(participation.status).toBe(201);
  return api.postJson(`/surveys/${slug}/responses`, { participationToken: participation.body.data.participationToken, answers });
}

function identifiedBody(overrides: Record<string, unknown> = {}) {
  return {
    email: 'erika@example.org',
    answers: { ort: 'park', kinder: false },
    locale: 'de',
    legalTextVersion: 1,
    consent: true,
    pageUrl: `${TOWN_ORIGIN}/umfrage.html`,
    widget: 'civic-survey',
    ...overrides,
  };
}

async function surveyCounts() {
  return {
    responses: await app.strapi.db.query(RESPONSE).count(),
    answers: await app.strapi.db.query(ANSWER).count(),
    ...(await db.counts()),
  };
}

beforeAll(async () => {
  // Enough for this file's requests from one address; the last test runs into the limit on purpose.
  // One address answers several times here: no mail cooldown or budget in the way (they have their own tests).
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '80', CIVIC_MAIL_COOLDOWN_SECONDS: '0', CIVIC_RATE_LIMIT_EMAIL_POINTS: '1000' });
  api = settledPublicApi(app);
  db = rows(app.strapi);
  admin = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl));
});

afterAll(async () => {
  await app?.stop();
});

describe(`surveys on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('shows a seeded survey in German and English, with the survey consent text only when identified', async () => {
    const de = await api.get('/surveys/spielplatz?locale=de');
    expect(de.status).toBe(200);
    expect(de.body.data).toMatchObject({ slug: 'spielplatz', mode: 'identified', open: true, phase: 'open', title: 'Neuer Spielplatz: Wo soll er hin?' });
    expect(de.body.data.questions[0]).toMatchObject({ id: 'standort', label: 'Welcher Standort ist Ihnen am liebsten?', required: true });
    expect(de.body.data.legalText).toMatchObject({ purpose: 'survey', locale: 'de', version: 1 });
    const en = await api.get('/surveys/spielplatz?locale=en');
    expect(en.body.data.questions[0].choices[0]).toEqual({ id: 'stadtpark', label: 'Town park' });
    const anonymous = await api.get('/surveys/buergerbuero');
    expect(anonymous.body.data).toMatchObject({ mode: 'anonymous', legalText: null });

    expect((await api.get('/surveys/gibt-es-nicht')).status).toBe(404);
    expect((await api.get('/surveys/Not_A_Slug')).status).toBe(400);
  });

  it('stores an anonymous response with no link to anyone and counts a second participation separately', async () => {
    await createSurvey({ slug: 'anonym' });
    const before = await surveyCounts();
    const first = await answerAnonymously('anonym', { ort: 'park', geraete: ['rutsche', 'schaukel'], kinder: true, alter: '4 und 7', note: 4, tag: '2026-05-01' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ data: { status: 'recorded' } });
    expect((await answerAnonymously('anonym', { ort: 'schule', note: 2, kinder: true, alter: '=HYPERLINK("x")' })).status).toBe(201);

    const anonym = await app.strapi.db.query(SURVEY).findOne({ where: { slug: 'anonym' } });
    const mine = await app.strapi.db.query(RESPONSE).findMany({ where: { surveyId: anonym.id } });
    expect(mine).toHaveLength(2);
    const answers = await app.strapi.db.query(ANSWER).findMany({ where: { responseId: { $in: mine.map((r: any) => r.id) } } });
    for (const row of [...mine, ...answers]) {
      // Only the day is kept, in every timestamp: no exact time to match against web server logs.
      for (const field of ['createdAt', 'updatedAt', 'publishedAt']) {
        const time = new Date(row[field]);
        expect([time.getUTCHours(), time.getUTCMinutes(), time.getUTCSeconds(), time.getUTCMilliseconds()]).toEqual([0, 0, 0, 0]);
      }
    }
    for (const response of mine) expect(response).toMatchObject({ profileId: null, status: 'confirmed' });
    const after = await surveyCounts();
    expect(after.profile).toBe(before.profile);
    expect(after.consent).toBe(before.consent);
    expect(after.message).toBe(before.message);
    // Nothing that could identify the sender is stored with the response or its answers.
    expect(Object.keys(mine[0]).sort()).toEqual(
      ['confirmedAt', 'createdAt', 'documentId', 'id', 'locale', 'pendingAnswers', 'profileId', 'publishedAt', 'status', 'surveyId', 'updatedAt'],
    );
    expect(JSON.stringify([mine, answers])).not.toContain('127.0.0.1');
  });

  it('uses a participation token once: a second use is refused with 410, a forged one with 404, nothing stored', async () => {
    const participation = await api.postJson('/surveys/anonym/participations', {});
    const token = participation.body.data.participationToken;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await api.postJson('/surveys/anonym/responses', { participationToken: token, answers: { ort: 'park' } })).status).toBe(201);
    const before = await surveyCounts();
    const again = await api.postJson('/surveys/anonym/responses', { participationToken: token, answers: { ort: 'park' } });
    expect(again.status).toBe(410);
    expect(again.body.error.name).toBe('GoneError');
    const forged = await api.postJson('/surveys/anonym/responses', { participationToken: 'A'.repeat(43), answers: { ort: 'park' } });
    expect(forged.status).toBe(404);
    // A token of one survey does not work for another.
    await createSurvey({ slug: 'anonym-zwei' });
    const other = (await api.postJson('/surveys/anonym-zwei/participations', {})).body.data.participationToken;
    expect((await api.postJson('/surveys/anonym/responses', { participationToken: other, answers: { ort: 'park' } })).status).toBe(404);
    const after = await surveyCounts();
    expect([after.responses, after.answers]).toEqual([before.responses, before.answers]);
  });

  describe('refuses bad answers with a 4xx naming the question; nothing is stored and the token still works', () => {
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      ['an unknown question', { ort: 'park', farbe: 'blau' }, 'answers.farbe', 'unknown-question'],
      ['a choice not offered', { ort: 'mond' }, 'answers.ort', 'unknown-choice'],
      ['too many choices', { ort: 'park', geraete: ['schaukel', 'rutsche', 'sand'] }, 'answers.geraete', 'too-many-choices'],
      ['a text too long', { ort: 'park', kinder: true, alter: 'x'.repeat(21) }, 'answers.alter', 'too-long'],
      ['a missing required answer', { kinder: false }, 'answers.ort', 'required'],
      ['a required answer its condition asks for', { ort: 'park', kinder: true }, 'answers.alter', 'required'],
      ['an answer to a question its condition hides', { ort: 'park', kinder: false, alter: '5' }, 'answers.alter', 'hidden-question'],
      ['a rating out of the scale', { ort: 'park', note: 6 }, 'answers.note', 'out-of-range'],
      ['an impossible date', { ort: 'park', tag: '2026-02-30' }, 'answers.tag', 'wrong-type'],
    ];
    for (const [name, answers, path, problem] of cases) {
      it(name, async () => {
        const token = (await api.postJson('/surveys/anonym/participations', {})).body.data.participationToken;
        const before = await surveyCounts();
        const res = await api.postJson('/surveys/anonym/responses', { participationToken: token, answers });
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('ValidationError');
        expect(res.body.error.details.errors).toEqual([expect.objectContaining({ path: path.split('.'), problem })]);
        expect(await surveyCounts()).toEqual(before);
        expect((await api.postJson('/surveys/anonym/responses', { participationToken: token, answers: { ort: 'park' } })).status).toBe(201);
      });
    }

    it('a hidden required question is not required', async () => {
      expect((await answerAnonymously('anonym', { ort: 'schule', kinder: false })).status).toBe(201);
    });

    it('unknown fields, a missing token, an oversize body, a form body', async () => {
      const token = (await api.postJson('/surveys/anonym/participations', {})).body.data.participationToken;
      const before = await surveyCounts();
      const unknown = await api.postJson('/surveys/anonym/responses', { participationToken: token, answers: { ort: 'park' }, email: 'x@example.org' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.details.errors[0].path).toEqual(['email']);
      expect((await api.postJson('/surveys/anonym/responses', { answers: { ort: 'park' } })).status).toBe(400);
      const huge = await api.postJson('/surveys/anonym/responses', { participationToken: token, answers: { ort: 'park', alter: 'x'.repeat(20_000) } });
      expect(huge.status).toBe(413);
      expect((await api.postRaw('/surveys/anonym/responses', 'ort=park', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
      expect((await api.postJson('/surveys/anonym/participations', { extra: 1 })).status).toBe(400);
      expect(await surveyCounts()).toEqual(before);
    });

    it('a survey that is not open yet or closed already, and an unknown survey', async () => {
      await createSurvey({ slug: 'bald', opensAt: inDays(2), closesAt: inDays(9) });
      await createSurvey({ slug: 'vorbei', opensAt: inDays(-9), closesAt: inDays(-2) });
      const forOpen = (await api.postJson('/surveys/anonym/participations', {})).body.data.participationToken;
      const before = await surveyCounts();
      for (const slug of ['bald', 'vorbei']) {
        const view = await api.get(`/surveys/${slug}`);
        expect(view.body.data.open).toBe(false);
        const participation = await api.postJson(`/surveys/${slug}/participations`, {});
        expect(participation.status).toBe(409);
        expect(participation.body.error.message).toMatch(slug === 'bald' ? /not open yet/ : /closed/);
      }
      expect((await api.postJson('/surveys/vorbei/responses', { participationToken: forOpen, answers: { ort: 'park' } })).status).toBe(409);
      expect((await api.postJson('/surveys/gibt-es-nicht/participations', {})).status).toBe(404);
      expect((await api.postJson('/surveys/gibt-es-nicht/responses', { participationToken: forOpen, answers: {} })).status).toBe(404);
      expect(await surveyCounts()).toEqual(before);
    });
  });

  it('counts an identified response only after the confirm button, and only once per person', async () => {
    const survey = await createSurvey({ slug: 'identifiziert', title: 'Spielplatz-Test', mode: 'identified' });
    const email = 'erika@example.org';
    const submit = await api.postJson('/surveys/identifiziert/responses', identifiedBody({ email: ' Erika@Example.org ' }));
    expect(submit.status).toBe(202);
    expect(submit.body).toEqual({ data: { status: 'accepted' } });
    const profile = await db.profile(email);
    expect(profile).toMatchObject({ status: 'pending' });
    expect((await db.consents(profile.id)).map((c: any) => [c.purpose, c.action])).toEqual([['survey', 'granted']]);

    const [mail] = await app.mail.waitFor(email);
    expect(mail.subject).toContain('Spielplatz-Test');
    const confirmUrl = linkTo(mail, '/api/civic-dialog/survey-confirm');
    const pageHtml = await (await fetch(confirmUrl)).text();
    // The page's relative stylesheet and form action resolve to the plugin's routes.
    const css = await fetch(new URL(/href="([^"]+\.css)"/.exec(pageHtml)![1]!, confirmUrl));
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(new URL(/<form method="post" action="([^"]+)"/.exec(pageHtml)![1]!, confirmUrl).pathname).toBe('/api/civic-dialog/survey-confirm');
    const results = async () => (await (await admin(`/surveys-admin/${survey.id}/results`)).json()) as any;
    expect((await results()).responses).toBe(0);

    const confirm = await api.postForm('/survey-confirm', { token: confirmUrl.searchParams.get('token')! });
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('Spielplatz-Test');
    expect((await results()).responses).toBe(1);
    expect((await db.consents(profile.id)).map((c: any) => c.action)).toEqual(['granted', 'confirmed']);

    // The second submission looks the same from outside (no enumeration); its link is refused.
    const second = await api.postJson('/surveys/identifiziert/responses', identifiedBody({ answers: { ort: 'schule' } }));
    expect(second.status).toBe(202);
    const [, secondMail] = await app.mail.waitFor(email, 2);
    const secondToken = linkTo(secondMail, '/api/civic-dialog/survey-confirm').searchParams.get('token')!;
    const refused = await api.postJson('/survey-confirm', { token: secondToken });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/already taken part/);
    const refusedPage = await api.postForm('/survey-confirm', { token: secondToken });
    expect(refusedPage.status).toBe(409);
    expect(refusedPage.body).toContain('Bereits teilgenommen');
    const counted = await results();
    expect(counted.responses).toBe(1);
    expect(counted.questions[0].choices).toEqual([
      { id: 'park', label: 'Stadtpark', count: 1 },
      { id: 'schule', label: 'Schule', count: 0 },
    ]);
  });

  it('replaces the first answers with the confirmed second ones when the survey allows changing answers', async () => {
    const survey = await createSurvey({ slug: 'aenderbar', mode: 'identified', allowChangingAnswers: true });
    const email = 'max@example.org';
    for (const ort of ['park', 'schule']) {
      await api.postJson('/surveys/aenderbar/responses', identifiedBody({ email, answers: { ort } }));
    }
    const mails = await app.mail.waitFor(email, 2);
    for (const mail of mails) {
      const token = linkTo(mail, '/api/civic-dialog/survey-confirm').searchParams.get('token')!;
      expect((await api.postJson('/survey-confirm', { token })).status).toBe(200);
    }
    const results = (await (await admin(`/surveys-admin/${survey.id}/results`)).json()) as any;
    expect(results.responses).toBe(1);
    expect(results.questions[0].choices.map((c: any) => c.count)).toEqual([0, 1]);

    // Deleting a survey deletes its responses and answers with it.
    await app.strapi.documents(SURVEY).delete({ documentId: survey.documentId });
    expect(await app.strapi.db.query(RESPONSE).count({ where: { surveyId: survey.id } })).toBe(0);
    expect(await app.strapi.db.query(ANSWER).count({ where: { surveyId: survey.id } })).toBe(0);
  });

  it('lets only one of two links of one person win when both are confirmed at the same moment', async () => {
    const survey = await createSurvey({ slug: 'gleichzeitig', mode: 'identified' });
    const email = 'gleich@example.org';
    for (const ort of ['park', 'schule']) await api.postJson('/surveys/gleichzeitig/responses', identifiedBody({ email, answers: { ort } }));
    const tokens = (await app.mail.waitFor(email, 2)).map((mail) => linkTo(mail, '/api/civic-dialog/survey-confirm').searchParams.get('token')!);
    const outcomes = await Promise.all(tokens.map((token) => api.postJson('/survey-confirm', { token })));
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([200, 409]);
    expect(await app.strapi.db.query(RESPONSE).count({ where: { surveyId: survey.id, status: 'confirmed' } })).toBe(1);
    // The loser's answers were rolled back with it: one answer row for the one counted response.
    expect(await app.strapi.db.query(ANSWER).count({ where: { surveyId: survey.id } })).toBe(1);
  });

  it('refuses identified responses without a valid consent text version or with a reused confirm link', async () => {
    const before = await surveyCounts();
    const bad = await api.postJson('/surveys/identifiziert/responses', identifiedBody({ email: 'neu@example.org', legalTextVersion: 99 }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['legalTextVersion']);
    expect((await api.postJson('/surveys/identifiziert/responses', identifiedBody({ email: 'neu@example.org', consent: false }))).status).toBe(400);
    expect((await api.postJson('/surveys/identifiziert/responses', { participationToken: 'A'.repeat(43), answers: { ort: 'park' } })).status).toBe(400);
    const [used] = await app.mail.waitFor('erika@example.org');
    const reused = await api.postJson('/survey-confirm', { token: linkTo(used, '/api/civic-dialog/survey-confirm').searchParams.get('token')! });
    expect(reused.status).toBe(410);
    expect((await api.postJson('/survey-confirm', { token: 'A'.repeat(43) })).status).toBe(404);
    expect(await surveyCounts()).toEqual(before);
  });

  it('gives editors results, free texts and a CSV; everyone else gets nothing', async () => {
    const survey = await app.strapi.db.query(SURVEY).findOne({ where: { slug: 'anonym' } });
    const results = (await (await admin(`/surveys-admin/${survey.id}/results?locale=de`)).json()) as any;
    const byId = Object.fromEntries(results.questions.map((q: any) => [q.id, q]));
    // 2 + 1 + one per bad-input case + the hidden required one.
    expect(results.responses).toBe(13);
    expect(byId.geraete).toMatchObject({ type: 'multiple-choice', answered: 1 });
    expect(byId.geraete.choices.map((c: any) => c.count)).toEqual([1, 1, 0]);
    expect(byId.note).toMatchObject({ type: 'rating', answered: 2, mean: 3 });
    expect(byId.note.distribution).toEqual([1, 2, 3, 4, 5].map((value) => ({ value, count: value === 2 || value === 4 ? 1 : 0 })));
    expect(byId.kinder).toMatchObject({ yes: 2, no: 1 });
    expect(byId.tag.dates).toEqual([{ date: '2026-05-01', count: 1 }]);

    const texts = (await (await admin(`/surveys-admin/${survey.id}/free-text/alter?page=1`)).json()) as any;
    // In the order of their random ids (security-privacy-survey.test.ts), not of arrival.
    expect(texts.results.map((t: any) => t.text).sort()).toEqual(['4 und 7', '=HYPERLINK("x")']);
    expect(texts.pagination.total).toBe(2);
    expect((await admin(`/surveys-admin/${survey.id}/free-text/ort`)).status).toBe(404);

    const csv = await admin(`/surveys-admin/${survey.id}/responses.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split(/\r?\n/);
    expect(lines[0]).toBe('Antwort,Eingegangen,Wo?,Geräte,Kinder?,Alter?,Note,Tag');
    expect(lines).toHaveLength(results.responses + 1);
    expect(lines.filter((line) => /^\d+,\d{4}-\d\d-\d\d,Stadtpark,Schaukel; Rutsche,ja,4 und 7,4,2026-05-01$/.test(line))).toHaveLength(1);
    // A free text that a spreadsheet would run as a formula is written inert.
    expect(lines.some((line) => line.includes(`"'=HYPERLINK(""x"")"`))).toBe(true);

    const list = (await (await admin('/surveys-admin')).json()) as any;
    expect(list.results.find((s: any) => s.slug === 'identifiziert')).toMatchObject({ responses: 1, pending: 1, mode: 'identified' });

    expect((await fetch(`${app.baseUrl}/civic-dialog/surveys-admin/${survey.id}/results`)).status).toBe(401);
    expect((await api.get('/surveys/anonym/results')).status).toBe(403);
  });

  it('publishes results only after closing and only when the editors chose to', async () => {
    const closed = await createSurvey({ slug: 'oeffentlich', resultsPublic: true, opensAt: inDays(-9), closesAt: inDays(5) });
    expect((await answerAnonymously('oeffentlich', { ort: 'park', alter: '' })).status).toBe(201);
    expect((await api.get('/surveys/oeffentlich/results')).status).toBe(403);
    await app.strapi.documents(SURVEY).update({ documentId: closed.documentId, data: { closesAt: inDays(-1) } as any });
    const published = await api.get('/surveys/oeffentlich/results?locale=en');
    expect(published.status).toBe(200);
    expect(published.body.data.responses).toBe(1);
    expect(published.body.data.questions[0].choices[0]).toEqual({ id: 'park', label: 'Town park', count: 1 });
  });

  it('lets editors add questions to an answered survey but refuses changes that break the answers', async () => {
    const survey = await app.strapi.db.query(SURVEY).findOne({ where: { slug: 'anonym' } });
    const documents = app.strapi.documents(SURVEY);
    const update = (next: unknown[]) => documents.update({ documentId: survey.documentId, data: { questions: next } as any });
    const refused = async (next: unknown[], message: RegExp) => {
      await expect(update(next)).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(message) });
    };
    await refused(questions.slice(1), /question "ort" cannot be removed/);
    await refused([{ ...questions[0], type: 'multiple-choice' }, ...questions.slice(1)], /"ort" cannot change its type/);
    const [ort] = questions as any[];
    await refused([{ ...ort, choices: [ort.choices[0], { id: 'bahnhof', label: { de: 'Bahnhof' } }] }, ...questions.slice(1)], /choices of question "ort"/);
    await refused([...questions, { id: 'ort', type: 'yes-no', label: { de: 'doppelt' } }], /used by two questions/);

    const relabelled = [{ ...ort, label: { de: 'Wo genau?' } }, ...questions.slice(1), { id: 'neu', type: 'yes-no', label: { de: 'Neu?' } }];
    await update(relabelled);
    expect((await api.get('/surveys/anonym')).body.data.questions.map((q: any) => q.id)).toContain('neu');

    await expect(
      documents.create({ data: { title: 'Kaputt', slug: 'kaputt', mode: 'anonymous', questions: [{ id: 'x', type: 'rating', scale: 7, label: { de: 'X' } }] } as any }),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    // The slug is the widget's `survey` attribute and part of the public URL.
    await expect(
      documents.create({ data: { title: 'Falsch', slug: 'Falscher_Slug', mode: 'anonymous', questions: [{ id: 'x', type: 'yes-no', label: { de: 'X' } }] } as any }),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('exports and erases identified responses with the citizen; anonymous ones stay', async () => {
    const personalData = app.strapi.plugin('civic-dialog').service('personalData');
    const profile = await db.profile('erika@example.org');
    const exported = (await personalData.exportProfile(profile.id)).surveyResponses;
    expect(exported).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ survey: { slug: 'identifiziert', title: 'Spielplatz-Test' }, status: 'confirmed', answers: { ort: 'park', kinder: false } }),
      ]),
    );
    const anonymousBefore = await app.strapi.db.query(RESPONSE).count({ where: { profileId: null } });
    await personalData.eraseProfile(profile.id);
    expect(await app.strapi.db.query(RESPONSE).count({ where: { profileId: profile.id } })).toBe(0);
    expect(await app.strapi.db.query(RESPONSE).count({ where: { profileId: null } })).toBe(anonymousBefore);
    await settleOutbox(app);
  });

  it('limits participation tokens per network address with 429 and Retry-After', async () => {
    let res = await api.postJson('/surveys/anonym/participations', {});
    for (let i = 0; i < 80 && res.status === 201; i += 1) res = await api.postJson('/surveys/anonym/participations', {});
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.body.error.message).toMatch(/Too many survey requests/);
  });
});
