import type { Feature } from '../kernel/feature';
import type { ServicesOf } from '../kernel/services';
import profile from './citizens/content-types/profile';
import erasure from './citizens/content-types/erasure';
import auditEntry from './citizens/content-types/audit-entry';
import consent from './consent/content-types/consent';
import legalText from './consent/content-types/legal-text';
import token from './tokens/content-types/token';
import message from './mail/content-types/message';
import profileByEmail from './citizens/profile-by-email';
import personalData from './citizens/personal-data';
import gdpr from './citizens/gdpr';
import audit from './citizens/audit';
import ledger from './consent/ledger';
import guards from './consent/guards';
import tokens from './tokens/tokens';
import rateLimits from './rate-limits/rate-limits';
import signupRateLimit from './rate-limits/signup-rate-limit';
import outbox from './mail/outbox';
import { getService } from '../kernel/services';

const services = { profileByEmail, personalData, gdpr, audit, ledger, guards, tokens, rateLimits, outbox };

declare module '../kernel/services' {
  interface PluginServices extends ServicesOf<typeof services> {}
}

/** What several features use: citizens, consent, tokens, rate limits, the mail outbox. */
export const shared: Feature = {
  contentTypes: { profile, consent, token, 'legal-text': legalText, message, 'audit-entry': auditEntry, erasure },
  services,
  middlewares: { 'signup-rate-limit': signupRateLimit },
  async bootstrap({ strapi }) {
    // The core personal data sections first: erasure runs later features' sections before them.
    getService(strapi, 'gdpr').registerCoreSections();
    // Ledger/legal-text/audit guards, indexes, rate limiters.
    const consentGuards = getService(strapi, 'guards');
    consentGuards.subscribeLifecycles();
    await consentGuards.ensureIndexes();
    await getService(strapi, 'rateLimits').init();
  },
  async start({ strapi }) {
    // Mail outbox: indexes, leftovers of a previous run, poller (after every feature has extended it).
    await getService(strapi, 'outbox').start();
  },
  async destroy({ strapi }) {
    // Stops the mail poller and closes the pooled SMTP transport.
    await getService(strapi, 'outbox').stop();
  },
};
