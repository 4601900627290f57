import { z } from 'zod';
import { emailSchema, localeSchema } from './core';
import { LIMITS, PLACE_NAME_MESSAGE, isPlaceName } from './rules/index.js';
import { NEWSLETTER_HIDDEN_TEXT_MESSAGE, hasHiddenCharacters, hasHiddenCharactersInLines } from './newsletters';

/**
 * Urgent alerts ("Warnungen"): what an editor writes and sends to an area, the citizen's alert
 * signup (double opt-in), and the public list of current alerts.
 */

export const ALERT_SEVERITIES = ['info', 'warning', 'danger'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const ALERT_STATUSES = ['draft', 'sent'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** An alert's short text fits one SMS (160 GSM-7 characters). */
export const ALERT_SHORT_TEXT_MAX = 160;
export const ALERT_MAIL_TEXT_MAX = 5000;
const AREA_ITEMS_MAX = 50;

const trimmed = (max: number) => z.string().trim().min(1).max(max);
/**
 * Texts that go out by SMS and mail (and a district, which becomes part of the editors' area picker
 * and the alert's area): no control or invisible characters — a bidi override or zero-width character
 * can make a warning read as something else, and a NUL fails in PostgreSQL. The mail text keeps its
 * line breaks and tabs.
 */
const visibleLine = (max: number) => trimmed(max).refine((text) => !hasHiddenCharacters(text), NEWSLETTER_HIDDEN_TEXT_MESSAGE);
const visibleLines = (max: number) => trimmed(max).refine((text) => !hasHiddenCharactersInLines(text), NEWSLETTER_HIDDEN_TEXT_MESSAGE);
/** A district is a place name (isPlaceName): a stranger types it into the public signup, and the confirmation mail sent to any address quotes it. */
export const DISTRICT_MESSAGE = PLACE_NAME_MESSAGE;
export const districtSchema = visibleLine(100).refine(isPlaceName, DISTRICT_MESSAGE);
/** German postal codes are five digits; other towns' codes are letters, digits, space and dash. */
export const postalCodeSchema = z.string().trim().regex(/^[0-9A-Za-z][0-9A-Za-z -]{1,8}[0-9A-Za-z]$/, 'not a postal code');

/** An alert's area: the whole town, or one or more districts and/or postal codes. */
export const alertAreaSchema = z
  .strictObject({
    wholeTown: z.boolean().default(false),
    districts: z.array(districtSchema).max(AREA_ITEMS_MAX).default([]),
    postalCodes: z.array(postalCodeSchema).max(AREA_ITEMS_MAX).default([]),
  })
  .refine((area) => area.wholeTown !== (area.districts.length + area.postalCodes.length > 0), {
    message: 'choose the whole town, or at least one district or postal code (not both)',
    path: ['wholeTown'],
  });
export type AlertArea = z.infer<typeof alertAreaSchema>;

/** POST /civic-dialog/alerts (admin, alerts.send). */
export const alertInputSchema = z.strictObject({
  shortText: z.strictObject({ de: visibleLine(ALERT_SHORT_TEXT_MAX), en: visibleLine(ALERT_SHORT_TEXT_MAX).optional() }),
  mailText: z.strictObject({ de: visibleLines(ALERT_MAIL_TEXT_MAX).optional(), en: visibleLines(ALERT_MAIL_TEXT_MAX).optional() }).default({}),
  severity: z.enum(ALERT_SEVERITIES),
  area: alertAreaSchema,
  /** Until when the alert is shown in the public list; in the future. */
  validUntil: z.iso.datetime({ offset: true }),
});
export type AlertInput = z.infer<typeof alertInputSchema>;

/** A new alert must still be valid when it is written (the server's POST checks it; the admin form too). */
export const ALERT_NOT_IN_FUTURE = 'must be in the future';
export const newAlertSchema = alertInputSchema.refine((input) => Date.parse(input.validUntil) > Date.now(), { path: ['validUntil'], message: ALERT_NOT_IN_FUTURE });

/** What the admin and the public list show of an alert (no personal data). */
export const publicAlertSchema = z.object({
  id: z.number().int(),
  severity: z.enum(ALERT_SEVERITIES),
  shortText: z.object({ de: z.string(), en: z.string().nullable() }),
  area: z.object({ wholeTown: z.boolean(), districts: z.array(z.string()), postalCodes: z.array(z.string()) }),
  sentAt: z.string().nullable(),
  validUntil: z.string(),
});
export type PublicAlert = z.infer<typeof publicAlertSchema>;
export const publicAlertListSchema = z.object({ data: z.array(publicAlertSchema) });
export type PublicAlertList = z.infer<typeof publicAlertListSchema>;

/** Delivery figures of a sent alert per channel (admin, live). */
export interface AlertChannelFigures {
  recipients: number;
  queued: number;
  sent: number;
  failed: number;
  /** SMS: delivered by the provider's delivery report. */
  delivered?: number;
}
export interface AlertDeliveries {
  data: { id: number; status: AlertStatus; channels: { mail: AlertChannelFigures; sms?: AlertChannelFigures } };
}

/** What editors see of an alert (GET/POST /civic-dialog/alerts): the public fields, its state, recipients per channel and the SMS segments of its short texts (GSM-7 vs UCS-2). */
export interface AdminAlert extends PublicAlert {
  status: AlertStatus;
  recipients: { mail: number; sms: number };
  mailText: { de: string | null; en: string | null };
  segments: { de: number; en: number | null };
}

/** GET /civic-dialog/alerts/:id/audience: who would get the alert if it were sent now, per channel (SMS null while the channel is off). */
export interface AlertAudience {
  data: { id: number; mail: number; sms: number | null };
}

/** GET /civic-dialog/alerts/areas: the districts and postal codes citizens chose for their alerts (as stored: districts lower-case), with how many chose each. */
export interface AlertAreas {
  data: { districts: Array<{ name: string; subscribers: number }>; postalCodes: Array<{ name: string; subscribers: number }> };
}

/** POST /api/civic-dialog/alerts/signups: subscribe to alerts for an area, with double opt-in. */
export const alertSignupRequestSchema = z.strictObject({
  email: emailSchema,
  /** The citizen's area: a district and/or a postal code; neither means alerts for the whole town. */
  district: districtSchema.optional(),
  postalCode: postalCodeSchema.optional(),
  locale: localeSchema,
  legalTextVersion: z.number().int().positive(),
  consent: z.literal(true, { message: 'consent is required' }),
  pageUrl: z.url({ protocol: /^https?$/ }).max(LIMITS.urlLength),
  widget: z.string().max(64).optional(),
  website: z.string().max(LIMITS.urlLength).optional(),
});
export type AlertSignupRequest = z.infer<typeof alertSignupRequestSchema>;

/** The citizen's alert consent in the preference center (GET/PUT /api/civic-dialog/preferences/alerts, with the session). */
export const alertPreferencesUpdateSchema = z.strictObject({
  subscribed: z.boolean(),
  district: districtSchema.nullable().optional(),
  postalCode: postalCodeSchema.nullable().optional(),
  /** The version of the alert consent text shown, required when subscribing. */
  legalTextVersion: z.number().int().positive().optional(),
  locale: localeSchema,
});
export type AlertPreferencesUpdate = z.infer<typeof alertPreferencesUpdateSchema>;
export interface AlertPreferences {
  data: { status: 'none' | 'pending' | 'active' | 'withdrawn'; district: string | null; postalCode: string | null };
}
/** The answer of GET/PUT /preferences/alerts, as a schema (the widgets' fake API checks its answers with it). */
export const alertPreferencesResponseSchema = z.object({
  data: z.object({ status: z.enum(['none', 'pending', 'active', 'withdrawn']), district: z.string().nullable(), postalCode: z.string().nullable() }),
});
