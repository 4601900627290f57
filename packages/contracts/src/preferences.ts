/**
 * Preference center (`<civic-preferences>`) and GDPR self-service, plus the admin side of the
 * same data: the 360° profile, export, erasure and the audit log of admin access.
 */
import { z } from 'zod';
import {
  LIMITS,
  POSTAL_CODE_PATTERN,
  PREFERENCE_LIMITS,
  emailSchema,
  localeSchema,
  personNameSchema,
  tokenSchema,
  topicSlugSchema,
  type ConsentAction,
  type LegalPurpose,
  type Locale,
  type ProfileDetail,
  type ProfileStatus,
  type PublicLegalText,
  type SubscriptionStatus,
} from './core';

// ---------------------------------------------------------------------------------------------
// Access: magic link → session

/** `POST /preferences/link`: mail a manage link; the same 202 answer for known and unknown addresses. */
export const preferencesLinkRequestSchema = z.strictObject({
  email: emailSchema,
  locale: localeSchema,
  /** The page the widget is on; the link in the mail points back here if its origin is allowed. */
  pageUrl: z.url({ protocol: /^https?$/ }).max(LIMITS.urlLength),
});
export type PreferencesLinkRequest = z.infer<typeof preferencesLinkRequestSchema>;

export const preferencesLinkAcceptedSchema = z.object({
  data: z.object({ status: z.literal('accepted') }),
});
export type PreferencesLinkAccepted = z.infer<typeof preferencesLinkAcceptedSchema>;

/** `POST /preferences/session`: exchange the token from the link's fragment for a session. */
export const preferencesSessionRequestSchema = z.strictObject({ token: tokenSchema });
export type PreferencesSessionRequest = z.infer<typeof preferencesSessionRequestSchema>;

export const preferencesSessionSchema = z.object({
  data: z.object({
    /** Send as `Authorization: Bearer <sessionToken>` on every other /preferences route. */
    sessionToken: tokenSchema,
    /** ISO date-time; after it every request answers 401 and the widget asks for a new link. */
    expiresAt: z.string(),
  }),
});
export type PreferencesSession = z.infer<typeof preferencesSessionSchema>;

// ---------------------------------------------------------------------------------------------
// The citizen's view

