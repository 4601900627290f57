import common from '../shared/common.de.js';
import { plural } from '../shared/localize.js';

/** The German texts of <civic-event-registration>: a chunk of their own (event-registration.translations.ts). */
const de = {
  ...common,
  listLabel: 'Veranstaltungen mit offener Anmeldung',
  formLabel: (title: string) => `Anmeldung: ${title}`,
  loading: 'Die Veranstaltungen werden geladen …',
  loadError: 'Die Veranstaltungen konnten nicht geladen werden. Bitte versuchen Sie es später erneut.',
  notFound: 'Diese Veranstaltung gibt es nicht (mehr).',
  noEvents: 'Zurzeit gibt es keine Veranstaltungen mit offener Anmeldung.',
  when: 'Wann',
  where: 'Wo',
  seats: 'Plätze',
  deadline: 'Anmeldung bis',
  seatsLeft: (count: number) => `Noch ${count} ${plural(count, 'freier Platz', 'freie Plätze')}`,
  unlimited: 'Ohne Platzbegrenzung',
  waitingList: 'Ausgebucht – Anmeldung auf die Warteliste möglich',
  fullyBooked: 'Ausgebucht',
  fullyBookedNotice: 'Diese Veranstaltung ist ausgebucht. Eine Anmeldung ist nicht mehr möglich.',
  closedNotice: 'Die Anmeldung zu dieser Veranstaltung ist geschlossen.',
  open: 'Zur Anmeldung',
  lastName: 'Nachname',
  seatsField: 'Anzahl Plätze',
  seatsHint: (max: number) => `1 bis ${max} ${plural(max, 'Platz', 'Plätze')}`,
  maxLengthHint: (max: number) => `Höchstens ${max} Zeichen.`,
  chooseOne: 'Wählen Sie eine Antwort.',
  chooseAny: 'Wählen Sie beliebig viele Antworten.',
  consent: 'Ich willige ein, dass die Stadt meine Angaben für diese Veranstaltung verarbeitet.',
  newsletter: (topic: string) =>
    `Ich möchte außerdem den Newsletter „${topic}“ erhalten. Dafür schicken wir Ihnen eine eigene Bestätigungs-E-Mail; Sie können ihn jederzeit abbestellen.`,
  submit: 'Verbindlich anmelden',
  submitWaitingList: 'Auf die Warteliste setzen',
  submitting: 'Ihre Anmeldung wird gesendet …',
  nameTooLong: (field: string, max: number) => `${field}: Bitte geben Sie höchstens ${max} Zeichen ein.`,
  seatsInvalid: (max: number) => `Bitte geben Sie als Anzahl Plätze eine ganze Zahl von 1 bis ${max} ein.`,
  seatsTooMany: (left: number) => `Es ${plural(left, 'ist nur noch 1 Platz', `sind nur noch ${left} Plätze`)} frei. Bitte wählen Sie weniger Plätze.`,
  answerRequired: (question: string) => `Bitte beantworten Sie die Frage „${question}“.`,
  answerTooLong: (question: string, max: number, length: number) =>
    `„${question}“: Bitte kürzen Sie Ihre Antwort auf höchstens ${max} Zeichen (jetzt ${length}).`,
  answerInvalid: (question: string) => `Bitte prüfen Sie Ihre Antwort auf die Frage „${question}“.`,
  consentRequired: 'Bitte willigen Sie ein, damit wir Ihre Anmeldung bearbeiten dürfen.',
  serverError: 'Die Anmeldung ist gerade nicht möglich. Bitte versuchen Sie es später erneut.',
  successHeading: 'Bitte bestätigen Sie Ihre Anmeldung',
  successText:
    'Wir haben Ihnen eine E-Mail geschickt. Klicken Sie auf den Link darin, um Ihre Anmeldung abzuschließen. Danach erhalten Sie die Bestätigung mit einem Kalendereintrag.',
  successWaitingList:
    'Wir haben Ihnen eine E-Mail geschickt. Sobald Sie den Link darin bestätigt haben, stehen Sie auf der Warteliste; wird ein Platz frei, rücken Sie automatisch nach und bekommen Bescheid.',
};

export default de;
