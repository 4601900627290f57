export const PLUGIN_ID = 'civic-dialog';
