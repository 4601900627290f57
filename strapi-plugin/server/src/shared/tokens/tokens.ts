import type { Strapi } from '../../kernel/types';
import { SHARED_UID } from '../tables';
import { LinkError } from '../../kernel/http/errors';
import { generateRawToken, hashToken, isWellFormedToken } from '../../kernel/crypto/token-crypto';
import { startOfUtcDay } from '../../kernel/time';
import { isUniqueViolation } from '../../kernel/db';
import { tokenRows, type TokenRow } from './rows';

/** What a token may be used for; a token of one purpose is useless for every other. */
export type TokenPurpose =
  | 'doi'
  | 'unsubscribe'
  | 'manage-link'
  | 'session'
  | 'event-confirm'
  | 'event-cancel'
  | 'survey-confirm'
  | 'survey-participation'
  | 'alert-confirm';

export interface IssueTokenInput {
  purpose: TokenPurpose;
  /** null only for anonymous survey participation tokens, which belong to nobody. */
  profileId: number | null;
  payload?: Record<string, unknown>;
  /** How long the link works; none for the purposes that never expire (NEVER_EXPIRES), required for every other. */
  ttlSeconds?: number;
}

export interface TokenClaim {
  profileId: number;
  payload: Record<string, unknown>;
}

/**
 * Purposes whose links never expire: unsubscribing must stay as easy as the mail is old (UWG §7(3),
 * GDPR Art. 21), as with a newsletter's signed link. Their rows store no expiry; rows issued before
 * carry one (180 days), which is ignored. Harmless: such a link can only ever unsubscribe.
 */
const NEVER_EXPIRES: ReadonlySet<string> = new Set<TokenPurpose>(['unsubscribe']);

const isExpired = (row: TokenRow, now: Date) =>
  !NEVER_EXPIRES.has(row.purpose) && row.expiresAt !== null && new Date(row.expiresAt).getTime() <= now.getTime();

/**
 * Purposes whose rows keep only days: an anonymous participation token's creation and use would
 * otherwise line the answer up with the web server's log. Such a token expires at the end of the
 * day its time to live runs out in (so it lasts at least as long as asked).
 */
const DAY_PRECISION: ReadonlySet<TokenPurpose> = new Set(['survey-participation']);

function storedTimes(purpose: TokenPurpose, now: Date, ttlSeconds: number | undefined) {
  if (NEVER_EXPIRES.has(purpose)) return { expiresAt: null };
  if (ttlSeconds === undefined) throw new Error(`civic-dialog: a token of purpose ${purpose} needs a time to live`);
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  if (!DAY_PRECISION.has(purpose)) return { expiresAt };
  const today = startOfUtcDay(now);
  return { expiresAt: new Date(startOfUtcDay(expiresAt).getTime() + 86_400_000), createdAt: today, updatedAt: today, publishedAt: today };
}

/** A token made but not yet stored: the raw token for the link, and its row (hash only, INV-TOKEN). */
export interface MadeToken {
  token: string;
  expiresAt: Date | null;
  row: { tokenHash: string; purpose: TokenPurpose; profileId: number | null; payload: Record<string, unknown>; usedAt: null; expiresAt: Date | null; createdAt?: Date; updatedAt?: Date; publishedAt?: Date };
}

/** Makes a token without storing it; its link works once the row is stored (tokens.storeMany, or issue for one). */
export function makeToken({ purpose, profileId, payload, ttlSeconds }: IssueTokenInput): MadeToken {
  const raw = generateRawToken();
  const times = storedTimes(purpose, new Date(), ttlSeconds);
  return { token: raw, expiresAt: times.expiresAt, row: { tokenHash: hashToken(raw), purpose, profileId, payload: payload ?? {}, usedAt: null, ...times } };
}

/** Token rows per INSERT of storeMany. */
const STORE_CHUNK = 500;

const usedAtFor = (purpose: TokenPurpose, now: Date) => (DAY_PRECISION.has(purpose) ? startOfUtcDay(now) : now);

/**
 * Mail link tokens: ≥128-bit random, stored only as sha256 hashes, single-purpose, expiring (but
 * unsubscribe links, NEVER_EXPIRES), and
 * single-use (consume marks them used with a conditional UPDATE so two clicks cannot both win).
 * Runs inside the caller's `strapi.db.transaction` when there is one (the Query Engine picks it up).
 */
