import type { LocalisedTemplate } from '../../../shared/mail/templates/types';

/** Sent once the double opt-in is confirmed. View: topics, unsubscribeUrl. */
export const welcome: LocalisedTemplate = {
  de: {
    subject: 'Willkommen beim Newsletter der Stadt {{town.name}}',
    preheader: 'Ihre Anmeldung ist bestätigt.',
    reason: 'Sie erhalten diese E-Mail, weil Sie den Newsletter der Stadt {{town.name}} abonniert haben.',
    body: `
      <mj-section padding="0">
        <mj-column>
          <mj-text><h1>Willkommen!</h1></mj-text>
          <mj-text>{{#if firstName}}Hallo {{firstName}},{{else}}Guten Tag,{{/if}}</mj-text>
          <mj-text>vielen Dank für Ihre Bestätigung. Ab jetzt erhalten Sie den Newsletter der Stadt {{town.name}}{{#if topics.length}} zu diesen Themen:<ul>{{#each topics}}<li>{{this}}</li>{{/each}}</ul>{{else}}.{{/if}}</mj-text>
          <mj-text>Sie können den Newsletter jederzeit mit einem Klick abbestellen: über den Link am Ende jeder E-Mail oder <a href="{{unsubscribeUrl}}">hier</a>.</mj-text>
        </mj-column>
      </mj-section>`,
    text: `Willkommen!

{{#if firstName}}Hallo {{firstName}},{{else}}Guten Tag,{{/if}}

vielen Dank für Ihre Bestätigung. Ab jetzt erhalten Sie den Newsletter der Stadt {{town.name}}{{#if topics.length}} zu diesen Themen:
{{#each topics}}
- {{this}}
{{/each}}
{{else}}.
{{/if}}

Sie können den Newsletter jederzeit mit einem Klick abbestellen, über den Link am Ende jeder E-Mail oder hier:
{{unsubscribeUrl}}
`,
  },
  en: {
    subject: 'Welcome to the {{town.name}} newsletter',
    preheader: 'Your subscription is confirmed.',
    reason: 'You are receiving this email because you subscribed to the {{town.name}} newsletter.',
    body: `
      <mj-section padding="0">
        <mj-column>
          <mj-text><h1>Welcome!</h1></mj-text>
          <mj-text>{{#if firstName}}Hello {{firstName}},{{else}}Hello,{{/if}}</mj-text>
          <mj-text>thank you for confirming. From now on you will receive the newsletter of {{town.name}}{{#if topics.length}} on these topics:<ul>{{#each topics}}<li>{{this}}</li>{{/each}}</ul>{{else}}.{{/if}}</mj-text>
          <mj-text>You can unsubscribe at any time with one click: use the link at the end of every email or <a href="{{unsubscribeUrl}}">this one</a>.</mj-text>
        </mj-column>
      </mj-section>`,
    text: `Welcome!

{{#if firstName}}Hello {{firstName}},{{else}}Hello,{{/if}}

thank you for confirming. From now on you will receive the newsletter of {{town.name}}{{#if topics.length}} on these topics:
{{#each topics}}
- {{this}}
{{/each}}
{{else}}.
{{/if}}

You can unsubscribe at any time with one click, with the link at the end of every email or this one:
{{unsubscribeUrl}}
`,
  },
};
