import type de from './common.de.js';

/** The English common texts (see common.de.ts). */
const en: typeof de = {
  retry: 'Try again',
  optional: '(optional)',
  required: '(required)',
  email: 'Email address',
  firstName: 'First name',
  yes: 'Yes',
  no: 'No',
  summary: (count: number) => `Please correct ${count} entries:`,
  emailRequired: 'Please enter your email address.',
  emailInvalid: 'Please enter a valid email address, for example name@example.com.',
  legalVersion: (version: number) => `Version ${version}`,
  honeypot: 'Please leave this field empty',
  networkError: 'Could not reach the server. Please check your internet connection and try again.',
  rateLimited: (minutes: number) => `Too many attempts. Please try again in ${waitEn(minutes)}.`,
  formUnavailable: 'This form is not available right now.',
  invalidInput: 'Your details could not be accepted. Please check them and try again.',
  refusals: {
    'fully-booked': 'This event is now fully booked.',
    'registration-closed': 'Registration for this event is no longer possible.',
    'unknown-topic': 'A topic you chose is no longer offered. Please reload the page.',
    'legal-text-outdated': 'The consent text has changed meanwhile. Please reload the page.',
    'page-not-allowed': 'This form is not available right now.',
    'body-too-large': 'Your entries are too long to send together. Please shorten longer texts.',
  },
};

function waitEn(minutes: number): string {
  if (minutes < 90) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  return `${Math.ceil(minutes / 60)} hours`;
}

export default en;
