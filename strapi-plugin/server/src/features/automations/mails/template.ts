import type { LocalisedTemplate } from '../../../shared/mail/templates/types';

/**
 * A send-mail step of an automation: the editor's text (per language), made at send time by the
 * automation extension. View: automationBlocksHtml (newsletter blocks) or automationParagraphs (paragraphs of parts: text, a link, a line break),
 * automationText (plain), automationPreheader, unsubscribeUrl.
 */
// Either the newsletter blocks' HTML (automationBlocksHtml, made by the newsletter renderer) or the
// plain text's paragraphs; the Handlebars branches sit in mj-raw so MJML keeps them as they are, and
// the paragraphs' loop inside one mj-text (MJML drops text between components: a loop around
// mj-text elements lost its {{#each}} and left the HTML body empty).
const body = `
      <mj-raw>{{#if automationBlocksHtml}}{{{automationBlocksHtml}}}{{else}}</mj-raw>
      <mj-section padding="0">
        <mj-column>
          <mj-text>{{#each automationParagraphs}}<p>{{#each this}}{{#if url}}<a href="{{url}}">{{text}}</a>{{else}}{{#if br}}<br />{{else}}{{text}}{{/if}}{{/if}}{{/each}}</p>{{/each}}</mj-text>
        </mj-column>
      </mj-section>
      <mj-raw>{{/if}}</mj-raw>`;

export const automationMail: LocalisedTemplate = {
  de: {
    subject: '{{automationSubject}}',
    preheader: '{{automationPreheader}}',
    reason: 'Sie erhalten diese E-Mail, weil Sie den Newsletter der Stadt {{town.name}} abonniert haben. Abbestellen: {{unsubscribeUrl}}',
    body,
    text: '{{automationText}}\n',
  },
  en: {
    subject: '{{automationSubject}}',
    preheader: '{{automationPreheader}}',
    reason: 'You are receiving this email because you subscribed to the {{town.name}} newsletter. Unsubscribe: {{unsubscribeUrl}}',
    body,
    text: '{{automationText}}\n',
  },
};
