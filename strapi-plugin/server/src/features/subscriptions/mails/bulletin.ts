import type { LocalisedTemplate } from '../../../shared/mail/templates/types';

/**
 * A generic newsletter/event mail until campaigns bring their own blocks. View: subject, heading,
 * intro, items [{ title, text, url }], unsubscribeUrl (newsletter only). All of it is escaped.
 */
export const bulletin: LocalisedTemplate = {
  de: {
    subject: '{{subject}}',
    preheader: '{{intro}}',
    reason: 'Sie erhalten diese E-Mail, weil Sie Nachrichten der Stadt {{town.name}} abonniert haben.',
    body: `
      <mj-section padding="0">
        <mj-column>
          <mj-text><h1>{{#if heading}}{{heading}}{{else}}{{subject}}{{/if}}</h1></mj-text>
          <mj-text>{{#if firstName}}Hallo {{firstName}},{{else}}Guten Tag,{{/if}}<br />{{intro}}</mj-text>
          <mj-text>{{#each items}}<h2>{{title}}</h2><p>{{text}}</p>{{#if url}}<p><a href="{{url}}">Weiterlesen</a></p>{{/if}}{{/each}}</mj-text>
        </mj-column>
      </mj-section>`,
    text: `{{#if heading}}{{heading}}{{else}}{{subject}}{{/if}}

{{#if firstName}}Hallo {{firstName}},{{else}}Guten Tag,{{/if}}
{{intro}}
{{#each items}}

{{title}}
{{text}}
{{#if url}}Weiterlesen: {{url}}
{{/if}}
{{/each}}
`,
  },
  en: {
    subject: '{{subject}}',
    preheader: '{{intro}}',
    reason: 'You are receiving this email because you subscribed to news from {{town.name}}.',
    body: `
      <mj-section padding="0">
        <mj-column>
          <mj-text><h1>{{#if heading}}{{heading}}{{else}}{{subject}}{{/if}}</h1></mj-text>
          <mj-text>{{#if firstName}}Hello {{firstName}},{{else}}Hello,{{/if}}<br />{{intro}}</mj-text>
          <mj-text>{{#each items}}<h2>{{title}}</h2><p>{{text}}</p>{{#if url}}<p><a href="{{url}}">Read more</a></p>{{/if}}{{/each}}</mj-text>
        </mj-column>
      </mj-section>`,
    text: `{{#if heading}}{{heading}}{{else}}{{subject}}{{/if}}

{{#if firstName}}Hello {{firstName}},{{else}}Hello,{{/if}}
{{intro}}
{{#each items}}

{{title}}
{{text}}
{{#if url}}Read more: {{url}}
{{/if}}
{{/each}}
`,
  },
};
