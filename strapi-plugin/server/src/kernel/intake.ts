import { AsyncResource } from 'node:async_hooks';
import { errors } from '@strapi/utils';
import { redactEmails } from './log-redaction';
import type { Strapi } from './types';

// Bound while the bundle loads, outside any request: work started from a request must not run in
// that request's async context (its transaction, Strapi's request context).
const outsideRequest = AsyncResource.bind((run: () => void) => setImmediate(run));

/** How many accepted requests do their work at once (SQLite writes one at a time anyway). */
const CONCURRENCY = 4;
/** Beyond this many waiting requests the form answers 429: memory stays bounded under a flood. */
const MAX_WAITING = 5_000;

/**
 * The work a public form does for an email address — looking it up, writing pending rows, queueing
 * the mail — runs here, after the answer. The form checks everything that does not depend on the
 * address first and answers 202; so the answer is the same, in status, bytes and time, whether the
 * address is known or not (invariant 2, issue 10). Each piece of work is one transaction of its own.
 * A crash between answer and work loses that request (the citizen gets no mail and asks again),
 * as a crash in a request would.
 */
const intake = ({ strapi }: { strapi: Strapi }) => {
  const waiting: Array<{ what: string; work: () => Promise<void> }> = [];
  let running = 0;
  let idle: Array<() => void> = [];

  function settled() {
    if (running || waiting.length) return;
    const resolve = idle;
    idle = [];
    for (const done of resolve) done();
  }

  function pump() {
    while (running < CONCURRENCY && waiting.length) {
      const { what, work } = waiting.shift()!;
      running += 1;
      work()
        .catch((error: unknown) => {
          // The address is the secret here: the log names the form and the error, never the input.
          const name = (error as Error)?.name ?? 'Error';
          const message = redactEmails(String((error as Error)?.message ?? error));
          strapi.log.warn(`civic-dialog: ${what} failed after its answer (${name}: ${message})`);
        })
        .finally(() => {
          running -= 1;
          pump();
          settled();
        });
    }
  }

  return {
    /** Runs `work` after the current answer has been sent; a 429 when too much is waiting already. */
    afterAnswer(what: string, work: () => Promise<void>): void {
      if (waiting.length >= MAX_WAITING) throw new errors.RateLimitError('Too many requests are waiting, please try again in a minute.', { retryAfter: 60 });
      waiting.push({ what, work });
      // Start once the answer has left: SQLite's driver blocks the event loop, so work started
      // earlier would hold the answer back by as long as the address's work takes (a timing oracle).
      // 'close' also comes when the client went away, so no work waits for ever.
      const res = (strapi.requestContext.get() as { res?: { writableFinished?: boolean; once(event: 'close', listener: () => void): unknown } } | undefined)?.res;
      if (res && !res.writableFinished) res.once('close', () => outsideRequest(pump));
      else outsideRequest(pump);
    },

    /** Resolves once no work is waiting or running (tests, shutdown). */
    settle(): Promise<void> {
      if (!running && !waiting.length) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },

    /** Destroy: lets the accepted work finish (at most 10 s). */
    async stop(): Promise<void> {
      await Promise.race([this.settle(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    },
  };
};

export default intake;
export type IntakeService = ReturnType<typeof intake>;
