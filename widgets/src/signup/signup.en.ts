// Typed by the German texts, which define the keys (the translations file imports both chunks lazily).
import type de from './signup.de.js';
import { LIMITS } from '@civic-dialog/contracts/rules/limits';
import common from '../shared/common.en.js';

/** The English texts of <civic-signup>: a chunk of their own (signup.translations.ts). */
const en: typeof de = {
  ...common,
  formLabel: 'Newsletter signup',
  loading: 'Loading the signup form …',
  loadError: 'The signup form could not be loaded. Please try again later.',
  noTopics: 'There are no topics to subscribe to at the moment.',
  email: 'Email address',
  firstName: 'First name',
  topics: 'Topics',
  topicsHint: 'Choose at least one topic.',
  consent:
    'I agree that the town may send me emails about the chosen topics. I can withdraw this consent at any time.',
  submit: 'Sign up',
  submitting: 'Sending your signup …',
  summary: (count: number) => `Please correct ${count} entries:`,
  firstNameInvalid: `Please enter at most ${LIMITS.firstNameLength} characters as your first name.`,
  topicsRequired: 'Please choose at least one topic.',
  consentRequired: 'Please give your consent so that we may send you emails.',
  serverError: 'Signing up is not possible right now. Please try again later.',
  successHeading: 'Please confirm your subscription',
  successText: 'Check your inbox: we have sent you an email. Click the link in it to complete your subscription.',
};

export default en;
