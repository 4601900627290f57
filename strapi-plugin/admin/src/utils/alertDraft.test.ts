import { describe, expect, it } from 'vitest';

import { alertRequest, checkAlertDraft, emptyAlertDraft, firstProblemField, problemsOf, type AlertDraft } from './alertDraft';

const NOW = new Date('2026-12-03T10:00:00Z');
const draft = (overrides: Partial<AlertDraft> = {}): AlertDraft => ({ ...emptyAlertDraft(), shortTextDe: 'Hochwasser an der Aue.', ...overrides });

describe('the alert form', () => {
  it('a new form is for the whole town, a warning, valid a day from now (as the datetime-local input holds it)', () => {
    expect(emptyAlertDraft(NOW)).toMatchObject({ wholeTown: true, severity: 'warning', shortTextDe: '' });
    expect(new Date(emptyAlertDraft(NOW).validUntil).getTime()).toBe(NOW.getTime() + 24 * 3_600_000);
  });

  it('sends what the server expects: empty optional texts left out, districts instead of the whole town, the time as an ISO instant', () => {
    const body = alertRequest(draft({ shortTextEn: '  ', mailTextDe: 'Details', wholeTown: false, districts: ['nord'], validUntil: '2030-01-01T12:00' }));
    expect(body).toEqual({
      shortText: { de: 'Hochwasser an der Aue.', en: undefined },
      mailText: { de: 'Details', en: undefined },
      severity: 'warning',
      area: { districts: ['nord'], postalCodes: [] },
      validUntil: new Date('2030-01-01T12:00').toISOString(),
    });
    expect(checkAlertDraft(draft())).toMatchObject({ input: { area: { wholeTown: true, districts: [], postalCodes: [] } } });
  });

  it('names each field’s problem with the server’s schema: missing or too long texts, no area, a bad postal code, a time gone by', () => {
    const { problems } = checkAlertDraft(
      draft({ shortTextDe: '', shortTextEn: 'x'.repeat(161), mailTextEn: 'y'.repeat(5001), wholeTown: false, validUntil: '2020-01-01T00:00' }),
    );
    expect(problems).toEqual({ shortTextDe: 'required', shortTextEn: 'tooLong', mailTextEn: 'tooLong', area: 'area', validUntil: 'future' });
    expect(firstProblemField(problems!)).toBe('shortTextDe');
    expect(checkAlertDraft(draft({ wholeTown: false, postalCodes: ['<script>'] })).problems).toEqual({ area: 'postalCode' });
    expect(checkAlertDraft(draft({ validUntil: '' })).problems).toEqual({ validUntil: 'date' });
    // Hidden characters (a bidi override) in a text, a web address as a district: said as such, not "too long".
    expect(checkAlertDraft(draft({ shortTextDe: 'Wasser \u202Eneztuhcs\u202C', mailTextDe: 'Zeile\nZeile' })).problems).toEqual({ shortTextDe: 'hidden' });
    expect(checkAlertDraft(draft({ wholeTown: false, districts: ['evil.example'] })).problems).toEqual({ area: 'district' });
    expect(checkAlertDraft(draft({ severity: '' })).problems).toEqual({ severity: 'required' });
  });

  it('reads a 400’s details the same way (path and message as the server lists them)', () => {
    expect(
      problemsOf([
        { path: ['shortText', 'de'], message: 'shortText.de Too big: expected string to have <=160 characters' },
        { path: ['validUntil'], message: 'validUntil must be in the future' },
        { path: ['area', 'wholeTown'], message: 'area.wholeTown choose the whole town, or at least one district or postal code (not both)' },
      ]),
    ).toEqual({ shortTextDe: 'tooLong', validUntil: 'future', area: 'area' });
  });
});
