import type { TextsByLocale } from '../shared/localize.js';

export type AlertsSignupTexts = typeof import('./alerts-signup.de.js').default;
/** One chunk per language (alerts-signup.de.ts, alerts-signup.en.ts): a page loads only its readers' language. */
export const alertsSignupTexts: TextsByLocale<AlertsSignupTexts> = {
  de: () => import('./alerts-signup.de.js'),
  en: () => import('./alerts-signup.en.js'),
};
