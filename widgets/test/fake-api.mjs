/**
 * A fake Civic Dialog API for the widget tests, served by web-test-runner as Koa middleware so the
 * widget talks real HTTP. A widget's `api` attribute picks the behaviour and a log key:
 *   api="/fake-api/<scenario>/<key>"  →  /fake-api/<scenario>/<key>/api/civic-dialog/...
 * `GET /fake-api-log/<key>` returns every request recorded under that key.
 */
const topics = {
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

const legalTexts = {
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
const signupAnswers = {
  ok: { status: 202, body: { data: { status: 'accepted' } } },
  slow: { status: 202, body: { data: { status: 'accepted' } }, delay: 500 },
  429: { status: 429, body: { data: null, error: { status: 429, name: 'RateLimitError', message: 'Too many requests' } }, headers: { 'Retry-After': '120' } },
  'invalid-email': { status: 400, body: validationError([['email', 'email must be a valid email address']]) },
  'invalid-many': { status: 400, body: validationError([['email', 'email must be a valid email address'], ['consent', 'consent is required']]) },
  'invalid-unknown': { status: 400, body: validationError([['legalTextVersion', 'legalTextVersion is outdated']]) },
  'server-error': { status: 500, body: { data: null, error: { status: 500, name: 'InternalServerError', message: 'Internal Server Error' } } },
};

const log = new Map();

async function readBody(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return raw ? JSON.parse(raw) : undefined;
}

function send(ctx, status, body, headers = {}) {
  ctx.status = status;
  ctx.set(headers);
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}

export async function fakeApi(ctx, next) {
  const logMatch = ctx.path.match(/^\/fake-api-log\/([^/]+)$/);
  if (logMatch) return send(ctx, 200, log.get(logMatch[1]) ?? []);

  const match = ctx.path.match(/^\/fake-api\/([^/]+)\/([^/]+)\/api\/civic-dialog\/(.+)$/);
  if (!match) return next();
  const [, scenario, key, route] = match;
  const body = ctx.method === 'POST' ? await readBody(ctx.req) : undefined;
  const entries = log.get(key) ?? [];
  entries.push({ method: ctx.method, route, query: ctx.query, contentType: ctx.get('content-type'), body });
  log.set(key, entries);

  const locale = ctx.query.locale === 'en' ? 'en' : 'de';
  if (route === 'topics' && ctx.method === 'GET') {
    if (scenario === 'load-error') return send(ctx, 500, { data: null, error: { status: 500, name: 'InternalServerError', message: 'boom' } });
    return send(ctx, 200, { data: scenario === 'no-topics' ? [] : topics[locale] });
  }
  if (route === 'legal-texts/current' && ctx.method === 'GET') return send(ctx, 200, { data: legalTexts[locale] });
  if (route === 'signups' && ctx.method === 'POST') {
    if (scenario === 'network') {
      // Closing the socket without an answer makes fetch() reject like a dropped connection.
      ctx.respond = false;
      ctx.req.socket.destroy();
      return;
    }
    const answer = signupAnswers[scenario] ?? signupAnswers.ok;
    if (answer.delay) await new Promise((resolve) => setTimeout(resolve, answer.delay));
    return send(ctx, answer.status, answer.body, answer.headers);
  }
  return send(ctx, 404, { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found' } });
}
