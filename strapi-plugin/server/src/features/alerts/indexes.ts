import type { IndexSpec } from '../../kernel/db';
import { ALERTS_TABLE } from './tables';

/** One alert area per citizen (signing up again replaces it); the audience query reads status and area. */
export const ALERT_INDEXES: IndexSpec[] = [
  { name: 'civic_dialog_alert_subscriptions_profile_uq', table: ALERTS_TABLE.alertSubscription, columns: ['profile_id'], unique: true },
  { name: 'civic_dialog_alert_subscriptions_status_district_ix', table: ALERTS_TABLE.alertSubscription, columns: ['status', 'district'] },
  { name: 'civic_dialog_alert_subscriptions_status_postal_ix', table: ALERTS_TABLE.alertSubscription, columns: ['status', 'postal_code'] },
  { name: 'civic_dialog_alerts_status_valid_ix', table: ALERTS_TABLE.alert, columns: ['alert_status', 'valid_until'] },
];
