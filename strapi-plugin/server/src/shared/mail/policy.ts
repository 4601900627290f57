import type { MailKind } from './renderer';

/** What the worker knows about the recipient when it is about to send. */
export interface Recipient {
  id: number;
  email: string | null;
  status: 'pending' | 'active' | 'unsubscribed' | 'erased';
}

/**
 * Why a mail must not be sent, or null when it may be. INV-DOI: a newsletter goes only to an
 * active profile whose latest newsletter consent (confirmed/withdrawn) is a confirmation.
 * Other mails (doi, event registration mails, …) are transactional; a welcome makes sense only while still subscribed.
 */
export function refusalReason(
  kind: MailKind,
  recipient: Recipient | null,
  lastNewsletterConsent: 'confirmed' | 'withdrawn' | null,
): string | null {
  if (!recipient || recipient.status === 'erased' || !recipient.email) {
    return 'Refused: the profile no longer exists or was erased.';
  }
  if (kind === 'newsletter' && (recipient.status !== 'active' || lastNewsletterConsent !== 'confirmed')) {
    return `Refused: profile ${recipient.id} has no confirmed double opt-in for the newsletter (status ${recipient.status}, last consent ${lastNewsletterConsent ?? 'none'}).`;
  }
  if (kind === 'welcome' && recipient.status !== 'active') {
    return `Refused: profile ${recipient.id} is no longer subscribed (status ${recipient.status}).`;
  }
  return null;
}

const RETRY_CAP_MS = 3_600_000;

/** Exponential backoff: base, 2×base, 4×base … capped at one hour. `attempts` counts the failed one. */
export function retryDelayMs(attempts: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 1000 * 2 ** Math.max(0, attempts - 1), RETRY_CAP_MS);
}
