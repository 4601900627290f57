import { createHash, createHmac, randomInt } from 'node:crypto';
import { errors } from '@strapi/utils';
import { createChallenge, verifySolution, type Challenge, type Payload } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Strapi } from '../../kernel/types';
import { getConfig } from '../../kernel/get-config';
import { isUniqueViolation } from '../../kernel/db';
import { BOT_PROTECTION_UID } from './tables';
import type { AltchaForm } from '../../kernel/config';

const ALGORITHM = 'PBKDF2/SHA-256';
/** A payload is a few hundred bytes of base64 JSON; anything much longer is not one. */
const MAX_PAYLOAD_LENGTH = 4096;

/** A 400 on the `altcha` field, in Strapi's error shape, that a widget shows next to the check. */
function refused(message: string) {
  return new errors.ValidationError(`altcha ${message}`, { errors: [{ path: ['altcha'], message: `altcha ${message}`, name: 'ValidationError', code: 'bot-check-failed' }] });
}

function decode(payload: unknown): Payload | null {
  if (typeof payload !== 'string' || !payload || payload.length > MAX_PAYLOAD_LENGTH) return null;
  try {
    const decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as Payload;
    const { challenge, solution } = decoded ?? ({} as Payload);
    if (!challenge?.parameters || typeof challenge.signature !== 'string' || typeof solution?.counter !== 'number' || typeof solution?.derivedKey !== 'string') return null;
    return decoded;
  } catch {
    return null;
  }
}

/**
 * The secret counter of a challenge: uniform in [0, maxCounter), as altcha-lib draws it. The
 * solver counts from 0, so a client that started elsewhere would need less work than a citizen.
 * `random(min, max)` answers an integer in [min, max) (node's crypto.randomInt; tests pass their own).
 */
export function drawCounter(maxCounter: number, random: (min: number, max: number) => number = randomInt): number {
  return random(0, Math.max(1, maxCounter));
}

/** A verified payload, not yet used: what `use` records. */
export interface SolvedCheck {
  signatureHash: string;
  expiresAt: Date;
}

/**
 * ALTCHA bot protection (self-hosted proof of work, PoW v2 with PBKDF2): challenges signed with the
 * town's key, solved by the browser, verified here. A solved challenge works once: its signature is
 * recorded until it expires, in the database, so a second instance refuses it too. It is recorded
 * only once the form's request is valid (`use`), so a typo does not cost the citizen a new proof.
 */
const altcha = ({ strapi }: { strapi: Strapi }) => {
  const config = () => getConfig(strapi).altcha;
  // The key-signature secret lets verification check the derived key by HMAC instead of PBKDF2.
  const secrets = () => {
    const hmacKey = config().hmacKey!;
    return { hmacSignatureSecret: hmacKey, hmacKeySignatureSecret: createHmac('sha256', hmacKey).update('civic-dialog altcha key signature').digest('hex') };
  };

  return {
    /** The forms whose requests must carry a solved challenge (config altcha.forms). */
    forms(): AltchaForm[] {
      return [...(config().forms ?? [])];
    },

    enabledFor(form: AltchaForm): boolean {
      return (config().forms ?? []).includes(form);
    },

    /** A new challenge for the `altcha` web component (its `challengeurl` answer). */
    async challenge(): Promise<Challenge> {
      const { cost, maxCounter, expiresInSeconds } = config();
      return createChallenge({
        algorithm: ALGORITHM,
        cost,
        counter: drawCounter(maxCounter),
        deriveKey,
        expiresAt: new Date(Date.now() + expiresInSeconds * 1000),
        ...secrets(),
      });
    },

    /** Checks the `altcha` payload of a request (signature, solution, expiry); a 400 naming the field otherwise. */
    async check(payload: unknown): Promise<SolvedCheck> {
      if (payload === undefined || payload === null || payload === '') {
        throw refused('is missing: complete the check "I am not a robot" and send the form again');
      }
      const decoded = decode(payload);
      if (!decoded) throw refused('is not a valid bot check; reload the page and try again');
      const result = await verifySolution({ challenge: decoded.challenge, solution: decoded.solution, deriveKey, ...secrets() });
      if (result.expired) throw refused('has expired; complete the check again');
      if (!result.verified) throw refused('is not a valid bot check; reload the page and try again');
      const expiresAt = new Date((decoded.challenge.parameters.expiresAt ?? 0) * 1000 || Date.now() + config().expiresInSeconds * 1000);
      return { signatureHash: createHash('sha256').update(decoded.challenge.signature!).digest('hex'), expiresAt };
    },

    /**
     * Uses a checked payload up: one insert under a unique index, so of two requests with the same
     * solution (on any instance) exactly one gets through; the other a 400.
     */
    async use({ signatureHash, expiresAt }: SolvedCheck): Promise<void> {
      const now = new Date();
      const query = strapi.db.query(BOT_PROTECTION_UID.altchaSolution);
      await query.deleteMany({ where: { expiresAt: { $lt: now } } });
      try {
        await query.createMany({ data: [{ signatureHash, expiresAt, createdAt: now, updatedAt: now }] });
      } catch (error) {
        if (isUniqueViolation(error)) throw refused('has been used already; complete the check again');
        throw error;
      }
    },
  };
};

export default altcha;
export type AltchaService = ReturnType<typeof altcha>;
