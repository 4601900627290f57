import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken } from '../support/admin';
import { registrationBody, settledPublicApi } from '../support/http';
import { startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

/**
 * What the content manager refuses when an editor saves the questions of a survey or an event:
 * forms whose largest answers would not fit into one public request, and changes that break the
 * answers of an event's registrations.
 */

const SURVEY = 'plugin::civic-dialog.survey';
const EVENT = 'plugin::civic-dialog.event';
const HOUR = 3_600_000;

let app: TestApp;
let token: string;
let api: ReturnType<typeof settledPublicApi>;

/** The content manager's API, as the admin panel calls it. */
const contentManager = (path: string, method: 'POST' | 'PUT', body: unknown) =>
  fetch(`${app.baseUrl}/content-manager/collection-types/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const longText = (id: string, maxLength?: number) => ({ id, type: 'long-text', label: { de: `Frage ${id}` }, required: false, ...(maxLength ? { maxLength } : {}) });
const freeText = (id: string) => ({ id, type: 'free-text', label: { de: `Frage ${id}` } });

let counter = 0;
function eventData(questions: unknown[]) {
  counter += 1;
  const start = Date.now() + 7 * 24 * HOUR;
  return {
    title: `Fragenabend ${counter}`,
    slug: `fragenabend-${counter}`,
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 2 * HOUR).toISOString(),
    timeZone: 'Europe/Berlin',
    location: 'Bürgersaal',
    waitingList: true,
    maxSeatsPerRegistration: 2,
    questions,
    reminderOffsets: [],
  };
}

beforeAll(async () => {
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '1000', CIVIC_MAIL_COOLDOWN_SECONDS: '0' });
  token = await adminToken(app.baseUrl);
  api = settledPublicApi(app);
}, 240_000);
afterAll(() => app?.stop());

describe(`question definitions in the content manager on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('refuses a survey whose largest answers exceed one request with a 400 at the question that takes the most room', async () => {
    const res = await contentManager(SURVEY, 'POST', {
      title: 'Zu viel Text',
      slug: 'zu-viel-text',
      mode: 'anonymous',
      allowChangingAnswers: false,
      resultsPublic: false,
      questions: Array.from({ length: 7 }, (_, n) => freeText(`frage-${n}`)),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError', message: expect.stringMatching(/largest possible answers take 13\.8 kB.*12 kB/) } });
    expect(body.error.details.errors).toEqual([expect.objectContaining({ path: ['questions', '6', 'maxLength'] })]);
    expect(await app.strapi.db.query(SURVEY as any).count({ where: { slug: 'zu-viel-text' } })).toBe(0);
  });

  it('refuses an event with eight long texts of the default length with a 400, also when an editor adds them later', async () => {
    const created = await contentManager(EVENT, 'POST', eventData(Array.from({ length: 8 }, (_, n) => longText(`text-${n}`))));
    expect(created.status).toBe(400);
    const body = (await created.json()) as any;
    expect(body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
    expect(body.error.details.errors).toEqual([expect.objectContaining({ path: ['questions', '7', 'maxLength'], message: expect.stringMatching(/^questions\.7\.maxLength the largest possible answers/) })]);

    const fitting = await contentManager(EVENT, 'POST', eventData([longText('a')]));
    expect(fitting.status).toBe(201);
    const { documentId } = ((await fitting.json()) as any).data;
    const grown = await contentManager(`${EVENT}/${documentId}`, 'PUT', { questions: [longText('a'), longText('b'), longText('c'), longText('d')] });
    expect(grown.status).toBe(400);
    expect(((await grown.json()) as any).error.details.errors[0].path).toEqual(['questions', '3', 'maxLength']);
  });

  it('accepts a citizen who fills in the largest form that may be saved, with a long address and page URL', async () => {
    // Three long texts of 2,000 characters are the most of the default length that fits.
    const questions = [longText('a'), longText('b'), longText('c')];
    const saved = await contentManager(EVENT, 'POST', eventData(questions));
    expect(saved.status).toBe(201);
    const { slug } = ((await saved.json()) as any).data;
    const answers = Object.fromEntries(questions.map((question) => [question.id, 'ä'.repeat(1999) + '\n']));
    const res = await api.postJson(
      `/events/${slug}/registrations`,
      registrationBody({ email: `${'e'.repeat(60)}@${'musterstadt-'.repeat(10)}example.org`, answers, pageUrl: `${TOWN_ORIGIN}/veranstaltungen.html?${'q=x&'.repeat(375)}` }),
    );
    expect(res.status).toBe(202);
  });

  it('accepts a citizen who picks every choice of a survey with many short-keyed choice questions that may be saved', async () => {
    // 55 questions × 36 one-letter choices: 8 kB of answers (within the room), but over 2,000 JSON values.
    const keys = '0123456789abcdefghijklmnopqrstuvwxyz'.split('');
    const questions = Array.from({ length: 55 }, (_, n) => ({
      id: `q${n}`,
      type: 'multiple-choice',
      label: { de: `Frage ${n}` },
      choices: keys.map((key) => ({ id: key, label: { de: `Antwort ${key}` } })),
    }));
    const saved = await contentManager(SURVEY, 'POST', {
      title: 'Viele Kreuze',
      slug: 'viele-kreuze',
      mode: 'anonymous',
      allowChangingAnswers: false,
      resultsPublic: false,
      opensAt: new Date(Date.now() - HOUR).toISOString(),
      closesAt: new Date(Date.now() + 24 * HOUR).toISOString(),
      questions,
    });
    expect(saved.status).toBe(201);
    const participation = await api.postJson('/surveys/viele-kreuze/participations', {});
    expect(participation.status).toBe(201);
    const answers = Object.fromEntries(questions.map((question) => [question.id, keys]));
    const res = await api.postJson('/surveys/viele-kreuze/responses', { participationToken: participation.body.data.participationToken, answers, locale: 'de' });
    expect(res.status).toBe(201);
  });

  it('refuses question changes that break the answers of an event with registrations; wording may be corrected', async () => {
    const choice = { id: 'essen', type: 'single-choice', required: false, label: { de: 'Essen?' }, choices: [{ id: 'ja', label: { de: 'Ja' } }, { id: 'nein', label: { de: 'Nein' } }] };
    const questions = [longText('anmerkung', 200), choice];
    const saved = await contentManager(EVENT, 'POST', eventData(questions));
    expect(saved.status).toBe(201);
    const { documentId, slug } = ((await saved.json()) as any).data;
    const update = (next: unknown[]) => contentManager(`${EVENT}/${documentId}`, 'PUT', { questions: next });

    // Before anyone registered, anything may change.
    expect((await update([choice])).status).toBe(200);
    expect((await update(questions)).status).toBe(200);
    expect((await api.postJson(`/events/${slug}/registrations`, registrationBody({ answers: { anmerkung: 'Rollstuhl', essen: 'ja' } }))).status).toBe(202);

    for (const [next, message] of [
      [[choice], /question "anmerkung" cannot be removed: the event already has registrations/],
      [[{ ...questions[0], type: 'short-text' }, choice], /question "anmerkung" cannot change its type/],
      [[questions[0], { ...choice, choices: [choice.choices[0], { id: 'vegan', label: { de: 'Vegan' } }] }], /the choices of question "essen" cannot be added, removed or renamed/],
    ] as const) {
      const refused = await update([...next]);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as any).error).toMatchObject({ name: 'ValidationError', message: expect.stringMatching(message), details: { errors: [expect.objectContaining({ path: ['questions'] })] } });
    }
    const relabelled = [{ ...questions[0], label: { de: 'Ihre Anmerkung' } }, choice, { id: 'neu', type: 'yes-no', required: false, label: { de: 'Neu?' } }];
    expect((await update(relabelled)).status).toBe(200);
  });
});
