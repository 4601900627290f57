import type { Locale } from '@civic-dialog/contracts';
import type { LinkProblem } from './errors';

/** The words of the confirm / unsubscribe pages, German and English. */
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
    back: 'Zur Website',
    problems: {
      invalid: ['Link ungültig', 'Dieser Link ist ungültig. Bitte prüfen Sie, ob Sie ihn vollständig aus der E-Mail übernommen haben.'],
      expired: ['Link abgelaufen', 'Dieser Link ist abgelaufen. Bitte melden Sie sich auf der Website erneut an.'],
      used: ['Link bereits verwendet', 'Dieser Link wurde bereits verwendet. Ihre Anmeldung ist schon bestätigt.'],
    } satisfies Record<LinkProblem, [string, string]>,
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
    back: 'Back to the website',
    problems: {
      invalid: ['Invalid link', 'This link is invalid. Please check that you copied it completely from the email.'],
      expired: ['Link expired', 'This link has expired. Please sign up again on the website.'],
      used: ['Link already used', 'This link was already used. Your subscription is already confirmed.'],
    } satisfies Record<LinkProblem, [string, string]>,
  },
} satisfies Record<Locale, unknown>;