/** Optional profile fields a town may ask for (config `preferences.askedFields`). */
export const PROFILE_FIELDS = ['firstName', 'postalCode', 'district'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export interface PreferencesTopic {
  slug: string;
  name: string;
  description: string | null;
  /** The citizen's subscription to this topic; null = never subscribed. */
  status: SubscriptionStatus | null;
}

export interface PreferencesConsent {
  action: ConsentAction;
  purpose: LegalPurpose;
  createdAt: string;
  legalText: { title: string; version: number; locale: Locale } | null;
  topics: string[];
  /** What an event registration's or survey answer's consent was for: the event's or survey's title in the requested (else the profile's) language (null for newsletter consents, whose topics say it, and where it is not known). */
  subject: string | null;
  sourceUrl: string | null;
}

export interface PreferencesView {
  profile: {
    email: string;
    firstName: string | null;
    postalCode: string | null;
    district: string | null;
    locale: Locale;
    status: ProfileStatus;
  };
  askedFields: ProfileField[];
  /** All public topics, in the requested language (`?locale=`), else the profile's. */
  topics: PreferencesTopic[];
  /** The current newsletter consent text in the profile's locale (null if the town has none). */
  legalText: PublicLegalText | null;
  /** Newest first. */
  consents: PreferencesConsent[];
}

/**
 * The query of the preference center's views (`GET /preferences`, and the view each change answers with):
 * `locale` is the widget's language — topic names and consent subjects come in it (default: the
 * profile's language), so a page in one language shows one language whatever the citizen's mails are in.
 */
export const preferencesViewQuerySchema = z.object({ locale: localeSchema.optional() });
export type PreferencesViewQuery = z.infer<typeof preferencesViewQuerySchema>;

export interface PreferencesResponse {
  data: PreferencesView;
}

/** Empty string clears a field. */
const optionalText = (max: number) => z.string().trim().max(max).optional();

/** `PATCH /preferences/profile` */
export const preferencesProfilePatchSchema = z.strictObject({
  firstName: personNameSchema(LIMITS.firstNameLength).optional(),
  postalCode: z
    .string()
    .trim()
    .max(PREFERENCE_LIMITS.postalCodeLength)
    .regex(POSTAL_CODE_PATTERN, 'must contain only letters, digits, spaces and dashes')
    .optional(),
  district: optionalText(PREFERENCE_LIMITS.districtLength),
  locale: localeSchema.optional(),
});
export type PreferencesProfilePatch = z.infer<typeof preferencesProfilePatchSchema>;

/**
 * `PUT /preferences/subscriptions`: the complete set of topics the citizen wants active.
 * Adding a topic needs `consent: true` and the version of the current consent text (400 otherwise).
 */
export const preferencesSubscriptionsSchema = z.strictObject({
  topics: z.array(topicSlugSchema).max(LIMITS.topicsPerSignup),
  legalTextVersion: z.number().int().positive().optional(),
  consent: z.literal(true, { message: 'consent must be true when given' }).optional(),
});
export type PreferencesSubscriptionsUpdate = z.infer<typeof preferencesSubscriptionsSchema>;

/** `POST /preferences/erase` */
export const preferencesEraseRequestSchema = z.strictObject({
  confirm: z.literal(true, { message: 'confirm must be true' }),
});
export type PreferencesEraseRequest = z.infer<typeof preferencesEraseRequestSchema>;

export const preferencesErasedSchema = z.object({ data: z.object({ status: z.literal('erased') }) });
export type PreferencesErased = z.infer<typeof preferencesErasedSchema>;

// ---------------------------------------------------------------------------------------------
// Export (GDPR Art. 15/20): the same document for the citizen and the admin

export const PERSONAL_DATA_EXPORT_FORMAT = 'civic-dialog-export/1';

export interface PersonalDataExport {
  exportedAt: string;
  format: typeof PERSONAL_DATA_EXPORT_FORMAT;
  /** One key per registered section: profile, subscriptions, consents, messages, tokens, and later features'. */
  sections: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Admin: 360° profile, actions, audit log

/** Sections the core plugin registers; any other key in `sections` comes from a later feature. */
export const CORE_SECTIONS = ['profile', 'subscriptions', 'consents', 'messages', 'tokens'] as const;

export const TIMELINE_TYPES = ['profile', 'subscription', 'consent', 'message'] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

export interface TimelineEntry {
  at: string;
  type: TimelineType;
  /** e.g. created/confirmed (profile), a subscription or consent status/action, a message status. */
  action: string;
  /** Short human-readable subject: topic name(s) in the requested language, mail subject, legal text "title v3". */
  label: string | null;
}

/** `GET /civic-dialog/profiles/:id?locale=de|en` in the admin panel (topic names in that language, default the citizen's). */
export interface ProfileDetail360 extends ProfileDetail {
  profileFields: { postalCode: string | null; district: string | null };
  /** Newest first: everything that happened to this profile, merged. */
  timeline: TimelineEntry[];
  /** Sections registered by later features (registrations, surveyResponses, …), keyed by section. */
  sections: Record<string, unknown>;
}

/**
 * What an editor did with personal data. The first four concern one profile; the others are views
 * and downloads of many people's data at once (their `subject` names what was shown).
 */
export const AUDIT_ACTIONS = [
  'viewed',
  'exported',
  'erased',
  'resent-confirmation',
  'listed-profiles',
  'listed-registrations',
  'downloaded-registrations',
  'viewed-free-texts',
  'downloaded-survey-responses',
  'lifted-suppression',
  'sms-do-not-contact',
  'sms-contact-allowed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditLogQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  profileId: z.coerce.number().int().positive().optional(),
});
export type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;

export interface AuditEntry {
  id: number;
  adminUserId: number;
  adminEmail: string;
  action: AuditAction;
  /** The profile concerned; null for a list view or download of many. */
  profileId: number | null;
  /** What a list view or download showed, e.g. "event 12", "survey 3, question alter"; null for one profile. */
  subject: string | null;
  createdAt: string;
}

export interface AuditLog {
  results: AuditEntry[];
  pagination: { page: number; pageSize: number; pageCount: number; total: number };
}

/** `POST /civic-dialog/profiles/:id/erase` and `/resend-confirmation` answer with this. */
export interface ProfileActionResult {
  data: { status: 'erased' | 'resent' };
}
