import { describe, expect, it } from 'vitest';

import { parseSchedule, parseTestAddresses, progressOf, toLocalInputValue } from './newsletters';

describe('test send addresses', () => {
  it('takes addresses separated by commas, semicolons, spaces or lines, once each', () => {
    expect(parseTestAddresses(' a@musterstadt.example, b@musterstadt.example;\na@musterstadt.example ')).toEqual({
      emails: ['a@musterstadt.example', 'b@musterstadt.example'],
    });
  });

  it('asks for an address when none was typed', () => {
    expect(parseTestAddresses(' , ').problem).toBe('none');
  });

  it('refuses more than five addresses', () => {
    const six = Array.from({ length: 6 }, (_, i) => `p${i}@musterstadt.example`).join(',');
    expect(parseTestAddresses(six).problem).toBe('tooMany');
  });

  it('names the first address that is not an email address', () => {
    expect(parseTestAddresses('a@musterstadt.example, kein-at.example')).toEqual({
      emails: ['a@musterstadt.example', 'kein-at.example'],
      problem: 'invalid',
      invalid: 'kein-at.example',
    });
  });
});

describe('schedule', () => {
  const inMinutes = (minutes: number) => toLocalInputValue(new Date(Date.now() + minutes * 60_000));

  it('turns the local date and time into an ISO instant', () => {
    const local = inMinutes(90);
    expect(parseSchedule(local)).toEqual({ scheduledAt: new Date(local).toISOString() });
  });

  it('refuses an empty field, a time in the past and one more than a year ahead', () => {
    expect(parseSchedule('').problem).toBe('missing');
    expect(parseSchedule(inMinutes(-10)).problem).toBe('past');
    expect(parseSchedule(inMinutes(367 * 24 * 60)).problem).toBe('tooFar');
  });
});

describe('progress', () => {
  it('counts sent, failed and uncertain recipients as done', () => {
    expect(progressOf({ recipients: 5000, sent: 1234, failed: 10, uncertain: 6 })).toEqual({ done: 1250, total: 5000, percent: 25 });
  });

  it('is 0 % for a send without recipients (no division by zero)', () => {
    expect(progressOf({ recipients: 0, sent: 0, failed: 0, uncertain: 0 }).percent).toBe(0);
  });
});
