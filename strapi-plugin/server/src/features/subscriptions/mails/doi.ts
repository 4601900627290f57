import type { LocalisedTemplate } from '../../../shared/mail/templates/types';

/** Double opt-in: asks the citizen to confirm the newsletter signup. View: confirmUrl, topics, expiry. */
export const doi: LocalisedTemplate = {
  de: {
    subject: 'Bitte bestätigen Sie Ihre Anmeldung – Newsletter Stadt {{town.name}}',
    preheader: 'Ein Klick, dann ist Ihre Anmeldung zum Newsletter der Stadt {{town.name}} aktiv.',
    reason: 'Sie erhalten diese E-Mail, weil Ihre Adresse für den Newsletter der Stadt {{town.name}} angemeldet wurde.',
    body: `
      <mj-section padding="0">
        <mj-column>
          <mj-text><h1>Bitte bestätigen Sie Ihre Anmeldung</h1></mj-text>
          <mj-text>{{#if firstName}}Hallo {{firstName}},{{else}}Guten Tag,{{/if}}</mj-text>
          <mj-text>Sie haben sich für den Newsletter der Stadt {{town.name}} angemeldet{{#if topics.length}}, zu diesen Themen:<ul>{{#each topics}}<li>{{this}}</li>{{/each}}</ul>{{else}}.{{/if}}</mj-text>
          <mj-text>Bitte bestätigen Sie Ihre Anmeldung. Erst danach erhalten Sie den Newsletter.</mj-text>
          <mj-button href="{{confirmUrl}}">Anmeldung bestätigen</mj-button>
          <mj-text font-size="14px">Falls der Button nicht funktioniert, öffnen Sie diesen Link im Browser:<br /><a href="{{confirmUrl}}">{{confirmUrl}}</a></mj-text>
          <mj-text font-size="14px">Der Link ist {{expiry}} gültig. Wenn Sie sich nicht angemeldet haben, ignorieren Sie diese E-Mail einfach: Ohne Bestätigung erhalten Sie keine weiteren E-Mails von uns.</mj-text>
        </mj-column>
      </mj-section>`,
    text: `Bitte bestätigen Sie Ihre Anmeldung

{{#if firstName}}Hallo {{firstName}},{{else}}Guten Tag,{{/if}}

Sie haben sich für den Newsletter der Stadt {{town.name}} angemeldet{{#if topics.length}}, zu diesen Themen:
{{#each topics}}
- {{this}}
{{/each}}
{{else}}.
{{/if}}

Bitte bestätigen Sie Ihre Anmeldung mit diesem Link. Erst danach erhalten Sie den Newsletter.

{{confirmUrl}}

Der Link ist {{expiry}} gültig. Wenn Sie sich nicht angemeldet haben, ignorieren Sie diese E-Mail einfach: Ohne Bestätigung erhalten Sie keine weiteren E-Mails von uns.
`,
  },
  en: {
    subject: 'Please confirm your subscription – {{town.name}} newsletter',
    preheader: 'One click and your subscription to the {{town.name}} newsletter is active.',
    reason: 'You are receiving this email because your address was signed up for the {{town.name}} newsletter.',
    body: `
      <mj-section padding="0">
        <mj-column>
          <mj-text><h1>Please confirm your subscription</h1></mj-text>
          <mj-text>{{#if firstName}}Hello {{firstName}},{{else}}Hello,{{/if}}</mj-text>
          <mj-text>You signed up for the newsletter of {{town.name}}{{#if topics.length}} on these topics:<ul>{{#each topics}}<li>{{this}}</li>{{/each}}</ul>{{else}}.{{/if}}</mj-text>
          <mj-text>Please confirm your subscription. Only then will you receive the newsletter.</mj-text>
          <mj-button href="{{confirmUrl}}">Confirm subscription</mj-button>
          <mj-text font-size="14px">If the button does not work, open this link in your browser:<br /><a href="{{confirmUrl}}">{{confirmUrl}}</a></mj-text>
          <mj-text font-size="14px">The link is valid for {{expiry}}. If this wasn't you, simply ignore this email: without confirmation you will not hear from us again.</mj-text>
        </mj-column>
      </mj-section>`,
    text: `Please confirm your subscription

{{#if firstName}}Hello {{firstName}},{{else}}Hello,{{/if}}

You signed up for the newsletter of {{town.name}}{{#if topics.length}} on these topics:
{{#each topics}}
- {{this}}
{{/each}}
{{else}}.
{{/if}}

Please confirm your subscription with this link. Only then will you receive the newsletter.

{{confirmUrl}}

The link is valid for {{expiry}}. If this wasn't you, simply ignore this email: without confirmation you will not hear from us again.
`,
  },
};
