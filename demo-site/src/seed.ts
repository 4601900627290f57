import type { Core } from '@strapi/strapi';

/**
 * The demo admin's login, only when asked for (`DEMO_ADMIN=1`; `pnpm start` sets it with the password
 * it generated into demo-site/.env). There is no default password: a published one is everyone's.
 */
export function demoAdminFromEnv(): { email: string; password: string } | null {
  if (process.env.DEMO_ADMIN !== '1') return null;
  const password = process.env.DEMO_ADMIN_PASSWORD;
  if (!password) throw new Error('DEMO_ADMIN=1 needs DEMO_ADMIN_PASSWORD (pnpm start generates one into demo-site/.env)');
  return { email: process.env.DEMO_ADMIN_EMAIL || 'admin@musterstadt.example', password };
}

const topics = [
  {
    slug: 'abfall',
    nameDe: 'Abfall & Recycling',
    nameEn: 'Waste & recycling',
    descriptionDe: 'Abfuhrtermine, Wertstoffhof, Sperrmüll.',
    descriptionEn: 'Collection dates, recycling centre, bulky waste.',
    sortOrder: 1,
  },
  {
    slug: 'kultur',
    nameDe: 'Kultur & Veranstaltungen',
    nameEn: 'Culture & events',
    descriptionDe: 'Konzerte, Ausstellungen und Feste in Musterstadt.',
    descriptionEn: 'Concerts, exhibitions and festivals in Musterstadt.',
    sortOrder: 2,
  },
  {
    slug: 'verkehr',
    nameDe: 'Verkehr & Baustellen',
    nameEn: 'Traffic & roadworks',
    descriptionDe: 'Sperrungen, Umleitungen und Bauprojekte.',
    descriptionEn: 'Closures, diversions and building projects.',
    sortOrder: 3,
  },
  {
    slug: 'rathaus',
    nameDe: 'Rathaus & Gemeinderat',
    nameEn: 'Town hall & council',
    descriptionDe: 'Sitzungen des Gemeinderats, Bürgerinformationen.',
    descriptionEn: 'Council meetings and information for citizens.',
    sortOrder: 4,
  },
];

const legalTexts = [
  {
    purpose: 'newsletter',
    locale: 'de',
    version: 1,
    title: 'Einwilligung in den Newsletter der Stadt Musterstadt',
    body:
      'Ich willige ein, dass die Stadt Musterstadt mir zu den gewählten Themen Informationen per E-Mail schickt. ' +
      'Dafür speichert die Stadt meine E-Mail-Adresse, meinen Vornamen (falls angegeben), die gewählten Themen ' +
      'sowie Zeitpunkt und Herkunft meiner Einwilligung (Art. 6 Abs. 1 lit. a, Art. 7 DSGVO).\n\n' +
      'Ich kann die Einwilligung jederzeit mit Wirkung für die Zukunft widerrufen, zum Beispiel über den ' +
      'Abmeldelink in jeder E-Mail. Details stehen in der Datenschutzerklärung der Stadt Musterstadt.',
  },
  {
    purpose: 'newsletter',
    locale: 'en',
    version: 1,
    title: 'Consent to the Musterstadt newsletter',
    body:
      'I agree that the town of Musterstadt sends me information on the topics I chose by email. ' +
      'For this the town stores my email address, my first name (if given), the chosen topics and the time ' +
      'and origin of my consent (Art. 6(1)(a), Art. 7 GDPR).\n\n' +
      'I can withdraw my consent at any time with effect for the future, for example with the unsubscribe ' +
      'link in every email. Details are in the privacy notice of the town of Musterstadt.',
  },
];

