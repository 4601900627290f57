/**
 * A fake Civic Dialog API for the widget tests, served by web-test-runner as Koa middleware so the
 * widget talks real HTTP. A widget's `api` attribute picks the behaviour and a log key:
 *   api="/fake-api/<scenario>/<key>"  →  /fake-api/<scenario>/<key>/api/civic-dialog/...
 * `GET /fake-api-log/<key>` returns every request recorded under that key.
 */
import { legalTexts, signupAnswers, topics } from './fixtures.mjs';
import { surveyAnswer } from './fake-surveys.mjs';
import { eventsAnswer } from './fake-events.mjs';
import { preferencesAnswer } from './fake-preferences.mjs';

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
  const body = ['POST', 'PATCH', 'PUT'].includes(ctx.method) ? await readBody(ctx.req) : undefined;
  const entries = log.get(key) ?? [];
  entries.push({ method: ctx.method, route, query: ctx.query, contentType: ctx.get('content-type'), authorization: ctx.get('authorization'), body });
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
  if (route.startsWith('preferences')) {
    return reply(ctx, preferencesAnswer({ scenario, method: ctx.method, route, body, authorization: ctx.get('authorization') }));
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
