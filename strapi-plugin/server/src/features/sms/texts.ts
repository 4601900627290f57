import type { Locale } from '@civic-dialog/contracts';

/** The verification SMS, GSM-7 only (one segment) in both languages. */
export function codeText(locale: Locale, town: string, code: string, ttlSeconds: number): string {
  const minutes = Math.max(1, Math.round(ttlSeconds / 60));
  return locale === 'en'
    ? `${code} is your code to confirm this number for SMS from ${town}. It works for ${minutes} minutes. If you did not ask for it, ignore this SMS.`
    : `${code} ist Ihr Code, um diese Nummer für SMS von ${town} zu bestätigen. Er gilt ${minutes} Minuten. Nicht angefordert? Dann ignorieren Sie diese SMS.`;
}

/** What a sent verification SMS keeps: the code is gone once the text left (codes are stored only as HMAC). */
export const redactCode = (text: string): string => text.replace(/^\d{6}/, '······');
