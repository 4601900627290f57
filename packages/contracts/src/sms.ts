/**
 * The SMS channel (features/sms): a verified phone number on the profile, its consents per purpose,
 * the provider's webhooks. The length rule (segments, GSM-7 vs UCS-2) is in rules/sms-length.ts.
 */
import { z } from 'zod';
import { LIMITS, localeSchema } from './core';
import { NEWSLETTER_HIDDEN_TEXT_MESSAGE, hasHiddenCharacters } from './newsletters';

/** The consent purposes of the SMS channel (each with its own versioned legal text and ledger rows). */
export const SMS_PURPOSES = ['sms-alerts', 'sms-registrations'] as const;
export const smsPurposeSchema = z.enum(SMS_PURPOSES);
export type SmsPurpose = z.infer<typeof smsPurposeSchema>;

/** What a citizen types: digits, spaces, + ( ) - / .; normalised to E.164 by the server (default region DE). */
export const phoneInputSchema = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^\+?[0-9 ()\-/.]+$/, { message: 'must be a phone number' });

/** `POST /preferences/sms/phone`: send a one-time code to this number (the same 202 answer whatever happens next). */
export const smsPhoneRequestSchema = z.strictObject({ phone: phoneInputSchema, locale: localeSchema.default('de') });
export type SmsPhoneRequest = z.infer<typeof smsPhoneRequestSchema>;

export const smsCodeSentSchema = z.object({ data: z.object({ status: z.literal('code-sent'), phone: z.string(), expiresAt: z.string() }) });
export type SmsCodeSent = z.infer<typeof smsCodeSentSchema>;

/** `POST /preferences/sms/verify`: the six-digit code from the SMS. */
export const smsVerifyRequestSchema = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, { message: 'must be the six digits from the SMS' }) });
export type SmsVerifyRequest = z.infer<typeof smsVerifyRequestSchema>;

/** `PUT /preferences/sms/consents`: grant or withdraw each purpose; a grant names the legal text version shown. */
export const smsConsentsRequestSchema = z.strictObject({
  purposes: z.partialRecord(smsPurposeSchema, z.boolean()),
  locale: localeSchema.default('de'),
  /** The version of each granted purpose's text in `locale` (GET /legal-text?purpose=sms-alerts). */
  legalTextVersions: z.partialRecord(smsPurposeSchema, z.number().int().positive()).default({}),
  pageUrl: z.url({ protocol: /^https?$/ }).max(LIMITS.urlLength).optional(),
});
export type SmsConsentsRequest = z.infer<typeof smsConsentsRequestSchema>;

/** The citizen's SMS state (GET /preferences/sms and the answer of every change). */
export const smsStateSchema = z.object({
  data: z.object({
    /** E.164, or null when none is verified. */
    phone: z.string().nullable(),
    /** A number waiting for its code (E.164), or null. */
    pendingPhone: z.string().nullable(),
    consents: z.object({ 'sms-alerts': z.boolean(), 'sms-registrations': z.boolean() }),
    /** Set after a STOP reply or an editor's "do not contact by SMS". */
    suppressed: z.boolean(),
  }),
});
export type SmsState = z.infer<typeof smsStateSchema>;

/** `PUT /civic-dialog/profiles/:id/sms-contact` (admin, profiles.update): an editor's "do not contact by SMS", or lifting it. */
export const smsDoNotContactRequestSchema = z.strictObject({
  doNotContact: z.boolean(),
  /** Why (a complaint, a request by phone); stored with the suppression. */
  reason: z.string().trim().min(1).max(255).refine((text) => !hasHiddenCharacters(text), NEWSLETTER_HIDDEN_TEXT_MESSAGE).optional(),
});
export type SmsDoNotContactRequest = z.infer<typeof smsDoNotContactRequestSchema>;
export interface SmsDoNotContactResult {
  data: { profileId: number; doNotContact: { since: string; reason: string | null } | null };
}

/** The generic HTTP provider's webhooks: a reply (`from`, `text`) and a delivery report (`id`, `status`). */
export const smsInboundSchema = z.object({ from: z.string().min(3).max(32), text: z.string().max(1600) });
export const smsDeliveryReportSchema = z.object({
  id: z.string().min(1).max(255),
  status: z.enum(['delivered', 'failed', 'undelivered', 'sent', 'queued', 'accepted']),
  error: z.string().max(500).optional(),
});
export type SmsDeliveryReport = z.infer<typeof smsDeliveryReportSchema>;

export { smsLength, isGsm7, SMS_MAX_SEGMENTS, type SmsLength, type SmsEncoding } from './rules/sms-length';
