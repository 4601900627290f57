import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Personal links in newsletter mails without a database row: the link carries what it is for
 * (purpose, profile, send, expiry), signed with an HMAC keyed by the app's secret (APP_KEYS). The
 * server verifies the signature instead of looking a token up, so 100,000 mails cost no token
 * rows and no query per mail. Any of the app keys verifies (key rotation); the first signs.
 * Only the signature is secret: the ids inside are not (they name nothing outside this CMS).
 */
export type SignedPurpose = 'unsubscribe' | 'manage' | 'click';

export interface SignedClaim {
  purpose: SignedPurpose;
  /** profile id (unsubscribe, manage), link index (click). */
  subject: number;
  /** newsletter send id (0 where none). */
  sendId: number;
  /** Unix seconds; 0 = no expiry (click links: they only count). */
  expires: number;
  /** click: the mail's random mark for this link (counted once; names nobody). */
  extra?: string;
}

const CODES: Record<SignedPurpose, string> = { unsubscribe: 'u', manage: 'm', click: 'c' };
const PURPOSES = Object.fromEntries(Object.entries(CODES).map(([purpose, code]) => [code, purpose])) as Record<string, SignedPurpose>;
const SIGNATURE_BYTES = 16;

const derive = (appKey: string) => createHmac('sha256', appKey).update('civic-dialog newsletter links v1').digest();
const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest().subarray(0, SIGNATURE_BYTES);

export function createLinkSigner(appKeys: string[]) {
  const keys = appKeys.filter(Boolean).map(derive);
  if (!keys.length) throw new Error('civic-dialog: newsletter links need APP_KEYS (server.app.keys)');

  return {
    sign(claim: SignedClaim): string {
      const body = [CODES[claim.purpose], claim.subject.toString(36), claim.sendId.toString(36), claim.expires.toString(36), claim.extra ?? '']
        .join('.');
      return `${Buffer.from(body).toString('base64url')}.${mac(keys[0]!, body).toString('base64url')}`;
    },

    /** The claim of a well-signed, unexpired link of this purpose, else null (forged, other purpose, expired). */
    verify(token: unknown, purpose: SignedPurpose, now = Date.now()): (SignedClaim & { expired: boolean }) | null {
      if (typeof token !== 'string' || token.length > 400) return null;
      const [encoded, signature, rest] = token.split('.');
      if (!encoded || !signature || rest !== undefined) return null;
      const body = Buffer.from(encoded, 'base64url').toString();
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== SIGNATURE_BYTES || !keys.some((key) => timingSafeEqual(mac(key, body), given))) return null;
      const [code, subject, sendId, expires, extra] = body.split('.');
      if (PURPOSES[code ?? ''] !== purpose) return null;
      const claim = {
        purpose,
        subject: parseInt(subject ?? '', 36),
        sendId: parseInt(sendId ?? '', 36),
        expires: parseInt(expires ?? '', 36),
        extra: extra || undefined,
      };
      if (![claim.subject, claim.sendId, claim.expires].every(Number.isSafeInteger)) return null;
      return { ...claim, expired: claim.expires !== 0 && claim.expires * 1000 <= now };
    },

    /**
     * A link token (43 characters, 256 bit, the shape of shared/tokens) derived from `label`: the same
     * label gives the same token, so a link that leads to a stored token stores it once however often
     * it is opened. Unguessable without the app keys, like the signature.
     */
    derivedToken(label: string): string {
      return createHmac('sha256', keys[0]!).update(`token.${label}`).digest('base64url');
    },

    /** A stable, unguessable Message-ID part per (send, profile): a resend would carry the same id. */
    messageKey(sendId: number, profileId: number): string {
      return mac(keys[0]!, `message.${sendId}.${profileId}`).toString('hex');
    },
  };
}

export type LinkSigner = ReturnType<typeof createLinkSigner>;
