/** The uid and table of used ALTCHA solutions (the `collectionName` of its schema.json). */
export const BOT_PROTECTION_UID = {
  altchaSolution: 'plugin::civic-dialog.altcha-solution',
} as const;

export const BOT_PROTECTION_TABLE = {
  altchaSolution: 'civic_dialog_altcha_solutions',
} as const;