/** Topics and consent texts of the demo town, created once. */
export async function seedMusterstadt(strapi: Core.Strapi) {
  const topicDocs = strapi.documents('plugin::civic-dialog.topic' as any);
  if ((await topicDocs.count({})) === 0) {
    for (const topic of topics) await topicDocs.create({ data: { ...topic, isPublic: true } as any });
  }
  const legalDocs = strapi.documents('plugin::civic-dialog.legal-text' as any);
  if ((await legalDocs.count({})) === 0) {
    for (const text of legalTexts) await legalDocs.create({ data: text as any });
  }
  await seedEvents(strapi);
  await seedSurveys(strapi);
  await seedSmsLegalTexts(strapi);
  await seedAlertLegalTexts(strapi);
  await seedArticles(strapi);
}

/** Two published news articles a newsletter can refer to (content source api::article.article). */
export async function seedArticles(strapi: Core.Strapi) {
  const articles = strapi.documents('api::article.article' as any);
  if ((await articles.count({ status: 'published' } as any)) > 0) return;
  const news = [
    {
      title: 'Neuer Wertstoffhof öffnet im Mai',
      slug: 'neuer-wertstoffhof',
      summary: 'Ab dem 2. Mai nimmt der Wertstoffhof an der Gewerbestraße Grünschnitt, Elektrogeräte und Sperrmüll an.',
    },
    {
      title: 'Stadtfest 2026: Programm steht',
      slug: 'stadtfest-2026',
      summary: 'Drei Tage Musik, Theater und Kulinarik auf dem Marktplatz – das ganze Programm im Überblick.',
    },
  ];
  for (const article of news) await articles.create({ data: article as any, status: 'published' } as any);
}

/** A super admin with the demo login printed by `pnpm start`, when asked for and the panel has no admin yet. */
export async function seedDemoAdmin(strapi: Core.Strapi) {
  const demoAdmin = demoAdminFromEnv();
  if (!demoAdmin) return;
  const userService = strapi.service('admin::user');
  if ((await userService.count()) > 0) return retirePublishedPassword(strapi, demoAdmin);
  const superAdminRole = await strapi.service('admin::role').getSuperAdmin();
  if (!superAdminRole) return;
  await userService.create({
    email: demoAdmin.email,
    firstname: 'Demo',
    lastname: 'Redaktion',
    password: demoAdmin.password,
    isActive: true,
    registrationToken: null,
    roles: [superAdminRole.id],
  });
}

/** The password earlier versions of the demo published in the README. */
const PUBLISHED_DEMO_PASSWORD = 'Musterstadt-Demo-2026';

/** A demo database from an earlier version still opens with the published password: give it the generated one. */
async function retirePublishedPassword(strapi: Core.Strapi, demoAdmin: { email: string; password: string }) {
  const user = await strapi.db.query('admin::user').findOne({ where: { email: demoAdmin.email }, select: ['id', 'password'] });
  if (!user?.password) return;
  if (!(await strapi.service('admin::auth').validatePassword(PUBLISHED_DEMO_PASSWORD, user.password))) return;
  await strapi.service('admin::user').updateById(user.id, { password: demoAdmin.password });
}

const eventLegalTexts = [
  {
    purpose: 'event-registration',
    locale: 'de',
    version: 1,
    title: 'Einwilligung zur Anmeldung für eine Veranstaltung der Stadt Musterstadt',
    body:
      'Ich willige ein, dass die Stadt Musterstadt meine E-Mail-Adresse, meinen Namen, die Zahl der Plätze und meine ' +
      'Antworten speichert, um meine Anmeldung zu bestätigen, mich an die Veranstaltung zu erinnern und mich über ' +
      'Änderungen zu informieren (Art. 6 Abs. 1 lit. a DSGVO). Die Daten werden 30 Tage nach der Veranstaltung gelöscht (so lange, um Rückfragen zur Veranstaltung zu beantworten); ' +
      'dass und wozu ich eingewilligt habe, bleibt als Nachweis.\n\n' +
      'Ich kann meine Anmeldung jederzeit über den Link in der Bestätigungs-E-Mail stornieren.',
  },
  {
    purpose: 'event-registration',
    locale: 'en',
    version: 1,
    title: 'Consent to registering for an event of the town of Musterstadt',
    body:
      'I agree that the town of Musterstadt stores my email address, my name, the number of seats and my answers ' +
      'to confirm my registration, remind me of the event and inform me of changes (Art. 6(1)(a) GDPR). The data ' +
      'is deleted 30 days after the event (long enough to answer questions about it); that and to what I agreed is kept as proof.\n\n' +
      'I can cancel my registration at any time with the link in the confirmation email.',
  },
];

