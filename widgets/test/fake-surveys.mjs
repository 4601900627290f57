/**
 * The survey routes of the fake Civic Dialog API (`/surveys/…`), as one pure function so the test
 * middleware (fake-api.mjs) and the Storybook fetch mock answer alike. The widget's `survey`
 * attribute picks the survey; the scenario of the `api` base picks how submitting goes.
 *
 * Surveys: `spielplatz` (anonymous, open, every question type, two conditions, long enough for
 * progress), `buergerbuero` (identified, open, two questions), `stadtfest` (opens in 2030),
 * `haushalt` (closed, public results), `altes-thema` (closed, results not public).
 */
const label = (de, en) => ({ de, en });

/** The one participation token the fake hands out; a response with another one is refused. */
export const FAKE_PARTICIPATION_TOKEN = 'P'.repeat(40) + 'a_1';

const surveyLegalTexts = {
  de: { purpose: 'survey', locale: 'de', version: 2, title: 'Einwilligung Umfragen', body: 'Wir speichern Ihre Antworten mit Ihrer E-Mail-Adresse.\n\nNach der Auswertung löschen wir sie.' },
  en: { purpose: 'survey', locale: 'en', version: 1, title: 'Survey consent', body: 'We store your answers with your email address.\n\nWe delete them after the evaluation.' },
};

const playgroundQuestions = [
  {
    id: 'ort',
    type: 'single-choice',
    label: label('Wo soll der neue Spielplatz entstehen?', 'Where should the new playground go?'),
    required: true,
    choices: [
      { id: 'stadtpark', label: label('Im Stadtpark', 'In the town park') },
      { id: 'schulhof', label: label('Am Schulhof', 'At the schoolyard') },
      { id: 'neubaugebiet', label: label('Im Neubaugebiet', 'In the new housing area') },
    ],
  },
  {
    id: 'ort-grund',
    type: 'free-text',
    label: label('Warum im Neubaugebiet?', 'Why in the new housing area?'),
    required: false,
    maxLength: 20,
    multiline: true,
    condition: { questionId: 'ort', equals: 'neubaugebiet' },
  },
  {
    id: 'geraete',
    type: 'multiple-choice',
    label: label('Welche Spielgeräte wünschen Sie sich?', 'Which play equipment would you like?'),
    help: label('Die Stadt kann zwei Geräte aufstellen.', 'The town can put up two pieces.'),
    required: true,
    maxChoices: 2,
    choices: [
      { id: 'schaukel', label: label('Schaukel', 'Swing') },
      { id: 'rutsche', label: label('Rutsche', 'Slide') },
      { id: 'klettergeruest', label: label('Klettergerüst', 'Climbing frame') },
      { id: 'sandkasten', label: label('Sandkasten', 'Sandpit') },
    ],
  },
  {
    id: 'zufriedenheit',
    type: 'rating',
    label: label('Wie zufrieden sind Sie mit den Spielplätzen heute?', 'How satisfied are you with the playgrounds today?'),
    required: true,
    scale: 5,
    lowLabel: label('sehr unzufrieden', 'very dissatisfied'),
    highLabel: label('sehr zufrieden', 'very satisfied'),
  },
  { id: 'kinder', type: 'yes-no', label: label('Leben Kinder in Ihrem Haushalt?', 'Do children live in your household?'), required: true },
  {
    id: 'kinder-alter',
    type: 'single-choice',
    label: label('Wie alt ist das jüngste Kind?', 'How old is the youngest child?'),
    required: true,
    condition: { questionId: 'kinder', equals: true },
    choices: [
      { id: 'bis-5', label: label('bis 5 Jahre', 'up to 5 years') },
      { id: 'bis-10', label: label('6 bis 10 Jahre', '6 to 10 years') },
      { id: 'bis-14', label: label('11 bis 14 Jahre', '11 to 14 years') },
    ],
  },
  {
    id: 'eroeffnung',
    type: 'date',
    label: label('Wann würden Sie gern zur Eröffnung kommen?', 'When would you like to come to the opening?'),
    required: false,
    min: '2026-05-01',
    max: '2026-09-30',
  },
  { id: 'anmerkung', type: 'free-text', label: label('Möchten Sie uns noch etwas sagen?', 'Anything else you would like to tell us?'), required: false, maxLength: 200, multiline: false },
];

const base = { allowChangingAnswers: false, thankYou: null, resultsPublic: false, opensAt: '2026-01-01T00:00:00.000Z', closesAt: '2030-12-31T00:00:00.000Z', phase: 'open', open: true, intro: null };

