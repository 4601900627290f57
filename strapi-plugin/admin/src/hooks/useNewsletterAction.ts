import * as React from 'react';
import { useAPIErrorHandler, useFetchClient } from '@strapi/strapi/admin';

import { PLUGIN_ID } from '../pluginId';
import { describeFetchError } from './useAdminGet';

export type NewsletterActionName = 'testSend' | 'send' | 'approve' | 'pause' | 'resume' | 'cancel';

const ROUTES: Record<NewsletterActionName, string> = {
  testSend: 'test-send',
  send: 'send',
  approve: 'approve',
  pause: 'pause',
  resume: 'resume',
  cancel: 'cancel',
};

export interface ActionOutcome {
  action: NewsletterActionName;
  ok: boolean;
  /** The server's message of a refused action (4xx), shown next to the button. */
  message?: string;
  /** The successful answer, for the confirmation text. */
  data?: unknown;
}

/**
 * POSTs one action of the newsletter admin API. The last outcome stays until the next action, so
 * the panel shows the result (or the server's reason for a refusal) next to the button pressed.
 */
export function useNewsletterAction(documentId: string, onChanged: () => void) {
  const { post } = useFetchClient();
  const { formatAPIError } = useAPIErrorHandler();
  const [running, setRunning] = React.useState<NewsletterActionName>();
  const [outcome, setOutcome] = React.useState<ActionOutcome>();

  const run = React.useCallback(
    async (action: NewsletterActionName, body: object = {}): Promise<ActionOutcome> => {
      setRunning(action);
      setOutcome(undefined);
      let result: ActionOutcome;
      try {
        const { data } = await post(`/${PLUGIN_ID}/newsletters/${encodeURIComponent(documentId)}/${ROUTES[action]}`, body);
        result = { action, ok: true, data };
        onChanged();
      } catch (reason) {
        result = { action, ok: false, message: describeFetchError(reason, formatAPIError).message };
        // A refusal often means someone else acted meanwhile (sent, paused): show the current state.
        onChanged();
      } finally {
        setRunning(undefined);
      }
      setOutcome(result);
      return result;
    },
    [post, formatAPIError, documentId, onChanged],
  );

  return { run, running, outcome };
}
