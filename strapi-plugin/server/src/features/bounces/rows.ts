import { z } from 'zod';
import { col, rowsOf, type RowOf } from '../../kernel/db';
import { BOUNCES_TABLE } from './tables';

/** civic_dialog_bounces: one report about one mail. */
export const bounceRows = rowsOf(
  BOUNCES_TABLE.bounce,
  z.object({
    id: col.int,
    reportKey: col.text,
    profileId: col.int,
    email: col.text,
    kind: z.enum(['hard', 'soft', 'complaint', 'unknown']),
    statusCode: col.textOrNull,
    reason: col.textOrNull,
    source: col.text,
    messageId: col.intOrNull,
    deliveryId: col.intOrNull,
    sendId: col.intOrNull,
    createdAt: col.time,
  }),
);
export type BounceRow = RowOf<typeof bounceRows>;

/** civic_dialog_suppressions: one address no mail goes to while `state` is active. */
export const suppressionRows = rowsOf(
  BOUNCES_TABLE.suppression,
  z.object({
    id: col.int,
    email: col.text,
    profileId: col.intOrNull,
    reason: z.enum(['hard-bounce', 'soft-bounces', 'complaint']),
    state: z.enum(['active', 'lifted']),
    bounceId: col.intOrNull,
    suppressedAt: col.time,
    liftedAt: col.timeOrNull,
    liftedBy: col.textOrNull,
    liftNote: col.textOrNull,
  }),
);
export type SuppressionRow = RowOf<typeof suppressionRows>;

/** Bounce counts of one newsletter per kind (GROUP BY over the sends' deliveries). */
export const newsletterBounceCounts = rowsOf(
  'bounces per newsletter',
  z.object({ newsletterDocumentId: col.text, kind: col.text, total: col.count }),
);
