import type { TextsByLocale } from '../shared/localize.js';

export type PreferencesTexts = typeof import('./preferences.de.js').default;
/** One chunk per language (preferences.de.ts, preferences.en.ts): a page loads only its readers' language. */
export const preferencesTexts: TextsByLocale<PreferencesTexts> = { de: () => import('./preferences.de.js'), en: () => import('./preferences.en.js') };
