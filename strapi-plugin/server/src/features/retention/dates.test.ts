import { describe, expect, it } from 'vitest';
import { addMonthsUtc, cutoffs, deletionDates, dueDay, utcDay } from './dates';

const settings = {
  checkIntervalMs: 0,
  batchSize: 1000,
  pendingGraceDays: 7,
  tokenGraceDays: 7,
  registrationDaysAfterEvent: 30,
  mailDays: 90,
  consentNetworkMonths: 6,
  auditYears: 3,
};
const WEEK = 7 * 86_400;

describe('retention dates', () => {
  it('moves by calendar months, the 31st to the last day of a shorter month', () => {
    expect(addMonthsUtc(new Date('2026-08-31T10:00:00Z'), -6).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonthsUtc(new Date('2024-08-31T10:00:00Z'), -6).toISOString()).toBe('2024-02-29T10:00:00.000Z');
    expect(addMonthsUtc(new Date('2026-01-15T00:00:00Z'), -36).toISOString()).toBe('2023-01-15T00:00:00.000Z');
    expect(addMonthsUtc(new Date('2026-11-30T00:00:00Z'), 3).toISOString()).toBe('2027-02-28T00:00:00.000Z');
  });

  it('cuts off each rule at its own distance from now', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const cut = cutoffs(settings, WEEK, now);
    expect(cut.pendingCreatedBefore.toISOString()).toBe('2026-11-18T12:00:00.000Z');
    expect(cut.tokensDoneBefore.toISOString()).toBe('2026-11-25T12:00:00.000Z');
    expect(cut.eventsEndedBefore.toISOString()).toBe('2026-11-02T12:00:00.000Z');
    expect(cut.mailsCreatedBefore.toISOString()).toBe('2026-09-03T12:00:00.000Z');
    expect(cut.consentsCreatedBefore.toISOString()).toBe('2026-06-02T12:00:00.000Z');
    expect(cut.auditCreatedBefore.toISOString()).toBe('2023-12-02T12:00:00.000Z');
  });

  it('a deletion date is exactly where the cutoff passes the row', () => {
    const dates = deletionDates(settings, WEEK);
    for (const created of [new Date('2026-03-31T08:00:00Z'), new Date('2026-05-14T08:00:00Z')])
    for (const [date, cutoff] of [
      [dates.pending(created), 'pendingCreatedBefore'],
      [dates.mail(created), 'mailsCreatedBefore'],
      [dates.consentNetworkData(created), 'consentsCreatedBefore'],
      [dates.registration(created), 'eventsEndedBefore'],
    ] as const) {
      expect(cutoffs(settings, WEEK, new Date(date.getTime() + 1))[cutoff].getTime()).toBeGreaterThan(created.getTime());
      expect(cutoffs(settings, WEEK, new Date(date.getTime() - 1))[cutoff].getTime()).toBeLessThanOrEqual(created.getTime());
    }
  });

  it('names the UTC day of a run and the day a deletion is due', () => {
    expect(utcDay(new Date('2026-12-02T23:59:59Z'))).toBe('2026-12-02');
    expect(dueDay(new Date('2026-12-02T00:00:00Z'))).toBe('2026-12-02');
    expect(dueDay(new Date('2026-12-02T00:00:01Z'))).toBe('2026-12-03');
  });
});
