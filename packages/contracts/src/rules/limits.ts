/** Limits and constants of the public API (zod-free; see rules/index.ts). */
export const LOCALES = ['de', 'en'] as const;

/** Limits the public routes enforce before anything else. */
export const LIMITS = {
  /** Largest request body a public route accepts, in bytes. */
  bodyBytes: 16 * 1024,
  emailLength: 254,
  /** A first name (PERSON_NAME_PATTERN); long enough for several given names. */
  firstNameLength: 60,
  topicsPerSignup: 50,
  urlLength: 2048,
} as const;

/** The name of the URL fragment parameter that carries the manage-link token: `#civic-token=…`. */
export const MANAGE_LINK_FRAGMENT = 'civic-token';

export const PREFERENCE_LIMITS = {
  postalCodeLength: 16,
  districtLength: 100,
} as const;

/** Letters, digits, spaces and dashes (length: PREFERENCE_LIMITS.postalCodeLength). */
export const POSTAL_CODE_PATTERN = /^[A-Za-z0-9 -]*$/;

export const EVENT_LIMITS = {
  questionsPerEvent: 20,
  choicesPerQuestion: 30,
  idLength: 40,
  labelLength: 300,
  /** Default and ceiling of a short-text answer. */
  shortTextLength: 200,
  /** Default and ceiling of a long-text answer. */
  longTextLength: 2000,
  lastNameLength: 100,
  /** Hard ceiling of seats per registration; the plugin config (events.maxSeatsPerRegistration) may lower it. */
  seatsPerRegistration: 20,
  /** Reminder offsets: minutes before the start, at most 30 days. */
  reminderOffsets: 5,
  reminderOffsetMinutes: 43_200,
} as const;

export const SURVEY_LIMITS = {
  questions: 100,
  choicesPerQuestion: 50,
  idLength: 64,
  labelLength: 500,
  /** Upper bound for a free-text question's maxLength. */
  freeTextLength: 5000,
  /** maxLength of a free-text question that sets none. */
  defaultFreeTextLength: 1000,
  /** Free-text answers per page in the results. */
  freeTextPageSize: 50,
} as const;
