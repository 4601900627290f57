/**
 * The shared primitives and the signup / profile API. Feature files import from here (not from
 * index.ts, which re-exports them: an import cycle through index breaks ESM test runs).
 *
 * The public API of Civic Dialog, once: the Strapi plugin validates every request with these
 * schemas, the widgets and the admin pages import only the inferred types (no zod in a bundle).
 */
import { z } from 'zod';
import { answerCapacityMessage, answerCapacityProblem, isPersonName, LIMITS, LOCALES, PERSON_NAME_MESSAGE } from './rules/index.js';

// The zod-free rules and limits, once (see rules/index.ts); re-exported so one import serves the server.
export * from './rules/index.js';
export const localeSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof localeSchema>;

export const topicSlugSchema = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a topic slug (lower-case letters, digits, dashes)');

/** A first or last name (rules/names.ts); empty means not given. */
export const personNameSchema = (maxLength: number) => z.string().trim().max(maxLength).refine(isPersonName, PERSON_NAME_MESSAGE);

export const emailSchema = z
  .string()
  .trim()
  .max(LIMITS.emailLength)
  .pipe(z.email({ message: 'must be a valid email address' }));

/** A token from a mail link: 32 random bytes, base64url, 43 characters (256 bit). */
export const tokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'is not a valid link token');

/**
 * The save schemas' check that the largest possible answers fit into one request
 * (rules/answer-capacity.ts): an issue at the question's field that can make room. Not part of the
 * schemas that read stored questions, so a survey saved before the rule still opens.
 */
export function refineAnswerCapacity(questions: readonly unknown[], ctx: z.RefinementCtx<readonly unknown[]>): void {
  const problem = answerCapacityProblem(questions);
  if (!problem) return;
  ctx.addIssue({
    code: 'custom',
    path: problem.field ? [problem.index, problem.field] : [problem.index],
    message: answerCapacityMessage(problem),
    params: { problem: 'answers-too-large', bytes: problem.bytes, limit: problem.limit },
  });
}

// ---------------------------------------------------------------------------------------------
// Signup (double opt-in)

export const signupRequestSchema = z.strictObject({
  email: emailSchema,
  firstName: personNameSchema(LIMITS.firstNameLength).optional(),
  topics: z
    .array(topicSlugSchema)
    .min(1, 'choose at least one topic')
    .max(LIMITS.topicsPerSignup),
  locale: localeSchema,
  /** The version of the consent text the citizen was shown (per locale). */
  legalTextVersion: z.number().int().positive(),
  consent: z.literal(true, { message: 'consent is required' }),
  /** The page the widget is embedded in: part of the consent proof. */
  pageUrl: z.url({ protocol: /^https?$/ }).max(LIMITS.urlLength),
  /** Which widget sent the request, e.g. "civic-signup". */
  widget: z.string().max(64).optional(),
  /** Honeypot: humans leave it empty; a filled one is accepted and silently dropped. */
  website: z.string().max(LIMITS.urlLength).optional(),
});
export type SignupRequest = z.infer<typeof signupRequestSchema>;

/** The same answer for every accepted signup, new or known address (no enumeration). */
export const signupAcceptedSchema = z.object({
  data: z.object({ status: z.literal('accepted') }),
});
export type SignupAccepted = z.infer<typeof signupAcceptedSchema>;

// ---------------------------------------------------------------------------------------------
// Mail links: confirm and unsubscribe

export const tokenRequestSchema = z.strictObject({ token: tokenSchema });
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

export const confirmResultSchema = z.object({
  data: z.object({ status: z.literal('confirmed'), topics: z.array(topicSlugSchema) }),
});
export type ConfirmResult = z.infer<typeof confirmResultSchema>;

export const unsubscribeResultSchema = z.object({
  data: z.object({ status: z.literal('unsubscribed') }),
});
export type UnsubscribeResult = z.infer<typeof unsubscribeResultSchema>;

// ---------------------------------------------------------------------------------------------
// Public reads

export const localeQuerySchema = z.object({ locale: localeSchema.default('de') });

export const publicTopicSchema = z.object({
  slug: topicSlugSchema,
  name: z.string(),
  description: z.string().nullable(),
});
export type PublicTopic = z.infer<typeof publicTopicSchema>;

export const topicListSchema = z.object({ data: z.array(publicTopicSchema) });
export type TopicList = z.infer<typeof topicListSchema>;

export const LEGAL_PURPOSES = ['newsletter', 'event-registration', 'survey', 'alerts', 'sms-alerts', 'sms-registrations'] as const;
export const legalPurposeSchema = z.enum(LEGAL_PURPOSES);
export type LegalPurpose = z.infer<typeof legalPurposeSchema>;

export const legalTextQuerySchema = localeQuerySchema.extend({
  purpose: legalPurposeSchema.default('newsletter'),
});

