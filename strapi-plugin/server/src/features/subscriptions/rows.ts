import { z } from 'zod';
import { SUBSCRIPTION_STATUSES } from '@civic-dialog/contracts';
import { SHARED_TABLE } from '../../shared/tables';
import { SUBSCRIPTIONS_TABLE } from './tables';
import { col, rowsOf, type RowOf } from '../../kernel/db';

/** civic_dialog_topics: the newsletter topics editors keep. */
export const topicRows = rowsOf(
  SUBSCRIPTIONS_TABLE.topic,
  z.object({
    id: col.int,
    slug: col.text,
    nameDe: col.text,
    nameEn: col.textOrNull,
    descriptionDe: col.textOrNull,
    descriptionEn: col.textOrNull,
    isPublic: col.bool,
    sortOrder: col.intOrNull,
  }),
);
export type TopicRow = RowOf<typeof topicRows>;

/** civic_dialog_subscriptions: one per profile and topic. */
export const subscriptionRows = rowsOf(
  SUBSCRIPTIONS_TABLE.subscription,
  z.object({
    id: col.int,
    profileId: col.int,
    topicId: col.int,
    status: z.enum(SUBSCRIPTION_STATUSES),
    source: col.textOrNull,
    confirmedAt: col.timeOrNull,
    withdrawnAt: col.timeOrNull,
    createdAt: col.time,
  }),
);
export type SubscriptionRow = RowOf<typeof subscriptionRows>;

/** The weekly newsletter-ledger figures of the dashboard (services/stats.ts): one row per week. */
export const ledgerWeekRows = rowsOf(
  `${SHARED_TABLE.consent} per week`,
  z.object({ week: col.count, signups: col.count, confirmations: col.count, unsubscribes: col.count }),
);

/** Subscribers per topic at each week's end (services/stats.ts): one row per topic and week. */
export const topicWeekRows = rowsOf(
  `${SUBSCRIPTIONS_TABLE.subscription} per topic and week`,
  z.object({ slug: col.text, name: col.text, week: col.count, subscribers: col.count }),
);
