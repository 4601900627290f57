import { smsLength, type AdminAlert, type AlertAreas, type AlertAudience, type AlertChannelFigures, type AlertDeliveries, type AlertInput, type PublicAlert } from '@civic-dialog/contracts';
import { errors } from '@strapi/utils';
import type { Strapi } from '../../../kernel/types';
import { ConflictError } from '../../../kernel/http/errors';
import { getService } from '../../../kernel/services';
import { kickOutbox } from '../../../shared/mail/queue';
import { SHARED_TABLE } from '../../../shared/tables';
import { ALERTS_TABLE, ALERTS_UID } from '../tables';
import { alertRows, type AlertRow } from '../rows';
import { ALERT_TEXTS, districtName, normaliseDistrict, normalisePostalCode } from '../texts';
import { alertSms } from './sms';

/** How many current alerts the public list shows at most. */
const PUBLIC_LIST_SIZE = 20;
/** How many districts and postal codes the area picker offers at most (each). */
const AREA_OPTIONS = 200;
/** Priority of alert mails in the outbox: above every other mail (0). */
export const ALERT_PRIORITY = 10;
/** `alert:<id>:<profileId>`: one mail per alert and recipient (the outbox's unique dedupe key). */
export const alertDedupePrefix = (alertId: number) => `alert:${alertId}:`;

export function toPublicAlert(row: AlertRow): PublicAlert {
  return {
    id: row.id,
    severity: row.severity,
    shortText: { de: row.shortTextDe, en: row.shortTextEn },
    area: { wholeTown: row.wholeTown, districts: row.districts, postalCodes: row.postalCodes },
    sentAt: row.sentAt,
    validUntil: row.validUntil,
  };
}

function adminAlert(row: AlertRow): AdminAlert {
  return {
    ...toPublicAlert(row),
    status: row.alertStatus,
    recipients: { mail: row.recipients ?? 0, sms: row.smsRecipients ?? 0 },
    mailText: { de: row.mailTextDe, en: row.mailTextEn },
    segments: { de: smsLength(row.shortTextDe).segments, en: row.shortTextEn ? smsLength(row.shortTextEn).segments : null },
  };
}

