import { describe, expect, it } from 'vitest';
import { redactPhones, redactTokens } from './log-redaction';

describe('log redaction of the new channels', () => {
  it('redacts a webhook secret passed as ?secret= (the SMS webhooks accept it in the URL, and Strapi logs every URL)', () => {
    const line = 'POST /api/civic-dialog/sms/delivery-report?secret=s3cr3t-Value_42&x=1 (3 ms) 200';
    expect(redactTokens(line)).toBe('POST /api/civic-dialog/sms/delivery-report?secret=[redacted]&x=1 (3 ms) 200');
  });

  it('still redacts mail-link tokens', () => {
    expect(redactTokens('GET /api/civic-dialog/confirm?token=abc123 (1 ms) 200')).toBe('GET /api/civic-dialog/confirm?token=[redacted] (1 ms) 200');
  });

  it('redacts phone numbers in E.164 (SMS errors and provider answers name the recipient), not other numbers', () => {
    expect(redactPhones("The 'To' number +4915112345678 is not valid")).toBe("The 'To' number [phone] is not valid");
    expect(redactPhones('SMS 17 to +1 (415) 555-0100? no: +14155550100.')).toBe('SMS 17 to +1 (415) 555-0100? no: [phone].');
    expect(redactPhones('2026-12-03T14:00:00+0000 took 1234567 ms, id 123456789')).toBe('2026-12-03T14:00:00+0000 took 1234567 ms, id 123456789');
  });
});
