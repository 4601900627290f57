import { html, type TemplateResult } from 'lit/html.js';

/** Plain text from the CMS with blank lines between paragraphs, rendered as text (never as HTML). */
export function paragraphs(text: string): TemplateResult[] {
  return text.split(/\n\s*\n/).map((paragraph) => html`<p>${paragraph.trim()}</p>`);
}