/** Surveys as stored (texts in both languages); `publicSurvey` picks one language. */
const surveys = {
  spielplatz: {
    ...base,
    slug: 'spielplatz',
    mode: 'anonymous',
    title: label('Ein neuer Spielplatz für Musterstadt', 'A new playground for Musterstadt'),
    intro: label('Die Stadt plant einen neuen Spielplatz.\n\nIhre Meinung zählt.', 'The town is planning a new playground.\n\nYour opinion counts.'),
    thankYou: label('Danke! Die Ergebnisse veröffentlichen wir im Juni.', 'Thank you! We will publish the results in June.'),
    questions: playgroundQuestions,
  },
  buergerbuero: {
    ...base,
    slug: 'buergerbuero',
    mode: 'identified',
    title: label('Zufriedenheit mit dem Bürgerbüro', 'Satisfaction with the citizens’ office'),
    questions: [
      { id: 'note', type: 'rating', label: label('Wie zufrieden waren Sie?', 'How satisfied were you?'), required: true, scale: 10, lowLabel: null, highLabel: null },
      { id: 'wunsch', type: 'free-text', label: label('Was können wir besser machen?', 'What can we do better?'), required: false, maxLength: 500, multiline: true },
    ],
  },
  stadtfest: {
    ...base,
    slug: 'stadtfest',
    mode: 'anonymous',
    title: label('Termin für das Stadtfest', 'Date of the town festival'),
    opensAt: '2030-06-01T08:00:00.000Z',
    phase: 'upcoming',
    open: false,
    questions: [{ id: 'termin', type: 'date', label: label('Welcher Tag passt Ihnen?', 'Which day suits you?'), required: true }],
  },
  haushalt: {
    ...base,
    slug: 'haushalt',
    mode: 'anonymous',
    title: label('Bürgerhaushalt 2026', 'Citizens’ budget 2026'),
    closesAt: '2026-02-01T00:00:00.000Z',
    phase: 'closed',
    open: false,
    resultsPublic: true,
    questions: playgroundQuestions.slice(0, 1),
  },
  'altes-thema': {
    ...base,
    slug: 'altes-thema',
    mode: 'anonymous',
    title: label('Altes Thema', 'Old topic'),
    closesAt: '2026-02-01T00:00:00.000Z',
    phase: 'closed',
    open: false,
    questions: playgroundQuestions.slice(0, 1),
  },
};

const pick = (text, locale) => (text ? text[locale] ?? text.de : null);

/** What GET /surveys/:slug answers: everything in one language, like the real server. */
export function publicSurvey(slug, locale = 'de', survey = surveys[slug]) {
  if (!survey) return undefined;
  return {
    ...survey,
    locale,
    title: pick(survey.title, locale),
    intro: pick(survey.intro, locale),
    thankYou: pick(survey.thankYou, locale),
    legalText: survey.mode === 'identified' ? surveyLegalTexts[locale] : null,
    questions: survey.questions.map((question) => ({
      ...question,
      label: pick(question.label, locale),
      help: pick(question.help, locale),
      ...(question.choices ? { choices: question.choices.map((choice) => ({ id: choice.id, label: pick(choice.label, locale) })) } : {}),
      ...(question.type === 'rating' ? { lowLabel: pick(question.lowLabel, locale), highLabel: pick(question.highLabel, locale) } : {}),
    })),
  };
}

/** The public results of `haushalt`: 40 responses. */
export function surveyResults(locale = 'de') {
  return {
    survey: { slug: 'haushalt', title: pick(surveys.haushalt.title, locale), mode: 'anonymous', opensAt: base.opensAt, closesAt: surveys.haushalt.closesAt, phase: 'closed' },
    locale,
    responses: 40,
    questions: [
      {
        id: 'ort',
        type: 'single-choice',
        label: pick(playgroundQuestions[0].label, locale),
        answered: 40,
        choices: playgroundQuestions[0].choices.map((choice, index) => ({ id: choice.id, label: pick(choice.label, locale), count: [25, 10, 5][index] })),
      },
      { id: 'kinder', type: 'yes-no', label: pick(playgroundQuestions[4].label, locale), answered: 38, yes: 19, no: 19 },
      {
        id: 'zufriedenheit',
        type: 'rating',
        label: pick(playgroundQuestions[3].label, locale),
        answered: 20,
        scale: 5,
        lowLabel: pick(playgroundQuestions[3].lowLabel, locale),
        highLabel: pick(playgroundQuestions[3].highLabel, locale),
        mean: 3.45,
        distribution: [1, 2, 3, 4, 5].map((value) => ({ value, count: [1, 3, 6, 6, 4][value - 1] })),
      },
      { id: 'anmerkung', type: 'free-text', label: pick(playgroundQuestions[7].label, locale), answered: 12 },
    ],
  };
}

