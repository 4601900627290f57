/** One mail in one language. All strings are Handlebars templates over the mail's view (see renderer). */
export interface MailTemplate {
  /** Plain text (not HTML-escaped): the subject line. */
  subject: string;
  /** Plain text: the preview line mail clients show after the subject. */
  preheader: string;
  /** Plain text: why the citizen gets this mail (footer). */
  reason: string;
  /** MJML sections for the white card of the layout. */
  body: string;
  /** The plain-text part, without the footer (the layout adds it). */
  text: string;
}

export type MailLocale = 'de' | 'en';
export type LocalisedTemplate = Record<MailLocale, MailTemplate>;
