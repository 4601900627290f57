import { doi } from './doi';
import { welcome } from './welcome';
import { bulletin } from './bulletin';
import { surveyConfirm } from './survey-confirm';
import { eventCancelled, eventConfirm, eventPromoted, eventRegistered, eventReminder, eventWaitlisted } from './events';
import { manageLink } from './manage-link';
import type { LocalisedTemplate } from './types';

export type { MailLocale, MailTemplate, LocalisedTemplate } from './types';
export { layoutMjml, footerHtml, footerText } from './layout';

/** The template of each message kind. */
export const templates = {
  doi,
  welcome,
  newsletter: bulletin,
  event: bulletin,
  'survey-confirm': surveyConfirm,
  'event-confirm': eventConfirm,
  'event-registered': eventRegistered,
  'event-waitlisted': eventWaitlisted,
  'event-promoted': eventPromoted,
  'event-reminder': eventReminder,
  'event-cancelled': eventCancelled,
  'manage-link': manageLink,
} satisfies Record<string, LocalisedTemplate>;
