import { LIMITS } from '@civic-dialog/contracts/rules/limits';
import common from '../shared/common.de.js';

/** The German texts of <civic-signup>: a chunk of their own (signup.translations.ts). */
const de = {
  ...common,
  formLabel: 'Newsletter-Anmeldung',
  loading: 'Die Anmeldung wird geladen …',
  loadError: 'Die Anmeldung konnte nicht geladen werden. Bitte versuchen Sie es später erneut.',
  noTopics: 'Zurzeit können keine Themen abonniert werden.',
  email: 'E-Mail-Adresse',
  firstName: 'Vorname',
  topics: 'Themen',
  topicsHint: 'Wählen Sie mindestens ein Thema.',
  consent:
    'Ich willige ein, dass mir die Stadt zu den gewählten Themen E-Mails schickt. Ich kann diese Einwilligung jederzeit widerrufen.',
  submit: 'Anmelden',
  submitting: 'Ihre Anmeldung wird gesendet …',
  summary: (count: number) => `Bitte korrigieren Sie ${count} Angaben:`,
  firstNameInvalid: `Bitte geben Sie höchstens ${LIMITS.firstNameLength} Zeichen als Vornamen ein.`,
  topicsRequired: 'Bitte wählen Sie mindestens ein Thema.',
  consentRequired: 'Bitte willigen Sie ein, damit wir Ihnen E-Mails schicken dürfen.',
  serverError: 'Die Anmeldung ist gerade nicht möglich. Bitte versuchen Sie es später erneut.',
  successHeading: 'Bitte bestätigen Sie Ihre Anmeldung',
  successText:
    'Wir haben Ihnen eine E-Mail geschickt. Klicken Sie auf den Link darin, um Ihre Anmeldung abzuschließen.',
};

export default de;
