/** Plugin id and the content-type uids and table names of Civic Dialog, in one place. */
export const PLUGIN_ID = 'civic-dialog';

export const UID = {
  profile: 'plugin::civic-dialog.profile',
  subscription: 'plugin::civic-dialog.subscription',
  consent: 'plugin::civic-dialog.consent',
  token: 'plugin::civic-dialog.token',
  topic: 'plugin::civic-dialog.topic',
  legalText: 'plugin::civic-dialog.legal-text',
  message: 'plugin::civic-dialog.message',
  event: 'plugin::civic-dialog.event',
  registration: 'plugin::civic-dialog.registration',
  survey: 'plugin::civic-dialog.survey',
  surveyResponse: 'plugin::civic-dialog.survey-response',
  surveyAnswer: 'plugin::civic-dialog.survey-answer',
  auditEntry: 'plugin::civic-dialog.audit-entry',
  erasure: 'plugin::civic-dialog.erasure',
} as const;

/** Table names (the `collectionName` of each schema.json); attribute `profileId` → column `profile_id`. */
export const TABLE = {
  profile: 'civic_dialog_profiles',
  subscription: 'civic_dialog_subscriptions',
  consent: 'civic_dialog_consents',
  token: 'civic_dialog_tokens',
  topic: 'civic_dialog_topics',
  legalText: 'civic_dialog_legal_texts',
  message: 'civic_dialog_messages',
  event: 'civic_dialog_events',
  registration: 'civic_dialog_registrations',
  survey: 'civic_dialog_surveys',
  surveyResponse: 'civic_dialog_survey_responses',
  surveyAnswer: 'civic_dialog_survey_answers',
  auditEntry: 'civic_dialog_audit_entries',
  erasure: 'civic_dialog_erasures',
} as const;
