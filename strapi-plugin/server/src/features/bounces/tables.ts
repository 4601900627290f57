/** The uids and tables of bounce reports and suppressed addresses (each the `collectionName` of its schema.json). */
export const BOUNCES_UID = {
  bounce: 'plugin::civic-dialog.bounce',
  suppression: 'plugin::civic-dialog.suppression',
} as const;

export const BOUNCES_TABLE = {
  bounce: 'civic_dialog_bounces',
  suppression: 'civic_dialog_suppressions',
} as const;
