/** The uids and tables of newsletters, their sends, deliveries and clicks (each the `collectionName` of its schema.json). */
export const NEWSLETTERS_UID = {
  newsletter: 'plugin::civic-dialog.newsletter',
  delivery: 'plugin::civic-dialog.newsletter-delivery',
} as const;

export const NEWSLETTERS_TABLE = {
  newsletter: 'civic_dialog_newsletters',
  send: 'civic_dialog_newsletter_sends',
  delivery: 'civic_dialog_newsletter_deliveries',
  click: 'civic_dialog_newsletter_clicks',
  clickMark: 'civic_dialog_newsletter_click_marks',
} as const;
