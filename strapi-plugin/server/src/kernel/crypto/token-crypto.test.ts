import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { tokenSchema } from '@civic-dialog/contracts';
import { generateRawToken, hashToken, isWellFormedToken } from './token-crypto';

describe('mail link tokens', () => {
  it('are 43 base64url characters (256 random bits) that the contracts accept', () => {
    const token = generateRawToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(tokenSchema.safeParse(token).success).toBe(true);
  });

  it('never repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateRawToken));
    expect(tokens.size).toBe(1000);
  });

  it('are stored as their sha256 hex hash, never as themselves', () => {
    const token = generateRawToken();
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hash).not.toContain(token);
  });

  it('refuses anything that is not a well-formed token before touching the database', () => {
    expect(isWellFormedToken(generateRawToken())).toBe(true);
    expect(isWellFormedToken('../../etc/passwd')).toBe(false);
    expect(isWellFormedToken('A'.repeat(42))).toBe(false);
    expect(isWellFormedToken('A'.repeat(44))).toBe(false);
    expect(isWellFormedToken(undefined)).toBe(false);
    expect(isWellFormedToken(['A'.repeat(43)])).toBe(false);
  });
});
