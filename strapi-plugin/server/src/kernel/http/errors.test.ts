import { describe, expect, it } from 'vitest';
import { errors } from '@strapi/utils';
import { signupRequestSchema } from '@civic-dialog/contracts';
import { LinkError, parseWith, toValidationError } from './errors';

const validSignup = {
  email: 'erika@example.org',
  topics: ['abfall'],
  locale: 'de',
  legalTextVersion: 1,
  consent: true,
  pageUrl: 'https://www.musterstadt.example/newsletter',
};

describe('error mapping', () => {
  it('turns zod issues into a Strapi ValidationError naming each field', () => {
    const result = signupRequestSchema.safeParse({ ...validSignup, email: 'nope', consent: false });
    expect(result.success).toBe(false);
    const error = toValidationError(result.error!);
    expect(error).toBeInstanceOf(errors.ValidationError);
    expect(error.message).toBe('2 errors occurred');
    const paths = (error.details as any).errors.map((e: any) => e.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['email', 'consent']));
  });

  it('names an unknown field in the message and in details.errors', () => {
    expect(() => parseWith(signupRequestSchema, { ...validSignup, isAdmin: true })).toThrow(/isAdmin/);
    const result = signupRequestSchema.safeParse({ ...validSignup, isAdmin: true, role: 'x' });
    const paths = (toValidationError(result.error!).details as any).errors.map((e: any) => e.path);
    expect(paths).toEqual([['isAdmin'], ['role']]);
  });

  it('passes valid input through, parsed', () => {
    expect(parseWith(signupRequestSchema, { ...validSignup, email: ' erika@example.org ' }).email).toBe('erika@example.org');
  });

  it('gives dead links their own status: unknown 404, expired and used 410', () => {
    expect(new LinkError('invalid')).toMatchObject({ status: 404, message: expect.stringMatching(/invalid/) });
    expect(new LinkError('expired')).toMatchObject({ status: 410, message: expect.stringMatching(/expired/) });
    expect(new LinkError('used')).toMatchObject({ status: 410, message: expect.stringMatching(/already used/) });
  });
});
