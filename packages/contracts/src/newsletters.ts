/**
 * Newsletters: what an editor composes (checked before anything is sent), the admin API around a
 * send (audience, preview, test send, send/schedule, approval, pause/resume/cancel, report) and the
 * public web archive.
 *
 * Editors write the newsletter in Strapi's content manager (content type
 * `plugin::civic-dialog.newsletter`); the server turns the stored document into a
 * `NewsletterContent` and checks it with `newsletterContentSchema` on every send, test send and
 * preview, so the admin shows one clear message per problem. Admin routes live under
 * `/civic-dialog/newsletters/:documentId/…` (admin JWT); answers are plain JSON (no `data` wrapper),
 * errors Strapi's error shape `{ data: null, error: { status, name, message, details } }`.
 */
import { z } from 'zod';
import { LIMITS, emailSchema, localeSchema, topicSlugSchema } from './core';

export const NEWSLETTER_LIMITS = {
  subjectLength: 200,
  preheaderLength: 300,
  blocks: 50,
  textLength: 20_000,
  labelLength: 200,
  altLength: 300,
  /** Districts or postal codes an audience may be narrowed to. */
  audienceFilters: 200,
  /** Upcoming-events block: at most this many events. */
  eventsPerBlock: 20,
  /** Addresses one test send may go to. */
  testRecipients: 5,
  /** A send may be scheduled at most this far ahead. */
  scheduleAheadDays: 366,
  /** A schedule this close to "now" still counts as now (clock skew between browser and server). */
  scheduleGraceSeconds: 60,
} as const;

/** RBAC actions (Settings → Roles → Plugins → civic-dialog). Editing itself is the content type's own permission. */
export const NEWSLETTER_ACTIONS = {
  read: 'plugin::civic-dialog.newsletters.read',
  send: 'plugin::civic-dialog.newsletters.send',
} as const;

/**
 * draft → (scheduled →) sending ⇄ paused → sent; draft/scheduled/sending/paused → cancelled.
 * `sent` means every recipient row reached sent, failed or uncertain.
 */
export const NEWSLETTER_STATUSES = ['draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled'] as const;
export const newsletterStatusSchema = z.enum(NEWSLETTER_STATUSES);
export type NewsletterStatus = z.infer<typeof newsletterStatusSchema>;

// ---------------------------------------------------------------------------------------------
// Links: web links only (and mailto: for buttons); javascript:, data:, vbscript: and relative links are refused

const SAFE_LINK = /^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i;

/**
 * Control and invisible format characters (C0/C1 controls, bidi overrides such as U+202E, zero-width
 * characters): a real address never contains them unencoded, and in a mail they can make a link read
 * as another address than the one it opens.
 */
const HIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}]/u;

/**
 * The same rule for one-line texts a reader trusts at a glance (subject, preheader, button label):
 * a bidi override or zero-width character can make them read as something else. Allowed: the
 * zero-width joiner and tag characters, which build emoji (👨‍👩‍👧, subdivision flags).
 */
const HIDDEN_IN_TEXT = /(?![\u200d\u{e0020}-\u{e007f}])[\p{Cc}\p{Cf}]/u;
export const NEWSLETTER_HIDDEN_TEXT_MESSAGE = 'contains control or invisible characters (such as a bidi override) that can disguise what it says';
/** Whether a one-line newsletter text (subject, preheader, button label) has control or invisible characters. */
export const hasHiddenCharacters = (text: unknown): boolean => typeof text === 'string' && HIDDEN_IN_TEXT.test(text);
/** The same for a text of several lines (an alert's mail text): line breaks and tabs are allowed too. */
const HIDDEN_IN_LINES = /(?![\u200d\u{e0020}-\u{e007f}\n\r\t])[\p{Cc}\p{Cf}]/u;
export const hasHiddenCharactersInLines = (text: unknown): boolean => typeof text === 'string' && HIDDEN_IN_LINES.test(text);
/** Whether an address is a web address without control or invisible characters (an image an automation mail shows). */
export const isWebAddress = (url: unknown): boolean => typeof url === 'string' && /^https?:\/\/[^\s]+$/i.test(url) && !HIDDEN_CHARACTERS.test(url);
const visibleLine = <T extends z.ZodType<string | null | undefined>>(schema: T) =>
  schema.refine((text) => !hasHiddenCharacters(text), NEWSLETTER_HIDDEN_TEXT_MESSAGE);

