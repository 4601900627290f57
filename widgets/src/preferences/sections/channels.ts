/**
 * The preference center's phone (SMS) and alert sections: a chunk of their own, with their texts
 * (channel-texts.ts). Like the data sections (data-sections.ts) they load alongside the session,
 * so a page that only offers the link request never downloads them.
 */
import { html, type TemplateResult } from 'lit/html.js';
import type { AlertPreferences, Locale, PublicLegalText, SmsPurpose, SmsState } from '@civic-dialog/contracts';
import type { PreferencesTexts } from '../preferences.translations.js';
import { renderAlerts } from './alerts.js';
import { renderPhone } from './phone.js';
import type { ChannelState, PreferencesHost } from './section.js';

export type { ChannelState } from './section.js';

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

export function renderChannels(host: PreferencesHost, t: PreferencesTexts): TemplateResult | string {
  const state = host.channels;
  if (!state) return '';
  return html`${state.sms ? renderPhone(host, state.sms, state, t) : ''} ${state.alerts ? renderAlerts(host, state.alerts, state, t) : ''}`;
}
