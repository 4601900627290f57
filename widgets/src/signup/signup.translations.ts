import type { TextsByLocale } from '../shared/localize.js';

export type SignupTexts = typeof import('./signup.de.js').default;
/** One chunk per language (signup.de.ts, signup.en.ts): a page loads only its readers' language. */
export const signupTexts: TextsByLocale<SignupTexts> = { de: () => import('./signup.de.js'), en: () => import('./signup.en.js') };
