import { z } from 'zod';
import { ALERT_SEVERITIES, ALERT_STATUSES } from '@civic-dialog/contracts';
import { col, rowsOf, type RowOf } from '../../kernel/db';
import { ALERTS_TABLE } from './tables';

const names = col.json(z.array(z.string()).nullable().transform((list) => list ?? []));

export const alertRows = rowsOf(
  ALERTS_TABLE.alert,
  z.object({
    id: col.int,
    shortTextDe: col.text,
    shortTextEn: col.textOrNull,
    mailTextDe: col.textOrNull,
    mailTextEn: col.textOrNull,
    severity: z.enum(ALERT_SEVERITIES),
    wholeTown: col.bool,
    districts: names,
    postalCodes: names,
    validUntil: col.time,
    alertStatus: z.enum(ALERT_STATUSES),
    sentAt: col.timeOrNull,
    recipients: col.intOrNull,
    smsRecipients: col.intOrNull,
    createdAt: col.time,
  }),
);
export type AlertRow = RowOf<typeof alertRows>;

export const alertSubscriptionRows = rowsOf(
  ALERTS_TABLE.alertSubscription,
  z.object({
    id: col.int,
    profileId: col.int,
    district: col.textOrNull,
    postalCode: col.textOrNull,
    status: z.enum(['pending', 'active', 'withdrawn']),
    source: col.textOrNull,
    createdAt: col.time,
    confirmedAt: col.timeOrNull,
    withdrawnAt: col.timeOrNull,
  }),
);
export type AlertSubscriptionRow = RowOf<typeof alertSubscriptionRows>;