const tokens = ({ strapi }: { strapi: Strapi }) => {
  const query = () => strapi.db.query(SHARED_UID.token);

  async function find(raw: unknown, purpose: TokenPurpose): Promise<TokenRow> {
    if (!isWellFormedToken(raw)) throw new LinkError('invalid');
    const row = tokenRows.one(await query().findOne({ where: { tokenHash: hashToken(raw) } }));
    // A token of another purpose is as good as unknown: a DOI link never unsubscribes and vice versa.
    if (!row || row.purpose !== purpose) throw new LinkError('invalid');
    return row;
  }

  function check(row: TokenRow, now: Date) {
    if (row.usedAt) throw new LinkError('used');
    if (isExpired(row, now)) throw new LinkError('expired');
  }

  const claimOf = (row: TokenRow): TokenClaim => ({ profileId: Number(row.profileId), payload: row.payload ?? {} });

  /** Stores a new token; its expiry as stored (null: never). */
  async function store(input: IssueTokenInput): Promise<{ token: string; expiresAt: Date | null }> {
    const made = makeToken(input);
    await storeRows([made.row]);
    return { token: made.token, expiresAt: made.expiresAt };
  }

  /** Stores the rows of tokens made with makeToken: one INSERT per STORE_CHUNK rows (createMany: no SELECT of rows nobody reads back). */
  async function storeRows(rows: MadeToken['row'][]): Promise<void> {
    for (let start = 0; start < rows.length; start += STORE_CHUNK) {
      await query().createMany({ data: rows.slice(start, start + STORE_CHUNK) });
    }
  }

  return {
    async issue(input: IssueTokenInput): Promise<string> {
      return (await store(input)).token;
    },

    /**
     * Stores tokens made with makeToken, all at once (the outbox: the tokens of a batch of mails in
     * one INSERT before any of those mails goes out).
     */
    storeMany: storeRows,

    /** Like issue, and tells when the token expires (a purpose that expires). */
    async issueWithExpiry(input: IssueTokenInput): Promise<{ token: string; expiresAt: Date }> {
      const { token, expiresAt } = await store(input);
      if (!expiresAt) throw new Error(`civic-dialog: a token of purpose ${input.purpose} never expires`);
      return { token, expiresAt };
    },

    /**
     * Stores a token made by the caller (derived from a signed link, so the same link always yields
     * the same token) unless it is stored already: one row however often the link is opened, even
     * by two requests at once (the unique hash decides).
     */
    async issueOnce({ raw, purpose, profileId, expiresAt }: { raw: string; purpose: TokenPurpose; profileId: number; expiresAt: Date }): Promise<void> {
      if (!isWellFormedToken(raw)) throw new Error('civic-dialog: a derived token must have the shape of a link token');
      const tokenHash = hashToken(raw);
      if (await query().findOne({ where: { tokenHash }, select: ['id'] })) return;
      try {
        await query().createMany({ data: [{ tokenHash, purpose, profileId, payload: {}, usedAt: null, expiresAt }] });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
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
      const usedAt = usedAtFor(purpose, now);
      const { count } = await query().updateMany({
        where: { id: row.id, usedAt: null },
        data: DAY_PRECISION.has(purpose) ? { usedAt, updatedAt: usedAt } : { usedAt },
      });
      // Someone else consumed it between our read and our update.
      if (count !== 1) throw new LinkError('used');
      return claimOf(row);
    },

    /** Deletes every token of these profiles (erasure): all their links and sessions stop working at once. */
    async revokeAllOf(profileIds: number[]): Promise<void> {
      await query().deleteMany({ where: { profileId: { $in: profileIds } } });
    },

    /** Like peek, but also accepts an already used token (idempotent unsubscribe retries). */
    async inspect(raw: unknown, purpose: TokenPurpose): Promise<TokenClaim & { used: boolean; expired: boolean }> {
      const row = await find(raw, purpose);
      return {
        ...claimOf(row),
        used: Boolean(row.usedAt),
        expired: isExpired(row, new Date()),
      };
    },
  };
};

export default tokens;
export type TokenService = ReturnType<typeof tokens>;
