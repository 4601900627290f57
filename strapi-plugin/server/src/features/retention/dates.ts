import type { PluginConfig } from '../../kernel/config';

const DAY = 86_400_000;

/**
 * The retention rules, in the order a run applies them: pending rows before the profiles they keep
 * alive, and what erasure would blank anyway (mails, consents' where-from) before the profiles, so
 * each row counts under one rule and the preview counts what a run deletes.
 */
export const RETENTION_RULES = [
  'tokens',
  'pendingRegistrations',
  'pendingSurveyResponses',
  'pastEventRegistrations',
  'mailPersonalData',
  'newsletterDeliveryErrors',
  'consentNetworkData',
  'auditLog',
  'unconfirmedProfiles',
] as const;
export type RetentionRule = (typeof RETENTION_RULES)[number];
export type RuleCounts = Record<RetentionRule, number>;

export type RetentionSettings = PluginConfig['retention'];

/** The same day and time `months` calendar months earlier or later (UTC; the 31st becomes the month's last day). */
export function addMonthsUtc(date: Date, months: number): Date {
  const result = new Date(date);
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

export const addDays = (date: Date, days: number): Date => new Date(date.getTime() + days * DAY);

/** The UTC day of a run: one run per day across all instances. */
export const utcDay = (now: Date): string => now.toISOString().slice(0, 10);

/** What the retention job deletes at `now`: everything (of each rule) from before these times. */
export interface Cutoffs {
  /** Pending things (profile, grant, registration, survey answers) created before this: their link expired + grace. */
  pendingCreatedBefore: Date;
  /** Tokens that expired or were used before this. */
  tokensDoneBefore: Date;
  /** Events that ended before this lose their registrations. */
  eventsEndedBefore: Date;
  /** Mail rows created before this keep only that they were sent. */
  mailsCreatedBefore: Date;
  /** Consents created before this lose IP hash and browser string. */
  consentsCreatedBefore: Date;
  /** Audit entries from before this go. */
  auditCreatedBefore: Date;
}

export function cutoffs(settings: RetentionSettings, confirmationTtlSeconds: number, now: Date): Cutoffs {
  return {
    pendingCreatedBefore: addDays(new Date(now.getTime() - confirmationTtlSeconds * 1000), -settings.pendingGraceDays),
    tokensDoneBefore: addDays(now, -settings.tokenGraceDays),
    eventsEndedBefore: addDays(now, -settings.registrationDaysAfterEvent),
    mailsCreatedBefore: addDays(now, -settings.mailDays),
    consentsCreatedBefore: addMonthsUtc(now, -settings.consentNetworkMonths),
    auditCreatedBefore: addMonthsUtc(now, -12 * settings.auditYears),
  };
}

/**
 * The first time whose cutoff `months` back passes `date`. Months are not invertible at their ends:
 * 6 months after 31 March is 30 September, but 6 months before 30 September is the 30th of March;
 * such a date is passed at the start of the following month.
 */
function laterByMonths(date: Date, months: number): Date {
  const later = addMonthsUtc(date, months);
  if (addMonthsUtc(later, -months).getTime() >= date.getTime()) return later;
  return new Date(Date.UTC(later.getUTCFullYear(), later.getUTCMonth() + 1, 1));
}

/** The inverse, for the citizen's export: from when a run deletes what was created (or ended) at a time. */
export function deletionDates(settings: RetentionSettings, confirmationTtlSeconds: number) {
  return {
    pending: (createdAt: Date) => addDays(new Date(createdAt.getTime() + confirmationTtlSeconds * 1000), settings.pendingGraceDays),
    registration: (eventEndedAt: Date) => addDays(eventEndedAt, settings.registrationDaysAfterEvent),
    mail: (createdAt: Date) => addDays(createdAt, settings.mailDays),
    consentNetworkData: (createdAt: Date) => laterByMonths(createdAt, settings.consentNetworkMonths),
  };
}

/** The next run after a time happens on the following day at the latest: the day a deletion is due, as YYYY-MM-DD. */
export const dueDay = (date: Date): string => utcDay(new Date(Math.ceil(date.getTime() / DAY) * DAY));
