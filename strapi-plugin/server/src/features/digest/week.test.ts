import { describe, expect, it } from 'vitest';
import { dueAt, isoWeek, nextDueAt } from './week';

describe('digest weeks', () => {
  it('names ISO weeks, the year decided by the Thursday', () => {
    expect(isoWeek(new Date('2026-12-03T13:00:00Z'))).toBe('2026-W49');
    expect(isoWeek(new Date('2027-01-01T00:00:00Z'))).toBe('2026-W53');
    expect(isoWeek(new Date('2025-12-29T00:00:00Z'))).toBe('2026-W01');
    expect(isoWeek(new Date('2026-12-06T23:59:59Z'))).toBe('2026-W49');
    expect(isoWeek(new Date('2026-12-07T00:00:00Z'))).toBe('2026-W50');
  });

  it('falls due on the configured weekday and hour (UTC) of the week', () => {
    expect(dueAt(new Date('2026-12-03T13:00:00Z'), 1, 7).toISOString()).toBe('2026-11-30T07:00:00.000Z');
    expect(dueAt(new Date('2026-12-06T23:00:00Z'), 7, 18).toISOString()).toBe('2026-12-06T18:00:00.000Z');
    expect(nextDueAt(new Date('2026-12-03T13:00:00Z'), 1, 7).toISOString()).toBe('2026-12-07T07:00:00.000Z');
    expect(nextDueAt(new Date('2026-12-03T13:00:00Z'), 5, 9).toISOString()).toBe('2026-12-04T09:00:00.000Z');
  });
});
