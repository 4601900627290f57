import { PREFERENCE_LIMITS } from '@civic-dialog/contracts/rules/limits';
import common from '../shared/common.de.js';

/** The German texts of <civic-alerts-signup>: a chunk of their own (alerts-signup.translations.ts). */
const de = {
  ...common,
  formLabel: 'Warnungen abonnieren',
  loading: 'Das Formular für Warnungen wird geladen …',
  loadError: 'Das Formular für Warnungen konnte nicht geladen werden. Bitte versuchen Sie es später erneut.',
  intro: 'Bei Gefahr (Wasserrohrbruch, Straßensperrung, Unwetter) informieren wir Sie sofort per E-Mail.',
  area: 'Mein Gebiet',
  areaHint: 'Lassen Sie Stadtteil und Postleitzahl leer, um Warnungen für die ganze Stadt zu erhalten.',
  district: 'Stadtteil',
  noDistrict: 'kein bestimmter Stadtteil',
  postalCode: 'Postleitzahl',
  consent: 'Ich möchte Warnungen für dieses Gebiet per E-Mail erhalten. Ich kann die Einwilligung jederzeit widerrufen.',
  submit: 'Warnungen abonnieren',
  submitting: 'Ihre Anmeldung wird gesendet …',
  districtInvalid: `Bitte geben Sie einen Stadtteil mit höchstens ${PREFERENCE_LIMITS.districtLength} Zeichen ein: Buchstaben, Ziffern, Leerzeichen und . , ' ( ) & / -, keine Webadresse.`,
  postalCodeInvalid: 'Bitte geben Sie eine gültige Postleitzahl ein, z. B. 12345.',
  consentRequired: 'Bitte willigen Sie ein, damit wir Ihnen Warnungen senden dürfen.',
  serverError: 'Die Anmeldung zu Warnungen ist gerade nicht möglich. Bitte versuchen Sie es später erneut.',
  successHeading: 'Bitte bestätigen Sie Ihr Abonnement',
  successText: 'Wir haben Ihnen eine E-Mail geschickt. Klicken Sie auf den Link darin, damit Sie Warnungen erhalten.',
  smsHint: 'Warnungen auch per SMS: Nach der Bestätigung können Sie in Ihren Einstellungen (Link in jeder unserer E-Mails) Ihre Mobilnummer angeben und mit einem Code bestätigen.',
};

export default de;
