import type { AlertChannelFigures } from '@civic-dialog/contracts';
import type { Knex } from 'knex';
import type { Strapi } from '../../../kernel/types';
import { getService } from '../../../kernel/services';
import { getConfig } from '../../../kernel/get-config';
import { SHARED_TABLE } from '../../../shared/tables';
import { SMS_TABLE, type SmsFigures } from '../../sms';
import { ALERTS_TABLE } from '../tables';
import type { AlertRow } from '../rows';

/** `alert:<id>:` — the SMS rows of an alert carry the same dedupe prefix as its mails (one per recipient and channel). */
const prefixOf = (alertId: number) => `alert:${alertId}:`;

/**
 * The SMS side of an alert, through the SMS channel's service (features/sms): everyone in the area
 * with an active alert subscription is offered; the SMS outbox keeps those with a verified,
 * SMS-alert-consenting, unsuppressed number, on its alert lane (own rate budget).
 */
export function alertSms(strapi: Strapi) {
  return {
    /** Queues the alert's SMS in the caller's transaction, per language (the short text in the citizen's language). */
    async enqueue(alert: AlertRow, area: { sql: string; bindings: string[] }, trx: Knex.Transaction): Promise<number> {
      const result = await trx.raw(
        `SELECT p.id AS id, p.locale AS locale FROM ${ALERTS_TABLE.alertSubscription} s JOIN ${SHARED_TABLE.profile} p ON p.id = s.profile_id
         WHERE s.status = 'active' AND p.status <> 'erased' AND ${area.sql}`,
        area.bindings,
      );
      const rows = (Array.isArray(result) ? result : result.rows) as Array<{ id: number | string; locale: string }>;
      let queued = 0;
      for (const [locale, text] of [['de', alert.shortTextDe], ['en', alert.shortTextEn ?? alert.shortTextDe]] as const) {
        const recipients = rows.filter((row) => (locale === 'en' ? row.locale === 'en' : row.locale !== 'en')).map((row) => ({ profileId: Number(row.id) }));
        if (!recipients.length) continue;
        queued += await getService(strapi, 'smsOutbox').enqueueMany({ kind: 'alert', priority: 'alert', purpose: 'sms-alerts', recipients, text, dedupeKeyPrefix: prefixOf(alert.id), trx });
      }
      return queued;
    },

    /** How many in the area the SMS outbox would text now (verified, SMS-alert consent, not suppressed); null while the channel is off. */
    async audience(area: { sql: string; bindings: string[] }): Promise<number | null> {
      if (!getConfig(strapi).sms?.enabled) return null;
      const result = await strapi.db.connection.raw(
        `SELECT COUNT(*) AS n FROM ${ALERTS_TABLE.alertSubscription} s JOIN ${SHARED_TABLE.profile} p ON p.id = s.profile_id
         JOIN ${SMS_TABLE.smsPhone} ph ON ph.profile_id = p.id
         WHERE s.status = 'active' AND p.status <> 'erased' AND ph.verified_at IS NOT NULL AND ph.phone IS NOT NULL AND ph.suppressed_at IS NULL
           AND ph.alerts_consent = ${strapi.db.dialect.client === 'postgres' ? 'TRUE' : '1'} AND ${area.sql}`,
        area.bindings,
      );
      const rows = (Array.isArray(result) ? result : result.rows) as Array<{ n: number | string }>;
      return Number(rows[0]?.n ?? 0);
    },

    kick(): void {
      getService(strapi, 'smsOutbox').kick();
    },

    /** The SMS figures of an alert; none while the channel is off and nothing was queued. */
    async figures(alert: AlertRow): Promise<AlertChannelFigures | null> {
      const figures: SmsFigures = await getService(strapi, 'smsOutbox').figures(prefixOf(alert.id));
      const queued = figures.queued + figures.sending;
      const recipients = queued + figures.sent + figures.failed;
      if (!recipients && !getConfig(strapi).sms?.enabled) return null;
      return { recipients, queued, sent: figures.sent, failed: figures.failed, delivered: figures.delivered };
    },
  };
}
