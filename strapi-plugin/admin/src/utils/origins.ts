/**
 * Where a consent or subscription came from, as the server records it: a page URL, or the name of
 * the widget or link that asked (the widgets send their element name; the server adds the others).
 * Names a town's own integration sends are shown as they are.
 */
export const KNOWN_ORIGINS = ['civic-signup', 'civic-event-registration', 'civic-survey', 'civic-preferences', 'preferences', 'mail-link'] as const;

const known = new Set<string>(KNOWN_ORIGINS);

/** The message key of a known origin, else null. */
export const originKey = (value: string) => (known.has(value) ? `origin.${value}` : null);
