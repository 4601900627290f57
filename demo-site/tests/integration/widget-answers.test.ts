/**
 * What the widgets read from the server's answers to speak to citizens in their language (issue 14):
 * the wait after a rate limit in the body (readable whatever the host's CORS exposes), a code on every
 * refused field and a reason on every refusal (never the English message), and the consent history
 * naming the event or survey a consent was for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTo } from '../support/mail-catcher';
import { registrationBody, settledPublicApi, signupBody } from '../support/http';
import { rows } from '../support/rows';
import { startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

let app: TestApp;
let api: ReturnType<typeof settledPublicApi>;
let db: ReturnType<typeof rows>;

const EVENT = 'plugin::civic-dialog.event' as any;
const SURVEY = 'plugin::civic-dialog.survey' as any;
const HOUR = 3_600_000;

beforeAll(async () => {
  // Each test comes from its own client address (X-Forwarded-For): only the rate-limit test spends its budget.
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '3', CIVIC_TRUSTED_PROXY_HOPS: '1', CIVIC_MAIL_COOLDOWN_SECONDS: '0' });
  api = settledPublicApi(app);
  db = rows(app.strapi);
});

afterAll(async () => {
  await app?.stop();
});

const from = (n: number) => ({ 'x-forwarded-for': `203.0.113.${n}` });

async function createEvent(data: Record<string, unknown>) {
  const start = new Date(Date.now() + 24 * 7 * HOUR);
  return app.strapi.documents(EVENT).create({
    data: {
      description: 'Ein Abend.',
      startsAt: start,
      endsAt: new Date(start.getTime() + 2 * HOUR),
      location: 'Bürgersaal',
      capacity: 10,
      waitingList: false,
      maxSeatsPerRegistration: 2,
      questions: [],
      reminderOffsets: [],
      ...data,
    } as any,
  });
}

describe('a rate limit', () => {
  it("carries the wait in the body (details.retryAfter) as well as in Retry-After, the same number of seconds", async () => {
    const answers: Array<Awaited<ReturnType<typeof api.postJson>>> = [];
    for (let i = 0; i < 4; i++) answers.push(await api.postJson('/signups', signupBody({ email: `wait${i}@example.org` }), from(1)));
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202, 429]);
    const limited = answers[3]!;
    const seconds = limited.body.error.details.retryAfter;
    expect(Number.isInteger(seconds) && seconds > 0).toBe(true);
    expect(limited.headers.get('retry-after')).toBe(String(seconds));
  });
});

describe('refusals carry codes the widgets translate', () => {
  it('names what is wrong with each field by a code (zod issue codes, and the plugin checks after them)', async () => {
    const codes = async (body: Record<string, unknown>, n: number) => {
      const answer = await api.postJson('/signups', signupBody(body), from(n));
      expect(answer.status).toBe(400);
      return answer.body.error.details.errors.map((error: { path: string[]; code: string }) => [error.path.join('.'), error.code]);
    };
    expect(await codes({ email: 'not-an-address' }, 10)).toEqual([['email', 'invalid_format']]);
    expect(await codes({ topics: ['gibt-es-nicht'] }, 11)).toEqual([['topics.0', 'unknown-topic']]);
    expect(await codes({ legalTextVersion: 99 }, 12)).toEqual([['legalTextVersion', 'legal-text-outdated']]);
    expect(await codes({ pageUrl: 'https://elsewhere.example/newsletter' }, 13)).toEqual([['pageUrl', 'page-not-allowed']]);
  });

  it('gives a refused registration its reason: fully booked', async () => {
    await createEvent({ title: 'Kleiner Kreis', slug: 'kleiner-kreis-codes', capacity: 1 });
    const first = await api.postJson('/events/kleiner-kreis-codes/registrations', registrationBody({ email: 'eins@example.org' }), from(20));
    expect(first.status).toBe(202);
    const [mail] = await app.mail.waitFor('eins@example.org');
    const token = linkTo(mail!, '/api/civic-dialog/event-confirm').searchParams.get('token');
    expect((await api.postJson('/event-confirm', { token }, from(20))).status).toBe(200);
    const full = await api.postJson('/events/kleiner-kreis-codes/registrations', registrationBody({ email: 'zwei@example.org' }), from(21));
    expect(full.status).toBe(409);
    expect(full.body.error.details.reason).toBe('fully-booked');
  });
});

describe('the consent history of the preference center', () => {
  it("names an event registration's consents by the event and a survey answer's by the survey, in the citizen's language", async () => {
    const email = 'historie@example.org';
    await createEvent({ title: 'Bürgerforum Verkehr', titleEn: 'Citizens’ forum on traffic', slug: 'buergerforum-historie' });
    expect((await api.postJson('/events/buergerforum-historie/registrations', registrationBody({ email, locale: 'en' }), from(30))).status).toBe(202);
    const [registrationMail] = await app.mail.waitFor(email, 1);
    const eventToken = linkTo(registrationMail!, '/api/civic-dialog/event-confirm').searchParams.get('token');
    expect((await api.postJson('/event-confirm', { token: eventToken }, from(30))).status).toBe(200);

    await app.strapi.documents(SURVEY).create({
      data: {
        slug: 'historie-umfrage',
        title: 'Neuer Spielplatz',
        titleEn: 'New playground',
        mode: 'identified',
        questions: [{ id: 'ort', type: 'yes-no', label: { de: 'Im Park?', en: 'In the park?' } }],
        opensAt: new Date(Date.now() - 86_400_000).toISOString(),
        closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      } as any,
    });
    const answered = await api.postJson(
      '/surveys/historie-umfrage/responses',
      { email, answers: { ort: true }, locale: 'en', legalTextVersion: 1, consent: true, pageUrl: `${TOWN_ORIGIN}/umfrage.html`, widget: 'civic-survey' },
      from(30),
    );
    expect(answered.status).toBe(202);
    const surveyMail = (await app.mail.waitFor(email, 3)).find((mail) => mail.subject.includes('New playground'))!;
    const surveyToken = linkTo(surveyMail, '/api/civic-dialog/survey-confirm').searchParams.get('token')!;
    expect((await api.postForm('/survey-confirm', { token: surveyToken }, from(30))).status).toBe(200);

    const sent = app.mail.to(email).length;
    expect((await api.postJson('/preferences/link', { email, locale: 'en', pageUrl: `${TOWN_ORIGIN}/mein-newsletter.html` }, from(31))).status).toBe(202);
    const linkMail = (await app.mail.waitFor(email, sent + 1))[sent]!;
    const linkToken = linkMail.text.match(/#civic-token=([A-Za-z0-9_-]{43})/)![1];
    const session = await api.postJson('/preferences/session', { token: linkToken }, from(31));
    expect(session.status).toBe(200);
    const view = await api.get('/preferences', { authorization: `Bearer ${session.body.data.sessionToken}` });
    expect(view.status).toBe(200);
    const history = view.body.data.consents.map((consent: any) => [consent.purpose, consent.action, consent.subject]);
    // Newest first; the profile's language is the one the citizen first wrote in (English).
    expect(history).toEqual([
      ['survey', 'confirmed', 'New playground'],
      ['survey', 'granted', 'New playground'],
      ['event-registration', 'confirmed', 'Citizens’ forum on traffic'],
      ['event-registration', 'granted', 'Citizens’ forum on traffic'],
    ]);
    // The ledger keeps what each consent was for.
    const profile = await db.profile(email);
    expect((await db.consents(profile.id)).map((consent: any) => consent.subject)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^event:\d+$/), expect.stringMatching(/^survey:\d+$/)]),
    );
    // So does the citizen's export: what each consent was for, also after the event or survey is gone.
    const exported = await api.get('/preferences/export', { authorization: `Bearer ${session.body.data.sessionToken}` });
    expect(exported.status).toBe(200);
    expect(exported.body.sections.consents.map((consent: any) => [consent.purpose, consent.action, consent.subject])).toEqual([
      ['event-registration', 'granted', expect.stringMatching(/^event:\d+$/)],
      ['event-registration', 'confirmed', expect.stringMatching(/^event:\d+$/)],
      ['survey', 'granted', expect.stringMatching(/^survey:\d+$/)],
      ['survey', 'confirmed', expect.stringMatching(/^survey:\d+$/)],
    ]);
  });
});
