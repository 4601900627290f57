import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { LinkError } from '../utils/errors';
import { generateRawToken, hashToken, isWellFormedToken } from '../utils/token-crypto';
import { getConfig } from '../utils/config';

/** What a token may be used for; a token of one purpose is useless for every other. */
export type TokenPurpose =
  | 'doi'
  | 'unsubscribe'
  | 'manage-link'
  | 'session'
  | 'event-confirm'
  | 'event-cancel'
  | 'survey-confirm'
  | 'survey-participation';

export interface IssueTokenInput {
  purpose: TokenPurpose;
  /** null only for anonymous survey participation tokens, which belong to nobody. */
  profileId: number | null;
  payload?: Record<string, unknown>;
  /** Defaults to tokens.doiTtlSeconds / tokens.unsubscribeTtlSeconds from the plugin config. */
  ttlSeconds?: number;
}

export interface TokenClaim {
  profileId: number;
  payload: Record<string, unknown>;
}

interface TokenRow {
  id: number;
  tokenHash: string;
  purpose: TokenPurpose;
  profileId: number | null;
  payload: Record<string, unknown> | null;
  expiresAt: string;
  usedAt: string | null;
}

/**
 * Mail link tokens: ≥128-bit random, stored only as sha256 hashes, single-purpose, expiring, and
 * single-use (consume marks them used with a conditional UPDATE so two clicks cannot both win).
 * Runs inside the caller's `strapi.db.transaction` when there is one (the Query Engine picks it up).
 */
const tokens = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID.token);

  async function find(raw: unknown, purpose: TokenPurpose): Promise<TokenRow> {
    if (!isWellFormedToken(raw)) throw new LinkError('invalid');
    const row = (await query().findOne({ where: { tokenHash: hashToken(raw) } })) as TokenRow | null;
    // A token of another purpose is as good as unknown: a DOI link never unsubscribes and vice versa.
    if (!row || row.purpose !== purpose) throw new LinkError('invalid');
    return row;
  }

  function check(row: TokenRow, now: Date) {
    if (row.usedAt) throw new LinkError('used');
    if (new Date(row.expiresAt).getTime() <= now.getTime()) throw new LinkError('expired');
  }

  const claimOf = (row: TokenRow): TokenClaim => ({ profileId: Number(row.profileId), payload: row.payload ?? {} });

  return {
    async issue({ purpose, profileId, payload, ttlSeconds }: IssueTokenInput): Promise<string> {
      const config = getConfig(strapi);
      const ttl =
        ttlSeconds ?? (purpose === 'doi' ? config.tokens.doiTtlSeconds : config.tokens.unsubscribeTtlSeconds);
      const raw = generateRawToken();
      // createMany: one INSERT, without create()'s SELECT of a row nobody reads back.
      await query().createMany({
        data: [
          {
            tokenHash: hashToken(raw),
            purpose,
            profileId,
            payload: payload ?? {},
            expiresAt: new Date(Date.now() + ttl * 1000),
            usedAt: null,
          },
        ],
      });
      return raw;
    },

    /** Validates a token without using it up (GET pages that only show a button). */
    async peek(raw: unknown, purpose: TokenPurpose): Promise<TokenClaim> {
      const row = await find(raw, purpose);
      check(row, new Date());
      return claimOf(row);
    },

    /** Validates and uses up a token; throws LinkError invalid (404) / expired (410) / used (410). */
    async consume(raw: unknown, purpose: TokenPurpose): Promise<TokenClaim> {
      const now = new Date();
      const row = await find(raw, purpose);
      check(row, now);
      const { count } = await query().updateMany({
        where: { id: row.id, usedAt: null },
        data: { usedAt: now },
      });
      // Someone else consumed it between our read and our update.
      if (count !== 1) throw new LinkError('used');
      return claimOf(row);
    },

    /** Deletes every token of a profile (erasure): all its links and sessions stop working at once. */
    async revokeAllOf(profileId: number): Promise<void> {
      await query().deleteMany({ where: { profileId } });
    },

    /** Like peek, but also accepts an already used token (idempotent unsubscribe retries). */
    async inspect(raw: unknown, purpose: TokenPurpose): Promise<TokenClaim & { used: boolean; expired: boolean }> {
      const row = await find(raw, purpose);
      return {
        ...claimOf(row),
        used: Boolean(row.usedAt),
        expired: new Date(row.expiresAt).getTime() <= Date.now(),
      };
    },
  };
};

export default tokens;
export type TokenService = ReturnType<typeof tokens>;
