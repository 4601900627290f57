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

/** The SMS and alert consent texts (purposes sms-alerts, sms-registrations, alerts) the preference center shows. */
export const channelLegalTexts = {
  'sms-alerts': {
    de: { purpose: 'sms-alerts', locale: 'de', version: 1, title: 'Einwilligung SMS-Warnungen', body: 'Wir senden Warnungen per SMS an Ihre Nummer.\n\nSie können jederzeit widerrufen, auch mit der Antwort STOP.' },
    en: { purpose: 'sms-alerts', locale: 'en', version: 1, title: 'Consent to text message alerts', body: 'We send alerts by text message to your number.\n\nYou may withdraw at any time, also by replying STOP.' },
  },
  'sms-registrations': {
    de: { purpose: 'sms-registrations', locale: 'de', version: 2, title: 'Einwilligung SMS zu Anmeldungen', body: 'Wir senden Bestätigungen und Erinnerungen zu Ihren Anmeldungen per SMS.' },
    en: { purpose: 'sms-registrations', locale: 'en', version: 2, title: 'Consent to text messages about registrations', body: 'We send confirmations and reminders of your registrations by text message.' },
  },
  alerts: {
    de: { purpose: 'alerts', locale: 'de', version: 1, title: 'Einwilligung Warnungen', body: 'Wir senden Ihnen Warnungen für Ihr Gebiet per E-Mail.' },
    en: { purpose: 'alerts', locale: 'en', version: 1, title: 'Consent to alerts', body: 'We send you alerts for your area by email.' },
  },
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
  'invalid-postal-code': { status: 400, body: validationError([['postalCode', 'not a postal code', 'invalid_format']]) },
  'invalid-unknown': { status: 400, body: validationError([['legalTextVersion', 'legalTextVersion version 3 of the de consent text does not exist', 'legal-text-outdated']]) },
  // A field the form has no place for, with a code the widget has no words for: its generic text, never the English.
  'invalid-uncoded': { status: 400, body: validationError([['pageUrl', 'pageUrl must be a valid URL', 'invalid_format']]) },
  'server-error': { status: 500, body: { data: null, error: { status: 500, name: 'InternalServerError', message: 'Internal Server Error' } } },
  // The CMS's CORS let the page through, the plugin's list of origins did not (kernel/http/request-guard.ts).
  'origin-refused': { status: 403, body: { data: null, error: { status: 403, name: 'PolicyError', message: 'Origin http://example.org is not allowed to use this endpoint.', details: { reason: 'origin-not-allowed' } } } },
  // The page's address is on no website of the town (kernel/http/town-pages.ts).
  'page-refused': { status: 400, body: validationError([['pageUrl', 'pageUrl is not a page of a website of the town that sent this request', 'page-not-allowed']]) },
};
