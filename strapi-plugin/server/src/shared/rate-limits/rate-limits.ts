import { createHmac } from 'node:crypto';
import { errors } from '@strapi/utils';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Strapi } from '../../kernel/types';
import { getConfig } from '../../kernel/get-config';
import { clientKey } from '../../kernel/crypto/ip';
import { sameSecret } from '../../kernel/crypto/same-secret';
import { mailboxKey } from '../../kernel/email';
import { ipHashSecret } from '../consent/ledger';

/** Rate-limit state lives in PostgreSQL when there is one, so every instance sees the same counters. */
const RATE_LIMIT_TABLE = 'civic_dialog_rate_limits';

export class SignupRateLimitError extends errors.RateLimitError {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many signups, please try again later.',
  ) {
    super(message, { retryAfter: retryAfterSeconds });
  }
}

/** Test sends one editor may ask for per hour (each to at most 5 addresses): enough to try a few versions, no mail cannon. */
export const TEST_SENDS_PER_EDITOR_HOUR = 20;

/** Wrong or missing webhook secrets one client may send per window before every webhook call of it is a 429: no brute force. */
export const WRONG_WEBHOOK_SECRETS_PER_IP = 10;
export const WRONG_WEBHOOK_SECRET_WINDOW_SECONDS = 15 * 60;

/** Which form wants to mail an address, and about what (an event, a survey): the unit of the resend cooldown. */
export type MailPurpose = 'signup' | 'alert-signup' | 'manage-link' | `event:${number}` | `survey:${number}`;

/**
 * Two kinds of limits. Per client (IP; IPv6 by /64) on the request: over it → 429, the client's own
 * budget. Per mailbox on the MAIL, never on the request: one budget shared by every form that mails
 * an address, and a cooldown per form — so a stranger can put only a few mails into a victim's inbox,
 * and can never make the victim's own requests fail or answer differently (see README "Security").
 */
