import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicApi, registrationBody } from '../support/http';
import { rows } from '../support/rows';
import { activeSubscriber, confirmByMail, createEvent, createSurvey, surveyResponseBody } from '../support/security-fixtures';
import { settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

/**
 * The batch erasure (personalData.eraseProfiles, what the retention job erases never-confirmed
 * profiles with, and a citizen's own erasure as a batch of one): every registered section erases
 * the rows of exactly the profiles it is given, and nobody else's.
 */

const uid = (name: string) => `plugin::civic-dialog.${name}` as any;

let app: TestApp;
let db: ReturnType<typeof rows>;

const query = (name: string) => app.strapi.db.query(uid(name));
const personalData = () => app.strapi.plugin('civic-dialog').service('personalData');

/** A citizen with rows in every section: subscription, event registration, survey answers, a newsletter delivery. */
async function citizenWithEverything(email: string): Promise<number> {
  const api = publicApi(app.baseUrl);
  await activeSubscriber(app, email);
  // Each confirmation is in the next mail to the address.
  let mails = app.mail.to(email).length;
  expect((await api.postJson('/events/erasure-abend/registrations', registrationBody({ email }))).status).toBe(202);
  await confirmByMail(app, email, '/api/civic-dialog/event-confirm', mails);
  await settleOutbox(app);
  mails = app.mail.to(email).length;
  expect((await api.postJson('/surveys/erasure-umfrage/responses', surveyResponseBody({ email }))).status).toBe(202);
  await confirmByMail(app, email, '/api/civic-dialog/survey-confirm', mails);
  await settleOutbox(app);
  const profileId = (await db.profile(email)).id as number;
  await query('newsletter-delivery').create({ data: { sendId: 999_999, profileId, locale: 'de', status: 'queued', attempts: 0 } });
  // The channels' and automations' rows, made directly (their own tests make them as citizens and
  // editors do); finished states, so no background job changes them meanwhile.
  const tag = `${profileId}`;
  const phone = `+4915100${tag.padStart(6, '0')}`;
  await query('alert-subscription').create({ data: { profileId, status: 'active' } });
  const welcome = await query('automation').findOne({ where: { templateKey: 'welcome-series' }, select: ['id'] });
  await query('automation-run').create({ data: { automationId: welcome.id, profileId, subject: 'profile', stepIndex: 1, runStatus: 'done' } });
  await query('bounce').create({ data: { reportKey: `batch-erasure-${tag}`, profileId, email, kind: 'soft', source: 'imap' } });
  await query('suppression').create({ data: { email, profileId, reason: 'soft-bounces', state: 'active', suppressedAt: new Date() } });
  await query('digest-delivery').create({ data: { week: '2026-W49', profileId, entryCount: 3 } });
  await query('sms-phone').create({ data: { profileId, phone, alertsConsent: true, registrationsConsent: false } });
  await query('sms-code').create({ data: { profileId, phone, codeHash: `hash-${tag}`, expiresAt: new Date(Date.now() + 600_000), tries: 0 } });
  await query('sms-message').create({ data: { profileId, phone, text: 'Unwetterwarnung', kind: 'alert', purpose: 'sms-alerts', priority: 0, status: 'sent', attempts: 1, dedupeKey: `batch-erasure:${tag}` } });
  return profileId;
}

/** The tables of the newer sections, read by profile. */
const CHANNEL_TABLES = {
  alertSubscriptions: 'alert-subscription',
  automationRuns: 'automation-run',
  bounces: 'bounce',
  suppressions: 'suppression',
  digestDeliveries: 'digest-delivery',
  smsPhones: 'sms-phone',
  smsCodes: 'sms-code',
  smsMessages: 'sms-message',
} as const;
type ChannelTable = keyof typeof CHANNEL_TABLES;

/** Every row of a profile in every table a section erases. */
async function rowsOf(profileId: number) {
  const responses = await query('survey-response').findMany({ where: { profileId }, orderBy: { id: 'asc' } });
  return {
    profile: await query('profile').findOne({ where: { id: profileId } }),
    consents: await db.consents(profileId),
    messages: await db.messages(profileId),
    tokens: await query('token').findMany({ where: { profileId }, orderBy: { id: 'asc' } }),
    subscriptions: await db.subscriptions(profileId),
    registrations: await db.registrations(profileId),
    surveyResponses: responses,
    surveyAnswers: await query('survey-answer').findMany({ where: { responseId: { $in: responses.map((r: any) => r.id) } }, orderBy: { id: 'asc' } }),
    newsletterDeliveries: await query('newsletter-delivery').findMany({ where: { profileId }, orderBy: { id: 'asc' } }),
    erasures: await query('erasure').findMany({ where: { profileId } }),
    ...(Object.fromEntries(
      await Promise.all(Object.entries(CHANNEL_TABLES).map(async ([key, name]) => [key, await query(name).findMany({ where: { profileId }, orderBy: { id: 'asc' } })])),
    ) as Record<ChannelTable, any[]>),
  };
}

beforeAll(async () => {
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '500', TOWN_WEBSITE_URL: TOWN_ORIGIN });
  db = rows(app.strapi);
  await createEvent(app, 'erasure-abend');
  await createSurvey(app, 'erasure-umfrage');
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('batch erasure', () => {
  it("erases every section's rows of exactly the chosen profiles and leaves the others untouched", async () => {
    // The sections this test covers: a new one must be added here (and to the assertions below).
    expect(personalData().sectionKeys().sort()).toEqual(
      [
        'consents', 'deletionDates', 'messages', 'newsletters', 'profile', 'registrations', 'subscriptions', 'surveyResponses', 'tokens',
        'alerts', 'automations', 'bounces', 'digests', 'sms',
      ].sort(),
    );
    const chosen = [await citizenWithEverything('erase-me-1@example.org'), await citizenWithEverything('erase-me-2@example.org')];
    const kept = await citizenWithEverything('keep-me@example.org');
    const before = await Promise.all(chosen.map(rowsOf));
    const keptBefore = await rowsOf(kept);
    const keptExport = await personalData().exportProfile(kept);
    for (const rowsBefore of [...before, keptBefore]) {
      for (const key of ['consents', 'messages', 'tokens', 'subscriptions', 'registrations', 'surveyResponses', 'surveyAnswers', 'newsletterDeliveries', ...(Object.keys(CHANNEL_TABLES) as ChannelTable[])] as const) {
        expect(rowsBefore[key].length, key).toBeGreaterThan(0);
      }
    }

    await personalData().eraseProfiles(chosen);

    for (const [n, profileId] of chosen.entries()) {
      const after = await rowsOf(profileId);
      expect(after.profile).toMatchObject({ id: profileId, email: null, firstName: null, postalCode: null, district: null, attributes: null, status: 'erased' });
      expect(after.erasures).toHaveLength(1);
      // The proof stays, without where from.
      expect(after.consents.map((c: any) => [c.id, c.action, c.purpose, c.legalTextId])).toEqual(before[n]!.consents.map((c: any) => [c.id, c.action, c.purpose, c.legalTextId]));
      expect(after.consents.every((c: any) => c.sourceUrl === null && c.ipHash === null && c.userAgent === null)).toBe(true);
      expect(after.messages.map((m: any) => m.id)).toEqual(before[n]!.messages.map((m: any) => m.id));
      expect(after.messages.every((m: any) => m.toAddress === '' && m.subject === '' && m.data === null && m.status !== 'queued')).toBe(true);
      expect(after.tokens).toEqual([]);
      expect(after.subscriptions).toEqual([]);
      expect(after.registrations).toEqual([]);
      expect(after.surveyResponses).toEqual([]);
      expect(await query('survey-answer').count({ where: { responseId: { $in: before[n]!.surveyResponses.map((r: any) => r.id) } } })).toBe(0);
      expect(after.newsletterDeliveries).toEqual([]);
      const deliveries = await query('newsletter-delivery').findMany({ where: { id: { $in: before[n]!.newsletterDeliveries.map((d: any) => d.id) } } });
      expect(deliveries.map((d: any) => [d.profileId, d.status])).toEqual([[null, 'cancelled']]);
      for (const key of Object.keys(CHANNEL_TABLES) as ChannelTable[]) expect(after[key], key).toEqual([]);
    }

    expect(await rowsOf(kept)).toEqual(keptBefore);
    expect(await personalData().exportProfile(kept)).toEqual(keptExport);
  });
});