/** A link an editor puts in a mail: http(s) or mailto, nothing that runs or embeds code. */
export const newsletterLinkSchema = z
  .string()
  .trim()
  .min(1, 'needs a link')
  .max(LIMITS.urlLength)
  .superRefine((url, ctx) => {
    // One message per link: the one that says what is wrong with it.
    if (HIDDEN_CHARACTERS.test(url)) {
      ctx.addIssue({ code: 'custom', message: 'contains control or invisible characters (such as a bidi override) that can disguise where it leads' });
    } else if (/^\s*(javascript|data|vbscript|file):/i.test(url)) {
      ctx.addIssue({ code: 'custom', message: 'must be a web link (javascript:, data:, vbscript: and file: links are not allowed)' });
    } else if (!SAFE_LINK.test(url)) {
      ctx.addIssue({ code: 'custom', message: 'must start with https://, http:// or mailto:' });
    }
  });

export const isSafeNewsletterLink = (url: unknown): boolean => newsletterLinkSchema.safeParse(url).success;

// ---------------------------------------------------------------------------------------------
// Rich text: Strapi's "blocks" JSON (paragraph, heading, list, quote, code, image, link nodes)

/** One node of Strapi's blocks editor; children are checked recursively for unsafe links. */
export interface RichTextNode {
  type: string;
  text?: string;
  url?: string;
  children?: RichTextNode[];
  [key: string]: unknown;
}

const richTextNodeSchema: z.ZodType<RichTextNode> = z.lazy(() =>
  z
    .object({
      type: z.string(),
      text: z.string().max(NEWSLETTER_LIMITS.textLength).optional(),
      url: z.string().optional(),
      children: z.array(richTextNodeSchema).optional(),
    })
    .loose()
    .superRefine((node, ctx) => {
      if (node.type === 'link' && !isSafeNewsletterLink(node.url)) {
        ctx.addIssue({
          code: 'custom',
          path: ['url'],
          message: `link "${String(node.url ?? '').slice(0, 80)}" must be a web link (https://, http:// or mailto:)`,
        });
      }
      const alt = (node.image as { alternativeText?: unknown } | undefined)?.alternativeText;
      if (node.type === 'image' && !(typeof alt === 'string' && alt.trim())) {
        ctx.addIssue({ code: 'custom', path: ['image', 'alternativeText'], message: 'image needs an alternative text' });
      }
    }),
);

/** How deep rich text may nest (nested lists, links, marks need far fewer levels) and how many nodes it may have in all. */
export const RICH_TEXT_MAX_DEPTH = 32;
const RICH_TEXT_MAX_NODES = 20_000;
/** Walks the nodes without recursion: a body nested thousands deep is refused before the recursive checks run (they would exhaust the stack: 500). */
function richTextWithinBounds(value: unknown): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  let nodes = 0;
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (depth > RICH_TEXT_MAX_DEPTH || ++nodes > RICH_TEXT_MAX_NODES) return false;
    if (Array.isArray(current)) for (const item of current) stack.push([item, depth + 1]);
    else if (current && typeof current === 'object') {
      const children = (current as { children?: unknown }).children;
      if (children !== undefined) stack.push([children, depth + 1]);
    }
  }
  return true;
}

export const richTextSchema = z
  .unknown()
  .refine(richTextWithinBounds, `is nested more than ${RICH_TEXT_MAX_DEPTH} levels deep or has too many parts`)
  .pipe(z.array(richTextNodeSchema).max(500));

/** Whether blocks JSON holds any visible text (an empty paragraph is not content). */
export function richTextHasContent(nodes: RichTextNode[] | null | undefined): boolean {
  return (nodes ?? []).some(
    (node) => (typeof node.text === 'string' && node.text.trim() !== '') || node.type === 'image' || richTextHasContent(node.children),
  );
}

// ---------------------------------------------------------------------------------------------
// Blocks of the newsletter body (dynamic zone components `civic-newsletter.*`), as the server
// resolves them for checking and rendering. German is required, English falls back to German.

const labelSchema = z.string().trim().min(1).max(NEWSLETTER_LIMITS.labelLength);
const optionalLabel = z.string().trim().max(NEWSLETTER_LIMITS.labelLength).nullish();

