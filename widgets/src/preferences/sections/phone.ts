import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { SmsCodeSent, SmsPurpose, SmsState } from '@civic-dialog/contracts';
import { legalTextDetails } from '../../shared/form-parts.js';
import type { PreferencesTexts } from '../preferences.translations.js';
import { channelDescribedBy, channelError, channelInvalid, channelStatus, SMS_PURPOSE_LIST, textsOf } from './channel-parts.js';
import { section, submitButton, type ChannelErrorKey, type ChannelState, type Field, type PreferencesHost } from './section.js';

/** What a citizen may type (contracts' phoneInputSchema); the server normalises it to E.164 and says when it is no number. */
const PHONE_INPUT = /^\+?[0-9 ()\-/.]{3,32}$/;
const CODE = /^\d{6}$/;
/** The server's refusal codes of the code field, in the section's own words. */
const CODE_ERRORS: Partial<Record<string, ChannelErrorKey>> = { 'wrong-code': 'codeWrong', 'code-expired': 'codeExpired', 'too-many-tries': 'codeTooManyTries' };

/** Server field errors of the phone section, at their field; others show in its live region. */
const phoneFieldOf = ({ field, code }: { field: string; code?: string }): [Field, ChannelErrorKey] | undefined => {
  if (field === 'phone') return ['phone', 'phoneInvalid'];
  if (field === 'code') return ['code', (code && CODE_ERRORS[code]) || 'codeInvalid'];
  return undefined;
};

function withSms(host: PreferencesHost, sms: SmsState['data']): void {
  host.channels = { ...host.channels!, sms };
}

async function onSendCode(host: PreferencesHost, event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (host.form.busy) return;
  const phone = String(new FormData(event.currentTarget as HTMLFormElement).get('phone') ?? '').trim();
  if (!host.form.check({ phone: PHONE_INPUT.test(phone) ? undefined : 'phoneInvalid' })) return;
  const sent = await host.request<SmsCodeSent>('phone', 'save', 'POST', '/preferences/sms/phone', { phone, locale: host.locale }, phoneFieldOf);
  if (!sent) return;
  withSms(host, { ...host.channels!.sms!, pendingPhone: sent.data.phone });
  host.form.say({ kind: 'done', text: 'codeSent' }, 'phone');
  await host.form.focus('#code');
}

async function onVerify(host: PreferencesHost, event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (host.form.busy) return;
  const code = String(new FormData(event.currentTarget as HTMLFormElement).get('code') ?? '').replace(/\s/g, '');
  if (!host.form.check({ code: CODE.test(code) ? undefined : 'codeInvalid' })) return;
  const verified = await host.request<SmsState>('phone', 'save', 'POST', '/preferences/sms/verify', { code }, phoneFieldOf);
  if (!verified) return;
  withSms(host, verified.data);
  host.form.say({ kind: 'done', text: 'phoneVerified' }, 'phone');
  await host.form.focus('#phone-heading');
}

async function onSaveConsents(host: PreferencesHost, event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (host.form.busy) return;
  const state = host.channels!;
  const data = new FormData(event.currentTarget as HTMLFormElement);
  const purposes: Partial<Record<SmsPurpose, boolean>> = {};
  const legalTextVersions: Partial<Record<SmsPurpose, number>> = {};
  for (const purpose of SMS_PURPOSE_LIST) {
    const wanted = data.getAll('purposes').includes(purpose);
    const text = state.legalTexts[purpose];
    // Only what changes is sent: a grant names the version of the text shown beside its checkbox.
    if (wanted === state.sms!.consents[purpose] || (wanted && !text)) continue;
    purposes[purpose] = wanted;
    if (wanted && text) legalTextVersions[purpose] = text.version;
  }
  const body = { purposes, locale: host.locale, legalTextVersions, pageUrl: location.href.split('#')[0] };
  const saved = await host.request<SmsState>('phone', 'save', 'PUT', '/preferences/sms/consents', body, phoneFieldOf);
  if (!saved) return;
  withSms(host, saved.data);
  host.form.say({ kind: 'done', text: 'smsConsentsSaved' }, 'phone');
}

