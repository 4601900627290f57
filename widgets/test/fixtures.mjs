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

/** A word wider than a phone: the `long-words` scenario of the fake API puts it in every text a citizen reads. */
export const LONG_WORD = 'Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnungsentwurf';

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
    details: { errors: errors.map(([path, message, code]) => ({ path: [path], message, name: 'ValidationError', ...(code ? { code } : {}) })) },
  },
});

/** What POST /signups answers, per scenario. */
export const signupAnswers = {
  ok: { status: 202, body: { data: { status: 'accepted' } } },
  slow: { status: 202, body: { data: { status: 'accepted' } }, delay: 500 },
  // Like the server: the wait in the body (details.retryAfter, readable across origins) and in Retry-After.
  429: { status: 429, body: { data: null, error: { status: 429, name: 'RateLimitError', message: 'Too many requests', details: { retryAfter: 170 } } }, headers: { 'Retry-After': '170' } },
  'invalid-email': { status: 400, body: validationError([['email', 'email must be a valid email address', 'invalid_format']]) },
  'invalid-many': { status: 400, body: validationError([['email', 'email must be a valid email address', 'invalid_format'], ['consent', 'consent is required', 'invalid_value']]) },
  'invalid-unknown': { status: 400, body: validationError([['legalTextVersion', 'legalTextVersion version 3 of the de consent text does not exist', 'legal-text-outdated']]) },
  // A field the form has no place for, with a code the widget has no words for: its generic text, never the English.
  'invalid-uncoded': { status: 400, body: validationError([['pageUrl', 'pageUrl must be a valid URL', 'invalid_format']]) },
  'server-error': { status: 500, body: { data: null, error: { status: 500, name: 'InternalServerError', message: 'Internal Server Error' } } },
  // The CMS's CORS let the page through, the plugin's list of origins did not (kernel/http/request-guard.ts).
  'origin-refused': { status: 403, body: { data: null, error: { status: 403, name: 'PolicyError', message: 'Origin http://example.org is not allowed to use this endpoint.', details: { reason: 'origin-not-allowed' } } } },
  // The page's address is on no website of the town (kernel/http/town-pages.ts).
  'page-refused': { status: 400, body: validationError([['pageUrl', 'pageUrl is not a page of a website of the town that sent this request', 'page-not-allowed']]) },
};
