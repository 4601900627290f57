import type { LocalisedTemplate } from '../../../shared/mail/templates/types';

/** The urgent alert. View: shortText, mailText (may be empty), severityLabel, areaText. Subject stored at enqueue. */
export const alertMail: LocalisedTemplate = {
  de: {
    subject: '{{severityLabel}}: {{shortText}}',
    preheader: '{{shortText}}',
    reason: 'Sie erhalten diese E-Mail, weil Sie Warnungen der Stadt {{town.name}} für Ihr Gebiet abonniert haben.',
    body: `
      <mj-section padding="0">
        <mj-column>
          <mj-text><h1>{{severityLabel}}</h1></mj-text>
          <mj-text><strong>{{shortText}}</strong></mj-text>
          {{#if mailText}}<mj-text>{{mailText}}</mj-text>{{/if}}
          <mj-text font-size="14px">Gebiet: {{areaText}}. Gültig bis {{validUntilText}}.</mj-text>
          {{#if manageUrl}}<mj-text font-size="14px"><a href="{{manageUrl}}">Gebiet ändern oder Warnungen abbestellen</a></mj-text>{{/if}}
        </mj-column>
      </mj-section>`,
    text: `{{severityLabel}}

{{shortText}}
{{#if mailText}}

{{mailText}}
{{/if}}

Gebiet: {{areaText}}. Gültig bis {{validUntilText}}.
{{#if manageUrl}}
Gebiet ändern oder Warnungen abbestellen: {{manageUrl}}
{{/if}}
`,
  },
  en: {
    subject: '{{severityLabel}}: {{shortText}}',
    preheader: '{{shortText}}',
    reason: 'You are receiving this email because you subscribed to alerts of {{town.name}} for your area.',
    body: `
      <mj-section padding="0">
        <mj-column>
          <mj-text><h1>{{severityLabel}}</h1></mj-text>
          <mj-text><strong>{{shortText}}</strong></mj-text>
          {{#if mailText}}<mj-text>{{mailText}}</mj-text>{{/if}}
          <mj-text font-size="14px">Area: {{areaText}}. Valid until {{validUntilText}}.</mj-text>
          {{#if manageUrl}}<mj-text font-size="14px"><a href="{{manageUrl}}">Change your area or stop alerts</a></mj-text>{{/if}}
        </mj-column>
      </mj-section>`,
    text: `{{severityLabel}}

{{shortText}}
{{#if mailText}}

{{mailText}}
{{/if}}

Area: {{areaText}}. Valid until {{validUntilText}}.
{{#if manageUrl}}
Change your area or stop alerts: {{manageUrl}}
{{/if}}
`,
  },
};

/** Double opt-in of the alert signup. View: confirmUrl, areaText. */
export const alertConfirmMail: LocalisedTemplate = {
  de: {
    subject: 'Bitte bestätigen Sie: Warnungen der Stadt {{town.name}}',
    preheader: 'Ein Klick, dann erhalten Sie Warnungen für Ihr Gebiet.',
    reason: 'Sie erhalten diese E-Mail, weil Ihre Adresse für Warnungen der Stadt {{town.name}} angemeldet wurde.',
    body: `
      <mj-section padding="0">
        <mj-column>
          <mj-text><h1>Warnungen bestätigen</h1></mj-text>
          <mj-text>Sie möchten Warnungen der Stadt {{town.name}} für dieses Gebiet erhalten: {{areaText}}.</mj-text>
          <mj-button href="{{confirmUrl}}">Warnungen bestätigen</mj-button>
          <mj-text font-size="14px">Falls der Button nicht funktioniert, öffnen Sie diesen Link im Browser:<br /><a href="{{confirmUrl}}">{{confirmUrl}}</a></mj-text>
          <mj-text font-size="14px">Wenn Sie das nicht waren, ignorieren Sie diese E-Mail: Ohne Bestätigung erhalten Sie keine Warnungen.</mj-text>
        </mj-column>
      </mj-section>`,
    text: `Warnungen bestätigen

Sie möchten Warnungen der Stadt {{town.name}} für dieses Gebiet erhalten: {{areaText}}.

Bitte bestätigen Sie mit diesem Link:

{{confirmUrl}}

Wenn Sie das nicht waren, ignorieren Sie diese E-Mail: Ohne Bestätigung erhalten Sie keine Warnungen.
`,
  },
  en: {
    subject: 'Please confirm: alerts of {{town.name}}',
    preheader: 'One click and you receive alerts for your area.',
    reason: 'You are receiving this email because your address was signed up for alerts of {{town.name}}.',
    body: `
      <mj-section padding="0">
        <mj-column>
          <mj-text><h1>Confirm alerts</h1></mj-text>
          <mj-text>You asked for alerts of {{town.name}} for this area: {{areaText}}.</mj-text>
          <mj-button href="{{confirmUrl}}">Confirm alerts</mj-button>
          <mj-text font-size="14px">If the button does not work, open this link in your browser:<br /><a href="{{confirmUrl}}">{{confirmUrl}}</a></mj-text>
          <mj-text font-size="14px">If this wasn't you, simply ignore this email: without confirmation you receive no alerts.</mj-text>
        </mj-column>
      </mj-section>`,
    text: `Confirm alerts

You asked for alerts of {{town.name}} for this area: {{areaText}}.

Please confirm with this link:

{{confirmUrl}}

If this wasn't you, simply ignore this email: without confirmation you receive no alerts.
`,
  },
};
