/**
 * What a person's name may be (first and last names in signups, registrations and profiles).
 * Names end up in official mails and lists, so they hold only what names are made of: letters of
 * any script with their accents, spaces, hyphens and apostrophes — no URLs, digits, bidi controls
 * or line separators a stranger could smuggle into a town's mail.
 */
export const PERSON_NAME_PATTERN = /^[\p{L}\p{M} '’-]*$/u;

/** The message the API answers (after the field's name) and the widgets show. */
export const PERSON_NAME_MESSAGE = 'may contain only letters, spaces, hyphens and apostrophes';

/** True for an empty name (not given) or one that keeps to PERSON_NAME_PATTERN with at least one letter. */
export function isPersonName(value: string): boolean {
  return value === '' || (PERSON_NAME_PATTERN.test(value) && /\p{L}/u.test(value));
}

/**
 * What a district may be (an alert area a citizen types): a place name — letters, digits, spaces and
 * . , ' ( ) & / - — and nothing like a web address ("evil.example"), since the confirmation mail a
 * stranger's signup sends to any address quotes it. Length is the caller's (LIMITS.districtLength).
 */
const PLACE_NAME_PATTERN = /^[\p{L}\p{M}\p{N} '’().,&/-]+$/u;
const WEB_ADDRESS_LIKE = /[\p{L}\p{N}-]\.\p{L}{2,}/u;
export const PLACE_NAME_MESSAGE = "may contain only letters, digits, spaces and . , ' ( ) & / - (no web address)";
export function isPlaceName(value: string): boolean {
  return PLACE_NAME_PATTERN.test(value) && !WEB_ADDRESS_LIKE.test(value);
}
