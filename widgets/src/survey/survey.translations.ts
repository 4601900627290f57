import type { TextsByLocale } from '../shared/localize.js';

export type SurveyTexts = typeof import('./survey.de.js').default;
/** One chunk per language (survey.de.ts, survey.en.ts): a page loads only its readers' language. */
export const surveyTexts: TextsByLocale<SurveyTexts> = { de: () => import('./survey.de.js'), en: () => import('./survey.en.js') };