export const NEWSLETTER_BLOCK_TYPES = ['rich-text', 'image', 'button', 'entry', 'upcoming-events', 'survey'] as const;
export type NewsletterBlockType = (typeof NEWSLETTER_BLOCK_TYPES)[number];

export const newsletterBlockSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('rich-text'),
    text: richTextSchema.refine(richTextHasContent, { message: 'is empty' }),
    textEn: richTextSchema.nullish(),
  }),
  z.object({
    type: z.literal('image'),
    /** Absolute URL of the media file. */
    url: z.string().min(1, 'needs an image from the media library'),
    alt: z
      .string({ message: 'needs an alternative text (alt) for screen readers' })
      .trim()
      .min(1, 'needs an alternative text (alt) for screen readers')
      .max(NEWSLETTER_LIMITS.altLength),
    altEn: z.string().trim().max(NEWSLETTER_LIMITS.altLength).nullish(),
    caption: optionalLabel,
    captionEn: optionalLabel,
    link: newsletterLinkSchema.nullish(),
  }),
  z.object({
    type: z.literal('button'),
    label: visibleLine(labelSchema),
    labelEn: visibleLine(optionalLabel),
    url: newsletterLinkSchema,
  }),
  z.object({
    type: z.literal('entry'),
    /** Content type uid of the referenced entry (from plugin config `newsletters.contentSources`). */
    source: z.string().min(1),
    /** Null when the referenced entry was deleted or is not published. */
    entry: z
      .object({
        title: z.string().trim().min(1).max(NEWSLETTER_LIMITS.labelLength * 2),
        summary: z.string().max(NEWSLETTER_LIMITS.textLength).nullish(),
        imageUrl: z.string().nullish(),
        url: newsletterLinkSchema.nullish(),
      })
      .nullable()
      .refine((entry) => entry !== null, { message: 'refers to an entry that was deleted or is not published' }),
  }),
  z.object({
    type: z.literal('upcoming-events'),
    heading: optionalLabel,
    headingEn: optionalLabel,
    /** Events of any of these topics (none: every topic). */
    topics: z.array(topicSlugSchema).max(50),
    count: z.number().int().min(1).max(NEWSLETTER_LIMITS.eventsPerBlock),
  }),
  z.object({
    type: z.literal('survey'),
    /** Null when the survey was deleted. */
    survey: z
      .object({ slug: z.string().min(1), title: z.string(), titleEn: z.string().nullish() })
      .nullable()
      .refine((survey) => survey !== null, { message: 'refers to a survey that was deleted' }),
    text: z.string().max(NEWSLETTER_LIMITS.textLength).nullish(),
    textEn: z.string().max(NEWSLETTER_LIMITS.textLength).nullish(),
    /** Page with `<civic-survey survey="slug">` the invitation links to. */
    url: newsletterLinkSchema,
  }),
]);
export type NewsletterBlock = z.infer<typeof newsletterBlockSchema>;

export const newsletterAudienceSchema = z.object({
  topics: z.array(topicSlugSchema).min(1, 'choose at least one topic (the audience)').max(200),
  /** Narrows the audience to profiles in one of these districts (case-insensitive). */
  districts: z.array(z.string().trim().min(1).max(100)).max(NEWSLETTER_LIMITS.audienceFilters).default([]),
  /** Narrows the audience to profiles with one of these postal codes. */
  postalCodes: z.array(z.string().trim().min(1).max(16)).max(NEWSLETTER_LIMITS.audienceFilters).default([]),
});
export type NewsletterAudience = z.infer<typeof newsletterAudienceSchema>;

/** The newsletter as the server checks it before a preview, test send or send. */
export const newsletterContentSchema = z.object({
  subject: z.object({
    de: visibleLine(
      z
        .string({ message: 'needs a German subject' })
        .trim()
        .min(1, 'needs a German subject')
        .max(NEWSLETTER_LIMITS.subjectLength),
    ),
    en: visibleLine(z.string().trim().max(NEWSLETTER_LIMITS.subjectLength).nullish()),
  }),
  preheader: z.object({
    de: visibleLine(z.string().trim().max(NEWSLETTER_LIMITS.preheaderLength).nullish()),
    en: visibleLine(z.string().trim().max(NEWSLETTER_LIMITS.preheaderLength).nullish()),
  }),
  blocks: z
    .array(newsletterBlockSchema)
    .min(1, 'is empty: add at least one block (text, image, button, article, events or survey)')
    .max(NEWSLETTER_LIMITS.blocks),
  audience: newsletterAudienceSchema,
});
export type NewsletterContent = z.infer<typeof newsletterContentSchema>;

