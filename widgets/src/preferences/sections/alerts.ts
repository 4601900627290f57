import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { AlertPreferences, AlertPreferencesUpdate } from '@civic-dialog/contracts';
import { areaProblems } from '../../shared/area.js';
import { legalTextDetails } from '../../shared/form-parts.js';
import type { PreferencesTexts } from '../preferences.translations.js';
import { channelDescribedBy, channelError, channelInvalid, channelStatus, textsOf } from './channel-parts.js';
import type { ChannelTexts } from './channel-texts.js';
import { section, submitButton, type ChannelErrorKey, type ChannelState, type Field, type FieldErrors, type PreferencesHost } from './section.js';

/** The server's fields of PUT /preferences/alerts, at the section's own fields. */
const alertsFieldOf = ({ field }: { field: string }): [Field, ChannelErrorKey] | undefined => {
  if (field === 'district') return ['alertDistrict', 'districtInvalid'];
  if (field === 'postalCode') return ['alertPostalCode', 'postalCodeInvalid'];
  if (field === 'legalTextVersion') return ['alertConsent', 'consentRequired'];
  return undefined;
};

function validate(district: string, postalCode: string, consent: boolean): FieldErrors {
  const area = areaProblems(district, postalCode);
  const errors: FieldErrors = {};
  if (area.district) errors.alertDistrict = area.district;
  if (area.postalCode) errors.alertPostalCode = area.postalCode;
  if (!consent) errors.alertConsent = 'consentRequired';
  return errors;
}

async function put(host: PreferencesHost, body: AlertPreferencesUpdate, outcome: 'alertsSubscribed' | 'alertsWithdrawn'): Promise<boolean> {
  const saved = await host.request<AlertPreferences>('alerts', 'save', 'PUT', '/preferences/alerts', body, alertsFieldOf);
  if (!saved) return false;
  host.channels = { ...host.channels!, alerts: saved.data };
  host.form.say({ kind: 'done', text: outcome }, 'alerts');
  return true;
}

async function onSubscribe(host: PreferencesHost, event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (host.form.busy) return;
  const data = new FormData(event.currentTarget as HTMLFormElement);
  const district = String(data.get('alertDistrict') ?? '').trim();
  const postalCode = String(data.get('alertPostalCode') ?? '').trim();
  if (!host.form.check(validate(district, postalCode, data.get('alertConsent') === 'yes'))) return;
  const body: AlertPreferencesUpdate = {
    subscribed: true,
    // Neither: alerts for the whole town.
    district: district || null,
    postalCode: postalCode || null,
    legalTextVersion: host.channels!.legalTexts.alerts!.version,
    locale: host.locale,
  };
  if (await put(host, body, 'alertsSubscribed')) await host.form.focus('#alerts-heading');
}

async function onWithdraw(host: PreferencesHost): Promise<void> {
  if (host.form.busy) return;
  if (await put(host, { subscribed: false, locale: host.locale }, 'alertsWithdrawn')) await host.form.focus('#alertDistrict');
}

function areaOf(alerts: AlertPreferences['data'], ct: ChannelTexts): string {
  const parts = [alerts.district && ct.districtArea(alerts.district), alerts.postalCode && ct.postalCodeArea(alerts.postalCode)].filter(Boolean);
  return parts.length ? parts.join(', ') : ct.wholeTown;
}

/**
 * The alerts section: subscribe to alerts for a district, a postal code or the whole town (by
 * e-mail; by SMS too when the number is verified and SMS alerts are allowed), or withdraw.
 */
export function renderAlerts(host: PreferencesHost, alerts: AlertPreferences['data'], state: ChannelState, t: PreferencesTexts): TemplateResult {
  const ct = textsOf(host);
  const sms = state.sms;
  const bySms = Boolean(sms?.phone && sms.consents['sms-alerts'] && !sms.suppressed);
  const legal = state.legalTexts.alerts;
  const subscribed = alerts.status === 'active' || alerts.status === 'pending';
  const content = subscribed
    ? html`
      <p part="text">${ct.alertsFor(areaOf(alerts, ct))}</p>
      ${alerts.status === 'pending' ? html`<p part="hint" class="hint">${ct.alertsPending}</p>` : nothing}
      <p part="text">${bySms ? ct.channelsEmailSms : ct.channelsEmail}</p>
      ${bySms ? nothing : html`<p part="hint" class="hint">${ct.smsHint}</p>`}
      <button part="button button-secondary" class="secondary" type="button" aria-disabled=${host.form.busy === 'alerts' ? 'true' : 'false'}
        @click=${() => void onWithdraw(host)}>${ct.withdrawAlerts}</button>
      ${channelStatus(host, 'alerts', t, ct)}`
    : html`
      <p part="text">${ct.alertsIntro}</p>
      ${legal
        ? html`<form part="form" novalidate @submit=${(event: SubmitEvent) => onSubscribe(host, event)}>
            <p part="hint" id="area-hint" class="hint">${ct.areaHint}</p>
            ${(['alertDistrict', 'alertPostalCode'] as const).map((field) => html`<div part="field" class="field">
              <label part="label" for=${field}>${ct[field]} <span part="hint" class="hint">${t.optional}</span></label>
              <input part="input" id=${field} name=${field} type="text" autocomplete=${field === 'alertPostalCode' ? 'postal-code' : 'address-level3'}
                .value=${(field === 'alertDistrict' ? alerts.district : alerts.postalCode) ?? ''}
                aria-invalid=${channelInvalid(host, field)} aria-describedby=${channelDescribedBy(host, field, 'area-hint') ?? nothing}>
              ${channelError(host, field, ct)}
            </div>`)}
            <div part="field" class="field">
              <div part="choice" class="choice">
                <input part="checkbox" type="checkbox" id="alertConsent" name="alertConsent" value="yes" required
                  aria-invalid=${channelInvalid(host, 'alertConsent')} aria-describedby=${channelDescribedBy(host, 'alertConsent') ?? nothing}>
                <label part="label" for="alertConsent">${ct.alertConsent}</label>
              </div>
              ${legalTextDetails(legal, t)}
              ${channelError(host, 'alertConsent', ct)}
            </div>
            <p part="hint" class="hint">${bySms ? ct.channelsEmailSms : ct.smsHint}</p>
            ${submitButton(host, 'alerts', ct.subscribeAlerts)}
            ${channelStatus(host, 'alerts', t, ct)}
          </form>`
        : html`<p part="hint" class="hint">${ct.noLegalText}</p>${channelStatus(host, 'alerts', t, ct)}`}`;
  return section('alerts', ct.alertsHeading, content);
}
