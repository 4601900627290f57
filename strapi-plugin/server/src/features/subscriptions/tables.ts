/** The uids and tables of topics and subscriptions (each the `collectionName` of its schema.json). */
export const SUBSCRIPTIONS_UID = {
  subscription: 'plugin::civic-dialog.subscription',
  topic: 'plugin::civic-dialog.topic',
} as const;

export const SUBSCRIPTIONS_TABLE = {
  subscription: 'civic_dialog_subscriptions',
  topic: 'civic_dialog_topics',
} as const;
