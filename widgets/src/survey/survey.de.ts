import common from '../shared/common.de.js';

/** The German texts of <civic-survey>: a chunk of their own (survey.translations.ts). */
const de = {
  ...common,
  loading: 'Die Umfrage wird geladen …',
  loadError: 'Die Umfrage konnte nicht geladen werden. Bitte versuchen Sie es später erneut.',
  notFound: 'Diese Umfrage gibt es nicht (mehr).',
  chooseBetween: (min: number, max: number) =>
    min === max ? `Wählen Sie ${min}.` : min > 0 ? `Wählen Sie ${min} bis ${max}.` : `Wählen Sie höchstens ${max}.`,
  chooseAtLeast: (min: number) => `Wählen Sie mindestens ${min}.`,
  characters: (used: number, max: number) => `${used} von ${max} Zeichen`,
  scaleEnd: (value: number, label: string) => `${value} – ${label}`,
  lowestRating: 'niedrigste Bewertung',
  highestRating: 'höchste Bewertung',
  choiceLimitReached: (max: number) =>
    `Sie haben ${max} ausgewählt, mehr sind nicht möglich. Für eine andere Antwort entfernen Sie zuerst einen Haken.`,
  progress: (answered: number, total: number) => `${answered} von ${total} Fragen beantwortet`,
  emailHint: 'Sie bekommen eine E-Mail mit einem Link, mit dem Sie Ihre Antworten bestätigen.',
  consent: 'Ich willige ein, dass die Stadt meine Antworten mit meiner E-Mail-Adresse speichert, um sie mir zuordnen zu können.',
  submit: 'Antworten absenden',
  submitting: 'Ihre Antworten werden gesendet …',
  answerRequired: 'Bitte beantworten Sie diese Frage.',
  tooFewChoices: (min: number) => `Bitte wählen Sie mindestens ${min}.`,
  tooManyChoices: (max: number) => `Bitte wählen Sie höchstens ${max}.`,
  tooLong: (max: number) => `Bitte schreiben Sie höchstens ${max} Zeichen.`,
  dateOutOfRange: 'Bitte wählen Sie einen Tag im angegebenen Zeitraum.',
  dateRange: (from: string, to: string) => `Möglich: ${from} bis ${to}`,
  invalidAnswer: 'Diese Antwort ist nicht möglich. Bitte prüfen Sie sie.',
  consentRequired: 'Bitte willigen Sie ein, damit wir Ihre Antworten speichern dürfen.',
  notYetOpen: (date: string) => `Die Umfrage beginnt am ${date}.`,
  notYetOpenUndated: 'Die Umfrage hat noch nicht begonnen.',
  closed: 'Die Umfrage ist beendet. Vielen Dank an alle, die teilgenommen haben.',
  resultsHeading: 'Ergebnisse',
  resultsTotal: (count: number) => `${count} ${count === 1 ? 'Teilnahme' : 'Teilnahmen'}`,
  resultsAnswer: 'Antwort',
  resultsCount: 'Anzahl',
  resultsShare: 'Anteil',
  resultsMean: (mean: string, scale: number) => `Durchschnitt: ${mean} von ${scale}`,
  resultsUnavailable: 'Die Ergebnisse konnten nicht geladen werden.',
  thanksHeading: 'Vielen Dank für Ihre Teilnahme!',
  thanksText: 'Ihre Antworten sind angekommen.',
  checkInboxHeading: 'Bitte bestätigen Sie Ihre Antworten',
  checkInboxText:
    'Wir haben Ihnen eine E-Mail geschickt. Erst wenn Sie auf den Link darin klicken, zählen Ihre Antworten.',
  alreadyAnsweredHeading: 'Sie haben bereits teilgenommen',
  alreadyAnsweredText: 'Bei dieser Umfrage zählt eine Antwort pro Person; Ihre Antworten lassen sich nicht mehr ändern.',
  networkError:
    'Keine Verbindung zum Server. Ihre Antworten sind noch da; bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',
  serverError: 'Das Absenden ist gerade nicht möglich. Ihre Antworten sind noch da; bitte versuchen Sie es später erneut.',
};

export default de;
