import { afterEach, describe, expect, it, vi } from 'vitest';
import { periodicJob } from './periodic-job';

const strapi = { log: { error: vi.fn() } } as any;

afterEach(() => {
  vi.useRealTimers();
});

describe('periodicJob', () => {
  it('runs nothing after stop(), even when ticks came during a long run', async () => {
    vi.useFakeTimers();
    let finish!: () => void;
    const run = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const job = periodicJob(strapi, 'test', run);
    job.start(10);
    await vi.advanceTimersByTimeAsync(10);
    expect(run).toHaveBeenCalledTimes(1);
    // Five ticks while the first run is still under way.
    await vi.advanceTimersByTimeAsync(50);
    const stopped = job.stop();
    finish();
    await stopped;
    await vi.advanceTimersByTimeAsync(100);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('a run asked for during a run waits for it, then runs', async () => {
    let finish!: () => void;
    const order: string[] = [];
    const job = periodicJob(strapi, 'test', async () => {
      order.push('start');
      await new Promise<void>((resolve) => (finish = resolve));
      order.push('end');
    });
    const first = job.runNow();
    const second = job.runNow();
    finish();
    await first;
    await vi.waitFor(() => expect(order).toEqual(['start', 'end', 'start']));
    finish();
    await second;
    expect(order).toEqual(['start', 'end', 'start', 'end']);
  });
});
