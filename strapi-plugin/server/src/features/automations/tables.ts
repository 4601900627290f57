/** The uids and tables of automations and their runs (each the `collectionName` of its schema.json). */
export const AUTOMATIONS_UID = {
  automation: 'plugin::civic-dialog.automation',
  run: 'plugin::civic-dialog.automation-run',
} as const;

export const AUTOMATIONS_TABLE = {
  automation: 'civic_dialog_automations',
  run: 'civic_dialog_automation_runs',
} as const;
