/** The plugin's id. Content-type uids and tables belong to their owners (shared/tables.ts, each feature's tables.ts). */
export const PLUGIN_ID = 'civic-dialog';
