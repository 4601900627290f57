/** The uids and tables of alerts and alert subscriptions (each the `collectionName` of its schema.json). */
export const ALERTS_UID = {
  alert: 'plugin::civic-dialog.alert',
  alertSubscription: 'plugin::civic-dialog.alert-subscription',
} as const;

export const ALERTS_TABLE = {
  alert: 'civic_dialog_alerts',
  alertSubscription: 'civic_dialog_alert_subscriptions',
} as const;
