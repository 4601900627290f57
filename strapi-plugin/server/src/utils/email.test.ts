import { describe, expect, it } from 'vitest';
import { normaliseEmail } from './email';

describe('email normalisation', () => {
  it('one citizen is one address however it is typed', () => {
    expect(normaliseEmail('  Erika.Mustermann@Example.ORG ')).toBe('erika.mustermann@example.org');
    expect(normaliseEmail('erika.mustermann@example.org')).toBe(normaliseEmail('ERIKA.MUSTERMANN@EXAMPLE.ORG'));
  });
});
