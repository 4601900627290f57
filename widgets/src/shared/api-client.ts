import type { ApiError, LegalTextResponse, Locale, PublicLegalText, PublicTopic, TopicList } from '@civic-dialog/contracts';

/**
 * Why the widget cannot talk to the API at all, for the webmaster (the console names what to set
 * where): the API's origin answers but refused this page (`blocked`: CORS, or the page's CSP),
 * nothing answers at `api` while the page's own site does (`unreachable`), or what answered is not
 * the Civic Dialog API (`not-api`: a 404 page, HTML). No retry can help the citizen.
 */
export type Misconfiguration = { problem: 'blocked' | 'unreachable' | 'not-api' | 'page-not-allowed'; url: string; status?: number; contentType?: string };

/** Why a request to the Civic Dialog API failed, in the terms a widget shows to the citizen. */
export type ApiFailure =
  | { kind: 'network' }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | ({ kind: 'unavailable' } & Misconfiguration)
  /** `code`: what the server says is wrong with the field (contracts FIELD_ERROR_CODES or zod's issue code); `message` is English, never shown. */
  | { kind: 'validation'; fieldErrors: Array<{ field: string; path: string[]; message: string; code?: string }> }
  /** `reason`: the refusal's `details.reason`, where the server names one (e.g. 'fresh-link-required', 'fully-booked'). */
  | { kind: 'server'; status: number; reason?: string };

export class ApiRequestError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.kind);
  }
}

/** The failure behind a rejected request; anything that is not an API answer counts as a network failure. */
export function failureOf(error: unknown): ApiFailure {
  return error instanceof ApiRequestError ? error.failure : { kind: 'network' };
}

/**
 * A message about the last request that belongs to no single field. `code`: the server's code (a
 * refusal's reason; `refused`: a field error's), which the widget translates; never the server's words.
 */
export type Notice =
  | { kind: 'network' }
  | { kind: 'unavailable' }
  | { kind: 'rate-limited'; minutes: number }
  | { kind: 'server'; code?: string }
  | { kind: 'refused'; code?: string };

/** The notice for a failure that is not about fields: no connection, a misconfigured page, too many attempts (whole minutes), or the server. */
export function noticeOf(failure: ApiFailure): Notice {
  if (failure.kind === 'network' || failure.kind === 'unavailable') return { kind: failure.kind };
  if (failure.kind === 'rate-limited') return { kind: 'rate-limited', minutes: Math.max(1, Math.ceil(failure.retryAfterSeconds / 60)) };
  if (failure.kind === 'validation') return { kind: 'refused', code: failure.fieldErrors[0]?.code };
  return { kind: 'server', code: failure.reason };
}

/** The texts a notice needs (common.de.ts); `serverError` is each widget's own ("Die Anmeldung ist gerade nicht möglich …"). */
export interface NoticeTexts {
  networkError: string;
  formUnavailable: string;
  rateLimited: (minutes: number) => string;
  serverError: string;
  /** A refusal whose code has no text of its own. */
  invalidInput: string;
  refusals: Partial<Record<string, string>>;
}

/** The status line for a notice, in the widget's language. */
export function noticeText(notice: Notice, t: NoticeTexts): string {
  if (notice.kind === 'network') return t.networkError;
  if (notice.kind === 'unavailable') return t.formUnavailable;
  if (notice.kind === 'rate-limited') return t.rateLimited(notice.minutes);
  // Own keys only: a code such as `constructor` must not find Object.prototype's.
  const known = notice.code && Object.hasOwn(t.refusals, notice.code) ? t.refusals[notice.code] : undefined;
  return known ?? (notice.kind === 'refused' ? t.invalidInput : t.serverError);
}

/** When the server names no wait (it always does: `details.retryAfter`), a minute. */
const DEFAULT_RETRY_SECONDS = 60;
/** No wait the widget says is longer than a day (a broken or hostile answer could name any number). */
const MAX_RETRY_SECONDS = 86_400;

/** Seconds to wait after a 429: the body's `details.retryAfter` (readable whatever the CMS's CORS config exposes). */
export function retryAfterOf(error: ApiError['error'] | undefined): number {
  const seconds = error?.details?.retryAfter;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? Math.min(MAX_RETRY_SECONDS, Math.max(0, seconds)) : DEFAULT_RETRY_SECONDS;
}

