import type { Locale } from '@civic-dialog/contracts';

/** The words of the event confirm / cancel pages. */
export const EVENT_PAGE_TEXTS = {
  de: {
    confirmTitle: 'Anmeldung bestätigen',
    confirmIntro: (title: string) => `Bitte bestätigen Sie Ihre Anmeldung zu „${title}“.`,
    confirmHint: 'Erst mit dem Klick auf die Schaltfläche wird Ihre Anmeldung wirksam und ein Platz vergeben.',
    confirmButton: 'Anmeldung bestätigen',
    confirmedTitle: 'Anmeldung bestätigt',
    confirmedText: (title: string) => `Ihr Platz für „${title}“ ist reserviert. Die Bestätigung mit dem Kalendereintrag kommt per E-Mail.`,
    waitlistedTitle: 'Sie stehen auf der Warteliste',
    waitlistedText: (title: string) => `„${title}“ ist ausgebucht. Wird ein Platz frei, rücken Sie automatisch nach und bekommen eine E-Mail.`,
    fullTitle: 'Ausgebucht',
    closedTitle: 'Anmeldung nicht möglich',
    cancelTitle: 'Anmeldung stornieren',
    cancelIntro: (title: string) => `Möchten Sie Ihre Anmeldung zu „${title}“ stornieren? Ihr Platz geht dann an die Warteliste.`,
    cancelButton: 'Anmeldung stornieren',
    cancelledTitle: 'Anmeldung storniert',
    cancelledText: (title: string) => `Ihre Anmeldung zu „${title}“ ist storniert.`,
  },
  en: {
    confirmTitle: 'Confirm registration',
    confirmIntro: (title: string) => `Please confirm your registration for “${title}”.`,
    confirmHint: 'Your registration only takes effect, and a seat is given to you, when you press the button.',
    confirmButton: 'Confirm registration',
    confirmedTitle: 'Registration confirmed',
    confirmedText: (title: string) => `Your seat for “${title}” is reserved. The confirmation with the calendar entry comes by email.`,
    waitlistedTitle: 'You are on the waiting list',
    waitlistedText: (title: string) => `“${title}” is fully booked. When a seat becomes free you move up automatically and get an email.`,
    fullTitle: 'Fully booked',
    closedTitle: 'Registration not possible',
    cancelTitle: 'Cancel registration',
    cancelIntro: (title: string) => `Do you want to cancel your registration for “${title}”? Your seat then goes to the waiting list.`,
    cancelButton: 'Cancel registration',
    cancelledTitle: 'Registration cancelled',
    cancelledText: (title: string) => `Your registration for “${title}” is cancelled.`,
  },
} satisfies Record<Locale, Record<string, unknown>>;
