import type { Strapi } from './types';

/**
 * A background job of this process: one run at a time (a call during a run waits for it, then runs
 * itself), every `intervalMs` once started (0 = off), and on stop no new run while the running one
 * finishes. Which instance may do the work is the job's own business (claims, locks).
 */
export function periodicJob<T>(strapi: Strapi, name: string, run: (now: Date) => Promise<T>) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<T> | null = null;

  async function runNow(now: Date = new Date()): Promise<T> {
    while (running) await running.catch(() => undefined);
    running = run(now).finally(() => {
      running = null;
    });
    return running;
  }

  return {
    runNow,
    start(intervalMs: number) {
      if (intervalMs <= 0) return;
      if (timer) clearInterval(timer);
      timer = setInterval(() => {
        // A tick during a run is skipped, not queued behind it: queued ticks would run after stop().
        if (running) return;
        runNow().catch((error) => strapi.log.error(`civic-dialog: ${name} failed: ${error?.stack ?? error}`));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