export const publicLegalTextSchema = z.object({
  purpose: legalPurposeSchema,
  locale: localeSchema,
  version: z.number().int().positive(),
  title: z.string(),
  /** Plain text; paragraphs separated by blank lines. */
  body: z.string(),
});
export type PublicLegalText = z.infer<typeof publicLegalTextSchema>;

export const legalTextResponseSchema = z.object({ data: publicLegalTextSchema });
export type LegalTextResponse = z.infer<typeof legalTextResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Errors: Strapi's error shape

/**
 * What is wrong with one field of a refused request, as a code the widgets translate (the
 * `message` beside it is English, for developers and logs; a citizen never sees it). zod's own
 * issue codes (`invalid_type`, `too_big`, …) name the checks of the schemas; these name the
 * plugin's checks after them.
 */
export const FIELD_ERROR_CODES = [
  'unknown-topic',
  'legal-text-outdated',
  'consent-required',
  'page-not-allowed',
  'not-offered',
  'too-many-seats',
  'invalid-answer',
  'bot-check-failed',
  // The SMS channel: a number that is no phone number, a wrong/expired/used-up code, consent without a verified number.
  'invalid-phone',
  'wrong-code',
  'code-expired',
  'too-many-tries',
  'phone-not-verified',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export const apiErrorSchema = z.object({
  data: z.null(),
  error: z.object({
    status: z.number().int(),
    name: z.string(),
    message: z.string(),
    details: z
      .object({
        errors: z
          .array(z.object({ path: z.array(z.string()), message: z.string(), name: z.string(), code: z.string().optional() }))
          .optional(),
        /** Why a request was refused (409/410/403), e.g. `fully-booked`, `registration-closed`, `fresh-link-required`. */
        reason: z.string().optional(),
        /** A 429: seconds until the client may try again (the same as the `Retry-After` header, readable without CORS). */
        retryAfter: z.number().optional(),
      })
      .loose()
      .optional(),
  }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/**
 * "<path> <message>" for one issue. A message that already names its field ("consent is required")
 * gets the path in place of that name, not in front of it ("consent consent is required").
 */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (!issue.path.length) return issue.message;
  const path = issue.path.map(String).join('.');
  const field = String(issue.path[issue.path.length - 1]);
  if (issue.message.startsWith(`${field} `)) return `${path}${issue.message.slice(field.length)}`;
  return `${path} ${issue.message}`;
}

/** Turns zod issues into the `details.errors` list of Strapi's ValidationError. */
export function toValidationDetails(error: z.ZodError) {
  return {
    errors: error.issues.map((issue) => ({
      path: issue.path.map(String),
      message: issueMessage(issue),
      name: 'ValidationError',
      code: issue.code as string,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Admin panel (editors): profiles with their subscriptions and consent history

export const PROFILE_STATUSES = ['pending', 'active', 'unsubscribed', 'erased'] as const;
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];
export const SUBSCRIPTION_STATUSES = ['pending', 'active', 'unsubscribed'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const CONSENT_ACTIONS = ['granted', 'confirmed', 'withdrawn'] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];
export const MESSAGE_KINDS = [
  'doi',
  'welcome',
  'newsletter',
  'manage-link',
  'event-confirm',
  'event-registered',
  'event-waitlisted',
  'event-promoted',
  'event-reminder',
  'event-cancelled',
  'survey-confirm',
  'alert',
  'alert-confirm',
  'digest',
  'automation',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const profileListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  q: z.string().trim().max(254).optional(),
  status: z.enum(PROFILE_STATUSES).optional(),
  /** Only profiles with an active or pending subscription to this topic. */
  topic: topicSlugSchema.optional(),
});
export type ProfileListQuery = z.infer<typeof profileListQuerySchema>;

export interface ProfileListItem {
  id: number;
  email: string;
  firstName: string | null;
  status: ProfileStatus;
  locale: Locale;
  createdAt: string;
  activeTopics: number;
}

export interface ProfileList {
  results: ProfileListItem[];
  pagination: { page: number; pageSize: number; pageCount: number; total: number };
}

export interface ProfileDetail {
  profile: ProfileListItem & { confirmedAt: string | null; updatedAt: string };
  subscriptions: Array<{
    topic: { slug: string; name: string };
    status: SubscriptionStatus;
    source: string | null;
    createdAt: string;
    confirmedAt: string | null;
    withdrawnAt: string | null;
  }>;
  consents: Array<{
    id: number;
    purpose: LegalPurpose;
    action: ConsentAction;
    legalText: { version: number; locale: Locale; title: string } | null;
    topics: string[];
    sourceUrl: string | null;
    widget: string | null;
    ipHash: string | null;
    createdAt: string;
  }>;
  messages: Array<{
    id: number;
    kind: MessageKind;
    status: MessageStatus;
    subject: string;
    createdAt: string;
    sentAt: string | null;
    error: string | null;
  }>;
}
