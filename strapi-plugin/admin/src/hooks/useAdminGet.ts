import * as React from 'react';
import { isFetchError, useAPIErrorHandler, useFetchClient } from '@strapi/strapi/admin';

export type QueryParams = Record<string, string | number | undefined>;

export interface AdminGetState<T> {
  /** The last successful response; kept while a newer request runs so tables do not flicker. */
  data: T | undefined;
  loading: boolean;
  /** `error` is Strapi's error body of the refusal (its `details` name the problems), when there is one. */
  error: { status: number | undefined; message: string; error?: { details?: unknown } } | undefined;
  reload: () => void;
}

/** GET an admin route of the plugin; requests again whenever path or params change. */
export function useAdminGet<T>(path: string, params: QueryParams = {}): AdminGetState<T> {
  const { get } = useFetchClient();
  const { formatAPIError } = useAPIErrorHandler();
  const [data, setData] = React.useState<T>();
  const [loading, setLoading] = React.useState(true);
  const [error, setError] = React.useState<AdminGetState<T>['error']>();
  const [attempt, setAttempt] = React.useState(0);
  // The fetch client serialises params without encoding ("+" in an email would arrive as a
  // space), so we pass an encoded query string; it also gives a stable dependency.
  const search = toSearch(params);

  React.useEffect(() => {
    let current = true;
    setLoading(true);
    setError(undefined);
    get<T>(path, { params: search })
      .then((response) => {
        if (current) setData(response.data);
      })
      .catch((reason: unknown) => {
        if (current) setError(describeFetchError(reason, formatAPIError));
      })
      .finally(() => {
        if (current) setLoading(false);
      });
    // A late answer to an older query must not overwrite the newer one.
    return () => {
      current = false;
    };
  }, [get, formatAPIError, path, search, attempt]);

  // Loading from the call on, not from the next effect: a dialog that asks again never shows the old answer as current.
  const reload = React.useCallback(() => {
    setLoading(true);
    setAttempt((n) => n + 1);
  }, []);
  return { data, loading, error, reload };
}

function toSearch(params: QueryParams) {
  const defined = Object.entries(params).filter(
    (entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '',
  );
  return new URLSearchParams(defined.map(([key, value]) => [key, String(value)])).toString();
}

/** A failed request as status and the server's message (Strapi's error shape), else the fetch message. */
export function describeFetchError(
  reason: unknown,
  formatAPIError: ReturnType<typeof useAPIErrorHandler>['formatAPIError'],
): NonNullable<AdminGetState<unknown>['error']> {
  if (isFetchError(reason)) {
    let message = reason.message;
    try {
      message = formatAPIError(reason) || message;
    } catch {
      // Not in Strapi's error shape (e.g. a proxy page): keep the fetch message.
    }
    return { status: reason.status, message, error: reason.response?.data?.error };
  }
  return { status: undefined, message: reason instanceof Error ? reason.message : String(reason) };
}
