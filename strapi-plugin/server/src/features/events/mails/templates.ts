import type { LocalisedTemplate, MailLocale, MailTemplate } from '../../../shared/mail/templates/types';

/**
 * The mails of event registration. View: event { title, when, location, address }, seats, and per
 * kind confirmUrl + expiry (event-confirm) or cancelUrl (registered, waitlisted, promoted, reminder).
 * Registered, promoted and reminder mails carry the event as an .ics attachment.
 */

interface EventMailParts {
  subject: string;
  preheader: string;
  heading: string;
  /** One paragraph (Handlebars, escaped in HTML). */
  lead: string;
  button?: { label: string; url: 'confirmUrl' | 'cancelUrl' };
  /** Small print after the details. */
  note?: string;
}

const WORDS = {
  de: {
    hello: '{{#if firstName}}Hallo {{firstName}},{{else}}Guten Tag,{{/if}}',
    when: 'Wann',
    where: 'Wo',
    seats: 'Plätze',
    cancelHint: 'Sie können nicht kommen? Bitte sagen Sie ab, damit jemand von der Warteliste nachrücken kann:',
    reason: 'Sie erhalten diese E-Mail, weil Ihre Adresse für eine Veranstaltung der Stadt {{town.name}} angemeldet wurde.',
    linkFallback: 'Falls der Button nicht funktioniert, öffnen Sie diesen Link im Browser:',
  },
  en: {
    hello: '{{#if firstName}}Hello {{firstName}},{{else}}Hello,{{/if}}',
    when: 'When',
    where: 'Where',
    seats: 'Seats',
    cancelHint: 'Cannot come? Please cancel, so that someone on the waiting list can take your seat:',
    reason: 'You are receiving this email because your address was registered for an event of {{town.name}}.',
    linkFallback: 'If the button does not work, open this link in your browser:',
  },
} as const;

