import type { Locale } from '@civic-dialog/contracts';

/**
 * Texts the widgets say the same way. A widget spreads them into its own dictionary
 * (`{ ...commonTexts.de, … }`) and may override one where its situation needs other words.
 */
const de = {
  retry: 'Erneut versuchen',
  optional: '(optional)',
  emailRequired: 'Bitte geben Sie Ihre E-Mail-Adresse ein.',
  emailInvalid: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.',
  legalVersion: (version: number) => `Version ${version}`,
  honeypot: 'Dieses Feld bitte leer lassen',
  networkError:
    'Keine Verbindung zum Server. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',
  rateLimited: (minutes: number) =>
    `Zu viele Versuche. Bitte versuchen Sie es in ${minutes} ${minutes === 1 ? 'Minute' : 'Minuten'} erneut.`,
};

const en: typeof de = {
  retry: 'Try again',
  optional: '(optional)',
  emailRequired: 'Please enter your email address.',
  emailInvalid: 'Please enter a valid email address, for example name@example.com.',
  legalVersion: (version: number) => `Version ${version}`,
  honeypot: 'Please leave this field empty',
  networkError: 'Could not reach the server. Please check your internet connection and try again.',
  rateLimited: (minutes: number) =>
    `Too many attempts. Please try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
};

export type CommonTexts = typeof de;
export const commonTexts: Record<Locale, CommonTexts> = { de, en };