/** Whether a parsed body is a refusal in Strapi's error shape (`{ data: null, error }`). */
const isApiError = (json: unknown): json is ApiError => typeof json === 'object' && json !== null && 'error' in json;

/**
 * fetch() rejects alike when the page is offline, the API's origin refuses this page (CORS), the
 * page's CSP forbids it, or nothing answers at `api`. Told apart as far as a browser allows: offline
 * by navigator.onLine; an API on the page's own origin needs no CORS, so a failure there is the
 * connection's; else whether the API's origin answers an opaque (no-cors) request — it does when
 * only CORS refused; else whether the page's own site answers — it does when `api` names no server
 * (or the CMS is down, or the page's CSP forbids it), it does not when the connection dropped.
 */
async function whyUnreachable(url: string): Promise<ApiFailure> {
  const origin = new URL(url, location.href).origin;
  if (!navigator.onLine || origin === location.origin) return { kind: 'network' };
  const answers = (target: string) => fetch(target, { mode: 'no-cors', cache: 'no-store' }).then(() => true, () => false);
  if (await answers(`${origin}/`)) return { kind: 'unavailable', problem: 'blocked', url };
  // The page's origin, not its address: a query string or token in the page's URL is not sent again.
  if (await answers(`${location.origin}/`)) return { kind: 'unavailable', problem: 'unreachable', url };
  return { kind: 'network' };
}

/**
 * A thin fetch wrapper for the plugin's public routes (`{api}/api/civic-dialog/…`). Every failure
 * becomes an `ApiRequestError` whose `failure` the widgets map to their own localized messages.
 */
export class CivicApiClient {
  readonly #base: string;

  constructor(api: string) {
    this.#base = `${api.replace(/\/+$/, '')}/api/civic-dialog`;
  }

  async topics(locale: Locale): Promise<PublicTopic[]> {
    return (await this.#request<TopicList>(`/topics?locale=${locale}`)).data;
  }

  async legalText(locale: Locale, purpose = 'newsletter'): Promise<PublicLegalText> {
    const query = `locale=${locale}&purpose=${encodeURIComponent(purpose)}`;
    return (await this.#request<LegalTextResponse>(`/legal-texts/current?${query}`)).data;
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('POST', path, body);
  }

  /** A JSON request; a `sessionToken` (preference center) goes out as a bearer token. */
  send<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, sessionToken?: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (sessionToken) headers.Authorization = `Bearer ${sessionToken}`;
    return this.#request<T>(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  async #request<T>(path: string, init: RequestInit = {}): Promise<T> {
    const url = this.#base + path;
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch {
      throw new ApiRequestError(await whyUnreachable(url));
    }
    const json: unknown = await response.json().catch(() => null);
    if (response.ok && json !== null) return json as T;
    // A proxy's or firewall's 429 page is a wait too, not a wrongly set `api`.
    if (response.status === 429) throw new ApiRequestError({ kind: 'rate-limited', retryAfterSeconds: retryAfterOf(isApiError(json) ? json.error : undefined) });
    if (!isApiError(json)) {
      // A proxy's error page while the CMS is down is the server's failure; anything else (a 404 page, HTML) is not the API.
      if (response.status >= 500) throw new ApiRequestError({ kind: 'server', status: response.status });
      throw new ApiRequestError({ kind: 'unavailable', problem: 'not-api', url, status: response.status, contentType: response.headers.get('Content-Type') ?? '' });
    }
    const error = json.error;
    // The CMS's CORS let this page through, the plugin's own list of origins did not: no retry can help.
    if (response.status === 403 && error?.details?.reason === 'origin-not-allowed') throw new ApiRequestError({ kind: 'unavailable', problem: 'blocked', url });
    if (response.status === 400 && error?.details?.errors?.some((issue) => issue.code === 'page-not-allowed')) {
      throw new ApiRequestError({ kind: 'unavailable', problem: 'page-not-allowed', url });
    }
    if (response.status === 400 && error) {
      const fieldErrors = (error.details?.errors ?? []).map((issue) => ({
        field: issue.path[0] ?? '',
        // The whole path, for fields inside a map, e.g. ['answers', '<questionId>'] of a survey.
        path: issue.path,
        message: issue.message,
        code: issue.code,
      }));
      throw new ApiRequestError({ kind: 'validation', fieldErrors });
    }
    const reason = error?.details?.reason;
    throw new ApiRequestError({ kind: 'server', status: response.status, ...(typeof reason === 'string' ? { reason } : {}) });
  }
}
