import type { Locale } from '@civic-dialog/contracts';

/** The words of the confirm / unsubscribe pages, German and English (dead links: kernel/pages/link-texts). */
export const PAGE_TEXTS = {
  de: {
    confirmTitle: 'Anmeldung bestätigen',
    confirmIntro: (topics: string) =>
      `Bitte bestätigen Sie, dass Sie den Newsletter zu folgenden Themen erhalten möchten: ${topics}.`,
    confirmHint: 'Erst mit dem Klick auf die Schaltfläche wird Ihre Anmeldung wirksam.',
    confirmButton: 'Anmeldung bestätigen',
    confirmedTitle: 'Anmeldung bestätigt',
    confirmedText: (topics: string) => `Vielen Dank! Sie erhalten ab jetzt Nachrichten zu: ${topics}.`,
    unsubscribeTitle: 'Newsletter abbestellen',
    unsubscribeIntro: 'Möchten Sie keine E-Mails mehr zu Ihren Newsletter-Themen erhalten?',
    unsubscribeButton: 'Abmelden',
    unsubscribedTitle: 'Abgemeldet',
    unsubscribedText: 'Sie erhalten keine Newsletter mehr. Ihre Einwilligung ist widerrufen.',
  },
  en: {
    confirmTitle: 'Confirm subscription',
    confirmIntro: (topics: string) => `Please confirm that you want to receive the newsletter on these topics: ${topics}.`,
    confirmHint: 'Your subscription only takes effect when you press the button.',
    confirmButton: 'Confirm subscription',
    confirmedTitle: 'Subscription confirmed',
    confirmedText: (topics: string) => `Thank you! From now on you will receive news on: ${topics}.`,
    unsubscribeTitle: 'Unsubscribe from the newsletter',
    unsubscribeIntro: 'Do you no longer want to receive emails on your newsletter topics?',
    unsubscribeButton: 'Unsubscribe',
    unsubscribedTitle: 'Unsubscribed',
    unsubscribedText: 'You will receive no more newsletters. Your consent has been withdrawn.',
  },
} satisfies Record<Locale, unknown>;
