import type { Strapi } from './types';

/** `token=<value>` in a query string or form body; the value ends at `&`, `#`, whitespace or a quote. */
const TOKEN_IN_TEXT = /(\btoken=)[^&#\s"'<>]+/gi;

/** The text with every link token replaced by `[redacted]`. */
export function redactTokens(text: string): string {
  return text.replace(TOKEN_IN_TEXT, '$1[redacted]');
}

/** An email address as SMTP servers quote it in their errors (`<erika@example.org>`, `erika@example.org`). */
const EMAIL_IN_TEXT = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+/g;

/** The text with every email address replaced by `[email]` (an SMTP error names its recipient). */
export function redactEmails(text: string): string {
  return text.replace(EMAIL_IN_TEXT, '[email]');
}

/**
 * Confirm, unsubscribe, event and survey links carry `?token=` (a mail client opens a plain URL), and
 * Strapi's request logger writes every URL. Every line of Strapi's log passes this format first, so no
 * working link reaches a log file (issue 10, item 8). Registered once per Strapi instance.
 */
export function redactTokensInLog(strapi: Strapi): void {
  const log = strapi.log as unknown as { format: { transform: (info: any, options?: unknown) => any; options?: unknown }; civicRedacting?: boolean };
  if (log.civicRedacting) return;
  const format = log.format;
  log.format = {
    transform(info, options) {
      // Tokens (item 8) and email addresses (SMTP errors quote the recipient; item 12) stay out of logs.
      if (typeof info.message === 'string') info.message = redactEmails(redactTokens(info.message));
      return format.transform(info, format.options ?? options);
    },
    options: format.options,
  };
  log.civicRedacting = true;
}
