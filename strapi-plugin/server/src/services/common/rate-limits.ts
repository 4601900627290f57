import { errors } from '@strapi/utils';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Strapi } from '../../types';
import { getConfig } from '../../utils/config';

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

const rateLimits = ({ strapi }: { strapi: Strapi }) => {
  let byIp: RateLimiterAbstract | null = null;
  let byEmail: RateLimiterAbstract | null = null;
  let surveyByIp: RateLimiterAbstract | null = null;
  let linkByIp: RateLimiterAbstract | null = null;
  let linkByEmail: RateLimiterAbstract | null = null;

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

  async function hit(limiter: RateLimiterAbstract | null, key: string, message?: string) {
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

  return {
    /** Called once in bootstrap (creates the PostgreSQL table when needed). */
    async init() {
      const { rateLimit } = getConfig(strapi);
      // Sequential: both would otherwise race to CREATE TABLE IF NOT EXISTS on a fresh database.
      byIp = await createLimiter('civic_signup_ip', rateLimit.ipPoints, rateLimit.ipWindowSeconds);
      byEmail = await createLimiter('civic_signup_email', rateLimit.emailPoints, rateLimit.emailWindowSeconds);
      // Survey participation tokens and responses count on their own (same per-IP limit as signups).
      surveyByIp = await createLimiter('civic_survey_ip', rateLimit.ipPoints, rateLimit.ipWindowSeconds);
      // Manage-link requests count separately (same limits): asking for a link must not block a signup.
      linkByIp = await createLimiter('civic_manage_link_ip', rateLimit.ipPoints, rateLimit.ipWindowSeconds);
      linkByEmail = await createLimiter('civic_manage_link_email', rateLimit.emailPoints, rateLimit.emailWindowSeconds);
    },

    /** One signup attempt from this IP for this (normalised) address; over a limit → 429 error. */
    async consumeSignup(ip: string | undefined, email: string | undefined) {
      await hit(byIp, `ip:${ip ?? 'unknown'}`);
      if (email) await hit(byEmail, `email:${email}`);
    },

    /** One survey participation or response from this IP (the IP is a limiter key only, never stored with answers). */
    async consumeSurvey(ip: string | undefined) {
      await hit(surveyByIp, `ip:${ip ?? 'unknown'}`);
    },

    /** One "mail me a manage link" request from this IP for this (normalised) address. */
    async consumeManageLink(ip: string | undefined, email: string | undefined) {
      const message = 'Too many link requests, please try again later.';
      await hit(linkByIp, `ip:${ip ?? 'unknown'}`, message);
      if (email) await hit(linkByEmail, `email:${email}`, message);
    },
  };
};

export default rateLimits;
export type RateLimitService = ReturnType<typeof rateLimits>;