function eventMail(locale: MailLocale, parts: EventMailParts): MailTemplate {
  const w = WORDS[locale];
  const button = parts.button
    ? `<mj-button href="{{${parts.button.url}}}">${parts.button.label}</mj-button>
          <mj-text font-size="14px">${w.linkFallback}<br /><a href="{{${parts.button.url}}}">{{${parts.button.url}}}</a></mj-text>`
    : '';
  const cancel =
    parts.button?.url === 'cancelUrl' ? '' : `{{#if cancelUrl}}<mj-text font-size="14px">${w.cancelHint} <a href="{{cancelUrl}}">{{cancelUrl}}</a></mj-text>{{/if}}`;
  const note = parts.note ? `<mj-text font-size="14px">${parts.note}</mj-text>` : '';
  return {
    subject: parts.subject,
    preheader: parts.preheader,
    reason: w.reason,
    body: `
      <mj-section padding="0">
        <mj-column>
          <mj-text><h1>${parts.heading}</h1></mj-text>
          <mj-text>${w.hello}</mj-text>
          <mj-text>${parts.lead}</mj-text>
          <mj-text><strong>{{event.title}}</strong><br />${w.when}: {{event.when}}<br />${w.where}: {{event.location}}{{#if event.address}}, {{event.address}}{{/if}}{{#if seats}}<br />${w.seats}: {{seats}}{{/if}}</mj-text>
          ${button}
          ${note}
          ${cancel}
        </mj-column>
      </mj-section>`,
    text: `${parts.heading}

${w.hello}

${parts.lead}

{{event.title}}
${w.when}: {{event.when}}
${w.where}: {{event.location}}{{#if event.address}}, {{event.address}}{{/if}}
{{#if seats}}${w.seats}: {{seats}}
{{/if}}
${parts.button ? `${parts.button.label}:\n{{${parts.button.url}}}\n` : ''}
${parts.note ?? ''}
${parts.button?.url === 'cancelUrl' ? '' : `{{#if cancelUrl}}${w.cancelHint}\n{{cancelUrl}}\n{{/if}}`}`,
  };
}

const localised = (de: EventMailParts, en: EventMailParts): LocalisedTemplate => ({
  de: eventMail('de', de),
  en: eventMail('en', en),
});

/** Double opt-in of a registration: nobody gets a seat until the address owner confirms. */
export const eventConfirm = localised(
  {
    subject: 'Bitte bestätigen Sie Ihre Anmeldung: {{event.title}}',
    preheader: 'Ein Klick, dann ist Ihre Anmeldung gültig.',
    heading: 'Bitte bestätigen Sie Ihre Anmeldung',
    lead: 'Sie haben sich für diese Veranstaltung angemeldet. Bitte bestätigen Sie die Anmeldung; erst dann vergeben wir Ihren Platz.',
    button: { label: 'Anmeldung bestätigen', url: 'confirmUrl' },
    note: 'Der Link ist {{expiry}} gültig. Wenn Sie sich nicht angemeldet haben, ignorieren Sie diese E-Mail einfach.',
  },
  {
    subject: 'Please confirm your registration: {{event.title}}',
    preheader: 'One click and your registration is valid.',
    heading: 'Please confirm your registration',
    lead: 'You registered for this event. Please confirm the registration; only then do we give you a seat.',
    button: { label: 'Confirm registration', url: 'confirmUrl' },
    note: "The link is valid for {{expiry}}. If this wasn't you, simply ignore this email.",
  },
);

export const eventRegistered = localised(
  {
    subject: 'Anmeldung bestätigt: {{event.title}}',
    preheader: 'Ihr Platz ist reserviert. Den Termin finden Sie im Anhang.',
    heading: 'Ihre Anmeldung ist bestätigt',
    lead: 'Ihr Platz ist reserviert. Den Termin für Ihren Kalender finden Sie im Anhang (event.ics).',
  },
  {
    subject: 'Registration confirmed: {{event.title}}',
    preheader: 'Your seat is reserved. The calendar entry is attached.',
    heading: 'Your registration is confirmed',
    lead: 'Your seat is reserved. The calendar entry is attached (event.ics).',
  },
);

export const eventWaitlisted = localised(
  {
    subject: 'Warteliste: {{event.title}}',
    preheader: 'Die Veranstaltung ist ausgebucht; Sie stehen auf der Warteliste.',
    heading: 'Sie stehen auf der Warteliste',
    lead: 'Die Veranstaltung ist im Moment ausgebucht. Wird ein Platz frei, rücken Sie automatisch nach und bekommen sofort eine E-Mail.',
  },
  {
    subject: 'Waiting list: {{event.title}}',
    preheader: 'The event is fully booked; you are on the waiting list.',
    heading: 'You are on the waiting list',
    lead: 'The event is fully booked at the moment. When a seat becomes free you move up automatically and get an email right away.',
  },
);

export const eventPromoted = localised(
  {
    subject: 'Sie sind nachgerückt: {{event.title}}',
    preheader: 'Ein Platz ist frei geworden – er gehört jetzt Ihnen.',
    heading: 'Sie sind von der Warteliste nachgerückt',
    lead: 'Ein Platz ist frei geworden und für Sie reserviert. Den Termin für Ihren Kalender finden Sie im Anhang (event.ics).',
  },
  {
    subject: 'You have a seat: {{event.title}}',
    preheader: 'A seat became free – it is yours now.',
    heading: 'You moved up from the waiting list',
    lead: 'A seat became free and is reserved for you. The calendar entry is attached (event.ics).',
  },
);

export const eventReminder = localised(
  {
    subject: 'Erinnerung: {{event.title}}',
    preheader: 'Bald ist es so weit: {{event.when}}.',
    heading: 'Erinnerung an Ihre Veranstaltung',
    lead: 'Bald ist es so weit. Wir freuen uns auf Sie.',
  },
  {
    subject: 'Reminder: {{event.title}}',
    preheader: 'Coming up soon: {{event.when}}.',
    heading: 'A reminder of your event',
    lead: 'It is coming up soon. We look forward to seeing you.',
  },
);

export const eventCancelled = localised(
  {
    subject: 'Abgesagt: {{event.title}}',
    preheader: 'Die Veranstaltung findet nicht statt.',
    heading: 'Die Veranstaltung ist abgesagt',
    lead: 'Leider findet die Veranstaltung, für die Sie angemeldet waren, nicht statt. Ihre Anmeldung ist damit erledigt; Sie müssen nichts weiter tun.',
  },
  {
    subject: 'Cancelled: {{event.title}}',
    preheader: 'The event will not take place.',
    heading: 'The event has been cancelled',
    lead: 'Unfortunately the event you registered for will not take place. Your registration is closed; there is nothing more you need to do.',
  },
);