const alertLegalTexts = [
  {
    purpose: 'alerts',
    locale: 'de',
    version: 1,
    title: 'Einwilligung in Warnungen der Stadt Musterstadt',
    body:
      'Ich willige ein, dass die Stadt Musterstadt meine E-Mail-Adresse und das gewählte Gebiet (Stadtteil oder Postleitzahl) ' +
      'speichert, um mich bei Gefahren und Störungen in diesem Gebiet (z. B. Wasserrohrbruch, Straßensperrung, Unwetter) ' +
      'sofort zu warnen (Art. 6 Abs. 1 lit. a DSGVO). Ich kann die Einwilligung jederzeit in den Einstellungen widerrufen.',
  },
  {
    purpose: 'alerts',
    locale: 'en',
    version: 1,
    title: 'Consent to urgent alerts of the town of Musterstadt',
    body:
      'I agree that the town of Musterstadt stores my email address and the chosen area (district or postal code) to ' +
      'warn me at once of dangers and disruptions in that area (e.g. a burst water main, a road closure, a storm) ' +
      '(Art. 6(1)(a) GDPR). I can withdraw this consent at any time in my preferences.',
  },
];

/** The alert consent texts (de/en), when there are none. */
export async function seedAlertLegalTexts(strapi: Core.Strapi) {
  const legalDocs = strapi.documents('plugin::civic-dialog.legal-text' as any);
  if ((await legalDocs.count({ filters: { purpose: 'alerts' } } as any)) === 0) {
    for (const text of alertLegalTexts) await legalDocs.create({ data: text as any });
  }
}

const smsLegalTexts = [
  {
    purpose: 'sms-alerts',
    locale: 'de',
    version: 1,
    title: 'Einwilligung in Warnungen der Stadt Musterstadt per SMS',
    body:
      'Ich willige ein, dass die Stadt Musterstadt meine bestätigte Mobilfunknummer speichert, um mich per SMS bei Gefahren ' +
      'und Störungen (z. B. Wasserrohrbruch, Straßensperrung, Unwetter) sofort zu warnen (Art. 6 Abs. 1 lit. a DSGVO). ' +
      'Die SMS werden über einen SMS-Dienstleister versandt. Ich kann die Einwilligung jederzeit in den Einstellungen oder ' +
      'mit der Antwort STOP widerrufen.',
  },
  {
    purpose: 'sms-alerts',
    locale: 'en',
    version: 1,
    title: 'Consent to urgent alerts of the town of Musterstadt by SMS',
    body:
      'I agree that the town of Musterstadt stores my verified mobile number to warn me at once by SMS of dangers and ' +
      'disruptions (e.g. a burst water main, a road closure, a storm) (Art. 6(1)(a) GDPR). The texts are sent through an ' +
      'SMS service provider. I can withdraw this consent at any time in my preferences or by replying STOP.',
  },
  {
    purpose: 'sms-registrations',
    locale: 'de',
    version: 1,
    title: 'Einwilligung in SMS zu meinen Anmeldungen',
    body:
      'Ich willige ein, dass die Stadt Musterstadt meine bestätigte Mobilfunknummer speichert, um mir Bestätigungen und ' +
      'Erinnerungen zu meinen Anmeldungen (z. B. Veranstaltungen) per SMS zu senden (Art. 6 Abs. 1 lit. a DSGVO). ' +
      'Ich kann die Einwilligung jederzeit in den Einstellungen oder mit der Antwort STOP widerrufen.',
  },
  {
    purpose: 'sms-registrations',
    locale: 'en',
    version: 1,
    title: 'Consent to SMS about my registrations',
    body:
      'I agree that the town of Musterstadt stores my verified mobile number to send me confirmations and reminders of my ' +
      'registrations (e.g. events) by SMS (Art. 6(1)(a) GDPR). I can withdraw this consent at any time in my preferences ' +
      'or by replying STOP.',
  },
];

