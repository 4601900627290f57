import { describe, expect, it } from 'vitest';
import { atLocalHour, isTimeZone, localDay, toIso } from './time';

describe('dates from raw SQL', () => {
  it('become ISO strings whether the driver gave a Date, epoch milliseconds or a string', () => {
    const iso = '2026-01-02T03:04:05.000Z';
    expect(toIso(new Date(iso))).toBe(iso);
    expect(toIso(Date.parse(iso))).toBe(iso);
    expect(toIso(String(Date.parse(iso)))).toBe(iso);
    expect(toIso(iso)).toBe(iso);
    expect(toIso(null)).toBeNull();
    expect(toIso('garbage')).toBeNull();
  });
});

describe('local wall-clock times', () => {
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
  const at = (iso: string, hour: number) => atLocalHour(day(iso), hour, 'Europe/Berlin').toISOString();

  it('turns a local day and hour into an instant, summer and winter time', () => {
    expect(at('2026-12-07', 7)).toBe('2026-12-07T06:00:00.000Z');
    expect(at('2026-07-06', 7)).toBe('2026-07-06T05:00:00.000Z');
    expect(at('2026-12-07', 0)).toBe('2026-12-06T23:00:00.000Z');
  });

  it('on the days the clocks change: the skipped hour falls on the next, the doubled one on its second time', () => {
    expect(at('2026-03-29', 1)).toBe('2026-03-29T00:00:00.000Z');
    expect(at('2026-03-29', 2)).toBe('2026-03-29T01:00:00.000Z');
    expect(at('2026-03-29', 3)).toBe('2026-03-29T01:00:00.000Z');
    expect(at('2026-03-29', 4)).toBe('2026-03-29T02:00:00.000Z');
    expect(at('2026-10-25', 1)).toBe('2026-10-24T23:00:00.000Z');
    expect(at('2026-10-25', 2)).toBe('2026-10-25T01:00:00.000Z');
    expect(at('2026-10-25', 3)).toBe('2026-10-25T02:00:00.000Z');
  });

  it('names the local day and ISO weekday of an instant', () => {
    // Sunday 23:30 UTC is already Monday in Berlin.
    expect(localDay(new Date('2026-12-06T23:30:00Z'), 'Europe/Berlin')).toEqual({ day: day('2026-12-07'), weekday: 1 });
    expect(localDay(new Date('2026-12-06T22:30:00Z'), 'Europe/Berlin')).toEqual({ day: day('2026-12-06'), weekday: 7 });
    expect(localDay(new Date('2026-12-06T23:30:00Z'), 'UTC')).toEqual({ day: day('2026-12-06'), weekday: 7 });
  });

  it('knows IANA zones and refuses anything else', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mitteleuropa')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone(1)).toBe(false);
  });
});
