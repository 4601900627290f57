import type { ConsentAction, Locale, SubscriptionStatus } from '@civic-dialog/contracts';
import { LIMITS, PREFERENCE_LIMITS } from '@civic-dialog/contracts/rules/limits';
import common from '../shared/common.de.js';

/** The German texts of <civic-preferences>: a chunk of their own (preferences.translations.ts). */
const de = {
  ...common,
  requestLabel: 'Link zu Ihren Einstellungen anfordern',
  requestIntro:
    'Geben Sie Ihre E-Mail-Adresse ein. Wir schicken Ihnen einen Link, mit dem Sie Ihre Themen, Angaben und Daten verwalten können.',
  requestSubmit: 'Link anfordern',
  requesting: 'Ihre Anfrage wird gesendet …',
  linkSentHeading: 'Bitte sehen Sie in Ihr Postfach',
  linkSentText:
    'Wenn wir zu dieser Adresse Daten gespeichert haben, haben wir Ihnen eine E-Mail mit einem Link geschickt. Der Link gilt 24 Stunden.',
  requestAgain: 'Neuen Link anfordern',
  opening: 'Ihre Einstellungen werden geladen …',
  linkInvalidHeading: 'Dieser Link ist ungültig oder abgelaufen',
  linkInvalidText: 'Bitte fordern Sie unten einen neuen Link an.',
  sessionExpiredHeading: 'Ihre Sitzung ist abgelaufen',
  sessionExpiredText: 'Aus Sicherheitsgründen gilt ein Link nur kurze Zeit. Bitte fordern Sie unten einen neuen an.',
  freshLinkHeading: 'Dafür brauchen Sie einen neuen Link',
  freshLinkText:
    'Zu Ihrem Schutz lassen sich Ihre Daten nur mit einem Link herunterladen oder löschen, den Sie gerade erst angefordert haben – nicht mit einem aus einer älteren oder weitergeleiteten E-Mail. Bitte fordern Sie unten einen neuen Link an und öffnen Sie ihn.',
  backToCenter: 'Zurück zu Ihren Einstellungen',
  loadError: 'Ihre Einstellungen konnten nicht geladen werden.',
  centerHeading: 'Ihre Einstellungen',
  signedInAs: (email: string) => `Angemeldet mit ${email}`,
  topicsHeading: 'Meine Themen',
  topicsHint: 'Haken Sie an, worüber wir Ihnen schreiben sollen.',
  topicStatus: {
    active: 'abonniert',
    pending: 'Bestätigung ausstehend',
    unsubscribed: 'abbestellt',
  } satisfies Record<SubscriptionStatus, string>,
  consent:
    'Ich willige ein, dass mir die Stadt zu den neu gewählten Themen E-Mails schickt. Ich kann diese Einwilligung jederzeit widerrufen.',
  consentRequired: 'Bitte willigen Sie ein, damit wir Ihnen zu den neuen Themen schreiben dürfen.',
  noLegalText: 'Neue Themen können gerade nicht abonniert werden.',
  saveTopics: 'Themen speichern',
  topicsSaved: 'Ihre Themen wurden gespeichert.',
  detailsHeading: 'Meine Angaben',
  postalCode: 'Postleitzahl',
  district: 'Stadtteil',
  language: 'Sprache unserer E-Mails',
  languageNames: { de: 'Deutsch', en: 'English' } satisfies Record<Locale, string>,
  firstNameInvalid: `Bitte geben Sie höchstens ${LIMITS.firstNameLength} Zeichen als Vornamen ein.`,
  postalCodeInvalid: `Bitte geben Sie eine Postleitzahl aus höchstens ${PREFERENCE_LIMITS.postalCodeLength} Ziffern oder Buchstaben ein.`,
  districtInvalid: `Bitte geben Sie höchstens ${PREFERENCE_LIMITS.districtLength} Zeichen als Stadtteil ein.`,
  saveDetails: 'Angaben speichern',
  detailsSaved: 'Ihre Angaben wurden gespeichert.',
  historyHeading: 'Meine Einwilligungen',
  historyEmpty: 'Es sind keine Einwilligungen gespeichert.',
  consentAction: {
    granted: 'Einwilligung erteilt',
    confirmed: 'Einwilligung bestätigt',
    withdrawn: 'Einwilligung widerrufen',
  } satisfies Record<ConsentAction, string>,
  newsletter: 'Newsletter',
  /** What an event or survey consent was for: its title, as the server names it (null: not known, e.g. an old entry). */
  eventConsent: (title: string | null) => (title ? `Anmeldung zur Veranstaltung „${title}“` : 'Anmeldung zu einer Veranstaltung'),
  surveyConsent: (title: string | null) => (title ? `Teilnahme an der Umfrage „${title}“` : 'Teilnahme an einer Umfrage'),
  via: (source: string) => `über ${source}`,
  dataHeading: 'Meine Daten',
  unsubscribeAllText: 'Sie möchten gar keine E-Mails mehr von uns bekommen?',
  unsubscribeAll: 'Alles abbestellen',
  unsubscribedAll: 'Sie haben alle Themen abbestellt. Sie bekommen keine E-Mails mehr von uns.',
  exportText: 'Laden Sie alles, was wir über Sie gespeichert haben, als Datei herunter (JSON).',
  exportData: 'Meine Daten herunterladen',
  exported: 'Ihre Daten wurden heruntergeladen.',
  eraseText: 'Löschen Sie Ihre E-Mail-Adresse und alle Angaben zu Ihnen.',
  erase: 'Meine Daten löschen',
  eraseHeading: 'Wirklich alle Ihre Daten löschen?',
  eraseConsequences: [
    'Sie bekommen keine E-Mails mehr von uns, auch nicht zu Veranstaltungen und Umfragen.',
    'Ihre E-Mail-Adresse, Ihre Angaben und Ihre Themen werden gelöscht. Das lässt sich nicht rückgängig machen.',
    'Als Nachweis behalten wir nur einen nicht umkehrbaren Fingerabdruck (Hash) Ihrer Adresse und die Zeitpunkte Ihrer Einwilligungen.',
    'Ihr Link zu dieser Seite funktioniert danach nicht mehr. Sie können sich jederzeit neu anmelden.',
  ],
  eraseConfirm: 'Ja, alle meine Daten löschen',
  eraseCancel: 'Abbrechen',
  erasing: 'Ihre Daten werden gelöscht …',
  erasedHeading: 'Ihre Daten wurden gelöscht',
  erasedText: 'Wir haben alle Angaben zu Ihnen gelöscht und schicken Ihnen keine E-Mails mehr.',
  saving: 'Wird gespeichert …',
  serverError: 'Das ist gerade nicht möglich. Bitte versuchen Sie es später erneut.',
};

export default de;
