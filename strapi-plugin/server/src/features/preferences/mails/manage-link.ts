import type { LocalisedTemplate } from '../../../shared/mail/templates/types';

/** The "manage my subscription" link a citizen asked for in `<civic-preferences>`. View: manageUrl, expiry. */
export const manageLink: LocalisedTemplate = {
  de: {
    subject: 'Ihr Link zu Ihren Newsletter-Einstellungen – Stadt {{town.name}}',
    preheader: 'Mit diesem Link sehen und ändern Sie, was die Stadt {{town.name}} über Sie speichert.',
    reason: 'Sie erhalten diese E-Mail, weil auf der Website der Stadt {{town.name}} ein Link zu den Einstellungen für diese Adresse angefordert wurde.',
    body: `
      <mj-section padding="0">
        <mj-column>
          <mj-text><h1>Ihre Newsletter-Einstellungen</h1></mj-text>
          <mj-text>{{#if firstName}}Hallo {{firstName}},{{else}}Guten Tag,{{/if}}</mj-text>
          <mj-text>mit diesem Link können Sie Ihre Themen und Angaben ändern, Ihre Daten herunterladen oder löschen.</mj-text>
          <mj-button href="{{manageUrl}}">Einstellungen öffnen</mj-button>
          <mj-text font-size="14px">Falls der Button nicht funktioniert, öffnen Sie diesen Link im Browser:<br /><a href="{{manageUrl}}">{{manageUrl}}</a></mj-text>
          <mj-text font-size="14px">Der Link ist {{expiry}} gültig. Geben Sie ihn nicht weiter. Wenn Sie ihn nicht angefordert haben, ignorieren Sie diese E-Mail einfach.</mj-text>
        </mj-column>
      </mj-section>`,
    text: `Ihre Newsletter-Einstellungen

{{#if firstName}}Hallo {{firstName}},{{else}}Guten Tag,{{/if}}

mit diesem Link können Sie Ihre Themen und Angaben ändern, Ihre Daten herunterladen oder löschen:

{{manageUrl}}

Der Link ist {{expiry}} gültig. Geben Sie ihn nicht weiter. Wenn Sie ihn nicht angefordert haben, ignorieren Sie diese E-Mail einfach.
`,
  },
  en: {
    subject: 'Your link to your newsletter settings – {{town.name}}',
    preheader: 'With this link you can see and change what {{town.name}} stores about you.',
    reason: 'You are receiving this email because a link to the settings of this address was requested on the {{town.name}} website.',
    body: `
      <mj-section padding="0">
        <mj-column>
          <mj-text><h1>Your newsletter settings</h1></mj-text>
          <mj-text>{{#if firstName}}Hello {{firstName}},{{else}}Hello,{{/if}}</mj-text>
          <mj-text>with this link you can change your topics and details, download your data or erase it.</mj-text>
          <mj-button href="{{manageUrl}}">Open settings</mj-button>
          <mj-text font-size="14px">If the button does not work, open this link in your browser:<br /><a href="{{manageUrl}}">{{manageUrl}}</a></mj-text>
          <mj-text font-size="14px">The link works for {{expiry}}. Do not pass it on. If you did not ask for it, simply ignore this email.</mj-text>
        </mj-column>
      </mj-section>`,
    text: `Your newsletter settings

{{#if firstName}}Hello {{firstName}},{{else}}Hello,{{/if}}

with this link you can change your topics and details, download your data or erase it:

{{manageUrl}}

The link works for {{expiry}}. Do not pass it on. If you did not ask for it, simply ignore this email.
`,
  },
};
