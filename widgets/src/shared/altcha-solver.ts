import type { AltchaChallenge, Locale } from '@civic-dialog/contracts';
import { ApiRequestError } from './api-client.js';

/*
 * The ALTCHA solver, a chunk of its own that bot-check.ts imports only where the CMS protects a
 * form. No worker: the town's CSP allows no blob: workers, and WebCrypto derives each key off the
 * main thread anyway, so the page stays responsive. No eval, no inline script (INV-CSP).
 */

/** The status while the proof of work runs, announced in the form's live region (here: only pages that need it load it). */
export const CHECKING: Record<Locale, string> = { de: 'Sicherheitsprüfung läuft …', en: 'Security check running …' };

const toBytes = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
const toHex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * Solves an ALTCHA PoW v2 challenge as altcha-lib's solveChallenge does (PBKDF2, uint32 counter
 * mode): derives keys of nonce + big-endian counter from 0 on until one starts with the key prefix.
 * Resolves to the request's `altcha` field: base64 of the UTF-8 JSON `{ challenge, solution }`.
 */
export async function solve(challenge: AltchaChallenge): Promise<string> {
  const { algorithm, nonce, salt, cost, keyLength, keyPrefix, expiresAt } = challenge.parameters;
  const hash = /^PBKDF2\/(SHA-(256|384|512))$/.exec(algorithm)?.[1];
  const nonceBytes = toBytes(nonce);
  const password = new Uint8Array(nonceBytes.length + 4);
  password.set(nonceBytes);
  const counterView = new DataView(password.buffer);
  const saltBytes = toBytes(salt);
  // An expired challenge cannot be accepted any more: stop, the citizen sends again.
  for (let counter = 0; hash && counter <= 0xffffffff && !(expiresAt && expiresAt * 1000 < Date.now()); counter++) {
    counterView.setUint32(nonceBytes.length, counter);
    const key = await crypto.subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
    const derivedKey = toHex(await crypto.subtle.deriveBits({ name: 'PBKDF2', salt: saltBytes, iterations: cost, hash }, key, keyLength * 8));
    if (derivedKey.startsWith(keyPrefix)) {
      const json = new TextEncoder().encode(JSON.stringify({ challenge, solution: { counter, derivedKey } }));
      return btoa(Array.from(json, (byte) => String.fromCharCode(byte)).join(''));
    }
  }
  // Unknown algorithm or expired: the widget says the form cannot be sent right now.
  throw new ApiRequestError({ kind: 'server', status: 0 });
}
