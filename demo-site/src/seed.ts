import type { Core } from '@strapi/strapi';

export const DEMO_ADMIN = {
  email: process.env.DEMO_ADMIN_EMAIL || 'admin@musterstadt.example',
  password: process.env.DEMO_ADMIN_PASSWORD || 'Musterstadt-Demo-2026',
};

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
}

/** A super admin with the demo login printed by `pnpm start`, when the panel has no admin yet. */
export async function seedDemoAdmin(strapi: Core.Strapi) {
  const userService = strapi.service('admin::user');
  if ((await userService.count()) > 0) return;
  const superAdminRole = await strapi.service('admin::role').getSuperAdmin();
  if (!superAdminRole) return;
  await userService.create({
    email: DEMO_ADMIN.email,
    firstname: 'Demo',
    lastname: 'Redaktion',
    password: DEMO_ADMIN.password,
    isActive: true,
    registrationToken: null,
    roles: [superAdminRole.id],
  });
}
