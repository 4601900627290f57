// Typed by the German texts, which define the keys (the translations file imports both chunks lazily).
import type de from './preferences.de.js';
import { LIMITS, PREFERENCE_LIMITS } from '@civic-dialog/contracts/rules/limits';
import common from '../shared/common.en.js';

/** The English texts of <civic-preferences>: a chunk of their own (preferences.translations.ts). */
const en: typeof de = {
  ...common,
  requestLabel: 'Request a link to your preferences',
  requestIntro:
    'Enter your email address. We will send you a link to manage your topics, your details and your data.',
  requestSubmit: 'Send me a link',
  requesting: 'Sending your request …',
  linkSentHeading: 'Please check your inbox',
  linkSentText:
    'If we hold data for this address, we have sent you an email with a link. The link works for 24 hours.',
  requestAgain: 'Request a new link',
  opening: 'Loading your preferences …',
  linkInvalidHeading: 'This link is invalid or has expired',
  linkInvalidText: 'Please request a new link below.',
  sessionExpiredHeading: 'Your session has expired',
  sessionExpiredText: 'For your security a link only works for a short time. Please request a new one below.',
  freshLinkHeading: 'You need a new link for this',
  freshLinkText:
    'For your protection, your data can only be downloaded or deleted with a link you have just requested – not with one from an older or forwarded email. Please request a new link below and open it.',
  backToCenter: 'Back to your preferences',
  loadError: 'Your preferences could not be loaded.',
  centerHeading: 'Your preferences',
  signedInAs: (email: string) => `Signed in as ${email}`,
  topicsHeading: 'My topics',
  topicsHint: 'Tick what we should write to you about.',
  topicStatus: {
    active: 'subscribed',
    pending: 'awaiting confirmation',
    unsubscribed: 'unsubscribed',
  },
  consent:
    'I agree that the town may send me emails about the newly chosen topics. I can withdraw this consent at any time.',
  consentRequired: 'Please give your consent so that we may write to you about the new topics.',
  noLegalText: 'New topics cannot be subscribed to at the moment.',
  saveTopics: 'Save topics',
  topicsSaved: 'Your topics have been saved.',
  detailsHeading: 'My details',
  postalCode: 'Postal code',
  district: 'District',
  language: 'Language of our emails',
  languageNames: { de: 'Deutsch', en: 'English' },
  firstNameInvalid: `Please enter at most ${LIMITS.firstNameLength} characters as your first name.`,
  postalCodeInvalid: `Please enter a postal code of at most ${PREFERENCE_LIMITS.postalCodeLength} digits or letters.`,
  districtInvalid: `Please enter at most ${PREFERENCE_LIMITS.districtLength} characters as your district.`,
  saveDetails: 'Save details',
  detailsSaved: 'Your details have been saved.',
  historyHeading: 'My consents',
  historyEmpty: 'No consents are stored.',
  consentAction: {
    granted: 'Consent given',
    confirmed: 'Consent confirmed',
    withdrawn: 'Consent withdrawn',
  },
  newsletter: 'Newsletter',
  eventConsent: (title: string | null) => (title ? `Registration for the event “${title}”` : 'Registration for an event'),
  surveyConsent: (title: string | null) => (title ? `Taking part in the survey “${title}”` : 'Taking part in a survey'),
  via: (source: string) => `via ${source}`,
  dataHeading: 'My data',
  unsubscribeAllText: 'Do not want any more emails from us?',
  unsubscribeAll: 'Unsubscribe from everything',
  unsubscribedAll: 'You have unsubscribed from all topics. You will not get any more emails from us.',
  exportText: 'Download everything we hold about you as a file (JSON).',
  exportData: 'Download my data',
  exported: 'Your data has been downloaded.',
  eraseText: 'Delete your email address and all details about you.',
  erase: 'Delete my data',
  eraseHeading: 'Really delete all your data?',
  eraseConsequences: [
    'You will not get any more emails from us, including about events and surveys.',
    'Your email address, your details and your topics will be deleted. This cannot be undone.',
    'As proof we keep only a one-way fingerprint (hash) of your address and the times of your consents.',
    'Your link to this page will stop working. You can sign up again at any time.',
  ],
  eraseConfirm: 'Yes, delete all my data',
  eraseCancel: 'Cancel',
  erasing: 'Deleting your data …',
  erasedHeading: 'Your data has been deleted',
  erasedText: 'We have deleted all details about you and will not send you any more emails.',
  saving: 'Saving …',
  serverError: 'This is not possible right now. Please try again later.',
};

export default en;
