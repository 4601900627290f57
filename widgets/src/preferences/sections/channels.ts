/**
 * The preference center's phone (SMS) and alert sections: a chunk of their own, with their texts
 * (channel-texts.ts). Like the data sections (data-sections.ts) they load alongside the session,
 * so a page that only offers the link request never downloads them.
 */
import { html, type TemplateResult } from 'lit';
import type { AlertPreferences, Locale, PublicLegalText, SmsPurpose, SmsState } from '@civic-dialog/contracts';
import { noticeText } from '../../shared/api-client.js';
import { statusRegion } from '../../shared/form-parts.js';
import type { PreferencesTexts } from '../preferences.translations.js';
import { channelTexts, type ChannelTexts } from './channel-texts.js';
import { renderAlerts } from './alerts.js';
import { renderPhone } from './phone.js';
import type { ChannelField, PreferencesHost, Section } from './section.js';

export const SMS_PURPOSE_LIST: readonly SmsPurpose[] = ['sms-alerts', 'sms-registrations'];

/** What the two sections show: the SMS state, the alert subscription and the consent texts (null: none published). */
export interface ChannelState {
  /** Null when the CMS does not answer the route (a plugin without the feature): its section is left out. */
  sms: SmsState['data'] | null;
  alerts: AlertPreferences['data'] | null;
  legalTexts: Record<SmsPurpose | 'alerts', PublicLegalText | null>;
}

/** Loads the sections' state with the session's token (`get` answers a route's `data`). */
export async function loadChannels(get: (path: string) => Promise<unknown>, locale: Locale): Promise<ChannelState> {
  // A purpose without a published text is one the citizen cannot choose (its checkbox is left out).
  const text = (purpose: SmsPurpose | 'alerts') => (get(`/legal-texts/current?locale=${locale}&purpose=${purpose}`) as Promise<PublicLegalText>).catch(() => null);
  const [sms, alerts, smsAlerts, smsRegistrations, alertsText] = await Promise.all([
    // The center must open even where these routes fail (an older plugin): then only their section is missing.
    (get('/preferences/sms') as Promise<SmsState['data']>).catch(() => null),
    (get('/preferences/alerts') as Promise<AlertPreferences['data']>).catch(() => null),
    text('sms-alerts'),
    text('sms-registrations'),
    text('alerts'),
  ]);
  return { sms, alerts, legalTexts: { 'sms-alerts': smsAlerts, 'sms-registrations': smsRegistrations, alerts: alertsText } };
}

export const textsOf = (host: PreferencesHost): ChannelTexts => channelTexts[host.locale];

export function channelInvalid(host: PreferencesHost, field: ChannelField): 'true' | 'false' {
  return host.form.errors[field] ? 'true' : 'false';
}

/** The ids an input is described by: its hint (when it has one) and its error (when shown). */
export function channelDescribedBy(host: PreferencesHost, field: ChannelField, hint?: string): string | undefined {
  const ids = [hint, host.form.errors[field] ? `${field}-error` : undefined].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function channelError(host: PreferencesHost, field: ChannelField, ct: ChannelTexts): TemplateResult | string {
  const key = host.form.errors[field];
  return key ? html`<p part="error" id="${field}-error" class="error">${ct.errors[key as keyof ChannelTexts['errors']]}</p>` : '';
}

/** The section's live region, in the sections' own words for their outcomes and refusal codes. */
export function channelStatus(host: PreferencesHost, part: Section, t: PreferencesTexts, ct: ChannelTexts): TemplateResult {
  const form = host.form;
  const notice = form.noticeOf(part);
  if (form.busy === part) return statusRegion(form.progress(t.saving), '');
  if (!notice) return statusRegion('', '');
  if (notice.kind === 'done') return statusRegion(ct.outcomes[notice.text as keyof ChannelTexts['outcomes']], 'is-success');
  return statusRegion(noticeText(notice, { ...t, refusals: { ...t.refusals, ...ct.refusals } }), 'is-error');
}

export function renderChannels(host: PreferencesHost, t: PreferencesTexts): TemplateResult | string {
  const state = host.channels;
  if (!state) return '';
  return html`${state.sms ? renderPhone(host, state.sms, state, t) : ''} ${state.alerts ? renderAlerts(host, state.alerts, state, t) : ''}`;
}
