/** The uids and tables of the weekly digest (each the `collectionName` of its schema.json). */
export const DIGEST_UID = {
  entry: 'plugin::civic-dialog.digest-entry',
  run: 'plugin::civic-dialog.digest-run',
  delivery: 'plugin::civic-dialog.digest-delivery',
} as const;

export const DIGEST_TABLE = {
  entry: 'civic_dialog_digest_entries',
  run: 'civic_dialog_digest_runs',
  delivery: 'civic_dialog_digest_deliveries',
} as const;
