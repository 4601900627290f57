import type { Locale } from '@civic-dialog/contracts';

const de = {
  formLabel: 'Newsletter-Anmeldung',
  loading: 'Die Anmeldung wird geladen …',
  loadError: 'Die Anmeldung konnte nicht geladen werden. Bitte versuchen Sie es später erneut.',
  noTopics: 'Zurzeit können keine Themen abonniert werden.',
  retry: 'Erneut versuchen',
  email: 'E-Mail-Adresse',
  firstName: 'Vorname',
  optional: '(optional)',
  topics: 'Themen',
  topicsHint: 'Wählen Sie mindestens ein Thema.',
  consent:
    'Ich willige ein, dass mir die Stadt zu den gewählten Themen E-Mails schickt. Ich kann diese Einwilligung jederzeit widerrufen.',
  legalVersion: (version: number) => `Version ${version}`,
  honeypot: 'Dieses Feld bitte leer lassen',
  submit: 'Anmelden',
  submitting: 'Ihre Anmeldung wird gesendet …',
  summary: (count: number) => `Bitte korrigieren Sie ${count} Angaben:`,
  emailRequired: 'Bitte geben Sie Ihre E-Mail-Adresse ein.',
  emailInvalid: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.',
  firstNameInvalid: 'Bitte geben Sie höchstens 100 Zeichen als Vornamen ein.',
  topicsRequired: 'Bitte wählen Sie mindestens ein Thema.',
  consentRequired: 'Bitte willigen Sie ein, damit wir Ihnen E-Mails schicken dürfen.',
  networkError:
    'Keine Verbindung zum Server. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',
  rateLimited: (minutes: number) =>
    `Zu viele Versuche. Bitte versuchen Sie es in ${minutes} ${minutes === 1 ? 'Minute' : 'Minuten'} erneut.`,
  serverError: 'Die Anmeldung ist gerade nicht möglich. Bitte versuchen Sie es später erneut.',
  successHeading: 'Bitte bestätigen Sie Ihre Anmeldung',
  successText:
    'Wir haben Ihnen eine E-Mail geschickt. Klicken Sie auf den Link darin, um Ihre Anmeldung abzuschließen.',
};

const en: typeof de = {
  formLabel: 'Newsletter signup',
  loading: 'Loading the signup form …',
  loadError: 'The signup form could not be loaded. Please try again later.',
  noTopics: 'There are no topics to subscribe to at the moment.',
  retry: 'Try again',
  email: 'Email address',
  firstName: 'First name',
  optional: '(optional)',
  topics: 'Topics',
  topicsHint: 'Choose at least one topic.',
  consent:
    'I agree that the town may send me emails about the chosen topics. I can withdraw this consent at any time.',
  legalVersion: (version: number) => `Version ${version}`,
  honeypot: 'Please leave this field empty',
  submit: 'Sign up',
  submitting: 'Sending your signup …',
  summary: (count: number) => `Please correct ${count} entries:`,
  emailRequired: 'Please enter your email address.',
  emailInvalid: 'Please enter a valid email address, for example name@example.com.',
  firstNameInvalid: 'Please enter at most 100 characters as your first name.',
  topicsRequired: 'Please choose at least one topic.',
  consentRequired: 'Please give your consent so that we may send you emails.',
  networkError: 'Could not reach the server. Please check your internet connection and try again.',
  rateLimited: (minutes: number) =>
    `Too many attempts. Please try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
  serverError: 'Signing up is not possible right now. Please try again later.',
  successHeading: 'Please confirm your subscription',
  successText: 'Check your inbox: we have sent you an email. Click the link in it to complete your subscription.',
};

export type SignupTexts = typeof de;
export const signupTexts: Record<Locale, SignupTexts> = { de, en };