const rateLimits = ({ strapi }: { strapi: Strapi }) => {
  let byIp: RateLimiterAbstract | null = null;
  let surveyByIp: RateLimiterAbstract | null = null;
  let linkByIp: RateLimiterAbstract | null = null;
  let challengeByIp: RateLimiterAbstract | null = null;
  let mailBudget: RateLimiterAbstract | null = null;
  let mailCooldown: RateLimiterAbstract | null = null;
  let testSendsByEditor: RateLimiterAbstract | null = null;
  let wrongSecretsByIp: RateLimiterAbstract | null = null;

  async function createLimiter(keyPrefix: string, points: number, duration: number): Promise<RateLimiterAbstract> {
    if (strapi.db.dialect.client !== 'postgres') return new RateLimiterMemory({ keyPrefix, points, duration });
    return new Promise((resolve, reject) => {
      const limiter: RateLimiterPostgres = new RateLimiterPostgres(
        {
          storeClient: strapi.db.connection,
          storeType: 'knex',
          tableName: RATE_LIMIT_TABLE,
          keyPrefix,
          points,
          duration,
          clearExpiredByTimeout: true,
        },
        (error?: Error) => (error ? reject(error) : resolve(limiter)),
      );
    });
  }

  async function hit(limiter: RateLimiterAbstract | null, ip: string | undefined, message?: string) {
    await hitKey(limiter, `ip:${clientKey(ip)}`, message);
  }

  async function hitKey(limiter: RateLimiterAbstract | null, key: string, message?: string) {
    if (!limiter) return;
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new SignupRateLimitError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), message);
      }
      throw rejection;
    }
  }

  /** The limiter key of a mailbox: an HMAC (app key), so the limiter table holds no address. */
  const mailboxRef = (email: string) => createHmac('sha256', ipHashSecret(strapi)).update(`mailbox:${mailboxKey(email)}`).digest('base64url');

  /** One point of `limiter` for `key`; false when none is left. */
  async function take(limiter: RateLimiterAbstract | null, key: string): Promise<boolean> {
    if (!limiter) return true;
    try {
      await limiter.consume(key);
      return true;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return false;
      throw rejection;
    }
  }

  /**
   * Erasure: the mailboxes' budgets and their signup and manage-link cooldowns start afresh, so a
   * citizen who erased their data can sign up again at once. (Event and survey cooldowns expire
   * by themselves; they hold only the HMAC.) One statement per limiter on PostgreSQL, whatever the number.
   */
  async function forgetMailboxes(emails: string[]): Promise<void> {
    const mailboxes = emails.map(mailboxRef);
    const keys = (limiter: RateLimiterAbstract, prefix = '') => mailboxes.map((mailbox) => limiter.getKey(`${prefix}${mailbox}`));
    for (const [limiter, prefixes] of [
      [mailBudget, ['']],
      [mailCooldown, ['signup:', 'alert-signup:', 'manage-link:']],
    ] as const) {
      if (!limiter) continue;
      if (limiter instanceof RateLimiterPostgres) {
        const all = prefixes.flatMap((prefix) => keys(limiter, prefix));
        if (all.length) await strapi.db.connection(RATE_LIMIT_TABLE).whereIn('key', all).del();
      } else {
        for (const prefix of prefixes) for (const mailbox of mailboxes) await limiter.delete(`${prefix}${mailbox}`);
      }
    }
  }

  return {
    /** Called once in bootstrap (creates the PostgreSQL table when needed). */
    async init() {
      const { rateLimit, altcha } = getConfig(strapi);
      // Sequential: both would otherwise race to CREATE TABLE IF NOT EXISTS on a fresh database.
      byIp = await createLimiter('civic_signup_ip', rateLimit.ipPoints, rateLimit.ipWindowSeconds);
      // Survey participation tokens and responses count on their own (same per-IP limit as signups).
      surveyByIp = await createLimiter('civic_survey_ip', rateLimit.ipPoints, rateLimit.ipWindowSeconds);
      // Manage-link requests count separately (same limits): asking for a link must not block a signup.
      linkByIp = await createLimiter('civic_manage_link_ip', rateLimit.ipPoints, rateLimit.ipWindowSeconds);
      // Each ALTCHA challenge costs the server a key derivation: a client gets one per protected form it may send.
      const challenges = rateLimit.ipPoints * Math.max(1, altcha.forms?.length ?? 0);
      challengeByIp = await createLimiter('civic_altcha_challenge_ip', challenges, rateLimit.ipWindowSeconds);
      mailBudget = await createLimiter('civic_mail_budget', rateLimit.emailPoints, rateLimit.emailWindowSeconds);
      mailCooldown = rateLimit.mailCooldownSeconds > 0 ? await createLimiter('civic_mail_cooldown', 1, rateLimit.mailCooldownSeconds) : null;
      testSendsByEditor = await createLimiter('civic_test_send_editor', TEST_SENDS_PER_EDITOR_HOUR, 3600);
      wrongSecretsByIp = await createLimiter('civic_webhook_secret_ip', WRONG_WEBHOOK_SECRETS_PER_IP, WRONG_WEBHOOK_SECRET_WINDOW_SECONDS);
    },

    /**
     * A limiter of a feature's own (e.g. SMS codes per phone number and per IP): the same store as the
     * others (PostgreSQL when there is one, so every instance counts together). Create it once (bootstrap).
     * `consume` throws the 429 error beyond the limit; `take` answers false instead.
     */
    async custom(keyPrefix: string, points: number, durationSeconds: number) {
      const limiter = await createLimiter(keyPrefix, points, durationSeconds);
      return {
        consume: (key: string, message?: string) => hitKey(limiter, key, message),
        consumeIp: (ip: string | undefined, message?: string) => hit(limiter, ip, message),
        take: (key: string) => take(limiter, key),
        forget: (key: string) => limiter.delete(key).then(() => undefined),
      };
    },

    /** One signup or event registration from this client; over the limit → 429 error. */
    async consumeSignup(ip: string | undefined) {
      await hit(byIp, ip);
    },

    /** One survey participation or response from this client (the IP is a limiter key only, never stored with answers). */
    async consumeSurvey(ip: string | undefined) {
      await hit(surveyByIp, ip);
    },

    /** One "mail me a manage link" request from this client. */
    async consumeManageLink(ip: string | undefined) {
      await hit(linkByIp, ip, 'Too many link requests, please try again later.');
    },

    /**
     * A webhook's shared secret (the SMS and bounce webhooks share one budget per client). A client
     * that sent WRONG_WEBHOOK_SECRETS_PER_IP wrong or missing secrets in the window gets 429 for every
     * call, the right secret included, so the secret cannot be guessed by trying; a missing and a wrong
     * secret both get the same 401. The secret is compared in constant time (sameSecret).
     */
    async checkWebhookSecret(ip: string | undefined, given: string | null | undefined, expected: string): Promise<void> {
      const key = `ip:${clientKey(ip)}`;
      const used = wrongSecretsByIp ? await wrongSecretsByIp.get(key) : null;
      if (used && used.consumedPoints >= WRONG_WEBHOOK_SECRETS_PER_IP) {
        throw new SignupRateLimitError(Math.max(1, Math.ceil(used.msBeforeNext / 1000)), 'Too many wrong webhook secrets, please try again later.');
      }
      if (given && sameSecret(given, expected)) return;
      await take(wrongSecretsByIp, key);
      throw new errors.UnauthorizedError('The webhook secret is missing or wrong.');
    },

    /** One newsletter test send by this editor (admin user id); over the limit → 429. */
    async consumeTestSend(editorId: number) {
      await hitKey(testSendsByEditor, `editor:${editorId}`, 'Too many test sends, please try again later.');
    },

    /** One ALTCHA challenge for this client. */
    async consumeChallenge(ip: string | undefined) {
      await hit(challengeByIp, ip, 'Too many bot checks requested, please try again later.');
    },

    /**
     * May `purpose` mail `email` now? Not within the cooldown of the same purpose, and not beyond the
     * mailbox's budget (all purposes together). Counted on the mailbox (`mailboxKey`), so spellings
     * of one address share it. Called by the work after the answer: the caller skips only the mail.
     */
    async allowMail(email: string, purpose: MailPurpose): Promise<boolean> {
      const mailbox = mailboxRef(email);
      if (!(await take(mailCooldown, `${purpose}:${mailbox}`))) return false;
      return take(mailBudget, mailbox);
    },

    /**
     * Erasure: the mailbox's budget and its signup and manage-link cooldowns start afresh, so a
     * citizen who erased their data can sign up again at once. (Event and survey cooldowns expire
     * by themselves; they hold only the HMAC.)
     */
    async forgetMailbox(email: string): Promise<void> {
      await forgetMailboxes([email]);
    },

    forgetMailboxes,
  };
};

export default rateLimits;
export type RateLimitService = ReturnType<typeof rateLimits>;
