import { describe, expect, it } from 'vitest';
import { lastWeeks } from './stats';

describe('lastWeeks (Europe/Berlin)', () => {
  it('gives Monday-midnight weeks, oldest first, the one holding now last, across a DST change', () => {
    // Wednesday 1 April 2026, 10:00 in Berlin (CEST since Sunday 29 March).
    const weeks = lastWeeks(new Date('2026-04-01T08:00:00Z'), 3, 'Europe/Berlin');
    expect(weeks.map((week) => [week.start, week.starts.toISOString(), week.ends.toISOString()])).toEqual([
      ['2026-03-16', '2026-03-15T23:00:00.000Z', '2026-03-22T23:00:00.000Z'],
      ['2026-03-23', '2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
      ['2026-03-30', '2026-03-29T22:00:00.000Z', '2026-04-05T22:00:00.000Z'],
    ]);
  });

  it('takes the Berlin date, not the UTC one: Sunday 23:30 UTC is already Monday in Berlin', () => {
    const [week] = lastWeeks(new Date('2026-11-29T23:30:00Z'), 1, 'Europe/Berlin');
    expect(week).toEqual({ start: '2026-11-30', starts: new Date('2026-11-29T23:00:00Z'), ends: new Date('2026-12-06T23:00:00Z') });
    // And a Monday just before midnight in Berlin stays in its week.
    expect(lastWeeks(new Date('2026-11-30T22:59:59Z'), 1, 'Europe/Berlin')[0]!.start).toBe('2026-11-30');
    expect(lastWeeks(new Date('2026-11-29T22:59:59Z'), 1, 'Europe/Berlin')[0]!.start).toBe('2026-11-23');
  });
});