const error = (status, name, message, errors) => ({
  data: null,
  error: { status, name, message, ...(errors ? { details: { errors: errors.map(([path, text]) => ({ path, message: text, name })) } } : {}) },
});
const notFound = { status: 404, body: error(404, 'NotFoundError', 'Not Found') };
const conflict = (message, reason) => ({ data: null, error: { status: 409, name: 'ConflictError', message, details: { reason } } });

/**
 * The survey after a response was refused because it closed (with public results) or was postponed
 * while the citizen was answering; before that it is open as stored.
 */
function changedMeanwhile(scenario, slug, submitted) {
  if (!submitted || !surveys[slug]) return surveys[slug];
  if (scenario === 'closed-meanwhile') return { ...surveys[slug], phase: 'closed', open: false, closesAt: '2026-03-01T00:00:00.000Z', resultsPublic: true };
  if (scenario === 'postponed-meanwhile') return { ...surveys[slug], phase: 'upcoming', open: false, opensAt: '2030-06-01T08:00:00.000Z' };
  return surveys[slug];
}

/** What POST /surveys/:slug/responses answers, per scenario (`ok`: 201 anonymous, 202 identified). */
const responseAnswers = {
  slow: { delay: 500 },
  409: { status: 409, body: conflict('You have already answered this survey', 'already-answered') },
  'closed-meanwhile': { status: 409, body: conflict('The survey has closed in the meantime; your answers were not counted.', 'closed') },
  'postponed-meanwhile': { status: 409, body: conflict('The survey is not open yet.', 'upcoming') },
  429: { status: 429, body: { data: null, error: { status: 429, name: 'RateLimitError', message: 'Too many requests', details: { retryAfter: 170 } } }, headers: { 'Retry-After': '170' } },
  'invalid-answer': { status: 400, body: error(400, 'ValidationError', '1 error occurred', [[['answers', 'ort'], 'answers.ort "mond" is not a choice of this question']]) },
  // As the server refuses a used participation token (LinkError 'used'): English, with a reason.
  'invalid-token': { status: 410, body: { data: null, error: { status: 410, name: 'GoneError', message: 'This link was already used.', details: { reason: 'used' } } } },
  'server-error': { status: 500, body: error(500, 'InternalServerError', 'Internal Server Error') },
  // As the request guard refuses a body over the public limit (kernel/http/request-guard.ts).
  'too-large': { status: 413, body: { data: null, error: { status: 413, name: 'PayloadTooLargeError', message: 'The request body is too large (at most 16 kB).', details: { reason: 'body-too-large' } } } },
  network: { dropConnection: true },
};

/**
 * The answer to one survey request: `{ status, body, headers?, delay? }`, or
 * `{ dropConnection: true }` for a request that never gets an answer. `submitted`: a response to
 * the survey was posted before (under the same log key), for surveys that change meanwhile.
 */
export function surveyAnswer({ scenario, method, route, body, query, submitted = false }) {
  const locale = query?.locale === 'en' ? 'en' : 'de';
  const [, slug, action] = route.split('/');
  const stored = changedMeanwhile(scenario, slug, submitted);
  if (method === 'GET' && !action) {
    if (scenario === 'load-error') return { status: 500, body: error(500, 'InternalServerError', 'boom') };
    const survey = publicSurvey(slug, locale, stored);
    return survey ? { status: 200, body: { data: survey } } : notFound;
  }
  if (method === 'GET' && action === 'results') {
    if (scenario === 'results-error' || !stored?.resultsPublic) return notFound;
    return { status: 200, body: { data: surveyResults(locale) } };
  }
  if (method === 'POST' && action === 'participations') {
    return { status: 201, body: { data: { participationToken: FAKE_PARTICIPATION_TOKEN, expiresAt: '2030-01-01T00:00:00.000Z' } } };
  }
  if (method === 'POST' && action === 'responses') {
    const survey = surveys[slug];
    if (!survey) return notFound;
    const special = responseAnswers[scenario];
    if (special && !special.delay) return special;
    if (survey.mode === 'anonymous' && body?.participationToken !== FAKE_PARTICIPATION_TOKEN) {
      return { status: 400, body: error(400, 'ValidationError', 'participationToken is not a valid link token', [[['participationToken'], 'participationToken is not valid']]) };
    }
    const accepted = survey.mode === 'anonymous'
      ? { status: 201, body: { data: { status: 'recorded' } } }
      : { status: 202, body: { data: { status: 'accepted' } } };
    return { ...accepted, delay: special?.delay };
  }
  return notFound;
}
