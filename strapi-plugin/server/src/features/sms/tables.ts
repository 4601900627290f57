/** The uids and tables of the SMS channel (the `collectionName` of each schema.json). */
export const SMS_UID = {
  smsMessage: 'plugin::civic-dialog.sms-message',
  smsPhone: 'plugin::civic-dialog.sms-phone',
  smsCode: 'plugin::civic-dialog.sms-code',
} as const;

export const SMS_TABLE = {
  smsMessage: 'civic_dialog_sms_messages',
  smsPhone: 'civic_dialog_sms_phones',
  smsCode: 'civic_dialog_sms_codes',
} as const;
