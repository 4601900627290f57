import type { ApiError, LegalTextResponse, Locale, PublicLegalText, PublicTopic, TopicList } from '@civic-dialog/contracts';

/** Why a request to the Civic Dialog API failed, in the terms a widget shows to the citizen. */
export type ApiFailure =
  | { kind: 'network' }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'validation'; message: string; fieldErrors: Array<{ field: string; path: string[]; message: string }> }
  | { kind: 'server'; status: number; message: string };

export class ApiRequestError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.kind);
  }
}

/** The failure behind a rejected request; anything that is not an API answer counts as a network failure. */
export function failureOf(error: unknown): ApiFailure {
  return error instanceof ApiRequestError ? error.failure : { kind: 'network' };
}

/** A message about the last request that belongs to no single field. */
export type Notice = { kind: 'network' } | { kind: 'rate-limited'; minutes: number } | { kind: 'server'; message?: string };

/** The notice for a failure that is not about fields: no connection, too many attempts (whole minutes), or the server. */
export function noticeOf(failure: ApiFailure): Notice {
  if (failure.kind === 'network') return failure;
  if (failure.kind === 'rate-limited') return { kind: 'rate-limited', minutes: Math.max(1, Math.ceil(failure.retryAfterSeconds / 60)) };
  return { kind: 'server' };
}

/** The texts a notice needs; `serverError` is each widget's own ("Die Anmeldung ist gerade nicht möglich …"). */
export interface NoticeTexts {
  networkError: string;
  rateLimited: (minutes: number) => string;
  serverError: string;
}

/** The status line for a notice, in the widget's language. */
export function noticeText(notice: Notice, t: NoticeTexts): string {
  if (notice.kind === 'network') return t.networkError;
  if (notice.kind === 'rate-limited') return t.rateLimited(notice.minutes);
  return notice.message || t.serverError;
}

const DEFAULT_RETRY_SECONDS = 60;

/** Seconds to wait from a `Retry-After` header, which may be seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number {
  if (!header) return DEFAULT_RETRY_SECONDS;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? DEFAULT_RETRY_SECONDS : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * A thin fetch wrapper for the plugin's public routes (`{api}/api/civic-dialog/…`). Every failure
 * becomes an `ApiRequestError` whose `failure` the widgets map to their own localized messages.
 */
export class CivicApiClient {
  private readonly base: string;

  constructor(api: string) {
    this.base = `${api.replace(/\/+$/, '')}/api/civic-dialog`;
  }

  async topics(locale: Locale): Promise<PublicTopic[]> {
    return (await this.request<TopicList>(`/topics?locale=${locale}`)).data;
  }

  async legalText(locale: Locale, purpose = 'newsletter'): Promise<PublicLegalText> {
    const query = `locale=${locale}&purpose=${encodeURIComponent(purpose)}`;
    return (await this.request<LegalTextResponse>(`/legal-texts/current?${query}`)).data;
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('POST', path, body);
  }

  /** A JSON request; a `sessionToken` (preference center) goes out as a bearer token. */
  send<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown, sessionToken?: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (sessionToken) headers.Authorization = `Bearer ${sessionToken}`;
    return this.request<T>(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  private async request<T>(path: string, init: RequestInit = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.base + path, init);
    } catch {
      throw new ApiRequestError({ kind: 'network' });
    }
    if (response.status === 429) {
      const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'));
      throw new ApiRequestError({ kind: 'rate-limited', retryAfterSeconds });
    }
    const json: unknown = await response.json().catch(() => null);
    if (response.ok && json) return json as T;
    const error = (json as ApiError | null)?.error;
    const message = error?.message ?? response.statusText;
    if (response.status === 400 && error) {
      const fieldErrors = (error.details?.errors ?? []).map((issue) => ({
        field: issue.path[0] ?? '',
        // The whole path, for fields inside a map, e.g. ['answers', '<questionId>'] of a survey.
        path: issue.path,
        message: issue.message,
      }));
      throw new ApiRequestError({ kind: 'validation', message, fieldErrors });
    }
    throw new ApiRequestError({ kind: 'server', status: response.status, message });
  }
}
