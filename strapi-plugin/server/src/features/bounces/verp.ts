import { createHmac, timingSafeEqual } from 'node:crypto';

/** The row a return path names: an outbox message (`m`) or a newsletter delivery (`n`, the short form). */
export interface VerpRef {
  table: 'message' | 'delivery';
  id: number;
}

/** Hex digits of the signature: 64 bits for outbox mails, 48 bits in a newsletter delivery's short form. */
const SIGNATURE_LENGTH = { message: 16, delivery: 12 } as const;
const PREFIX = { message: 'm', delivery: 'n' } as const;

/** The VERP keys made from the app keys (APP_KEYS): the first signs, any verifies (key rotation). */
export const verpKeysOf = (appKeys: string[]): Buffer[] =>
  appKeys.filter(Boolean).map((key) => createHmac('sha256', key).update('civic-dialog verp v1').digest());

const signature = (key: Buffer, table: VerpRef['table'], token: string) =>
  createHmac('sha256', key).update(token).digest('hex').slice(0, SIGNATURE_LENGTH[table]);

/** `bounces+m1a2-<hmac>@bounces.example.org`: bounce reports come back to it and name the row. */
export function makeVerpAddress(ref: VerpRef, keys: Buffer[], localPart: string, domain: string): string {
  const token = `${PREFIX[ref.table]}${ref.id.toString(36)}`;
  return `${localPart}+${token}-${signature(keys[0]!, ref.table, token)}@${domain}`.toLowerCase();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every VERP-looking address of ours in a text (headers of a report, its embedded original). */
export function verpCandidates(text: string, localPart: string, domain: string): string[] {
  const pattern = new RegExp(`${escapeRegExp(localPart)}\\+([mn][0-9a-z]{1,12})-([0-9a-f]{6,32})@${escapeRegExp(domain)}`, 'gi');
  return [...new Set([...text.matchAll(pattern)].map((match) => match[0].toLowerCase()))];
}

/** The row a VERP address names when its signature is one of ours; null for a forged or foreign address. */
export function readVerpAddress(address: string, keys: Buffer[], localPart: string, domain: string): VerpRef | null {
  const match = new RegExp(`^${escapeRegExp(localPart)}\\+([mn])([0-9a-z]{1,12})-([0-9a-f]+)@${escapeRegExp(domain)}$`, 'i').exec(address.trim());
  if (!match) return null;
  const table = match[1]!.toLowerCase() === 'm' ? 'message' : 'delivery';
  const token = `${match[1]!.toLowerCase()}${match[2]!.toLowerCase()}`;
  const given = Buffer.from(match[3]!.toLowerCase());
  if (given.length !== SIGNATURE_LENGTH[table]) return null;
  const valid = keys.some((key) => timingSafeEqual(Buffer.from(signature(key, table, token)), given));
  const id = Number.parseInt(match[2]!, 36);
  return valid && Number.isSafeInteger(id) && id > 0 ? { table, id } : null;
}
