import { describe, expect, it } from 'vitest';
import { signupRequestSchema, toValidationDetails, tokenRequestSchema, LIMITS } from '../src/index';

const valid = {
  email: 'erika@example.org',
  topics: ['abfall'],
  locale: 'de',
  legalTextVersion: 1,
  consent: true,
  pageUrl: 'https://www.musterstadt.de/newsletter',
};

const pathsOf = (input: unknown) => {
  const result = signupRequestSchema.safeParse(input);
  return result.success ? [] : toValidationDetails(result.error).errors.map((e) => e.path.join('.'));
};

describe('signup request', () => {
  it('accepts a complete signup and trims the email', () => {
    const parsed = signupRequestSchema.parse({ ...valid, email: '  erika@example.org ' });
    expect(parsed.email).toBe('erika@example.org');
  });

  it('names each bad field', () => {
    expect(pathsOf({ ...valid, email: 'erika' })).toEqual(['email']);
    expect(pathsOf({ ...valid, consent: false })).toEqual(['consent']);
    expect(pathsOf({ ...valid, topics: [] })).toEqual(['topics']);
    expect(pathsOf({ ...valid, topics: ['Abfall!'] })).toEqual(['topics.0']);
    expect(pathsOf({ ...valid, locale: 'fr' })).toEqual(['locale']);
    expect(pathsOf({ ...valid, pageUrl: 'javascript:alert(1)' })).toEqual(['pageUrl']);
  });

  it('refuses unknown fields instead of ignoring them', () => {
    const result = signupRequestSchema.safeParse({ ...valid, status: 'active' });
    expect(result.success).toBe(false);
    expect(JSON.stringify(toValidationDetails(result.error!))).toContain('status');
  });

  it('names the field once in each message', () => {
    const messages = (input: unknown) => {
      const result = signupRequestSchema.safeParse(input);
      return result.success ? [] : toValidationDetails(result.error).errors.map((e) => e.message);
    };
    expect(messages({ ...valid, consent: false })).toEqual(['consent is required']);
    expect(messages({ ...valid, email: 'erika' })).toEqual(['email must be a valid email address']);
  });

  it('caps the address length', () => {
    expect(pathsOf({ ...valid, email: `${'a'.repeat(LIMITS.emailLength)}@example.org` })).toEqual(['email']);
  });
});

describe('mail link token', () => {
  it('is 43 base64url characters and nothing else', () => {
    expect(tokenRequestSchema.safeParse({ token: 'a'.repeat(43) }).success).toBe(true);
    expect(tokenRequestSchema.safeParse({ token: 'a'.repeat(42) }).success).toBe(false);
    expect(tokenRequestSchema.safeParse({ token: `${'a'.repeat(42)}/` }).success).toBe(false);
  });
});
