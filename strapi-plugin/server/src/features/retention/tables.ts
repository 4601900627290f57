/** The uid and table of the retention job's daily runs (the `collectionName` of its schema.json). */
export const RETENTION_UID = {
  retentionRun: 'plugin::civic-dialog.retention-run',
} as const;

export const RETENTION_TABLE = {
  retentionRun: 'civic_dialog_retention_runs',
} as const;
