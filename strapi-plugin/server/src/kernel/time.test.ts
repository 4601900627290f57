import { describe, expect, it } from 'vitest';
import { toIso } from './time';

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
