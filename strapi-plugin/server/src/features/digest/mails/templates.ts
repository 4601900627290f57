import type { LocalisedTemplate, MailTemplate } from '../../../shared/mail/templates/types';

/** Section headings and the link word, per language. */
const words = {
  de: { news: 'Neuigkeiten', events: 'Veranstaltungen', surveys: 'Umfragen', open: 'Ansehen', hello: 'Hallo {{firstName}},', helloNone: 'Guten Tag,' },
  en: { news: 'News', events: 'Events', surveys: 'Surveys', open: 'View', hello: 'Hello {{firstName}},', helloNone: 'Hello,' },
} as const;

function section(list: 'news' | 'events' | 'surveys', heading: string, open: string) {
  return {
    html: `{{#if ${list}.length}}<h2>${heading}</h2>{{#each ${list}}}<p><strong>{{title}}</strong>{{#if date}}<br />{{date}}{{/if}}{{#if url}}<br /><a href="{{url}}">${open}: {{title}}</a>{{/if}}</p>{{/each}}{{/if}}`,
    text: `{{#if ${list}.length}}
${heading}
{{#each ${list}}}
- {{title}}{{#if date}} ({{date}}){{/if}}
{{#if url}}  {{url}}
{{/if}}{{/each}}{{/if}}`,
  };
}

function template(locale: 'de' | 'en', texts: { subject: string; preheader: string; reason: string; intro: string; manage: string }): MailTemplate {
  const w = words[locale];
  const parts = [section('news', w.news, w.open), section('events', w.events, w.open), section('surveys', w.surveys, w.open)];
  return {
    subject: texts.subject,
    preheader: texts.preheader,
    reason: texts.reason,
    body: `
      <mj-section padding="0">
        <mj-column>
          <mj-text><h1>${texts.subject}</h1></mj-text>
          <mj-text>{{#if firstName}}${w.hello}{{else}}${w.helloNone}{{/if}}<br />${texts.intro}</mj-text>
          <mj-text>${parts.map((part) => part.html).join('')}</mj-text>
          <mj-text>{{#if manageUrl}}<a href="{{manageUrl}}">${texts.manage}</a>{{/if}}</mj-text>
        </mj-column>
      </mj-section>`,
    text: `${texts.subject}

{{#if firstName}}${w.hello}{{else}}${w.helloNone}{{/if}}
${texts.intro}
${parts.map((part) => part.text).join('\n')}
{{#if manageUrl}}
${texts.manage}: {{manageUrl}}
{{/if}}`,
  };
}

/**
 * The weekly digest: the new news, events and surveys on the citizen's topics, each with its
 * title, date and link. View: news, events, surveys [{ title, date, url }], unsubscribeUrl, manageUrl.
 */
export const digestMail: LocalisedTemplate = {
  de: template('de', {
    subject: 'Neu in {{town.name}}: Ihr Wochenüberblick',
    preheader: 'Was es diese Woche Neues zu Ihren Themen gibt.',
    reason: 'Sie erhalten diese E-Mail einmal pro Woche, weil Sie Nachrichten der Stadt {{town.name}} zu diesen Themen abonniert haben.',
    intro: 'das ist neu zu Ihren Themen seit dem letzten Überblick:',
    manage: 'Themen und Einstellungen ändern',
  }),
  en: template('en', {
    subject: 'New in {{town.name}}: your weekly digest',
    preheader: "What's new on your topics this week.",
    reason: 'You are receiving this email once a week because you subscribed to news from {{town.name}} on these topics.',
    intro: "here is what's new on your topics since the last digest:",
    manage: 'Change topics and settings',
  }),
};
