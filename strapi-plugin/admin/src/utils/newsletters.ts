import type { NEWSLETTER_LIMITS as Limits, NEWSLETTER_PROBLEMS as Problems, NewsletterReport, NewsletterStatus } from '@civic-dialog/contracts';

/**
 * The contracts' newsletter limits the admin checks before asking the server. The admin imports
 * types only from the contracts (their CommonJS entry does not bundle into the admin); each value
 * is typed as the contracts' literal, so the type check fails when the two ever differ.
 */
export const NEWSLETTER_LIMITS: Pick<typeof Limits, 'testRecipients' | 'scheduleAheadDays' | 'scheduleGraceSeconds'> = {
  testRecipients: 5,
  scheduleAheadDays: 366,
  scheduleGraceSeconds: 60,
};

/** How often the report is fetched again while a send runs. */
export const REPORT_POLL_MS = 2000;

/** Statuses in which the figures still change, so the admin polls the report. */
export const isRunning = (status: NewsletterStatus) => status === 'sending';

/** Statuses after which nothing is sent any more. */
export const isFinished = (status: NewsletterStatus) => status === 'sent' || status === 'cancelled';

/** Recipients done (sent, failed or uncertain) out of all frozen recipients. */
export function progressOf(report: Pick<NewsletterReport, 'recipients' | 'sent' | 'failed' | 'uncertain'>) {
  const done = report.sent + report.failed + report.uncertain;
  const total = report.recipients;
  return { done, total, percent: total === 0 ? 0 : Math.min(100, (done / total) * 100) };
}

export type TestAddressProblem = 'none' | 'tooMany' | 'invalid';

/** Something@something.tld: a first check so a typo is named at once; the server checks fully. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The addresses an editor typed for a test send (comma, semicolon, space or line separated). */
export function parseTestAddresses(input: string): { emails: string[]; problem?: TestAddressProblem; invalid?: string } {
  const emails = [...new Set(input.split(/[\s,;]+/).map((email) => email.trim()).filter(Boolean))];
  if (emails.length === 0) return { emails, problem: 'none' };
  if (emails.length > NEWSLETTER_LIMITS.testRecipients) return { emails, problem: 'tooMany' };
  const invalid = emails.find((email) => !EMAIL_SHAPE.test(email));
  if (invalid) return { emails, problem: 'invalid', invalid };
  return { emails };
}

export type ScheduleProblem = 'missing' | 'past' | 'tooFar';

/**
 * The value of a `datetime-local` input (the editor's own time zone) as an ISO instant, or why it
 * cannot be a schedule (the server's rules: not in the past beyond the grace, at most a year ahead).
 */
export function parseSchedule(localValue: string, now = Date.now()): { scheduledAt?: string; problem?: ScheduleProblem } {
  if (!localValue) return { problem: 'missing' };
  // "2026-05-01T09:30" without a zone is local time in every current browser and in Node.
  const time = new Date(localValue).getTime();
  if (Number.isNaN(time)) return { problem: 'missing' };
  const scheduledAt = new Date(time).toISOString();
  if (time < now - NEWSLETTER_LIMITS.scheduleGraceSeconds * 1000) return { problem: 'past' };
  if (time >= now + NEWSLETTER_LIMITS.scheduleAheadDays * 86_400_000) return { problem: 'tooFar' };
  return { scheduledAt };
}

