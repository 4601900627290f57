import { describe, expect, it } from 'vitest';
import { sameSecret } from './same-secret';

describe('sameSecret', () => {
  it('is true only for the same secret, whatever the lengths (no throw on a shorter or longer guess)', () => {
    expect(sameSecret('s3cret-webhook', 's3cret-webhook')).toBe(true);
    expect(sameSecret('s3cret-webhooK', 's3cret-webhook')).toBe(false);
    expect(sameSecret('s3', 's3cret-webhook')).toBe(false);
    expect(sameSecret('s3cret-webhook-and-more', 's3cret-webhook')).toBe(false);
    expect(sameSecret('', 's3cret-webhook')).toBe(false);
  });
});
