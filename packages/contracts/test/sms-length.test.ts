import { describe, expect, it } from 'vitest';
import { isGsm7, smsLength } from '../src/rules/sms-length';
import { smsConsentsRequestSchema, smsPhoneRequestSchema, smsVerifyRequestSchema } from '../src/sms';

describe('smsLength', () => {
  it('counts an empty text as no segment', () => {
    expect(smsLength('')).toMatchObject({ encoding: 'GSM-7', segments: 0, units: 0 });
  });

  it('fits 160 GSM-7 characters (German umlauts included) into one SMS, 161 into two of 153', () => {
    expect(smsLength('Ä'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1, units: 160, perSegment: 160, remaining: 0 });
    expect(smsLength('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', segments: 2, units: 161, perSegment: 153, remaining: 145 });
    expect(smsLength('a'.repeat(306)).segments).toBe(2);
    expect(smsLength('a'.repeat(307)).segments).toBe(3);
  });

  it('counts the extension characters (€ [ ] { } ~ | ^ \\) as two septets', () => {
    expect(isGsm7('Kosten: 5 €')).toBe(true);
    expect(smsLength('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsLength('€'.repeat(81))).toMatchObject({ units: 162, segments: 2 });
  });

  it('never splits a two-septet character over two parts', () => {
    // 152 septets, then € (2): it does not fit into the first part's 153, so the second part starts with it.
    const text = `${'a'.repeat(152)}€${'a'.repeat(10)}`;
    expect(smsLength(text)).toMatchObject({ segments: 2, units: 164, remaining: 153 - 12 });
  });

  it('switches to UCS-2 for any other character: 70 per SMS, 67 per part; an emoji takes two units', () => {
    expect(isGsm7('Straße – gesperrt')).toBe(false); // the en dash is not GSM-7
    expect(smsLength('ş'.repeat(70))).toMatchObject({ encoding: 'UCS-2', segments: 1, units: 70 });
    expect(smsLength('ş'.repeat(71))).toMatchObject({ encoding: 'UCS-2', segments: 2, perSegment: 67 });
    expect(smsLength('🌧'.repeat(35))).toMatchObject({ encoding: 'UCS-2', characters: 35, units: 70, segments: 1 });
    // 66 units, then an emoji (2) that does not fit into the first part's 67: it starts the second part.
    expect(smsLength(`${'ş'.repeat(66)}🌧şşş`)).toMatchObject({ units: 71, segments: 2, remaining: 67 - 5 });
  });
});

describe('SMS request schemas', () => {
  it('accept what citizens type and refuse the rest', () => {
    expect(smsPhoneRequestSchema.parse({ phone: ' 0151 / 123 456-78 ' })).toEqual({ phone: '0151 / 123 456-78', locale: 'de' });
    expect(smsPhoneRequestSchema.safeParse({ phone: 'ruf mich an' }).success).toBe(false);
    expect(smsPhoneRequestSchema.safeParse({ phone: '+49151123', other: 1 }).success).toBe(false);
    expect(smsVerifyRequestSchema.safeParse({ code: '12345' }).success).toBe(false);
    expect(smsVerifyRequestSchema.parse({ code: ' 123456 ' })).toEqual({ code: '123456' });
    expect(smsConsentsRequestSchema.safeParse({ purposes: { 'sms-spam': true } }).success).toBe(false);
    expect(smsConsentsRequestSchema.parse({ purposes: { 'sms-alerts': true }, legalTextVersions: { 'sms-alerts': 1 } })).toMatchObject({ locale: 'de' });
  });
});
