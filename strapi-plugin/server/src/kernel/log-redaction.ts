import type { Strapi } from './types';

/** `token=<value>` (mail links) or `secret=<value>` (the SMS webhooks' URL form) in a query string or form body; the value ends at `&`, `#`, whitespace or a quote. */
const TOKEN_IN_TEXT = /(\b(?:token|secret)=)[^&#\s"'<>]+/gi;

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

/** A phone number in E.164 (`+4915112345678`), as the SMS channel stores and providers quote it. */
const PHONE_IN_TEXT = /(?<![\w+])\+[1-9]\d{7,14}\b/g;

/** The text with every E.164 phone number replaced by `[phone]` (an SMS error names its recipient). */
export function redactPhones(text: string): string {
  return text.replace(PHONE_IN_TEXT, '[phone]');
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
      // Tokens and webhook secrets (item 8), email addresses (SMTP errors quote the recipient; item 12) and phone numbers stay out of logs.
      if (typeof info.message === 'string') info.message = redactPhones(redactEmails(redactTokens(info.message)));
      return format.transform(info, format.options ?? options);
    },
    options: format.options,
  };
  log.civicRedacting = true;
}