/**
 * What keeps a newsletter from going out, as a stable code (`details.errors[].code` of the 400 that
 * the audience count, preview, test send and send answer), so the admin says it in the editor's
 * language instead of the schema's English. A problem without a code keeps zod's issue code and its
 * English message.
 */
export const NEWSLETTER_PROBLEMS = [
  'no-topics',
  'no-content',
  'too-many-blocks',
  'no-subject',
  'too-long',
  'hidden-characters',
  'text-empty',
  'image-missing',
  'alt-missing',
  'label-missing',
  'link-invalid',
  'entry-unavailable',
  'survey-deleted',
] as const;
export type NewsletterProblem = (typeof NEWSLETTER_PROBLEMS)[number];

/**
 * The code of one issue of `newsletterContentSchema`, read from where it stands (its path) and, in a
 * block, the block's type: an image's and a button's `url` are different problems.
 */
export function newsletterProblemOf(issue: { path: readonly PropertyKey[]; code: string; message: string }, input: unknown): NewsletterProblem | undefined {
  const path = issue.path.map(String);
  const last = path[path.length - 1];
  if (issue.message === NEWSLETTER_HIDDEN_TEXT_MESSAGE) return 'hidden-characters';
  if (path[0] === 'audience') return path[1] === 'topics' && issue.code === 'too_small' ? 'no-topics' : undefined;
  if (path[0] === 'blocks' && path.length === 1) return issue.code === 'too_big' ? 'too-many-blocks' : issue.code === 'too_small' ? 'no-content' : undefined;
  if (issue.code === 'too_big') return 'too-long';
  if (path[0] === 'subject') return path[1] === 'de' ? 'no-subject' : undefined;
  if (path[0] !== 'blocks') return undefined;
  if (last === 'alternativeText' || last === 'alt') return 'alt-missing';
  if (path.length > 3 && last === 'url') return 'link-invalid'; // a link inside rich text
  const block = (input as { blocks?: Array<{ type?: unknown }> } | null | undefined)?.blocks?.[Number(path[1])];
  const field = path[2];
  switch (block?.type) {
    case 'rich-text':
      return field === 'text' ? 'text-empty' : undefined;
    case 'image':
      return field === 'url' ? 'image-missing' : field === 'link' ? 'link-invalid' : undefined;
    case 'button':
      return field === 'label' ? 'label-missing' : field === 'url' ? 'link-invalid' : undefined;
    case 'entry':
      return field === 'entry' ? 'entry-unavailable' : undefined;
    case 'survey':
      return field === 'survey' ? 'survey-deleted' : field === 'url' ? 'link-invalid' : undefined;
    default:
      return undefined;
  }
}

/** The languages a newsletter is sent in: English readers get English only where the editor wrote it. */
export const newsletterLocales = (content: Pick<NewsletterContent, 'subject'>): Array<'de' | 'en'> =>
  content.subject.en?.trim() ? ['de', 'en'] : ['de'];

// ---------------------------------------------------------------------------------------------
// Admin API (admin JWT; read: NEWSLETTER_ACTIONS.read, the rest: NEWSLETTER_ACTIONS.send)

/** `:documentId` of the newsletter (Strapi 5 document id). */
export const newsletterDocumentIdSchema = z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'is not a document id');

/** GET /civic-dialog/newsletters/:documentId/audience — who a send now would go to. */
export const newsletterAudienceCountSchema = z.object({
  total: z.number().int().nonnegative(),
  byLocale: z.object({ de: z.number().int().nonnegative(), en: z.number().int().nonnegative() }),
});
export type NewsletterAudienceCount = z.infer<typeof newsletterAudienceCountSchema>;

/**
 * GET /civic-dialog/newsletters/:documentId/preview?locale=de|en&format=html|text — the real mail
 * for a sample recipient (text/html page or text/plain). Also the content manager's preview URL.
 * `locale=en` on a newsletter without English shows the German mail (what English readers get).
 */
export const newsletterPreviewQuerySchema = z.object({
  locale: localeSchema.default('de'),
  format: z.enum(['html', 'text']).default('html'),
});
export type NewsletterPreviewQuery = z.infer<typeof newsletterPreviewQuerySchema>;

