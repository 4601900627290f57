/** The uids and tables of events and registrations (each the `collectionName` of its schema.json). */
export const EVENTS_UID = {
  event: 'plugin::civic-dialog.event',
  registration: 'plugin::civic-dialog.registration',
} as const;

export const EVENTS_TABLE = {
  event: 'civic_dialog_events',
  registration: 'civic_dialog_registrations',
} as const;
