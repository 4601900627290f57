/** The shared content types' uids and tables (each the `collectionName` of its schema.json; attribute `profileId` → column `profile_id`). */
export const SHARED_UID = {
  profile: 'plugin::civic-dialog.profile',
  consent: 'plugin::civic-dialog.consent',
  token: 'plugin::civic-dialog.token',
  legalText: 'plugin::civic-dialog.legal-text',
  message: 'plugin::civic-dialog.message',
  auditEntry: 'plugin::civic-dialog.audit-entry',
  erasure: 'plugin::civic-dialog.erasure',
} as const;

export const SHARED_TABLE = {
  profile: 'civic_dialog_profiles',
  consent: 'civic_dialog_consents',
  token: 'civic_dialog_tokens',
  legalText: 'civic_dialog_legal_texts',
  message: 'civic_dialog_messages',
  auditEntry: 'civic_dialog_audit_entries',
  erasure: 'civic_dialog_erasures',
} as const;
