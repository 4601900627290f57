/**
 * Texts the widgets say the same way, in German (English: common.en.ts). A widget spreads them
 * into its own texts (`{ ...common, … }`) and may override one where its situation needs other words.
 */
const de = {
  retry: 'Erneut versuchen',
  optional: '(optional)',
  required: '(Pflichtangabe)',
  email: 'E-Mail-Adresse',
  firstName: 'Vorname',
  yes: 'Ja',
  no: 'Nein',
  /** Heading of the error summary (shown for two or more). */
  summary: (count: number) => `Bitte korrigieren Sie ${count} Angaben:`,
  emailRequired: 'Bitte geben Sie Ihre E-Mail-Adresse ein.',
  emailInvalid: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.',
  legalVersion: (version: number) => `Version ${version}`,
  honeypot: 'Dieses Feld bitte leer lassen',
  networkError:
    'Keine Verbindung zum Server. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',
  /** The wait the server named, in whole minutes; from 90 minutes on in hours. */
  rateLimited: (minutes: number) => `Zu viele Versuche. Bitte versuchen Sie es in ${waitDe(minutes)} erneut.`,
  /** The page cannot reach the API as set up (the console tells the webmaster why): no retry helps. */
  formUnavailable: 'Dieses Formular ist gerade nicht verfügbar.',
  invalidInput: 'Ihre Angaben konnten nicht angenommen werden. Bitte prüfen Sie sie und versuchen Sie es erneut.',
  /** The server's codes (contracts FIELD_ERROR_CODES, refusal reasons) that a citizen can act on. */
  refusals: {
    'fully-booked': 'Diese Veranstaltung ist inzwischen ausgebucht.',
    'registration-closed': 'Die Anmeldung zu dieser Veranstaltung ist inzwischen nicht mehr möglich.',
    'unknown-topic': 'Ein gewähltes Thema wird nicht mehr angeboten. Bitte laden Sie die Seite neu.',
    'legal-text-outdated': 'Der Einwilligungstext wurde inzwischen geändert. Bitte laden Sie die Seite neu.',
    'page-not-allowed': 'Dieses Formular ist gerade nicht verfügbar.',
    'body-too-large': 'Ihre Angaben sind zusammen zu lang, um sie zu senden. Bitte kürzen Sie längere Texte.',
  } as Partial<Record<string, string>>,
};

function waitDe(minutes: number): string {
  if (minutes < 90) return `${minutes} ${minutes === 1 ? 'Minute' : 'Minuten'}`;
  const hours = Math.ceil(minutes / 60);
  return `${hours} Stunden`;
}

export default de;
