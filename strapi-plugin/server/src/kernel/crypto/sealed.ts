import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'sealed:v1:';

/** A 256-bit key for one purpose, derived from an app key (HKDF-SHA256): a sealed text is bound to its purpose. */
const keyOf = (secret: string, purpose: string) => Buffer.from(hkdfSync('sha256', secret, 'civic-dialog', `sealed:${purpose}`, 32));

/**
 * A secret kept in a row until it is used (a verification code waiting in the SMS queue): AES-256-GCM
 * with a key derived from the first app key, a fresh 96-bit nonce, `sealed:v1:<base64url(nonce|tag|ciphertext)>`.
 */
export function seal(text: string, secret: string, purpose: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret, purpose), nonce);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url');
}

export const isSealed = (value: string): boolean => value.startsWith(PREFIX);

/** The text of `seal`, trying each app key (rotation: a new first key still opens rows sealed with the old one); null when none opens it. */
export function unseal(value: string, secrets: string[], purpose: string): string | null {
  if (!isSealed(value)) return null;
  const raw = Buffer.from(value.slice(PREFIX.length), 'base64url');
  if (raw.length < 28) return null;
  for (const secret of secrets) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', keyOf(secret, purpose), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      // Another key, or tampered with.
    }
  }
  return null;
}
