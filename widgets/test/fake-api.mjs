/**
 * A fake Civic Dialog API for the widget tests, served by web-test-runner as Koa middleware so the
 * widget talks real HTTP. A widget's `api` attribute picks the behaviour and a log key:
 *   api="/fake-api/<scenario>/<key>"  →  /fake-api/<scenario>/<key>/api/civic-dialog/...
 * `GET /fake-api-log/<key>` returns every request recorded under that key.
 * Every answer is checked against the contracts' response schema of its route (refusals against
 * Strapi's error shape): an answer the server could not give becomes a 500 naming the drift.
 */
import * as contracts from '@civic-dialog/contracts';
import { LONG_WORD, channelLegalTexts, legalTexts, signupAnswers, topics } from './fixtures.mjs';
import { surveyAnswer } from './fake-surveys.mjs';
import { eventsAnswer } from './fake-events.mjs';
import { preferencesAnswer } from './fake-preferences.mjs';
import { altchaAnswer, altchaRefusal } from './fake-altcha.mjs';
import { alertsAnswer } from './fake-alerts.mjs';

const log = new Map();

async function readBody(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return raw ? JSON.parse(raw) : undefined;
}

/** The schema of a successful answer, by method and route (`:slug` matches one path segment). */
const RESPONSES = [
  ['GET', /^topics$/, contracts.topicListSchema],
  ['GET', /^alerts$/, contracts.publicAlertListSchema],
  ['GET', /^legal-texts\/current$/, contracts.legalTextResponseSchema],
  ['POST', /^signups$/, contracts.signupAcceptedSchema],
  ['POST', /^alerts\/signups$/, contracts.signupAcceptedSchema],
  ['GET', /^events$/, contracts.eventListSchema],
  ['GET', /^events\/[^/]+$/, contracts.eventResponseSchema],
  ['POST', /^events\/[^/]+\/registrations$/, contracts.eventRegistrationAcceptedSchema],
  ['GET', /^surveys\/[^/]+$/, contracts.publicSurveyResponseSchema],
  ['GET', /^surveys\/[^/]+\/results$/, contracts.surveyResultsResponseSchema],
  ['POST', /^surveys\/[^/]+\/participations$/, contracts.surveyParticipationSchema],
  ['POST', /^surveys\/[^/]+\/responses$/, (status) => (status === 201 ? contracts.surveyResponseRecordedSchema : contracts.surveyResponseAcceptedSchema)],
  ['POST', /^preferences\/link$/, contracts.preferencesLinkAcceptedSchema],
  ['POST', /^preferences\/session$/, contracts.preferencesSessionSchema],
  ['GET', /^preferences$/, contracts.preferencesResponseSchema],
  ['PUT', /^preferences\/subscriptions$/, contracts.preferencesResponseSchema],
  ['PATCH', /^preferences\/profile$/, contracts.preferencesResponseSchema],
  ['POST', /^preferences\/unsubscribe-all$/, contracts.preferencesResponseSchema],
  ['GET', /^preferences\/export$/, contracts.personalDataExportSchema],
  ['POST', /^preferences\/erase$/, contracts.preferencesErasedSchema],
  ['GET', /^preferences\/sms$/, contracts.smsStateSchema],
  ['POST', /^preferences\/sms\/phone$/, contracts.smsCodeSentSchema],
  ['POST', /^preferences\/sms\/verify$/, contracts.smsStateSchema],
  ['PUT', /^preferences\/sms\/consents$/, contracts.smsStateSchema],
  ['DELETE', /^preferences\/sms\/phone$/, contracts.smsStateSchema],
  ['GET', /^preferences\/alerts$/, contracts.alertPreferencesResponseSchema],
  ['PUT', /^preferences\/alerts$/, contracts.alertPreferencesResponseSchema],
  ['GET', /^altcha\/forms$/, contracts.altchaFormsResponseSchema],
  ['GET', /^altcha\/challenge$/, contracts.altchaChallengeSchema],
];

/** What is wrong with an answer, measured by the contracts; undefined when the server could give it. */
export function answerDrift(method, route, status, body) {
  let schema = contracts.apiErrorSchema;
  if (status < 400) {
    const entry = RESPONSES.find(([m, pattern]) => m === method && pattern.test(route));
    if (!entry) return `no response schema for ${method} ${route}`;
    schema = typeof entry[2] === 'function' ? entry[2](status) : entry[2];
  }
  const parsed = schema.safeParse(body);
  return parsed.success ? undefined : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
}

/** A source page with a long unbroken path (and LONG_WORD, fixtures.mjs, in every text). */
const LONG_URL = `https://www.musterstadt.de/${'buergerservice-und-verwaltung-'.repeat(4)}newsletter-anmeldung`;
/** What the `long-words` scenario lengthens: every text a citizen reads, not ids, slugs or dates. */
const LONG_TEXT_KEYS = new Set(['name', 'title', 'label', 'location', 'address', 'description', 'intro', 'help', 'lowLabel', 'highLabel', 'thankYou']);

