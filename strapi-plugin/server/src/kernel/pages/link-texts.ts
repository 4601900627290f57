import type { Locale } from '@civic-dialog/contracts';
import type { LinkProblem } from '../http/errors';

/** The words every mail-link page shares: the link back, and the pages of a dead or malformed link. */
export const LINK_TEXTS = {
  de: {
    back: 'Zur Website',
    problems: {
      invalid: ['Link ungültig', 'Dieser Link ist ungültig. Bitte prüfen Sie, ob Sie ihn vollständig aus der E-Mail übernommen haben.'],
      expired: ['Link abgelaufen', 'Dieser Link ist abgelaufen. Einen neuen Link können Sie auf der Website in Ihren Newsletter-Einstellungen per E-Mail anfordern. Hatten Sie Ihre Anmeldung noch nicht bestätigt, melden Sie sich bitte erneut an.'],
      used: ['Link bereits verwendet', 'Dieser Link wurde bereits verwendet. Ihre Anmeldung ist schon bestätigt.'],
    } satisfies Record<LinkProblem, [string, string]>,
  },
  en: {
    back: 'Back to the website',
    problems: {
      invalid: ['Invalid link', 'This link is invalid. Please check that you copied it completely from the email.'],
      expired: ['Link expired', 'This link has expired. You can request a new link by email in your newsletter settings on the website. If you had not yet confirmed your subscription, please sign up again.'],
      used: ['Link already used', 'This link was already used. Your subscription is already confirmed.'],
    } satisfies Record<LinkProblem, [string, string]>,
  },
} satisfies Record<Locale, unknown>;
