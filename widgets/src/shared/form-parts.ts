import { html, type TemplateResult } from 'lit/html.js';
import type { PublicLegalText } from '@civic-dialog/contracts';
import { paragraphs } from './text.js';

// Templates on one line: shared.js is not whitespace-collapsed like the widget chunks (Lit's code is in it).

/** The consent text in a `<details>`: title and version to open, then its paragraphs. */
export function legalTextDetails(
  legal: Pick<PublicLegalText, 'title' | 'version' | 'body'>,
  t: { legalVersion: (version: number) => string },
): TemplateResult {
  return html`<details part="legal-text"><summary part="legal-summary">${legal.title} (${t.legalVersion(legal.version)})</summary><div part="legal-body" class="legal-body">${paragraphs(legal.body)}</div></details>`;
}

/** A field people never see and bots fill in (`website`); the server ignores submissions that carry it. */
export function honeypotField(label: string): TemplateResult {
  return html`<div class="honeypot" aria-hidden="true"><label for="website">${label}</label><input id="website" name="website" type="text" tabindex="-1" autocomplete="off"></div>`;
}

export interface ErrorSummaryEntry {
  /** `#id` of the control the entry names (works without script too). */
  href: string;
  label: string;
  focus: () => void;
}

/** The list of all errors after a failed submit with several; it receives focus, each link focuses its control. */
export function errorSummary(heading: string, entries: ErrorSummaryEntry[]): TemplateResult {
  return html`<div part="error-summary" id="error-summary" class="summary" tabindex="-1" role="group" aria-labelledby="error-summary-heading"><p id="error-summary-heading" class="summary-heading">${heading}</p><ul>${entries.map((entry) => html`<li><a href=${entry.href} @click=${(event: Event) => {
    event.preventDefault();
    entry.focus();
  }}>${entry.label}</a></li>`)}</ul></div>`;
}

/**
 * The polite live region for progress and errors; rendered (empty) from the first paint so changes are announced.
 * It takes focus from script (tabindex -1) where a failure must be read where the citizen is.
 */
export function statusRegion(text: string, tone: '' | 'is-error' | 'is-success'): TemplateResult {
  return html`<div part="status" role="status" aria-live="polite" tabindex="-1" class="status ${tone}">${text}</div>`;
}