/** `datetime-local` value of a moment in the editor's time zone (for the input's `min`). */
export function toLocalInputValue(date: Date) {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The list page and the home page widget read these (served by the plugin; schemas in the contracts). */
export type { NewsletterDashboard, NewsletterList, NewsletterListItem } from '@civic-dialog/contracts';

/** The reasons (`details.reason`) the newsletter admin API gives when it refuses an action (409, 403, 400). */
export const NEWSLETTER_REFUSALS = [
  'approval-required',
  'approval-outdated',
  'approval-off',
  'approval-version-changed',
  'own-version',
  'own-change',
  'already-started',
  'not-started',
  'wrong-status',
  'test-send-failed',
] as const;

/** What the request fields of a refused action are called in the messages (a 400 names the field in `details.errors`). */
const REFUSED_FIELDS: Record<string, string> = { emails: 'invalid-emails', scheduledAt: 'invalid-schedule', version: 'approval-version-changed' };

/** The `details` of Strapi's error body of a refused request, as far as the admin reads them. */
interface RefusalDetails {
  reason?: unknown;
  errors?: Array<{ path?: unknown[]; code?: unknown; message?: unknown }>;
}

/**
 * The message id (under `newsletter.refused.`) of a refused newsletter action, so the panel says it
 * in the editor's language instead of the server's English; undefined when the refusal is not one
 * the panel knows (it then shows the server's words).
 */
export function refusalOf(status: number | undefined, error: { details?: unknown } | undefined): string | undefined {
  const details = (error?.details ?? {}) as RefusalDetails;
  if (typeof details.reason === 'string' && (NEWSLETTER_REFUSALS as readonly string[]).includes(details.reason)) return details.reason;
  if (status === 404) return 'not-found';
  if (status === 429) return 'too-many-tests';
  const field = Array.isArray(details.errors) ? details.errors[0]?.path?.[0] : undefined;
  return status === 400 && typeof field === 'string' ? REFUSED_FIELDS[field] : undefined;
}

/**
 * The codes the server gives for what keeps a newsletter from going out (`details.errors[].code` of
 * a 400), a copy of the contracts' list (the admin imports only types from the contracts): typed as
 * the contracts' tuple, so the type check fails when the two ever differ.
 */
export const NEWSLETTER_PROBLEMS: typeof Problems = [
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
];

/** One thing to fix before the newsletter can go out: a known code (with the block, as the editor counts), else the server's words. */
export interface NewsletterProblemItem {
  code?: (typeof Problems)[number];
  /** 1-based position of the block the problem is in; absent for the newsletter as a whole. */
  block?: number;
  /** The server's English message, shown for a problem the admin has no text for. */
  detail: string;
}

const isProblemCode = (code: unknown): code is (typeof Problems)[number] => (NEWSLETTER_PROBLEMS as readonly unknown[]).includes(code);

/**
 * The problems of a newsletter that cannot be sent as it is (the 400 the audience count, preview,
 * test send and send answer), or undefined when the refusal is something else (a refused request
 * field, a conflict): only a 400 naming at least one known newsletter problem is one.
 */
export function newsletterProblemsOf(status: number | undefined, error: { details?: unknown } | undefined): NewsletterProblemItem[] | undefined {
  const list = ((error?.details ?? {}) as RefusalDetails).errors;
  if (status !== 400 || !Array.isArray(list) || !list.some((entry) => isProblemCode(entry?.code))) return undefined;
  return list.map((entry) => {
    const path = Array.isArray(entry?.path) ? entry.path.map(String) : [];
    const block = path[0] === 'blocks' && path.length > 1 && /^\d+$/.test(path[1]!) ? Number(path[1]) + 1 : undefined;
    return {
      ...(isProblemCode(entry.code) ? { code: entry.code } : {}),
      ...(block !== undefined ? { block } : {}),
      detail: typeof entry?.message === 'string' ? entry.message : '',
    };
  });
}

/** One problem in the editor's language (`t` of useTranslate); one the admin has no text for, in the server's words. */
export function newsletterProblemText(t: (id: string, values?: Record<string, string | number>) => string, item: NewsletterProblemItem): string {
  if (!item.code) return item.detail;
  const problem = t(`newsletter.problem.${item.code}`);
  return item.block === undefined ? problem : t('newsletter.problem.inBlock', { block: item.block, problem });
}

/**
 * Why a send is paused, as the server stores it (English, in the send row: sender.ts, service.ts),
 * read back into a message id (under `newsletter.pausedReason.`) and its values, so the editor reads
 * it in the admin's language. A reason the admin does not know stays in the server's words.
 */
export function pausedReasonOf(reason: string): { id: string; values: Record<string, string> } {
  const byEditor = /^Paused by (.*)\.$/s.exec(reason);
  if (byEditor) return { id: 'byEditor', values: { who: byEditor[1]! } };
  const failures = /^(\d+) mails in a row could not be handed to the SMTP server \(last error: (.*)\)\.$/s.exec(reason);
  if (failures) return { id: 'smtpFailures', values: { count: failures[1]!, error: failures[2]! } };
  if (reason.startsWith('The scheduled time passed while no server was sending')) return { id: 'missedSchedule', values: {} };
  const notStarted = /^The scheduled send did not start: (.*)$/s.exec(reason);
  if (notStarted) return { id: 'scheduleFailed', values: { error: notStarted[1]! } };
  return { id: 'other', values: { reason } };
}

/** The paused reason in the editor's language (`t` of useTranslate). */
export function pausedReasonText(t: (id: string, values?: Record<string, string | number>) => string, reason: string): string {
  const { id, values } = pausedReasonOf(reason);
  return t(`newsletter.pausedReason.${id}`, values);
}
