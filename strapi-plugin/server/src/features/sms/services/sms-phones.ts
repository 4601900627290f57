import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { errors } from '@strapi/utils';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { SMS_PURPOSES, type Locale, type SmsConsentsRequest, type SmsPurpose, type SmsState } from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { getConfig } from '../../../kernel/get-config';
import { getService } from '../../../kernel/services';
import { fieldError } from '../../../kernel/http/errors';
import type { RequestMeta } from '../../../kernel/http/request';
import { ipHashSecret } from '../../../shared/consent/ledger';
import { SMS_TABLE, SMS_UID } from '../tables';
import { smsCodeRows, smsPhoneRows, type SmsPhoneRow } from '../rows';
import { codeText } from '../texts';

const consentAttribute = { 'sms-alerts': 'alertsConsent', 'sms-registrations': 'registrationsConsent' } as const;
/** Default STOP words (README "SMS channel"): a reply that is one of them, alone, withdraws every SMS consent. */
export const DEFAULT_STOP_KEYWORDS = ['STOP', 'STOPP', 'ABMELDEN', 'ENDE', 'UNSUBSCRIBE'];

type Limiter = Awaited<ReturnType<ReturnType<typeof import('../../../shared/rate-limits/rate-limits').default>['custom']>>;

/**
 * A citizen's phone number for SMS: normalised to E.164 (libphonenumber-js, default region from
 * config), verified by a six-digit one-time code (only its HMAC stored; expires; a few tries), its
 * consents per purpose recorded in the ledger like e-mail (the row's booleans are the current state
 * the outbox reads; the ledger is the proof), withdrawn in the preference center or by a STOP reply.
 */
