/**
 * The event routes of the fake Civic Dialog API (`/events…`), as one pure function so the test
 * middleware (fake-api.mjs) and the Storybook fetch mock answer alike.
 *
 * Events (in 2030, so they stay upcoming): `stadtteilforum` (seats left, every question type,
 * newsletter offer), `ratssitzung` (unlimited, no questions), `yoga` (full, waiting list),
 * `lesung` (fully booked, no waiting list), `flohmarkt` (registration closed).
 */
import { legalTexts } from './fixtures.mjs';

const label = (de, en) => ({ de, en });

const eventLegalTexts = {
  de: { purpose: 'event-registration', locale: 'de', version: 4, title: 'Einwilligung Veranstaltungen', body: 'Wir verarbeiten Ihre Angaben, um die Veranstaltung durchzuführen.\n\nNach der Veranstaltung löschen wir sie.' },
  en: { purpose: 'event-registration', locale: 'en', version: 2, title: 'Event consent', body: 'We process your details to run the event.\n\nWe delete them after the event.' },
};

/** Events as stored (labels in both languages); `publicEvent` picks one language. */
const events = [
  {
    slug: 'stadtteilforum',
    title: label('Stadtteilforum Nord', 'North district forum'),
    description: label('Wie soll der Marktplatz aussehen?\n\nBringen Sie Ihre Ideen mit.', 'What should the market square look like?\n\nBring your ideas.'),
    startsAt: '2030-03-22T17:00:00.000Z',
    endsAt: '2030-03-22T19:30:00.000Z',
    timeZone: 'Europe/Berlin',
    location: 'Bürgerhaus Nord, Saal 1',
    address: 'Marktstraße 5, 12345 Musterstadt',
    capacity: 80,
    seatsLeft: 12,
    waitingList: true,
    registrationOpensAt: null,
    registrationClosesAt: '2030-03-20T22:59:00.000Z',
    registrationOpen: true,
    maxSeatsPerRegistration: 4,
    questions: [
      { id: 'district', type: 'short-text', label: label('Ihr Stadtteil', 'Your district'), required: true, maxLength: 20 },
      { id: 'idea', type: 'long-text', label: label('Ihre Idee für den Marktplatz', 'Your idea for the market square'), required: false, maxLength: 500 },
      {
        id: 'session',
        type: 'single-choice',
        label: label('Welche Arbeitsgruppe?', 'Which working group?'),
        required: true,
        choices: [
          { id: 'verkehr', label: label('Verkehr', 'Traffic') },
          { id: 'gruen', label: label('Grünflächen', 'Green spaces') },
        ],
      },
      {
        id: 'needs',
        type: 'multiple-choice',
        label: label('Was brauchen Sie vor Ort?', 'What do you need on site?'),
        required: false,
        choices: [
          { id: 'wheelchair', label: label('Rollstuhlplatz', 'Wheelchair space') },
          { id: 'hearing-loop', label: label('Induktionsschleife', 'Hearing loop') },
          { id: 'childcare', label: label('Kinderbetreuung', 'Childcare') },
        ],
      },
      { id: 'photos', type: 'yes-no', label: label('Dürfen wir Sie fotografieren?', 'May we take photos of you?'), required: true },
    ],
    newsletterTopic: { slug: 'kultur', name: label('Kultur', 'Culture') },
  },
  {
    slug: 'ratssitzung',
    title: label('Öffentliche Ratssitzung', 'Public council meeting'),
    description: null,
    startsAt: '2030-04-10T16:00:00.000Z',
    endsAt: '2030-04-10T19:00:00.000Z',
    timeZone: 'Europe/Berlin',
    location: 'Rathaus, Ratssaal',
    address: null,
    capacity: null,
    seatsLeft: null,
    waitingList: false,
    registrationOpensAt: null,
    registrationClosesAt: null,
    registrationOpen: true,
    maxSeatsPerRegistration: 1,
    questions: [],
    newsletterTopic: null,
  },
  {
    slug: 'yoga',
    title: label('Yoga im Park', 'Yoga in the park'),
    description: null,
    startsAt: '2030-06-01T07:00:00.000Z',
    endsAt: '2030-06-01T08:00:00.000Z',
    timeZone: 'Europe/Berlin',
    location: 'Stadtpark, Wiese am Teich',
    address: null,
    capacity: 20,
    seatsLeft: 0,
    waitingList: true,
    registrationOpensAt: null,
    registrationClosesAt: null,
    registrationOpen: true,
    maxSeatsPerRegistration: 2,
    questions: [],
    newsletterTopic: null,
  },
  {
    slug: 'lesung',
    title: label('Lesung in der Stadtbibliothek', 'Reading at the town library'),
    description: null,
    startsAt: '2030-05-15T17:30:00.000Z',
    endsAt: '2030-05-15T19:00:00.000Z',
    timeZone: 'Europe/Berlin',
    location: 'Stadtbibliothek',
    address: 'Am Markt 1',
    capacity: 40,
    seatsLeft: 0,
    waitingList: false,
    registrationOpensAt: null,
    registrationClosesAt: null,
    registrationOpen: false,
    maxSeatsPerRegistration: 2,
    questions: [],
    newsletterTopic: null,
  },
  {
    slug: 'flohmarkt',
    title: label('Flohmarkt: Standanmeldung', 'Flea market: stall registration'),
    description: null,
    startsAt: '2030-09-07T07:00:00.000Z',
    endsAt: '2030-09-07T14:00:00.000Z',
    timeZone: 'Europe/Berlin',
    location: 'Marktplatz',
    address: null,
    capacity: 60,
    seatsLeft: 25,
    waitingList: false,
    registrationOpensAt: null,
    registrationClosesAt: '2030-08-31T21:59:00.000Z',
    registrationOpen: false,
    maxSeatsPerRegistration: 1,
    questions: [],
    newsletterTopic: null,
  },
];

