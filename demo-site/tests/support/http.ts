import { settleIntake, TOWN_ORIGIN, type TestApp } from './strapi';

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

async function read(res: Response): Promise<JsonResponse> {
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
  return { status: res.status, headers: res.headers, body };
}

/** A client that talks to the public API the way a widget on the town website does. */
export function publicApi(baseUrl: string) {
  const url = (path: string) => `${baseUrl}/api/civic-dialog${path}`;
  return {
    get: async (path: string, headers: Record<string, string> = {}) => read(await fetch(url(path), { headers })),
    postJson: async (path: string, body: unknown, headers: Record<string, string> = {}) =>
      read(
        await fetch(url(path), {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: TOWN_ORIGIN, ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    postRaw: async (path: string, body: string, headers: Record<string, string>) =>
      read(await fetch(url(path), { method: 'POST', headers: { origin: TOWN_ORIGIN, ...headers }, body })),
    postForm: async (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
      read(
        await fetch(url(path), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams(form).toString(),
        }),
      ),
  };
}

export function signupBody(overrides: Record<string, unknown> = {}) {
  return {
    email: 'erika.mustermann@example.org',
    firstName: 'Erika',
    topics: ['abfall'],
    locale: 'de',
    legalTextVersion: 1,
    consent: true,
    pageUrl: `${TOWN_ORIGIN}/newsletter.html`,
    widget: 'civic-signup',
    website: '',
    ...overrides,
  };
}

export function registrationBody(overrides: Record<string, unknown> = {}) {
  return {
    email: 'erika.mustermann@example.org',
    firstName: 'Erika',
    lastName: 'Mustermann',
    seats: 1,
    answers: {},
    locale: 'de',
    legalTextVersion: 1,
    consent: true,
    pageUrl: `${TOWN_ORIGIN}/veranstaltungen.html`,
    widget: 'civic-event-registration',
    website: '',
    ...overrides,
  };
}

/**
 * The public client, but each POST returns only once the work it started after its answer is done
 * (kernel/intake writes the rows after the 202): for tests that read those rows next. On SQLite that
 * work happened to finish first; on PostgreSQL it does not.
 */
export function settledPublicApi(app: Pick<TestApp, 'baseUrl' | 'strapi'>) {
  const api = publicApi(app.baseUrl);
  const settle = () => settleIntake(app);
  return {
    ...api,
    postJson: async (...args: Parameters<typeof api.postJson>) => {
      const res = await api.postJson(...args);
      await settle();
      return res;
    },
    postForm: async (...args: Parameters<typeof api.postForm>) => {
      const res = await api.postForm(...args);
      await settle();
      return res;
    },
  };
}
