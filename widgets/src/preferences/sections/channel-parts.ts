import { html, type TemplateResult } from 'lit/html.js';
import type { SmsPurpose } from '@civic-dialog/contracts';
import { noticeText } from '../../shared/api-client.js';
import { statusRegion } from '../../shared/form-parts.js';
import type { PreferencesTexts } from '../preferences.translations.js';
import { channelTexts, type ChannelTexts } from './channel-texts.js';
import type { ChannelField, PreferencesHost, Section } from './section.js';

/** What the phone and alert sections share: their texts, a field's error and description, the live region. */

export const SMS_PURPOSE_LIST: readonly SmsPurpose[] = ['sms-alerts', 'sms-registrations'];

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
