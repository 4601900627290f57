// Typed by the German texts, which define the keys (the translations file imports both chunks lazily).
import type de from './alerts-signup.de.js';
import { PREFERENCE_LIMITS } from '@civic-dialog/contracts/rules/limits';
import common from '../shared/common.en.js';

/** The English texts of <civic-alerts-signup>: a chunk of their own (alerts-signup.translations.ts). */
const en: typeof de = {
  ...common,
  formLabel: 'Subscribe to alerts',
  loading: 'Loading the alerts form …',
  loadError: 'The alerts form could not be loaded. Please try again later.',
  intro: 'In an emergency (burst water main, road closure, storm) we tell you at once by email.',
  area: 'My area',
  areaHint: 'Leave district and postal code empty to get alerts for the whole town.',
  district: 'District',
  noDistrict: 'no particular district',
  postalCode: 'Postal code',
  consent: 'I want to receive alerts for this area by email. I can withdraw this consent at any time.',
  submit: 'Subscribe to alerts',
  submitting: 'Sending your subscription …',
  districtInvalid: `Please enter a district of at most ${PREFERENCE_LIMITS.districtLength} characters: letters, digits, spaces and . , ' ( ) & / -, no web address.`,
  postalCodeInvalid: 'Please enter a valid postal code, e.g. 12345.',
  consentRequired: 'Please give your consent so that we may send you alerts.',
  serverError: 'Subscribing to alerts is not possible right now. Please try again later.',
  successHeading: 'Please confirm your subscription',
  successText: 'Check your inbox: we have sent you an email. Click the link in it to start receiving alerts.',
  smsHint: 'Alerts by text message too: once confirmed, you can add your mobile number in your settings (link in each of our emails) and confirm it with a code.',
};

export default en;
