/**
 * The one responsive layout every mail shares, as MJML. `{{…}}` are Handlebars placeholders filled
 * per recipient after MJML has compiled the layout once; Handlebars block helpers only appear inside
 * <mj-text>/<mj-button> content, which MJML passes through untouched.
 */
export interface LayoutParts {
  lang: string;
  /** MJML sections (inside the white card). */
  body: string;
  /** Localised footer line(s), HTML inside an <mj-text>. */
  footer: string;
}

export const layoutMjml = ({ lang, body, footer }: LayoutParts) => `
<mjml lang="${lang}">
  <mj-head>
    <mj-title>{{subject}}</mj-title>
    <mj-preview>{{preheader}}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="16px" line-height="1.5" color="#1f2933" padding="8px 24px" />
      <mj-button background-color="#0b5cad" color="#ffffff" font-size="16px" font-weight="bold" border-radius="4px" inner-padding="14px 28px" padding="16px 24px" />
    </mj-attributes>
    <mj-style>
      a { color: #0b5cad; }
      h1 { font-size: 22px; line-height: 1.3; margin: 0; }
    </mj-style>
  </mj-head>
  <mj-body background-color="#f3f4f6" width="600px">
    <mj-section padding="24px 0 8px">
      <mj-column>
        <mj-text font-size="18px" font-weight="bold" color="#0b5cad"><a href="{{town.websiteUrl}}" style="text-decoration:none">{{town.name}}</a></mj-text>
      </mj-column>
    </mj-section>
    <mj-wrapper background-color="#ffffff" border-radius="6px" padding="16px 0">
${body}
    </mj-wrapper>
    <mj-section padding="16px 0 32px">
      <mj-column>
        <mj-text font-size="13px" color="#52606d" align="center">${footer}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

export const footerHtml = {
  de: `{{reason}}<br /><a href="{{town.websiteUrl}}">{{town.name}}</a> · <a href="{{town.privacyUrl}}">Datenschutz</a>{{#if manageUrl}} · <a href="{{manageUrl}}">Abo verwalten</a>{{/if}}{{#if unsubscribeUrl}} · <a href="{{unsubscribeUrl}}">Newsletter abbestellen</a>{{/if}}`,
  en: `{{reason}}<br /><a href="{{town.websiteUrl}}">{{town.name}}</a> · <a href="{{town.privacyUrl}}">Privacy</a>{{#if manageUrl}} · <a href="{{manageUrl}}">Manage subscription</a>{{/if}}{{#if unsubscribeUrl}} · <a href="{{unsubscribeUrl}}">Unsubscribe</a>{{/if}}`,
} as const;

export const footerText = {
  de: `--
{{reason}}
{{town.name}}: {{town.websiteUrl}}
Datenschutz: {{town.privacyUrl}}
{{#if manageUrl}}Abo verwalten: {{manageUrl}}
{{/if}}{{#if unsubscribeUrl}}Newsletter abbestellen: {{unsubscribeUrl}}
{{/if}}`,
  en: `--
{{reason}}
{{town.name}}: {{town.websiteUrl}}
Privacy: {{town.privacyUrl}}
{{#if manageUrl}}Manage subscription: {{manageUrl}}
{{/if}}{{#if unsubscribeUrl}}Unsubscribe: {{unsubscribeUrl}}
{{/if}}`,
} as const;