/** The SMS consent texts (de/en, one per purpose), when there are none. */
export async function seedSmsLegalTexts(strapi: Core.Strapi) {
  const legalDocs = strapi.documents('plugin::civic-dialog.legal-text' as any);
  for (const purpose of ['sms-alerts', 'sms-registrations']) {
    if ((await legalDocs.count({ filters: { purpose } } as any)) > 0) continue;
    for (const text of smsLegalTexts.filter((candidate) => candidate.purpose === purpose)) await legalDocs.create({ data: text as any });
  }
}

/** A date `days` from now at `hour`:00 UTC (demo events stay in the future). */
function daysAhead(days: number, hour: number): Date {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  date.setUTCHours(hour, 0, 0, 0);
  return date;
}

/** Three demo events (an information evening, a council meeting, an adult-education course), when none exist. */
export async function seedEvents(strapi: Core.Strapi) {
  const legalDocs = strapi.documents('plugin::civic-dialog.legal-text' as any);
  if ((await legalDocs.count({ filters: { purpose: 'event-registration' } } as any)) === 0) {
    for (const text of eventLegalTexts) await legalDocs.create({ data: text as any });
  }
  const eventDocs = strapi.documents('plugin::civic-dialog.event' as any);
  if ((await eventDocs.count({})) > 0) return;
  const verkehr = await strapi.db.query('plugin::civic-dialog.topic' as any).findOne({ where: { slug: 'verkehr' } });
  const events = [
    {
      title: 'Infoabend Radverkehr',
      titleEn: 'Information evening: cycling in Musterstadt',
      slug: 'infoabend-radverkehr',
      description: 'Die Stadt stellt das neue Radverkehrskonzept vor: Radwege, Abstellanlagen, Schulwege. Danach ist Zeit für Ihre Fragen.',
      descriptionEn: 'The town presents its new cycling plan: cycle lanes, bike parking, routes to school. Questions welcome afterwards.',
      startsAt: daysAhead(14, 17),
      endsAt: daysAhead(14, 19),
      location: 'Bürgersaal im Rathaus',
      address: 'Marktplatz 1, 12345 Musterstadt',
      capacity: 40,
      waitingList: true,
      maxSeatsPerRegistration: 2,
      reminderOffsets: [1440],
      questions: [],
      newsletterTopic: verkehr?.id ?? null,
    },
    {
      title: 'Öffentliche Sitzung des Gemeinderats',
      titleEn: 'Public meeting of the town council',
      slug: 'gemeinderatssitzung',
      description: 'Tagesordnung unter anderem: Haushalt, Bebauungsplan „Am Mühlbach“, Bürgerfragestunde.',
      descriptionEn: 'Agenda includes the budget, the “Am Mühlbach” development plan and citizens’ question time.',
      startsAt: daysAhead(21, 16),
      endsAt: daysAhead(21, 19),
      location: 'Ratssaal',
      address: 'Marktplatz 1, 12345 Musterstadt',
      capacity: null,
      waitingList: false,
      maxSeatsPerRegistration: 1,
      reminderOffsets: [1440, 120],
      questions: [],
    },
    {
      title: 'VHS-Kurs: Smartphone-Grundlagen für Einsteiger',
      titleEn: 'Adult education: smartphone basics for beginners',
      slug: 'vhs-smartphone-grundlagen',
      description: 'Drei Stunden in kleiner Gruppe: Einstellungen, Fotos, Nachrichten, sicher im Internet.',
      descriptionEn: 'Three hours in a small group: settings, photos, messages, staying safe online.',
      startsAt: daysAhead(30, 8),
      endsAt: daysAhead(30, 11),
      location: 'Volkshochschule, Raum 2.04',
      address: 'Schulstraße 5, 12345 Musterstadt',
      capacity: 12,
      waitingList: true,
      maxSeatsPerRegistration: 1,
      reminderOffsets: [2880],
      questions: [
        {
          id: 'geraet',
          type: 'single-choice',
          label: { de: 'Welches Smartphone bringen Sie mit?', en: 'Which smartphone will you bring?' },
          required: true,
          choices: [
            { id: 'android', label: { de: 'Android', en: 'Android' } },
            { id: 'iphone', label: { de: 'iPhone', en: 'iPhone' } },
            { id: 'keins', label: { de: 'Keins – ich brauche ein Leihgerät', en: 'None – I need a loan device' } },
          ],
        },
        {
          id: 'themen',
          type: 'multiple-choice',
          label: { de: 'Was interessiert Sie besonders?', en: 'What interests you most?' },
          required: false,
          choices: [
            { id: 'fotos', label: { de: 'Fotos', en: 'Photos' } },
            { id: 'nachrichten', label: { de: 'Nachrichten', en: 'Messages' } },
            { id: 'sicherheit', label: { de: 'Sicherheit', en: 'Safety' } },
          ],
        },
        { id: 'barrierefrei', type: 'yes-no', label: { de: 'Benötigen Sie einen barrierefreien Zugang?', en: 'Do you need step-free access?' }, required: false },
        { id: 'anmerkung', type: 'long-text', label: { de: 'Anmerkungen', en: 'Comments' }, required: false, maxLength: 500 },
      ],
    },
  ];
  for (const event of events) await eventDocs.create({ data: event as any });
}