/** Scenario `long-words`: the same answers with a long unbroken word in every text and a long source URL. */
function lengthen(value, key) {
  if (Array.isArray(value)) return value.map((item) => lengthen(item));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lengthen(v, k)]));
  if (typeof value !== 'string') return value;
  if (key === 'sourceUrl') return LONG_URL;
  if (key === 'email') return value.replace('@', `.${LONG_WORD.toLowerCase().replace(/[^a-z]/g, '')}@`);
  return LONG_TEXT_KEYS.has(key) ? `${value} ${LONG_WORD}` : value;
}

function send(ctx, status, body, headers = {}) {
  if (ctx.state.longWords && status < 400) body = lengthen(body);
  const route = ctx.path.match(/\/api\/civic-dialog\/(.+)$/)?.[1];
  const drift = route && answerDrift(ctx.method, route, status, body);
  if (drift) {
    console.error(`fake API: ${ctx.method} ${route} → ${status} does not match the contracts: ${drift}`);
    [status, body, headers] = [500, { data: null, error: { status: 500, name: 'FakeDrift', message: drift } }, {}];
  }
  ctx.status = status;
  ctx.set(headers);
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}

/** Sends a feature's answer (`{ status, body, headers?, delay? }` or `{ dropConnection: true }`). */
async function reply(ctx, answer) {
  if (answer.dropConnection) {
    // Closing the socket without an answer makes fetch() reject like a dropped connection.
    ctx.respond = false;
    ctx.req.socket.destroy();
    return;
  }
  if (answer.delay) await new Promise((resolve) => setTimeout(resolve, answer.delay));
  send(ctx, answer.status, answer.body, answer.headers);
}

export async function fakeApi(ctx, next) {
  const logMatch = ctx.path.match(/^\/fake-api-log\/([^/]+)$/);
  if (logMatch) return send(ctx, 200, log.get(logMatch[1]) ?? []);

  const match = ctx.path.match(/^\/fake-api\/([^/]+)\/([^/]+)\/api\/civic-dialog\/(.+)$/);
  if (!match) return next();
  const [, scenario, key, route] = match;
  ctx.state.longWords = scenario === 'long-words';
  const body = ['POST', 'PATCH', 'PUT', 'DELETE'].includes(ctx.method) ? await readBody(ctx.req) : undefined;
  const entries = log.get(key) ?? [];
  // A copy: the bot check below takes `altcha` out of the body, the log keeps what was sent.
  entries.push({ method: ctx.method, route, query: ctx.query, contentType: ctx.get('content-type'), authorization: ctx.get('authorization'), body: body && { ...body } });
  log.set(key, entries);
  if (route.startsWith('altcha/') && ctx.method === 'GET') return reply(ctx, await altchaAnswer({ scenario, route }));
  const refusal = await altchaRefusal({ scenario, route, body });
  if (refusal) return reply(ctx, refusal);

  const locale = ctx.query.locale === 'en' ? 'en' : 'de';
  if (route === 'topics' && ctx.method === 'GET') {
    if (scenario === 'load-error') return send(ctx, 500, { data: null, error: { status: 500, name: 'InternalServerError', message: 'boom' } });
    return send(ctx, 200, { data: scenario === 'no-topics' ? [] : topics[locale] });
  }
  if (route === 'alerts' && ctx.method === 'GET') return reply(ctx, alertsAnswer({ scenario, asked: entries.filter((entry) => entry.route === 'alerts').length }));
  if (route === 'legal-texts/current' && ctx.method === 'GET') {
    const purpose = ctx.query.purpose ?? 'newsletter';
    if (purpose === 'newsletter') return send(ctx, 200, { data: legalTexts[locale] });
    const text = channelLegalTexts[purpose]?.[locale];
    return text ? send(ctx, 200, { data: text }) : send(ctx, 404, { data: null, error: { status: 404, name: 'NotFoundError', message: 'No legal text' } });
  }
  if ((route === 'signups' || route === 'alerts/signups') && ctx.method === 'POST') {
    if (scenario === 'proxy-429') {
      // A proxy or firewall in front of the CMS: its own HTML page, not Strapi's error shape.
      ctx.status = 429;
      ctx.type = 'text/html';
      ctx.body = '<html><body><h1>429 Too Many Requests</h1></body></html>';
      return;
    }
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
  if (route.startsWith('preferences')) {
    return reply(ctx, preferencesAnswer({ scenario, method: ctx.method, route, body, authorization: ctx.get('authorization'), query: ctx.query }));
  }
  if (route === 'events' || route.startsWith('events/')) {
    return reply(ctx, eventsAnswer({ scenario, method: ctx.method, route, query: ctx.query }));
  }
  if (route.startsWith('surveys/')) {
    const submitted = entries.some((entry) => entry.method === 'POST' && entry.route === `${route.split('/').slice(0, 2).join('/')}/responses`);
    return reply(ctx, surveyAnswer({ scenario, method: ctx.method, route, body, query: ctx.query, submitted }));
  }
  return send(ctx, 404, { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found' } });
}
