import * as React from 'react';
import { useAPIErrorHandler, useFetchClient } from '@strapi/strapi/admin';

import { PLUGIN_ID } from '../pluginId';
import { newsletterProblemsOf, newsletterProblemText, refusalOf } from '../utils/newsletters';
import { describeFetchError } from './useAdminGet';
import { useTranslate } from './useTranslate';

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
  /** Why the action was refused (4xx), in the editor's language when the refusal is a known one, shown next to the button. */
  message?: string;
  /** What keeps the newsletter from going out (a 400 naming its problems), each in the editor's language, listed under `message`. */
  problems?: string[];
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
  const t = useTranslate();
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
        const { status, message, error } = describeFetchError(reason, formatAPIError);
        const problems = newsletterProblemsOf(status, error);
        const refusal = refusalOf(status, error);
        result = problems
          ? { action, ok: false, message: t('newsletter.problems.intro'), problems: problems.map((problem) => newsletterProblemText(t, problem)) }
          : { action, ok: false, message: refusal ? t(`newsletter.refused.${refusal}`) : t('newsletter.refused.other', { detail: message }) };
        // A refusal often means someone else acted meanwhile (sent, paused): show the current state.
        onChanged();
      } finally {
        setRunning(undefined);
      }
      setOutcome(result);
      return result;
    },
    [post, formatAPIError, t, documentId, onChanged],
  );

  return { run, running, outcome };
}