/** POST /civic-dialog/newsletters/:documentId/test-send → 202 NewsletterTestSendResult. */
export const newsletterTestSendRequestSchema = z.strictObject({
  emails: z
    .array(emailSchema)
    .min(1, 'enter at least one address')
    .max(NEWSLETTER_LIMITS.testRecipients, `at most ${NEWSLETTER_LIMITS.testRecipients} addresses`),
});
export type NewsletterTestSendRequest = z.infer<typeof newsletterTestSendRequestSchema>;
export const newsletterTestSendResultSchema = z.object({ queued: z.number().int().nonnegative() });
export type NewsletterTestSendResult = z.infer<typeof newsletterTestSendResultSchema>;

/** Whether `scheduledAt` (ISO) is in the past beyond the grace, relative to `now`. */
export const isScheduleInPast = (scheduledAt: string, now = Date.now()) =>
  Date.parse(scheduledAt) < now - NEWSLETTER_LIMITS.scheduleGraceSeconds * 1000;

/**
 * POST /civic-dialog/newsletters/:documentId/send → 202 NewsletterSendResult.
 * Without `scheduledAt` the send starts now. 400: the newsletter is not sendable (message names the
 * problem) or the time is in the past; 409: it was already sent, is sending or scheduled, or needs approval.
 */
export const newsletterSendRequestSchema = z.strictObject({
  scheduledAt: z.iso
    .datetime({ offset: true, message: 'must be a date and time (ISO 8601)' })
    .refine((value) => !isScheduleInPast(value), { message: 'is in the past' })
    .refine((value) => Date.parse(value) < Date.now() + NEWSLETTER_LIMITS.scheduleAheadDays * 86_400_000, {
      message: `is more than ${NEWSLETTER_LIMITS.scheduleAheadDays} days ahead`,
    })
    .optional(),
});
export type NewsletterSendRequest = z.infer<typeof newsletterSendRequestSchema>;

/** Approving names the version of the mail the approver looked at (the report's `approval.version`). */
export const newsletterApproveRequestSchema = z.strictObject({
  version: z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be the version from the newsletter report' }),
});
export type NewsletterApproveRequest = z.infer<typeof newsletterApproveRequestSchema>;
export const newsletterSendResultSchema = z.object({
  status: newsletterStatusSchema,
  /** Frozen recipients (0 for a schedule: they are frozen when it starts). */
  recipients: z.number().int().nonnegative(),
});
export type NewsletterSendResult = z.infer<typeof newsletterSendResultSchema>;

/** POST …/approve, …/pause, …/resume, …/cancel → 200. */
export const newsletterStatusResultSchema = z.object({ status: newsletterStatusSchema });
export type NewsletterStatusResult = z.infer<typeof newsletterStatusResultSchema>;

/** GET /civic-dialog/newsletters/:documentId/report — live while sending, final afterwards. */
export const newsletterReportSchema = z.object({
  /** German subject of the newsletter (its title in the admin). */
  subject: z.string().optional(),
  status: newsletterStatusSchema,
  scheduledAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Why the send paused itself (e.g. SMTP failures), or null. */
  pausedReason: z.string().nullable(),
  approval: z.object({
    required: z.boolean(),
    /** Display name / email of the approving admin. */
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
    /**
     * Before the send starts: the mail as it would go out now (the newsletter, a referenced article,
     * the listed events, the audience) is no longer the approved one, so it needs a new approval.
     */
    outdated: z.boolean(),
    /**
     * Before the send starts, while approval is required: the version of the mail as it would go out
     * now. An approval names it, so it covers what the approver looked at, not what changed meanwhile.
     */
    version: z.string().nullable(),
  }),
  recipients: z.number().int().nonnegative(),
  /** Not yet sent (queued or being sent). */
  pending: z.number().int().nonnegative(),
  sent: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /**
   * A worker died while the SMTP server may have accepted the mail: not resent (that could
   * duplicate it), counted here so the editor knows.
   */
  uncertain: z.number().int().nonnegative(),
  failures: z.array(z.object({ reason: z.string(), count: z.number().int().positive() })),
  /** Unsubscribes through this newsletter's links. */
  unsubscribes: z.number().int().nonnegative(),
  /** Clicks per link, counted anonymously (the link, not the person). */
  clicks: z.array(z.object({ url: z.string(), count: z.number().int().positive() })),
});
export type NewsletterReport = z.infer<typeof newsletterReportSchema>;

