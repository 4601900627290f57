import { describe, expect, it } from 'vitest';
import { dueAt, isoWeek, nextDueAt } from './week';

const BERLIN = 'Europe/Berlin';

describe('digest weeks', () => {
  it('names ISO weeks, the year decided by the Thursday', () => {
    expect(isoWeek(new Date('2026-12-03T13:00:00Z'), 'UTC')).toBe('2026-W49');
    expect(isoWeek(new Date('2027-01-01T00:00:00Z'), 'UTC')).toBe('2026-W53');
    expect(isoWeek(new Date('2025-12-29T00:00:00Z'), 'UTC')).toBe('2026-W01');
    expect(isoWeek(new Date('2026-12-06T23:59:59Z'), 'UTC')).toBe('2026-W49');
    expect(isoWeek(new Date('2026-12-07T00:00:00Z'), 'UTC')).toBe('2026-W50');
  });

  it("counts the town's local week: Sunday 23:30 UTC is Monday in Berlin", () => {
    expect(isoWeek(new Date('2026-12-06T23:30:00Z'), BERLIN)).toBe('2026-W50');
    expect(isoWeek(new Date('2026-12-06T22:59:59Z'), BERLIN)).toBe('2026-W49');
    expect(isoWeek(new Date('2026-12-31T23:30:00Z'), BERLIN)).toBe('2026-W53');
  });

  it('falls due on the configured weekday and hour, local time in winter and in summer', () => {
    expect(dueAt(new Date('2026-12-03T13:00:00Z'), 1, 7, BERLIN).toISOString()).toBe('2026-11-30T06:00:00.000Z');
    expect(dueAt(new Date('2026-07-09T13:00:00Z'), 1, 7, BERLIN).toISOString()).toBe('2026-07-06T05:00:00.000Z');
    expect(dueAt(new Date('2026-12-06T22:00:00Z'), 7, 18, BERLIN).toISOString()).toBe('2026-12-06T17:00:00.000Z');
    expect(nextDueAt(new Date('2026-12-03T13:00:00Z'), 1, 7, BERLIN).toISOString()).toBe('2026-12-07T06:00:00.000Z');
    expect(nextDueAt(new Date('2026-12-03T13:00:00Z'), 5, 9, BERLIN).toISOString()).toBe('2026-12-04T08:00:00.000Z');
    expect(dueAt(new Date('2026-12-03T13:00:00Z'), 1, 7, 'UTC').toISOString()).toBe('2026-11-30T07:00:00.000Z');
  });

  it('keeps the local hour across the weeks the clocks change', () => {
    // Spring: Sunday 29 March 2026 02:00 → 03:00. Monday 07:00 is 06:00 UTC before, 05:00 UTC after.
    const sundayMorning = new Date('2026-03-29T00:30:00Z');
    expect(dueAt(sundayMorning, 1, 7, BERLIN).toISOString()).toBe('2026-03-23T06:00:00.000Z');
    expect(nextDueAt(sundayMorning, 1, 7, BERLIN).toISOString()).toBe('2026-03-30T05:00:00.000Z');
    // A due time on the change day itself: Sunday 09:00 CEST.
    expect(dueAt(sundayMorning, 7, 9, BERLIN).toISOString()).toBe('2026-03-29T07:00:00.000Z');
    // Sunday 23:30 CEST, the change day's evening: Monday midnight is half an hour on (the week had 167 hours).
    expect(nextDueAt(new Date('2026-03-29T21:30:00Z'), 1, 0, BERLIN).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // Autumn: Sunday 25 October 2026 03:00 → 02:00.
    expect(nextDueAt(new Date('2026-10-24T12:00:00Z'), 1, 7, BERLIN).toISOString()).toBe('2026-10-26T06:00:00.000Z');
    expect(dueAt(new Date('2026-10-24T12:00:00Z'), 1, 7, BERLIN, -1).toISOString()).toBe('2026-10-12T05:00:00.000Z');
  });
});
