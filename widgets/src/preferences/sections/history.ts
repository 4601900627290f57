import { html, type TemplateResult } from 'lit/html.js';
import type { Locale, PreferencesConsent, PreferencesView } from '@civic-dialog/contracts';
import { formatDateTime, READER_TIME_ZONE } from '../../shared/date-format.js';
import type { PreferencesTexts } from '../preferences.translations.js';
import { section } from './section.js';

/** The consent history, newest first as the server sends it (read only). */
export function renderHistory(view: PreferencesView, t: PreferencesTexts, locale: Locale): TemplateResult {
  return section('history', t.historyHeading, view.consents.length
    ? html`<ol part="history" class="history">
        ${view.consents.map((consent) => html`<li part="history-entry">${describeConsent(consent, view, t, locale)}</li>`)}
      </ol>`
    : html`<p part="text">${t.historyEmpty}</p>`);
}

/**
 * "Donnerstag, 12. März 2026 um 14:05 MEZ – Einwilligung bestätigt: Abfall, Einwilligung Newsletter (Version 1), über www.musterstadt.de/newsletter";
 * an event's or survey's consent by its title: "… – Einwilligung erteilt: Anmeldung zur Veranstaltung „Bürgerforum“, …".
 */
function describeConsent(consent: PreferencesConsent, view: PreferencesView, t: PreferencesTexts, locale: Locale): TemplateResult {
  const when = formatDateTime(locale, consent.createdAt, READER_TIME_ZONE);
  const topicNames = consent.topics.map((slug) => view.topics.find((topic) => topic.slug === slug)?.name ?? slug);
  const subject =
    consent.purpose === 'event-registration' ? t.eventConsent(consent.subject)
    : consent.purpose === 'survey' ? t.surveyConsent(consent.subject)
    : topicNames.length ? topicNames.join(', ')
    : t.newsletter;
  const what = [
    subject,
    consent.legalText ? `${consent.legalText.title} (${t.legalVersion(consent.legalText.version)})` : '',
    consent.sourceUrl ? t.via(shortUrl(consent.sourceUrl)) : '',
  ].filter(Boolean);
  return html`<time datetime=${consent.createdAt}>${when}</time> – ${t.consentAction[consent.action]}: ${what.join(', ')}`;
}

/** Host and path of a source page, without the scheme: "www.musterstadt.de/newsletter". */
function shortUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return url;
  }
}
