import type { LocalisedTemplate } from '../../../shared/mail/templates/types';

/** Identified survey: asks the citizen to confirm their answers. View: surveyTitle, confirmUrl, expiry. */
export const surveyConfirm: LocalisedTemplate = {
  de: {
    subject: 'Bitte bestätigen Sie Ihre Teilnahme – {{surveyTitle}}',
    preheader: 'Ein Klick, dann zählen Ihre Antworten in der Umfrage der Stadt {{town.name}}.',
    reason: 'Sie erhalten diese E-Mail, weil mit Ihrer Adresse an einer Umfrage der Stadt {{town.name}} teilgenommen wurde.',
    body: `
      <mj-section padding="0">
        <mj-column>
          <mj-text><h1>Bitte bestätigen Sie Ihre Teilnahme</h1></mj-text>
          <mj-text>Guten Tag,</mj-text>
          <mj-text>Sie haben an der Umfrage „{{surveyTitle}}“ der Stadt {{town.name}} teilgenommen. Ihre Antworten zählen erst, wenn Sie bestätigen, dass sie von Ihnen stammen.</mj-text>
          <mj-button href="{{confirmUrl}}">Teilnahme bestätigen</mj-button>
          <mj-text font-size="14px">Falls der Button nicht funktioniert, öffnen Sie diesen Link im Browser:<br /><a href="{{confirmUrl}}">{{confirmUrl}}</a></mj-text>
          <mj-text font-size="14px">Der Link ist {{expiry}} gültig. Wenn Sie nicht teilgenommen haben, ignorieren Sie diese E-Mail einfach: Ohne Bestätigung werden die Antworten nicht gezählt.</mj-text>
        </mj-column>
      </mj-section>`,
    text: `Bitte bestätigen Sie Ihre Teilnahme

Guten Tag,

Sie haben an der Umfrage „{{surveyTitle}}“ der Stadt {{town.name}} teilgenommen. Ihre Antworten zählen erst, wenn Sie bestätigen, dass sie von Ihnen stammen:

{{confirmUrl}}

Der Link ist {{expiry}} gültig. Wenn Sie nicht teilgenommen haben, ignorieren Sie diese E-Mail einfach: Ohne Bestätigung werden die Antworten nicht gezählt.
`,
  },
  en: {
    subject: 'Please confirm your participation – {{surveyTitle}}',
    preheader: 'One click and your answers to the {{town.name}} survey count.',
    reason: 'You are receiving this email because your address was used to take part in a survey of {{town.name}}.',
    body: `
      <mj-section padding="0">
        <mj-column>
          <mj-text><h1>Please confirm your participation</h1></mj-text>
          <mj-text>Hello,</mj-text>
          <mj-text>You took part in the survey “{{surveyTitle}}” of {{town.name}}. Your answers only count once you confirm that they are yours.</mj-text>
          <mj-button href="{{confirmUrl}}">Confirm participation</mj-button>
          <mj-text font-size="14px">If the button does not work, open this link in your browser:<br /><a href="{{confirmUrl}}">{{confirmUrl}}</a></mj-text>
          <mj-text font-size="14px">The link is valid for {{expiry}}. If this wasn't you, simply ignore this email: without confirmation the answers are not counted.</mj-text>
        </mj-column>
      </mj-section>`,
    text: `Please confirm your participation

Hello,

You took part in the survey “{{surveyTitle}}” of {{town.name}}. Your answers only count once you confirm that they are yours:

{{confirmUrl}}

The link is valid for {{expiry}}. If this wasn't you, simply ignore this email: without confirmation the answers are not counted.
`,
  },
};
