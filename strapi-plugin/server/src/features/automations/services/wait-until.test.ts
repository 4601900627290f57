import { describe, expect, it } from 'vitest';
import { nextWeekdayHour } from './automations';

const BERLIN = 'Europe/Berlin';
const next = (now: string, weekday: number, hour: number, timeZone = BERLIN) => nextWeekdayHour(new Date(now), weekday, hour, timeZone).toISOString();

describe('wait until a weekday and hour (the town\'s local time)', () => {
  it('is the next such local time: later today, later this week, or a week on', () => {
    // Wednesday 2 January 2030, 13:00 in Berlin (winter time, UTC+1).
    expect(next('2030-01-02T12:00:00Z', 1, 9)).toBe('2030-01-07T08:00:00.000Z');
    expect(next('2030-01-02T12:00:00Z', 3, 14)).toBe('2030-01-02T13:00:00.000Z');
    expect(next('2030-01-02T12:00:00Z', 3, 13)).toBe('2030-01-09T12:00:00.000Z');
    expect(next('2030-01-02T12:00:00Z', 1, 9, 'UTC')).toBe('2030-01-07T09:00:00.000Z');
    // Summer time (UTC+2); and Sunday 23:30 UTC is Monday 01:30 in Berlin: Monday 09:00 is that day.
    expect(next('2030-07-03T12:00:00Z', 1, 9)).toBe('2030-07-08T07:00:00.000Z');
    expect(next('2030-07-07T23:30:00Z', 1, 9)).toBe('2030-07-08T07:00:00.000Z');
  });

  it('keeps the local hour across the clock changes', () => {
    // Spring 2030: Sunday 31 March 02:00 → 03:00.
    expect(next('2030-03-27T12:00:00Z', 1, 9)).toBe('2030-04-01T07:00:00.000Z');
    expect(next('2030-03-30T12:00:00Z', 7, 2)).toBe('2030-03-31T01:00:00.000Z');
    // Autumn 2030: Sunday 27 October 03:00 → 02:00.
    expect(next('2030-10-23T12:00:00Z', 1, 9)).toBe('2030-10-28T08:00:00.000Z');
    expect(next('2030-10-26T12:00:00Z', 7, 12)).toBe('2030-10-27T11:00:00.000Z');
  });
});
