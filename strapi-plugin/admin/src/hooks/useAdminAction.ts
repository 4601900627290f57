import * as React from 'react';
import { useAPIErrorHandler, useFetchClient } from '@strapi/strapi/admin';

import { describeFetchError, type AdminGetState } from './useAdminGet';

export interface AdminActionOutcome<A extends string> {
  action: A;
  ok: boolean;
  /** The server's answer of a success (its `data`). */
  data?: unknown;
  /** Why it was refused: the server's message, and its status and error body (a 400's `details` name the fields). */
  message?: string;
  failure?: NonNullable<AdminGetState<unknown>['error']>;
}

/**
 * POSTs or PUTs one action of an admin route and keeps its last outcome until the next action, so
 * the page shows the answer (ActionMessage) next to what the editor pressed.
 */
export function useAdminAction<A extends string>() {
  const { post, put } = useFetchClient();
  const { formatAPIError } = useAPIErrorHandler();
  const [running, setRunning] = React.useState<A>();
  const [outcome, setOutcome] = React.useState<AdminActionOutcome<A>>();

  const run = React.useCallback(
    async (action: A, method: 'POST' | 'PUT', path: string, body: object = {}): Promise<AdminActionOutcome<A>> => {
      setRunning(action);
      setOutcome(undefined);
      let result: AdminActionOutcome<A>;
      try {
        const response = await (method === 'POST' ? post : put)<{ data: unknown }>(path, body);
        result = { action, ok: true, data: response.data.data };
      } catch (reason) {
        const failure = describeFetchError(reason, formatAPIError);
        result = { action, ok: false, message: failure.message, failure };
      } finally {
        setRunning(undefined);
      }
      setOutcome(result);
      return result;
    },
    [post, put, formatAPIError],
  );

  return { run, running, outcome, setOutcome };
}