/** The event as `GET /events/:slug?locale=` returns it (a `PublicEvent`). */
export function publicEvent(slug, locale = 'de') {
  const event = events.find((candidate) => candidate.slug === slug);
  if (!event) return undefined;
  const pick = (text) => (text ? text[locale] ?? text.de : null);
  return {
    ...event,
    title: pick(event.title),
    description: pick(event.description),
    questions: event.questions.map((question) => ({
      ...question,
      label: pick(question.label),
      ...(question.choices ? { choices: question.choices.map((choice) => ({ id: choice.id, label: pick(choice.label) })) } : {}),
    })),
    newsletterTopic: event.newsletterTopic ? { slug: event.newsletterTopic.slug, name: pick(event.newsletterTopic.name) } : null,
    legalText: eventLegalTexts[locale],
    newsletterLegalText: event.newsletterTopic ? legalTexts[locale] : null,
  };
}

const error = (status, name, message, errors) => ({
  data: null,
  error: { status, name, message, ...(errors ? { details: { errors: errors.map(([path, text, code]) => ({ path, message: text, name, ...(code ? { code } : {}) })) } } : {}) },
});
const notFound = { status: 404, body: error(404, 'NotFoundError', 'Event not found') };

/** What POST /events/:slug/registrations answers, per scenario. */
export const registrationAnswers = {
  ok: { status: 202, body: { data: { status: 'accepted' } } },
  slow: { status: 202, body: { data: { status: 'accepted' } }, delay: 500 },
  429: { status: 429, body: { data: null, error: { status: 429, name: 'RateLimitError', message: 'Too many requests', details: { retryAfter: 170 } } }, headers: { 'Retry-After': '170' } },
  'invalid-answer': { status: 400, body: error(400, 'ValidationError', '1 error occurred', [[['answers', 'session'], 'answers.session "bus" is not among the choices']]) },
  'invalid-many': {
    status: 400,
    body: error(400, 'ValidationError', '2 errors occurred', [[['seats'], 'seats must be at most 4'], [['answers', 'district'], 'answers.district is required']]),
  },
  'invalid-unknown': { status: 400, body: error(400, 'ValidationError', '1 error occurred', [[['legalTextVersion'], 'legalTextVersion version 3 of the de event registration consent text does not exist', 'legal-text-outdated']]) },
  // As the server answers: English for developers, the reason for the widget to translate.
  full: { status: 409, body: { data: null, error: { status: 409, name: 'ConflictError', message: 'This event is fully booked.', details: { reason: 'fully-booked' } } } },
  closed: { status: 409, body: { data: null, error: { status: 409, name: 'ConflictError', message: 'Registration for this event is closed.', details: { reason: 'registration-closed' } } } },
  'server-error': { status: 500, body: error(500, 'InternalServerError', 'Internal Server Error') },
};

/**
 * Answers a request below `/events`. Scenarios: `load-error` (reads fail), `empty` (no upcoming
 * events), `network` (the POST connection drops), and every key of `registrationAnswers`.
 */
export function eventsAnswer({ scenario, method, route, query }) {
  const locale = query.locale === 'en' ? 'en' : 'de';
  const [, slug, sub] = route.split('/');
  if (method === 'GET') {
    if (scenario === 'load-error') return { status: 500, body: error(500, 'InternalServerError', 'boom') };
    if (!slug) {
      const open = scenario === 'empty' ? [] : events.filter((event) => event.registrationOpen).map((event) => publicEvent(event.slug, locale));
      return { status: 200, body: { data: open } };
    }
    const event = sub ? undefined : publicEvent(slug, locale);
    return event ? { status: 200, body: { data: event } } : notFound;
  }
  if (method === 'POST' && sub === 'registrations') {
    if (!publicEvent(slug)) return notFound;
    if (scenario === 'network') return { dropConnection: true };
    return registrationAnswers[scenario] ?? registrationAnswers.ok;
  }
  return notFound;
}