const smsPhones = ({ strapi }: { strapi: Strapi }) => {
  const config = () => getConfig(strapi).sms;
  const phones = () => strapi.db.query(SMS_UID.smsPhone);
  const codes = () => strapi.db.query(SMS_UID.smsCode);
  const ledger = () => getService(strapi, 'ledger');
  let perIp: Limiter | null = null;
  let perNumber: Limiter | null = null;

  const hashCode = (code: string, profileId: number, phone: string) =>
    createHmac('sha256', ipHashSecret(strapi)).update(`sms-code:${profileId}:${phone}:${code}`).digest('base64url');

  /** E.164 of what a citizen typed, or a 400 on the field. */
  function normalise(raw: string, field = 'phone'): string {
    const parsed = parsePhoneNumberFromString(raw, config().defaultRegion as CountryCode);
    if (!parsed || !parsed.isValid()) throw fieldError([field], 'must be a valid phone number (with +country code when it is not a German one)', 'invalid-phone');
    return parsed.number;
  }

  /** E.164 of a number a provider passes on, or null. */
  function normaliseQuietly(raw: string): string | null {
    const parsed = parsePhoneNumberFromString(raw.startsWith('00') ? `+${raw.slice(2)}` : raw, config().defaultRegion as CountryCode);
    return parsed?.isValid() ? parsed.number : null;
  }

  async function row(profileId: number): Promise<SmsPhoneRow | null> {
    return smsPhoneRows.one(await phones().findOne({ where: { profileId } }));
  }

  function toState(phone: SmsPhoneRow | null): SmsState['data'] {
    return {
      phone: phone?.verifiedAt ? phone.phone : null,
      pendingPhone: phone?.pendingPhone ?? null,
      consents: { 'sms-alerts': Boolean(phone?.verifiedAt && phone.alertsConsent), 'sms-registrations': Boolean(phone?.verifiedAt && phone.registrationsConsent) },
      suppressed: Boolean(phone?.suppressedAt),
    };
  }

  /** One withdrawal per purpose in the ledger, referring to the text the newest consent of that purpose named. */
  async function withdrawInLedger(profileId: number, purposes: SmsPurpose[], widget: string, meta: RequestMeta): Promise<void> {
    for (const purpose of purposes) {
      const latest = await ledger().latest(profileId, purpose);
      await ledger().append({ profileId, legalTextId: latest?.legalTextId ?? null, purpose, action: 'withdrawn', topics: [], widget }, meta);
    }
  }

  /**
   * The work of a code request after its answer: every earlier code of the citizen ends, the number
   * becomes the pending one, and — within the number's hourly limit — a new code is stored as an HMAC
   * and its SMS queued, the text sealed (AES-GCM, key from the app keys) until the worker sends it.
   */
  async function issueCode(profileId: number, phone: string, locale: Locale, now: Date, expiresAt: Date): Promise<void> {
    const allowed = perNumber ? await perNumber.take(createHmac('sha256', ipHashSecret(strapi)).update(`phone:${phone}`).digest('base64url')) : true;
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await strapi.db.transaction(async ({ trx }) => {
      // A new code replaces every earlier one of this citizen.
      await codes().updateMany({ where: { profileId, usedAt: null }, data: { usedAt: now } });
      const existing = await row(profileId);
      if (existing) await phones().update({ where: { id: existing.id }, data: { pendingPhone: phone } });
      else await phones().create({ data: { profileId, pendingPhone: phone, alertsConsent: false, registrationsConsent: false } });
      if (!allowed) return;
      const created = await codes().create({ data: { profileId, phone, codeHash: hashCode(code, profileId, phone), expiresAt, tries: 0, createdAt: now, updatedAt: now } });
      await getService(strapi, 'smsOutbox').enqueueVerification(profileId, phone, codeText(locale, getConfig(strapi).town.name, code, config().codeTtlSeconds), `sms-code:${created.id}`, trx);
    });
    getService(strapi, 'smsOutbox').kick();
  }

  const service = {
    normalise,

    /** Bootstrap: the limiters (PostgreSQL-backed when there is one). */
    async init(): Promise<void> {
      const { rateLimit } = getConfig(strapi);
      const cfg = config();
      const rateLimits = getService(strapi, 'rateLimits');
      perIp = await rateLimits.custom('civic_sms_ip', rateLimit.ipPoints, rateLimit.ipWindowSeconds);
      perNumber = await rateLimits.custom('civic_sms_number', cfg.codesPerNumber, cfg.codesPerNumberWindowSeconds);
    },

    async state(profileId: number): Promise<SmsState['data']> {
      return toState(await row(profileId));
    },

    /**
     * Sends a code to a number the citizen typed. Over the IP limit → 429 (the client's own budget).
     * Everything that depends on the number — its hourly limit, the code, the queued SMS — runs after
     * the answer (kernel/intake, INV-NO-ENUM): the 202 is the same, in bytes and in time, for a number
     * that has used up its codes (no SMS goes out) and for any other (a stranger cannot flood a
     * number, nor tell from the answer whether its limit is spent).
     */
    async requestCode(profileId: number, raw: string, locale: Locale, meta: RequestMeta): Promise<{ phone: string; expiresAt: string }> {
      const phone = normalise(raw);
      await perIp?.consumeIp(meta.ip ?? undefined, 'Too many code requests, please try again later.');
      const now = new Date();
      const expiresAt = new Date(now.getTime() + config().codeTtlSeconds * 1000);
      getService(strapi, 'intake').afterAnswer('sms code request', () => issueCode(profileId, phone, locale, now, expiresAt));
      return { phone, expiresAt: expiresAt.toISOString() };
    },

    /**
     * Checks a code: each try counts (a conditional UPDATE, so parallel guesses cannot exceed the
     * limit); the right one verifies the number. Wrong, expired, used up → 400 on the field `code`.
     */
    async verify(profileId: number, code: string, meta: RequestMeta): Promise<SmsState['data']> {
      await perIp?.consumeIp(meta.ip ?? undefined, 'Too many code requests, please try again later.');
      const cfg = config();
      const now = new Date();
      const latest = smsCodeRows.one(await codes().findOne({ where: { profileId }, orderBy: { id: 'desc' } }));
      if (!latest || latest.usedAt) throw fieldError(['code'], 'no code is waiting: ask for a new one', 'code-expired');
      if (new Date(latest.expiresAt).getTime() <= now.getTime()) throw fieldError(['code'], 'has expired: ask for a new one', 'code-expired');
      const counted = await strapi.db
        .connection(SMS_TABLE.smsCode)
        .where({ id: latest.id })
        .whereNull('used_at')
        .where('tries', '<', cfg.codeMaxTries)
        .update({ tries: strapi.db.connection.raw('?? + 1', ['tries']), updated_at: now });
      if (Number(counted) !== 1) throw fieldError(['code'], 'was tried too often: ask for a new one', 'too-many-tries');
      const expected = Buffer.from(latest.codeHash);
      const given = Buffer.from(hashCode(code, profileId, latest.phone));
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
        const left = cfg.codeMaxTries - latest.tries - 1;
        if (left <= 0) throw fieldError(['code'], 'was tried too often: ask for a new one', 'too-many-tries');
        throw fieldError(['code'], `is not the code we sent (${left} tries left)`, 'wrong-code');
      }
      const used = await strapi.db.connection(SMS_TABLE.smsCode).where({ id: latest.id }).whereNull('used_at').update({ used_at: now, updated_at: now });
      if (Number(used) !== 1) throw fieldError(['code'], 'no code is waiting: ask for a new one', 'code-expired');
      const existing = await row(profileId);
      const changed = existing?.phone !== latest.phone;
      await phones().update({
        where: { profileId },
        data: {
          phone: latest.phone,
          verifiedAt: now,
          pendingPhone: null,
          // A new number starts without consents (they named the old one); the citizen's own verification lifts a STOP.
          ...(changed ? { alertsConsent: false, registrationsConsent: false } : {}),
          ...(existing?.suppressedReason === 'stop' ? { suppressedAt: null, suppressedReason: null } : {}),
        },
      });
      if (changed && existing?.verifiedAt) {
        const had = SMS_PURPOSES.filter((purpose) => existing[consentAttribute[purpose]]);
        await withdrawInLedger(profileId, had, 'civic-preferences', meta);
      }
      return service.state(profileId);
    },

    /** Grants or withdraws each named purpose (ledger entries like e-mail); granting needs a verified number and the current legal text. */
    async updateConsents(profileId: number, input: SmsConsentsRequest, meta: RequestMeta): Promise<SmsState['data']> {
      const current = await row(profileId);
      const catalog = getService(strapi, 'catalog');
      const grants = SMS_PURPOSES.filter((purpose) => input.purposes[purpose] === true && !(current?.verifiedAt && current[consentAttribute[purpose]]));
      const withdrawals = SMS_PURPOSES.filter((purpose) => input.purposes[purpose] === false && current?.[consentAttribute[purpose]]);
      if (grants.length && !current?.verifiedAt) throw fieldError(['purposes'], 'need a verified phone number first', 'phone-not-verified');
      const texts = new Map<SmsPurpose, number>();
      for (const purpose of grants) {
        const version = input.legalTextVersions[purpose];
        const text = await catalog.currentLegalText(purpose, input.locale).catch(() => null);
        if (!text || version !== text.version) {
          throw fieldError(['legalTextVersions', purpose], `must be the current version of the ${input.locale} ${purpose} consent text (${text?.version ?? 'none'})`, 'legal-text-outdated');
        }
        const legalRow = await catalog.legalText(purpose, input.locale, text.version);
        texts.set(purpose, legalRow!.id);
      }
      await strapi.db.transaction(async () => {
        for (const purpose of grants) {
          // The verified number is the confirmation: the citizen proved it is theirs with the code.
          await ledger().append({ profileId, legalTextId: texts.get(purpose)!, purpose, action: 'confirmed', topics: [], sourceUrl: input.pageUrl ?? null, widget: 'civic-preferences' }, meta);
        }
        await withdrawInLedger(profileId, withdrawals, 'civic-preferences', meta);
        const data: Record<string, boolean> = {};
        for (const purpose of grants) data[consentAttribute[purpose]] = true;
        for (const purpose of withdrawals) data[consentAttribute[purpose]] = false;
        if (Object.keys(data).length) await phones().update({ where: { profileId }, data });
      });
      return service.state(profileId);
    },

    /** Removes the number: every SMS consent withdrawn (ledger), the number and its codes gone. */
    async removePhone(profileId: number, meta: RequestMeta): Promise<SmsState['data']> {
      const current = await row(profileId);
      if (!current) return service.state(profileId);
      await strapi.db.transaction(async () => {
        await withdrawInLedger(profileId, SMS_PURPOSES.filter((purpose) => current[consentAttribute[purpose]]), 'civic-preferences', meta);
        await codes().deleteMany({ where: { profileId } });
        await phones().delete({ where: { id: current.id } });
      });
      return service.state(profileId);
    },

    /**
     * A reply through the provider's inbound webhook. One of the STOP words alone withdraws every
     * SMS consent of every profile with that number and suppresses it; anything else is ignored.
     * Returns how many profiles it stopped.
     */
    async inbound(from: string, text: string): Promise<number> {
      const words = (config().stopKeywords?.length ? config().stopKeywords! : DEFAULT_STOP_KEYWORDS).map((word) => word.trim().toUpperCase());
      if (!words.includes(text.trim().replace(/[.!]+$/, '').toUpperCase())) return 0;
      const phone = normaliseQuietly(from);
      if (!phone) return 0;
      const rows = smsPhoneRows.many(await phones().findMany({ where: { phone } }));
      for (const { id } of rows) {
        // Providers resend a STOP they got no answer to, at once or later: the row is read again under
        // its lock, so a replay withdraws nothing twice and keeps the first suppression's time.
        await strapi.db.transaction(async ({ trx }) => {
          const lock = trx(SMS_TABLE.smsPhone).select('id').where({ id });
          await (strapi.db.dialect.client === 'postgres' ? lock.forUpdate() : lock);
          const current = smsPhoneRows.one(await phones().findOne({ where: { id } }));
          if (!current) return;
          const consented = SMS_PURPOSES.filter((purpose) => current[consentAttribute[purpose]]);
          if (!consented.length && current.suppressedAt && current.suppressedReason === 'stop') return;
          await withdrawInLedger(current.profileId, consented, 'sms-stop', {});
          await phones().update({
            where: { id },
            data: { alertsConsent: false, registrationsConsent: false, suppressedReason: 'stop', ...(current.suppressedAt ? {} : { suppressedAt: new Date() }) },
          });
        });
      }
      return rows.length;
    },

    /** "Do not contact by SMS" (an editor, a complaint): queued texts to the number fail at send time; null lifts it. Returns the suppression now in force. */
    async suppress(profileId: number, reason: string | null): Promise<{ since: string; reason: string | null } | null> {
      const current = await row(profileId);
      if (!current) throw new errors.NotFoundError('This citizen has no phone number for SMS.');
      const since = reason ? new Date() : null;
      await phones().update({ where: { id: current.id }, data: reason ? { suppressedAt: since, suppressedReason: reason.slice(0, 255) } : { suppressedAt: null, suppressedReason: null } });
      return since ? { since: since.toISOString(), reason: reason!.slice(0, 255) } : null;
    },
  };
  return service;
};

export default smsPhones;
export type SmsPhonesService = ReturnType<typeof smsPhones>;