/** Writing, sending and listing alerts. Sending is one transaction: the alert marked sent, every recipient's mail queued. */
const alerts = ({ strapi }: { strapi: Strapi }) => {
  const knex = () => strapi.db.connection;
  const isPostgres = () => strapi.db.dialect.client === 'postgres';

  async function find(id: number): Promise<AlertRow> {
    const row = alertRows.one(await strapi.db.query(ALERTS_UID.alert).findOne({ where: { id } }));
    if (!row) throw new errors.NotFoundError('No such alert.');
    return row;
  }

  /** The area as SQL over the subscription `s`: whole town, or its districts/postal codes (town-wide subscribers get every alert). */
  function areaCondition(alert: AlertRow): { sql: string; bindings: string[] } {
    if (alert.wholeTown) return { sql: '1 = 1', bindings: [] };
    const parts = ['(s.district IS NULL AND s.postal_code IS NULL)'];
    const bindings: string[] = [];
    const districts = [...new Set(alert.districts.map(normaliseDistrict))];
    const codes = [...new Set(alert.postalCodes.map(normalisePostalCode))];
    if (districts.length) {
      parts.push(`s.district IN (${districts.map(() => '?').join(', ')})`);
      bindings.push(...districts);
    }
    if (codes.length) {
      parts.push(`s.postal_code IN (${codes.map(() => '?').join(', ')})`);
      bindings.push(...codes);
    }
    return { sql: `(${parts.join(' OR ')})`, bindings };
  }

  /** The subject line per language: "Warnung: <short text>". */
  function subjects(alert: AlertRow) {
    return {
      de: `${ALERT_TEXTS.de.severity[alert.severity]}: ${alert.shortTextDe}`.slice(0, 255),
      en: `${ALERT_TEXTS.en.severity[alert.severity]}: ${alert.shortTextEn ?? alert.shortTextDe}`.slice(0, 255),
    };
  }

  async function counts(where: string, bindings: unknown[], table: string): Promise<AlertChannelFigures> {
    const result = await knex().raw(`SELECT status, COUNT(*) AS n FROM ${table} WHERE ${where} GROUP BY status`, bindings as any[]);
    const rows = (Array.isArray(result) ? result : result.rows) as Array<{ status: string; n: number | string }>;
    const by = Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
    const figures = { queued: (by.queued ?? 0) + (by.sending ?? 0), sent: by.sent ?? 0, failed: by.failed ?? 0 };
    return { recipients: figures.queued + figures.sent + figures.failed, ...figures };
  }

  return {
    async create(input: AlertInput): Promise<AdminAlert> {
      const row = alertRows.existing(
        await strapi.db.query(ALERTS_UID.alert).create({
          data: {
            shortTextDe: input.shortText.de,
            shortTextEn: input.shortText.en ?? null,
            mailTextDe: input.mailText.de ?? null,
            mailTextEn: input.mailText.en ?? null,
            severity: input.severity,
            wholeTown: input.area.wholeTown,
            districts: input.area.districts,
            postalCodes: input.area.postalCodes,
            validUntil: new Date(input.validUntil),
            alertStatus: 'draft',
            recipients: 0,
          },
        }),
      );
      return adminAlert(row);
    },

    async list(): Promise<AdminAlert[]> {
      const rows = alertRows.many(await strapi.db.query(ALERTS_UID.alert).findMany({ orderBy: { id: 'desc' }, limit: 100 }));
      return rows.map(adminAlert);
    },

    find,

    async one(id: number): Promise<AdminAlert> {
      return adminAlert(await find(id));
    },

    /**
     * Sends an alert once: marks it sent and queues one priority mail per consenting recipient in
     * its area (one INSERT … SELECT; the dedupe key makes it once per recipient), then SMS through
     * the SMS channel when there is one. A second send answers 409.
     */
    async send(id: number): Promise<{ recipients: number; sms: number }> {
      const result = await strapi.db.transaction(async ({ trx, onCommit }) => {
        const alert = await find(id);
        if (alert.alertStatus === 'sent') throw new ConflictError('This alert has been sent already.');
        if (new Date(alert.validUntil).getTime() <= Date.now()) throw new ConflictError('This alert is no longer valid; write a new one.');
        const now = new Date();
        const marked = await trx(ALERTS_TABLE.alert).where({ id, alert_status: 'draft' }).update({ alert_status: 'sent', sent_at: now, updated_at: now });
        if (Number(marked) !== 1) throw new ConflictError('This alert has been sent already.');

        const area = areaCondition(alert);
        const subject = subjects(alert);
        const data = JSON.stringify({ alertId: alert.id });
        const text = isPostgres() ? 'VARCHAR(255)' : 'TEXT';
        const inserted = await trx.raw(
          `INSERT INTO ${SHARED_TABLE.message} (profile_id, kind, status, to_address, locale, subject, data, attempts, dedupe_key, priority, created_at, updated_at)
           SELECT p.id, 'alert', 'queued', p.email, p.locale, CASE WHEN p.locale = 'en' THEN ? ELSE ? END, ${isPostgres() ? 'CAST(? AS jsonb)' : '?'}, 0,
                  CAST(? AS ${text}) || CAST(p.id AS ${text}), ?, ?, ?
           FROM ${ALERTS_TABLE.alertSubscription} s JOIN ${SHARED_TABLE.profile} p ON p.id = s.profile_id
           WHERE s.status = 'active' AND p.status <> 'erased' AND p.email IS NOT NULL AND p.email <> '' AND ${area.sql}
           ON CONFLICT (dedupe_key) DO NOTHING`,
          [subject.en, subject.de, data, alertDedupePrefix(alert.id), ALERT_PRIORITY, now, now, ...area.bindings],
        );
        const recipients = isPostgres() ? Number(inserted.rowCount ?? 0) : Number(inserted.changes ?? inserted?.[0]?.changes ?? 0);
        const sms = await alertSms(strapi).enqueue(alert, area, trx);
        await trx(ALERTS_TABLE.alert).where({ id }).update({ recipients, sms_recipients: sms });
        onCommit(() => {
          kickOutbox(strapi);
          alertSms(strapi).kick();
        });
        return { recipients, sms };
      });
      return result;
    },

    /** Who would get the alert if it were sent now, per channel: the same area and conditions as send (the confirm dialog names them). */
    async audience(id: number): Promise<AlertAudience> {
      const alert = await find(id);
      const area = areaCondition(alert);
      const result = await knex().raw(
        `SELECT COUNT(*) AS n FROM ${ALERTS_TABLE.alertSubscription} s JOIN ${SHARED_TABLE.profile} p ON p.id = s.profile_id
         WHERE s.status = 'active' AND p.status <> 'erased' AND p.email IS NOT NULL AND p.email <> '' AND ${area.sql}`,
        area.bindings,
      );
      const rows = (Array.isArray(result) ? result : result.rows) as Array<{ n: number | string }>;
      return { data: { id, mail: Number(rows[0]?.n ?? 0), sms: await alertSms(strapi).audience(area) } };
    },

    /**
     * The districts and postal codes of the active alert subscriptions (of citizens not erased), most
     * chosen first: what the editor's area picker offers. Only confirmed ones: a pending signup's area
     * is text anyone could have typed for any address, and editors must not be shown it.
     */
    async areas(): Promise<AlertAreas> {
      const tally = async (column: 'district' | 'postal_code') => {
        const rows = (await knex()(`${ALERTS_TABLE.alertSubscription} as s`)
          .join(`${SHARED_TABLE.profile} as p`, 'p.id', 's.profile_id')
          .select({ name: `s.${column}` })
          .count({ n: '*' })
          .where('s.status', 'active')
          .whereNot('p.status', 'erased')
          .whereNotNull(`s.${column}`)
          .groupBy(`s.${column}`)
          .orderBy([{ column: 'n', order: 'desc' }, { column: `s.${column}`, order: 'asc' }])
          .limit(AREA_OPTIONS)) as Array<{ name: string; n: number | string }>;
        return rows.map((row) => ({ name: column === 'district' ? districtName(row.name) : row.name, subscribers: Number(row.n) }));
      };
      return { data: { districts: await tally('district'), postalCodes: await tally('postal_code') } };
    },

    /** Live figures per channel: how many of the alert's mails (and SMS) are queued, sent, failed. */
    async deliveries(id: number): Promise<AlertDeliveries> {
      const alert = await find(id);
      const mail = await counts(`kind = 'alert' AND dedupe_key LIKE ?`, [`${alertDedupePrefix(id)}%`], SHARED_TABLE.message);
      const sms = await alertSms(strapi).figures(alert);
      return { data: { id, status: alert.alertStatus, channels: { mail, ...(sms ? { sms } : {}) } } };
    },

    /** The public list: sent alerts still valid, newest first (no personal data). */
    async current(): Promise<PublicAlert[]> {
      const rows = alertRows.many(
        await strapi.db.query(ALERTS_UID.alert).findMany({
          where: { alertStatus: 'sent', validUntil: { $gt: new Date() } },
          orderBy: { sentAt: 'desc' },
          limit: PUBLIC_LIST_SIZE,
        }),
      );
      return rows.map(toPublicAlert);
    },
  };
};

export default alerts;
export type AlertsService = ReturnType<typeof alerts>;
