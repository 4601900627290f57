import type { TextsByLocale } from '../shared/localize.js';

export type EventRegistrationTexts = typeof import('./event-registration.de.js').default;
/** One chunk per language (event-registration.de.ts, event-registration.en.ts): a page loads only its readers' language. */
export const eventRegistrationTexts: TextsByLocale<EventRegistrationTexts> = { de: () => import('./event-registration.de.js'), en: () => import('./event-registration.en.js') };
