import { SUBSCRIPTIONS_TABLE } from './tables';
import type { IndexSpec } from '../../kernel/db';

/** Indexes of the topic and subscription tables (unique: one subscription per profile and topic). */
export const SUBSCRIPTION_INDEXES: IndexSpec[] = [
  { name: 'civic_dialog_subscriptions_profile_topic_uq', table: SUBSCRIPTIONS_TABLE.subscription, columns: ['profile_id', 'topic_id'], unique: true },
  { name: 'civic_dialog_subscriptions_topic_status_ix', table: SUBSCRIPTIONS_TABLE.subscription, columns: ['topic_id', 'status'] },
  { name: 'civic_dialog_topics_slug_uq', table: SUBSCRIPTIONS_TABLE.topic, columns: ['slug'], unique: true },
  { name: 'civic_dialog_subscriptions_topic_status_profile_ix', table: SUBSCRIPTIONS_TABLE.subscription, columns: ['topic_id', 'status', 'profile_id'] },
];
