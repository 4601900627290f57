export type { MailLocale, MailTemplate, LocalisedTemplate } from './types';
export { layoutMjml, footerHtml, footerText } from './layout';
