import { createHash, randomBytes } from 'node:crypto';
import { tokenSchema } from '@civic-dialog/contracts';

/** 32 random bytes, base64url: 43 characters, 256 bit (contracts `tokenSchema`). */
export function generateRawToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this hash is stored; a leaked database does not yield working links. */
export function hashToken(raw: string): string {
  return createHash('sha256').update(raw, 'utf8').digest('hex');
}

export function isWellFormedToken(raw: unknown): raw is string {
  return tokenSchema.safeParse(raw).success;
}