/** GET /civic-dialog/newsletters?page → every newsletter with its send's figures, newest first. */
export const NEWSLETTER_LIST_PAGE_SIZE = 100;
export const newsletterListQuerySchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });
export const newsletterListItemSchema = z.object({
  documentId: z.string(),
  /** German subject (the newsletter's title in the admin). */
  subject: z.string(),
  status: newsletterStatusSchema,
  scheduledAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  recipients: z.number().int().nonnegative(),
  sent: z.number().int().nonnegative(),
  /** Failed or skipped, as in the report. */
  failed: z.number().int().nonnegative(),
  uncertain: z.number().int().nonnegative(),
  unsubscribes: z.number().int().nonnegative(),
  /** Clicks on all links together. */
  clicks: z.number().int().nonnegative(),
});
export type NewsletterListItem = z.infer<typeof newsletterListItemSchema>;
export const newsletterListSchema = z.object({ results: z.array(newsletterListItemSchema) });
export type NewsletterList = z.infer<typeof newsletterListSchema>;

/** GET /civic-dialog/newsletters/dashboard: the admin home page widget. */
export const NEWSLETTER_DASHBOARD_LAST = 5;
export const newsletterDashboardSchema = z.object({
  /** Subscribers per topic (active subscription, latest newsletter consent confirmed), most first; German names. */
  topics: z.array(z.object({ name: z.string(), subscribers: z.number().int().nonnegative() })),
  /** The last started (sending or sent) newsletters, newest first. */
  newsletters: z.array(
    z.object({
      documentId: z.string(),
      title: z.string(),
      sentAt: z.string().nullable(),
      recipients: z.number().int().nonnegative(),
      sent: z.number().int().nonnegative(),
      failed: z.number().int().nonnegative(),
      unsubscribes: z.number().int().nonnegative(),
      clicks: z.number().int().nonnegative(),
    }),
  ),
});
export type NewsletterDashboard = z.infer<typeof newsletterDashboardSchema>;

/**
 * GET /civic-dialog/subscriptions/stats (newsletters.read): the dashboard's weekly figures, the last
 * SUBSCRIBER_STATS_WEEKS weeks (Monday to Sunday in `timeZone`), oldest first, the current week last;
 * a week without activity is there with zeros.
 */
export const SUBSCRIBER_STATS_WEEKS = 12;
const weekCount = z.number().int().nonnegative();
export const subscriberStatsSchema = z.object({
  timeZone: z.string(),
  weeks: z.array(
    z.object({
      /** The week's Monday as a date (YYYY-MM-DD) in `timeZone`. */
      start: z.string(),
      /** Newsletter consent ledger, people per week: signed up (granted), confirmed, withdrew (all or some topics). */
      signups: weekCount,
      confirmations: weekCount,
      unsubscribes: weekCount,
    }),
  ),
  /** Per topic (sorted as the topics are), the confirmed subscriptions not withdrawn at each week's end (now for the current week). */
  topics: z.array(z.object({ slug: z.string(), name: z.string(), subscribers: z.array(weekCount) })),
});
export type SubscriberStats = z.infer<typeof subscriberStatsSchema>;

// ---------------------------------------------------------------------------------------------
// Public: web archive (opt-in per newsletter) and the click redirect

/** GET /api/civic-dialog/newsletters/archive?locale&page → sent newsletters with the archive flag. */
export const newsletterArchiveQuerySchema = z.object({
  locale: localeSchema.default('de'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});
export const newsletterArchiveListSchema = z.object({
  data: z.array(
    z.object({
      slug: z.string(),
      subject: z.string(),
      sentAt: z.string(),
      /** The mail as a web page: GET /api/civic-dialog/newsletters/archive/:slug?locale (text/html). */
      url: z.string(),
    }),
  ),
  meta: z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int() }),
});
export type NewsletterArchiveList = z.infer<typeof newsletterArchiveListSchema>;

/** GET /api/civic-dialog/l/:token → 302 to the link; counts one click on that link (not who clicked). */
export const newsletterClickTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{10,200}\.[A-Za-z0-9_-]{16,64}$/, 'is not a valid link');
