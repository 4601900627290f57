import { linkTo } from './mail-catcher';
import { publicApi, registrationBody, signupBody } from './http';
import { settleOutbox, TOWN_ORIGIN, type TestApp } from './strapi';

/**
 * What the security tests (tests/integration/security-*.test.ts) share: an open event, an open
 * identified survey, a request body for every public form that takes an email address, and known
 * addresses made the way a citizen makes them.
 */

const EVENT = 'plugin::civic-dialog.event' as any;
const SURVEY = 'plugin::civic-dialog.survey' as any;
const HOUR = 3_600_000;

/** An event's data a week ahead (whole minutes), with room for everyone; overrides win. */
export function eventData(slug: string, overrides: Record<string, unknown> = {}) {
  const start = new Date(Date.now() + 7 * 24 * HOUR);
  start.setUTCSeconds(0, 0);
  return {
    title: `Abend ${slug}`,
    slug,
    description: 'Ein Abend.',
    startsAt: start,
    endsAt: new Date(start.getTime() + 2 * HOUR),
    location: 'Bürgersaal',
    address: 'Marktplatz 1, 12345 Musterstadt',
    capacity: 1000,
    waitingList: true,
    maxSeatsPerRegistration: 2,
    questions: [],
    reminderOffsets: [],
    ...overrides,
  };
}

export async function createEvent(app: TestApp, slug: string, overrides: Record<string, unknown> = {}) {
  return app.strapi.documents(EVENT).create({ data: eventData(slug, overrides) as any });
}

export const SURVEY_QUESTIONS = [
  {
    id: 'ort',
    type: 'single-choice',
    required: true,
    label: { de: 'Wo?', en: 'Where?' },
    choices: [
      { id: 'park', label: { de: 'Stadtpark' } },
      { id: 'schule', label: { de: 'Schule' } },
    ],
  },
  { id: 'notiz', type: 'free-text', maxLength: 200, label: { de: 'Notiz' } },
];

export async function createSurvey(app: TestApp, slug: string, overrides: Record<string, unknown> = {}) {
  const day = 86_400_000;
  return app.strapi.documents(SURVEY).create({
    data: {
      title: `Umfrage ${slug}`,
      slug,
      mode: 'identified',
      allowChangingAnswers: true,
      questions: SURVEY_QUESTIONS,
      opensAt: new Date(Date.now() - day).toISOString(),
      closesAt: new Date(Date.now() + 30 * day).toISOString(),
      ...overrides,
    } as any,
  });
}

export const surveyResponseBody = (overrides: Record<string, unknown> = {}) => ({
  email: 'erika.mustermann@example.org',
  answers: { ort: 'park' },
  locale: 'de',
  legalTextVersion: 1,
  consent: true,
  pageUrl: `${TOWN_ORIGIN}/umfrage.html`,
  widget: 'civic-survey',
  ...overrides,
});

export const linkRequestBody = (overrides: Record<string, unknown> = {}) => ({
  email: 'erika.mustermann@example.org',
  locale: 'de',
  pageUrl: `${TOWN_ORIGIN}/mein-newsletter.html`,
  ...overrides,
});

/** Every public form that takes an email address: where it posts and a valid body for an address. */
/** An alert signup from the town's website (district Altstadt), as <civic-alerts-signup> posts it. */
export const alertSignupBody = (overrides: Record<string, unknown> = {}) => ({
  email: 'erika.mustermann@example.org',
  district: 'Altstadt',
  locale: 'de',
  legalTextVersion: 1,
  consent: true,
  pageUrl: `${TOWN_ORIGIN}/index.html`,
  widget: 'civic-alerts-signup',
  ...overrides,
});

export function addressForms(eventSlug: string, surveySlug: string) {
  return [
    { name: 'newsletter signup', path: '/signups', body: (email: string) => signupBody({ email }) },
    { name: 'manage-link request', path: '/preferences/link', body: (email: string) => linkRequestBody({ email }) },
    {
      name: 'event registration',
      path: `/events/${eventSlug}/registrations`,
      body: (email: string) => registrationBody({ email }),
    },
    {
      name: 'identified survey response',
      path: `/surveys/${surveySlug}/responses`,
      body: (email: string) => surveyResponseBody({ email }),
    },
    { name: 'alert signup', path: '/alerts/signups', body: (email: string) => alertSignupBody({ email }) },
  ];
}

/** POST with the exact bytes of the answer (status, content type, body text), for byte-for-byte comparison. */
export async function postForBytes(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}/api/civic-dialog${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TOWN_ORIGIN, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/**
 * Confirms the link of `path` (e.g. '/api/civic-dialog/confirm') in the `nth` mail sent to `email`;
 * `headers` e.g. the origin of a journey's own website (the default origin is TOWN_ORIGIN).
 */
export async function confirmByMail(app: TestApp, email: string, path: string, nth = 0, headers: Record<string, string> = {}) {
  const mails = await app.mail.waitFor(email, nth + 1);
  const token = linkTo(mails[nth]!, path).searchParams.get('token')!;
  const res = await publicApi(app.baseUrl).postJson(path.replace('/api/civic-dialog', ''), { token }, headers);
  if (res.status !== 200) throw new Error(`confirming ${path} for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

/** An active newsletter subscriber, made as a citizen makes one: signup, mail, confirm. */
export async function activeSubscriber(app: TestApp, email: string) {
  const before = app.mail.to(email).length;
  const res = await publicApi(app.baseUrl).postJson('/signups', signupBody({ email }));
  if (res.status !== 202) throw new Error(`signup of ${email}: ${res.status}`);
  await confirmByMail(app, email, '/api/civic-dialog/confirm', before);
  await settleOutbox(app);
}
