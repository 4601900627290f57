import type { Strapi } from '../../../kernel/types';
import { getConfig } from '../../../kernel/get-config';
import { registerMailTemplates } from '../../../shared/mail/renderer';
import type { MailExtension } from '../../../shared/mail/outbox';
import type { MailLocale } from '../../../shared/mail/renderer';
import { alertConfirmMail, alertMail } from './templates';
import { ALERTS_UID } from '../tables';
import { alertRows, type AlertRow } from '../rows';
import { ALERT_TEXTS, areaText } from '../texts';
import { areaOf, describeArea } from '../services/alert-signup';

/** The alert's own view fields, normalised: single-line texts, the mail text as written (escaped by the renderer). */
const oneLine = (value: unknown) => String(value ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
const alertFields = (view: Record<string, unknown>) => ({
  severityLabel: oneLine(view.severityLabel),
  shortText: oneLine(view.shortText),
  mailText: String(view.mailText ?? ''),
  areaText: oneLine(view.areaText),
  validUntilText: oneLine(view.validUntilText),
});

export function registerAlertMails(): void {
  registerMailTemplates({ alert: alertMail, 'alert-confirm': alertConfirmMail }, alertFields);
}

/** How long a worker keeps an alert it read for its mails (thousands of mails, one read). */
const ALERT_CACHE_MS = 60_000;

type AlertView = Record<string, string>;

/** The alert's fields of the mail in one language. */
function alertView(alert: AlertRow, locale: MailLocale): AlertView {
  const en = locale === 'en';
  return {
    severityLabel: ALERT_TEXTS[locale].severity[alert.severity],
    shortText: (en && alert.shortTextEn) || alert.shortTextDe,
    mailText: (en ? alert.mailTextEn ?? alert.mailTextDe : alert.mailTextDe ?? alert.mailTextEn) ?? '',
    areaText: areaText(locale, alert),
    validUntilText: new Date(alert.validUntil).toLocaleString(en ? 'en-GB' : 'de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }),
  };
}

/**
 * The alert's texts in the mail's language, read and formatted once per alert, language and worker
 * (not once per mail: a date formatted with Intl costs more than the rest of the mail's view).
 */
export function alertViewExtension(strapi: Strapi): MailExtension {
  const cache = new Map<number, { at: number; row: Promise<AlertRow | null>; views: Partial<Record<MailLocale, AlertView>> }>();
  return async ({ data, locale }) => {
    const id = Number(data.alertId);
    let entry = cache.get(id);
    if (!entry || Date.now() - entry.at > ALERT_CACHE_MS) {
      entry = { at: Date.now(), row: strapi.db.query(ALERTS_UID.alert).findOne({ where: { id } }).then((row) => alertRows.one(row)), views: {} };
      cache.set(id, entry);
    }
    const alert = await entry.row;
    if (!alert) return { refusal: `Refused: alert ${id} no longer exists.` };
    return { view: (entry.views[locale] ??= alertView(alert, locale)) };
  };
}

/** The confirm link of the alert signup (the token is made only now, INV-TOKEN). */
export function alertConfirmLinkExtension(strapi: Strapi): MailExtension {
  return async ({ profileId, data, locale, publicUrl, issueToken }) => {
    const ttlSeconds = getConfig(strapi).tokens.doiTtlSeconds;
    const area = areaOf({ district: data.district as string | null, postalCode: data.postalCode as string | null });
    const token = issueToken({ purpose: 'alert-confirm', profileId, payload: { consentId: data.consentId, ...area }, ttlSeconds });
    return {
      view: {
        confirmUrl: `${publicUrl}/api/civic-dialog/alerts/confirm?token=${encodeURIComponent(token)}`,
        expiresInSeconds: ttlSeconds,
        areaText: describeArea(locale, area),
      },
    };
  };
}
