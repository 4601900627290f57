import type { TextsByLocale } from '../shared/localize.js';

export type AlertsTexts = typeof import('./alerts.de.js').default;
/** One chunk per language: a page loads only its readers' language. */
export const alertsTexts: TextsByLocale<AlertsTexts> = { de: () => import('./alerts.de.js'), en: () => import('./alerts.en.js') };
