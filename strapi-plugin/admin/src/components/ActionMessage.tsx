import * as React from 'react';
import { Box, Typography } from '@strapi/design-system';

import { ProblemList } from './NewsletterProblems';

/** What an action ended with (e.g. useNewsletterAction's ActionOutcome): the server's reason for a refusal and its problems, or success. */
export interface ActionOutcomeLike {
  action: string;
  ok: boolean;
  message?: string;
  problems?: string[];
}

interface ActionMessageProps<O extends ActionOutcomeLike> {
  /** The last outcome of any action; shown only when it belongs to one of `actions`. */
  outcome: O | undefined;
  actions: Array<O['action']>;
  /** The confirmation text of a successful action. */
  success: (outcome: O) => string;
}

/**
 * The result of an action next to its button: the server's reason for a refusal, or what happened.
 * It takes the focus when it appears, so keyboard and screen reader users land on the answer (the
 * button they pressed may have gone, e.g. "Senden" once the send runs).
 */
export function ActionMessage<O extends ActionOutcomeLike>({ outcome, actions, success }: ActionMessageProps<O>) {
  const ref = React.useRef<HTMLDivElement>(null);
  const shown = outcome && actions.includes(outcome.action) ? outcome : undefined;

  React.useEffect(() => {
    // After the dialog that started the action has returned the focus to its trigger.
    if (!shown) return;
    const frame = window.requestAnimationFrame(() => ref.current?.focus());
    return () => window.cancelAnimationFrame(frame);
  }, [shown]);

  if (!shown) return null;
  return (
    <Box
      ref={ref}
      tabIndex={-1}
      role={shown.ok ? 'status' : 'alert'}
      background={shown.ok ? 'success100' : 'danger100'}
      borderColor={shown.ok ? 'success200' : 'danger200'}
      hasRadius
      padding={3}
    >
      <Typography variant="omega" textColor={shown.ok ? 'success700' : 'danger700'}>
        {shown.ok ? success(shown) : shown.message}
      </Typography>
      {!shown.ok && shown.problems?.length ? (
        <ProblemList texts={shown.problems} variant="omega" />
      ) : null}
    </Box>
  );
}
