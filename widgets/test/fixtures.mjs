/** Answers of the fake Civic Dialog API, shared by the test middleware and the Storybook fetch mock. */
export const topics = {
  de: [
    { slug: 'abfall', name: 'Abfall und Recycling', description: 'Abfuhrtermine und Wertstoffhof' },
    { slug: 'kultur', name: 'Kultur', description: null },
    { slug: 'verkehr', name: 'Verkehr und Baustellen', description: null },
  ],
  en: [
    { slug: 'abfall', name: 'Waste and recycling', description: 'Collection dates and recycling centre' },
    { slug: 'kultur', name: 'Culture', description: null },
    { slug: 'verkehr', name: 'Traffic and roadworks', description: null },
  ],
};

export const legalTexts = {
  de: { purpose: 'newsletter', locale: 'de', version: 3, title: 'Einwilligung Newsletter', body: 'Wir verarbeiten Ihre E-Mail-Adresse.\n\nSie können <b>jederzeit</b> widerrufen.' },
  en: { purpose: 'newsletter', locale: 'en', version: 2, title: 'Newsletter consent', body: 'We process your email address.\n\nYou may withdraw <b>at any time</b>.' },
};

const validationError = (errors) => ({
  data: null,
  error: {
    status: 400,
    name: 'ValidationError',
    message: `${errors.length} errors occurred`,
    details: { errors: errors.map(([path, message]) => ({ path: [path], message, name: 'ValidationError' })) },
  },
});

/** What POST /signups answers, per scenario. */
export const signupAnswers = {
  ok: { status: 202, body: { data: { status: 'accepted' } } },
  slow: { status: 202, body: { data: { status: 'accepted' } }, delay: 500 },
  429: { status: 429, body: { data: null, error: { status: 429, name: 'RateLimitError', message: 'Too many requests' } }, headers: { 'Retry-After': '120' } },
  'invalid-email': { status: 400, body: validationError([['email', 'email must be a valid email address']]) },
  'invalid-many': { status: 400, body: validationError([['email', 'email must be a valid email address'], ['consent', 'consent is required']]) },
  'invalid-unknown': { status: 400, body: validationError([['legalTextVersion', 'legalTextVersion is outdated']]) },
  'server-error': { status: 500, body: { data: null, error: { status: 500, name: 'InternalServerError', message: 'Internal Server Error' } } },
};
