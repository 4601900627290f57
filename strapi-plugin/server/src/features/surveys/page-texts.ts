import type { Locale } from '@civic-dialog/contracts';

/** The words of the survey confirmation pages (mail link), German and English. */
export const SURVEY_PAGE_TEXTS = {
  de: {
    confirmTitle: 'Teilnahme bestätigen',
    confirmIntro: (survey: string) => `Bitte bestätigen Sie Ihre Antworten in der Umfrage „${survey}“.`,
    confirmHint: 'Erst mit dem Klick auf die Schaltfläche werden Ihre Antworten gezählt.',
    confirmButton: 'Teilnahme bestätigen',
    confirmedTitle: 'Vielen Dank!',
    confirmedText: (survey: string) => `Ihre Antworten in der Umfrage „${survey}“ sind bestätigt und werden gezählt.`,
    replacedText: (survey: string) => `Ihre neuen Antworten in der Umfrage „${survey}“ ersetzen Ihre früheren.`,
    alreadyAnsweredTitle: 'Bereits teilgenommen',
    alreadyAnsweredText: 'Sie haben an dieser Umfrage bereits teilgenommen. Es zählen Ihre ersten Antworten; die neuen wurden verworfen.',
    closedTitle: 'Umfrage beendet',
    closedText: 'Diese Umfrage ist inzwischen beendet. Ihre Antworten konnten nicht mehr gezählt werden.',
  },
  en: {
    confirmTitle: 'Confirm participation',
    confirmIntro: (survey: string) => `Please confirm your answers to the survey “${survey}”.`,
    confirmHint: 'Your answers only count when you press the button.',
    confirmButton: 'Confirm participation',
    confirmedTitle: 'Thank you!',
    confirmedText: (survey: string) => `Your answers to the survey “${survey}” are confirmed and will be counted.`,
    replacedText: (survey: string) => `Your new answers to the survey “${survey}” replace your earlier ones.`,
    alreadyAnsweredTitle: 'Already taken part',
    alreadyAnsweredText: 'You have already taken part in this survey. Your first answers count; the new ones were discarded.',
    closedTitle: 'Survey closed',
    closedText: 'This survey has closed in the meantime. Your answers could not be counted any more.',
  },
} satisfies Record<Locale, unknown>;
