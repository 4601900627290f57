import { doi } from './doi';
import { welcome } from './welcome';
import { bulletin } from './bulletin';
import type { LocalisedTemplate } from './types';

export type { MailLocale, MailTemplate, LocalisedTemplate } from './types';
export { layoutMjml, footerHtml, footerText } from './layout';

/** The template of each message kind. */
export const templates = {
  doi,
  welcome,
  newsletter: bulletin,
  event: bulletin,
} satisfies Record<string, LocalisedTemplate>;