const surveyLegalTexts = [
  {
    purpose: 'survey',
    locale: 'de',
    version: 1,
    title: 'Einwilligung zur Teilnahme an einer Umfrage der Stadt Musterstadt',
    body:
      'Ich willige ein, dass die Stadt Musterstadt meine E-Mail-Adresse und meine Antworten speichert, um meine ' +
      'Teilnahme per E-Mail zu bestätigen und sicherzustellen, dass jede Person nur einmal teilnimmt ' +
      '(Art. 6 Abs. 1 lit. a DSGVO). Die Ergebnisse werden nur zusammengefasst veröffentlicht.\n\n' +
      'Ich kann die Einwilligung jederzeit widerrufen und meine Daten über die Einstellungsseite löschen lassen.',
  },
  {
    purpose: 'survey',
    locale: 'en',
    version: 1,
    title: 'Consent to take part in a survey of the town of Musterstadt',
    body:
      'I agree that the town of Musterstadt stores my email address and my answers to confirm my participation ' +
      'by email and to make sure each person takes part only once (Art. 6(1)(a) GDPR). Results are only ' +
      'published in aggregate.\n\n' +
      'I can withdraw my consent at any time and have my data erased on the preferences page.',
  },
];

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

const demoSurveys = [
  {
    title: 'Neuer Spielplatz: Wo soll er hin?',
    titleEn: 'New playground: where should it go?',
    slug: 'spielplatz',
    intro: 'Die Stadt baut 2027 einen neuen Spielplatz. Helfen Sie uns bei der Wahl des Standorts – eine Stimme pro Person.',
    introEn: 'The town is building a new playground in 2027. Help us choose the location – one vote per person.',
    mode: 'identified',
    allowChangingAnswers: false,
    resultsPublic: true,
    opensAt: inDays(-1),
    closesAt: inDays(60),
    thankYou: 'Vielen Dank! Bitte bestätigen Sie Ihre Teilnahme mit dem Link in der E-Mail.',
    thankYouEn: 'Thank you! Please confirm your participation with the link in the email.',
    questions: [
      {
        id: 'standort',
        type: 'single-choice',
        required: true,
        label: { de: 'Welcher Standort ist Ihnen am liebsten?', en: 'Which location do you prefer?' },
        choices: [
          { id: 'stadtpark', label: { de: 'Stadtpark', en: 'Town park' } },
          { id: 'schulhof', label: { de: 'Am Schulhof Nord', en: 'Next to the north schoolyard' } },
          { id: 'bahnhof', label: { de: 'Bahnhofsviertel', en: 'Station quarter' } },
        ],
      },
      {
        id: 'geraete',
        type: 'multiple-choice',
        label: { de: 'Welche Geräte wünschen Sie sich?', en: 'Which equipment would you like?' },
        maxChoices: 2,
        choices: [
          { id: 'schaukel', label: { de: 'Schaukel', en: 'Swing' } },
          { id: 'rutsche', label: { de: 'Rutsche', en: 'Slide' } },
          { id: 'sandkasten', label: { de: 'Sandkasten', en: 'Sandpit' } },
          { id: 'kletterturm', label: { de: 'Kletterturm', en: 'Climbing tower' } },
        ],
      },
      { id: 'kinder', type: 'yes-no', label: { de: 'Leben Kinder in Ihrem Haushalt?', en: 'Do children live in your household?' } },
      {
        id: 'alter',
        type: 'free-text',
        maxLength: 200,
        label: { de: 'Wie alt sind die Kinder?', en: 'How old are the children?' },
        condition: { questionId: 'kinder', equals: true },
      },
    ],
  },
  {
    title: 'Zufriedenheit mit dem Bürgerbüro',
    titleEn: "Satisfaction with the citizens' office",
    slug: 'buergerbuero',
    intro: 'Wie zufrieden waren Sie bei Ihrem letzten Besuch im Bürgerbüro? Die Umfrage ist anonym.',
    introEn: "How satisfied were you with your last visit to the citizens' office? The survey is anonymous.",
    mode: 'anonymous',
    allowChangingAnswers: false,
    resultsPublic: false,
    opensAt: inDays(-1),
    closesAt: inDays(90),
    thankYou: 'Vielen Dank für Ihre Rückmeldung!',
    thankYouEn: 'Thank you for your feedback!',
    questions: [
      {
        id: 'zufriedenheit',
        type: 'rating',
        scale: 5,
        required: true,
        label: { de: 'Wie zufrieden waren Sie insgesamt?', en: 'How satisfied were you overall?' },
        lowLabel: { de: 'gar nicht', en: 'not at all' },
        highLabel: { de: 'sehr', en: 'very' },
      },
      { id: 'wartezeit-ok', type: 'yes-no', label: { de: 'War die Wartezeit angemessen?', en: 'Was the waiting time reasonable?' } },
      { id: 'besuch', type: 'date', label: { de: 'Wann waren Sie dort?', en: 'When did you visit?' } },
      {
        id: 'anregungen',
        type: 'free-text',
        maxLength: 1000,
        label: { de: 'Was können wir besser machen?', en: 'What could we do better?' },
      },
    ],
  },
];

/** The survey consent texts and two demo surveys (identified and anonymous), when there are none yet. */
export async function seedSurveys(strapi: Core.Strapi) {
  const legalDocs = strapi.documents('plugin::civic-dialog.legal-text' as any);
  if ((await legalDocs.count({ filters: { purpose: 'survey' } } as any)) === 0) {
    for (const text of surveyLegalTexts) await legalDocs.create({ data: text as any });
  }
  const surveyDocs = strapi.documents('plugin::civic-dialog.survey' as any);
  if ((await surveyDocs.count({})) === 0) {
    for (const survey of demoSurveys) await surveyDocs.create({ data: survey as any });
  }
}
