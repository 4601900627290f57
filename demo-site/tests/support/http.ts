import { TOWN_ORIGIN } from './strapi';

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
