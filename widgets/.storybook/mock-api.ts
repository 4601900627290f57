/**
 * Stories run without a server: `storyApi(scenario)` gives a widget an `api` base on the reserved
 * `.invalid` domain, and the fetch stub below answers it like test/fake-api.mjs does, from the
 * same fixtures. One stub for all stories, so a docs page can show several states at once.
 */
import { channelLegalTexts, legalTexts, signupAnswers, topics } from '../test/fixtures.mjs';
import { surveyAnswer } from '../test/fake-surveys.mjs';
import { preferencesAnswer } from '../test/fake-preferences.mjs';
import { eventsAnswer } from '../test/fake-events.mjs';

const HOST = 'story.invalid';

export type StoryScenario =
  | 'ok'
  | 'loading'
  | 'load-error'
  | 'submitting'
  | 'invalid-email'
  | 'invalid-many'
  | '429'
  | 'network'
  // <civic-preferences> (test/fake-preferences.mjs); `opening` and `saving` never answer.
  | 'link-expired'
  | 'session-expired'
  | 'load-error'
  | 'invalid-profile'
  | 'opening'
  | 'saving';

/** <civic-survey> (test/fake-surveys.mjs): `loading` and `submitting` never answer there either. */
export type SurveyStoryScenario = 'ok' | 'loading' | 'load-error' | 'submitting' | 'invalid-answer' | '409' | '429' | 'network';

/** <civic-event-registration> (test/fake-events.mjs): `loading` and `submitting` never answer there either. */
export type EventStoryScenario =
  | 'ok' | 'loading' | 'load-error' | 'empty' | 'submitting' | 'invalid-answer' | 'invalid-many' | 'full' | 'closed' | '429' | 'network';

export const storyApi = (scenario: StoryScenario | SurveyStoryScenario | EventStoryScenario) => `https://${HOST}/${scenario}`;

const never = () => new Promise<Response>(() => {});
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

function answer(scenario: string, route: string, locale: 'de' | 'en', purpose = 'newsletter'): Promise<Response> {
  if (route === 'topics') {
    if (scenario === 'loading') return never();
    if (scenario === 'load-error') return Promise.resolve(json(500, { data: null, error: { status: 500, name: 'InternalServerError', message: 'boom' } }));
    return Promise.resolve(json(200, { data: topics[locale] }));
  }
  if (route === 'legal-texts/current') {
    // The preference center's SMS and alert consent texts (purpose sms-alerts, sms-registrations, alerts).
    const text = purpose === 'newsletter' ? legalTexts[locale] : channelLegalTexts[purpose as keyof typeof channelLegalTexts]?.[locale];
    return Promise.resolve(text ? json(200, { data: text }) : json(404, { data: null, error: { status: 404, name: 'NotFoundError', message: 'No legal text' } }));
  }
  if (route === 'signups' || route === 'alerts/signups') {
    if (scenario === 'submitting') return never();
    if (scenario === 'network') return Promise.reject(new TypeError('Failed to fetch'));
    const answers: Record<string, { status: number; body: unknown; headers?: Record<string, string> }> = signupAnswers;
    const { status, body, headers } = answers[scenario] ?? answers.ok!;
    return Promise.resolve(json(status, body, headers));
  }
  return Promise.resolve(json(404, { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found' } }));
}

/** The preference center's routes, answered like the test middleware does. */
function answerPreferences(scenario: string, route: string, init: RequestInit = {}): Promise<Response> {
  const method = init.method ?? 'GET';
  if (scenario === 'opening' && route === 'preferences/session') return never();
  if (scenario === 'saving' && method !== 'GET' && route !== 'preferences/session') return never();
  const authorization = new Headers(init.headers).get('Authorization') ?? '';
  const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
  const result = preferencesAnswer({ scenario, method, route, body, authorization });
  if ('dropConnection' in result) return Promise.reject(new TypeError('Failed to fetch'));
  return Promise.resolve(json(result.status, result.body, result.headers));
}

/** The survey routes, answered like the test middleware does. */
function answerSurvey(scenario: string, route: string, query: URLSearchParams, init: RequestInit = {}): Promise<Response> {
  const method = init.method ?? 'GET';
  const sending = route.endsWith('/responses');
  if ((scenario === 'loading' && method === 'GET') || (scenario === 'submitting' && sending)) return never();
  const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
  const result = surveyAnswer({ scenario, method, route, body, query: Object.fromEntries(query) });
  return 'dropConnection' in result ? Promise.reject(new TypeError('Failed to fetch')) : Promise.resolve(json(result.status, result.body, result.headers));
}

/** The event routes, answered like the test middleware does. */
function answerEvents(scenario: string, route: string, query: URLSearchParams, init: RequestInit = {}): Promise<Response> {
  const method = init.method ?? 'GET';
  if ((scenario === 'loading' && method === 'GET') || (scenario === 'submitting' && method === 'POST')) return never();
  const result = eventsAnswer({ scenario, method, route, query: Object.fromEntries(query) });
  return 'dropConnection' in result ? Promise.reject(new TypeError('Failed to fetch')) : Promise.resolve(json(result.status, result.body, result.headers));
}

export function installMockApi(): void {
  const realFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.hostname !== HOST) return realFetch(input, init);
    const [, scenario = 'ok', ...rest] = url.pathname.split('/');
    const route = rest.join('/').replace(/^api\/civic-dialog\//, '');
    if (route.startsWith('surveys/')) return answerSurvey(scenario, route, url.searchParams, init);
    if (route.startsWith('preferences')) return answerPreferences(scenario, route, init);
    if (route === 'events' || route.startsWith('events/')) return answerEvents(scenario, route, url.searchParams, init);
    return answer(scenario, route, url.searchParams.get('locale') === 'en' ? 'en' : 'de', url.searchParams.get('purpose') ?? 'newsletter');
  };
}
