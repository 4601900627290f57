import { z } from 'zod';
import { SMS_TABLE } from './tables';
import { col, rowsOf, type RowOf } from '../../kernel/db';

/** civic_dialog_sms_messages: the SMS outbox. */
export const smsMessageRows = rowsOf(
  SMS_TABLE.smsMessage,
  z.object({
    id: col.int,
    profileId: col.int,
    /** '' once the profile is erased. */
    phone: col.text,
    text: col.text,
    kind: col.text,
    /** The consent the text needs ('sms-alerts', 'sms-registrations') or 'verification' (a code the citizen asked for). */
    purpose: col.text,
    priority: col.int,
    status: z.enum(['queued', 'sending', 'sent', 'failed']),
    attempts: col.int,
    providerMessageId: col.textOrNull,
    deliveryStatus: col.textOrNull,
    deliveredAt: col.timeOrNull,
    error: col.textOrNull,
    dedupeKey: col.text,
    createdAt: col.time,
    sentAt: col.timeOrNull,
  }),
);
export type SmsMessageRow = RowOf<typeof smsMessageRows>;

/** civic_dialog_sms_phones: one per profile that gave a number. */
export const smsPhoneRows = rowsOf(
  SMS_TABLE.smsPhone,
  z.object({
    id: col.int,
    profileId: col.int,
    phone: col.textOrNull,
    verifiedAt: col.timeOrNull,
    pendingPhone: col.textOrNull,
    alertsConsent: col.bool,
    registrationsConsent: col.bool,
    suppressedAt: col.timeOrNull,
    suppressedReason: col.textOrNull,
  }),
);
export type SmsPhoneRow = RowOf<typeof smsPhoneRows>;

/** civic_dialog_sms_codes: one-time codes (their HMAC only). */
export const smsCodeRows = rowsOf(
  SMS_TABLE.smsCode,
  z.object({
    id: col.int,
    profileId: col.int,
    phone: col.text,
    codeHash: col.text,
    expiresAt: col.time,
    tries: col.int,
    usedAt: col.timeOrNull,
  }),
);
export type SmsCodeRow = RowOf<typeof smsCodeRows>;