async function onRemove(host: PreferencesHost): Promise<void> {
  if (host.form.busy) return;
  const removed = await host.request<SmsState>('phone', 'save', 'DELETE', '/preferences/sms/phone');
  if (!removed) return;
  withSms(host, removed.data);
  host.form.say({ kind: 'done', text: 'phoneRemoved' }, 'phone');
  await host.form.focus('#phone');
}

/** Back from the code to the number (a typo, or no SMS came). */
async function onOtherNumber(host: PreferencesHost): Promise<void> {
  host.form.reset();
  withSms(host, { ...host.channels!.sms!, pendingPhone: null });
  await host.form.focus('#phone');
}

/**
 * The phone section: a number, its one-time code, then the consent per SMS purpose with its
 * legal text; remove the number. Named once, by the section's heading.
 */
export function renderPhone(host: PreferencesHost, sms: SmsState['data'], state: ChannelState, t: PreferencesTexts): TemplateResult {
  const ct = textsOf(host);
  let content: TemplateResult;
  if (sms.phone) {
    content = html`
      <p part="text">${ct.verifiedAs(sms.phone)}</p>
      ${sms.suppressed ? html`<p part="hint" class="hint">${ct.suppressed}</p>` : nothing}
      <form part="form" novalidate @submit=${(event: SubmitEvent) => onSaveConsents(host, event)}>
        <fieldset part="fieldset">
          <legend>${ct.smsConsentsLegend}</legend>
          ${SMS_PURPOSE_LIST.map((purpose) => {
            const text = state.legalTexts[purpose];
            const id = `sms-consent-${purpose}`;
            return html`<div part="field" class="field">
              <div part="choice" class="choice">
                <input part="checkbox" type="checkbox" id=${id} name="purposes" .value=${purpose} ?checked=${sms.consents[purpose]}
                  ?disabled=${!text && !sms.consents[purpose]} aria-describedby=${text ? nothing : `${id}-hint`}>
                <label part="choice-label" for=${id}>${ct.purposes[purpose]}</label>
              </div>
              ${text ? legalTextDetails(text, t) : html`<p part="hint" id="${id}-hint" class="hint">${ct.noLegalText}</p>`}
            </div>`;
          })}
        </fieldset>
        ${submitButton(host, 'phone', ct.saveSmsConsents)}
        <button part="button button-secondary" class="secondary" type="button" @click=${() => void onRemove(host)}>${ct.removePhone}</button>
        ${channelStatus(host, 'phone', t, ct)}
      </form>`;
  } else if (sms.pendingPhone) {
    content = html`
      <form part="form" novalidate @submit=${(event: SubmitEvent) => onVerify(host, event)}>
        <div part="field" class="field">
          <label part="label" for="code">${ct.code}</label>
          <p part="hint" id="code-hint" class="hint">${ct.codeHint(sms.pendingPhone)}</p>
          <input part="input" id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
            aria-invalid=${channelInvalid(host, 'code')} aria-describedby=${channelDescribedBy(host, 'code', 'code-hint') ?? nothing}>
          ${channelError(host, 'code', ct)}
        </div>
        ${submitButton(host, 'phone', ct.verify)}
        <button part="button button-secondary" class="secondary" type="button" @click=${() => void onOtherNumber(host)}>${ct.otherNumber}</button>
        ${channelStatus(host, 'phone', t, ct)}
      </form>`;
  } else {
    content = html`
      <p part="text">${ct.phoneIntro}</p>
      <form part="form" novalidate @submit=${(event: SubmitEvent) => onSendCode(host, event)}>
        <div part="field" class="field">
          <label part="label" for="phone">${ct.phone}</label>
          <p part="hint" id="phone-hint" class="hint">${ct.phoneHint}</p>
          <input part="input" id="phone" name="phone" type="tel" autocomplete="tel" maxlength="32"
            aria-invalid=${channelInvalid(host, 'phone')} aria-describedby=${channelDescribedBy(host, 'phone', 'phone-hint') ?? nothing}>
          ${channelError(host, 'phone', ct)}
        </div>
        ${submitButton(host, 'phone', ct.sendCode)}
        ${channelStatus(host, 'phone', t, ct)}
      </form>`;
  }
  return section('phone', ct.phoneHeading, content);
}
