import type { Strapi } from '../../kernel/types';
import { getConfig } from '../../kernel/get-config';
import type { ContentSource } from './components';

/** Plugin config `newsletters` (config/plugins.ts → civic-dialog.config.newsletters) with its defaults. */
export interface NewsletterConfig {
  /** CMS content types a newsletter may show an entry of, mapped to title/summary/image/url. */
  contentSources: ContentSource[];
  /** "Second pair of eyes": a newsletter goes out only after another editor with newsletters.send approved it. */
  requireApproval: boolean;
  /** Mails per second across all instances (0 = no limit). */
  ratePerSecond: number;
  /** Mails per hour across all instances (0 = no limit). */
  ratePerHour: number;
  /** This many SMTP failures in a row pause the send, with the reason shown to the editor. */
  maxConsecutiveFailures: number;
  /** A send paused by SMTP failures tries again after this many seconds (0 = only when an editor resumes). */
  autoResumeSeconds: number;
  /** Recipients one worker claims at once. */
  batchSize: number;
  /** How often a worker looks for due schedules and queued recipients, in milliseconds (0 = only when kicked). */
  pollIntervalMs: number;
  /** Attempts of one mail before it counts as failed (temporary SMTP errors). */
  maxAttempts: number;
  retryDelaySeconds: number;
  /**
   * Claims older than this are given back (claimed → queued, handed to SMTP → "uncertain"). On
   * SQLite at start; on PostgreSQL only the backstop: a dead instance's claims come back within
   * seconds through the liveness check (shared/mail/claims.ts).
   */
  sendingTimeoutSeconds: number;
  /** A schedule overdue by more than this (server was down, a backup restored) is not started by itself. */
  staleScheduleMinutes: number;
  /** Town pages the survey and events blocks link to. */
  surveyPageUrl?: string;
  eventsPageUrl?: string;
  /** The List-Id header (RFC 2919), e.g. "<newsletter.musterstadt.de>"; default from the sender's domain. */
  listId?: string;
}

const defaults: NewsletterConfig = {
  contentSources: [],
  requireApproval: false,
  ratePerSecond: 0,
  ratePerHour: 0,
  maxConsecutiveFailures: 10,
  autoResumeSeconds: 300,
  batchSize: 200,
  pollIntervalMs: 5000,
  maxAttempts: 5,
  retryDelaySeconds: 30,
  sendingTimeoutSeconds: 300,
  staleScheduleMinutes: 60,
};

export type InstanceRole = 'web' | 'worker' | 'both';

export function newsletterConfig(strapi: Strapi): NewsletterConfig {
  const own = ((getConfig(strapi) as unknown as { newsletters?: Partial<NewsletterConfig> }).newsletters ?? {}) as Partial<NewsletterConfig>;
  const merged = { ...defaults, ...Object.fromEntries(Object.entries(own).filter(([, value]) => value !== undefined && value !== '')) };
  return { ...merged, contentSources: Array.isArray(own.contentSources) ? own.contentSources : [] } as NewsletterConfig;
}

/** Plugin config `role` (CIVIC_ROLE): web serves requests only, worker sends only, both (default) does both. */
export function instanceRole(strapi: Strapi): InstanceRole {
  const role = (getConfig(strapi) as unknown as { role?: string }).role;
  return role === 'web' || role === 'worker' ? role : 'both';
}
