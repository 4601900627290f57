import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { publicApi, registrationBody, signupBody } from '../support/http';
import { rows } from '../support/rows';
import { activeSubscriber, confirmByMail, createEvent, createSurvey, surveyResponseBody } from '../support/security-fixtures';
import { settleIntake, settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

/**
 * Retention (issue 12, storage limitation): each rule with the clock moved by passing `now` to
 * runOnce — no sleeps. Before its limit a row stays, after it it goes; the consent proof stays.
 * Every run here claims its day afresh (the day claims are tested on their own at the end).
 */

const DAY = 86_400_000;
const uid = (name: string) => `plugin::civic-dialog.${name}` as any;

let app: TestApp;
let db: ReturnType<typeof rows>;
let api: ReturnType<typeof publicApi>;
let t0: number;

const retention = () => app.strapi.plugin('civic-dialog').service('retention');
const query = (name: string) => app.strapi.db.query(uid(name));
const at = (days: number) => new Date(t0 + days * DAY);

/** A run at `now`, whatever day earlier runs of this file claimed. */
async function runAt(now: Date) {
  await query('retention-run').deleteMany({ where: {} });
  const run = await retention().runOnce(now);
  expect(run.skipped).toBe(false);
}

/** A pending signup: the DOI mail went out, nobody clicked it. */
async function pendingSignup(email: string) {
  expect((await api.postJson('/signups', signupBody({ email }))).status).toBe(202);
  await app.mail.waitFor(email, 1);
  await settleOutbox(app);
  return (await db.profile(email)).id as number;
}

beforeAll(async () => {
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '500', TOWN_WEBSITE_URL: TOWN_ORIGIN });
  db = rows(app.strapi);
  api = publicApi(app.baseUrl);
  t0 = Date.now();
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('retention', () => {
  it('erases a never-confirmed profile and deletes its grants 7 days after its link expired; confirmed profiles keep everything', async () => {
    const strangerId = await pendingSignup('typed-by-a-stranger@example.org');
    await activeSubscriber(app, 'confirmed-reader@example.org');
    const reader = await db.profile('confirmed-reader@example.org');
    const readerConsents = await db.consents(reader.id);

    // DOI link valid 7 days, then 7 days' grace.
    await runAt(at(13.9));
    expect((await query('profile').findOne({ where: { id: strangerId } })).email).toBe('typed-by-a-stranger@example.org');
    expect(await db.consents(strangerId)).toHaveLength(1);

    await runAt(at(14.1));
    const stranger = await query('profile').findOne({ where: { id: strangerId } });
    expect(stranger).toMatchObject({ email: null, firstName: null, status: 'erased' });
    expect(await db.consents(strangerId)).toEqual([]);
    expect(await query('token').count({ where: { profileId: strangerId } })).toBe(0);
    // Nobody asked for this erasure: no hash of the address stays.
    expect(await query('erasure').count({ where: { profileId: strangerId } })).toBe(0);
    // The fact that the DOI mail was sent stays, without address or content.
    const [doiMail] = await db.messages(strangerId);
    expect(doiMail).toMatchObject({ kind: 'doi', toAddress: '', subject: '', data: null });

    expect(await db.profile('confirmed-reader@example.org')).toMatchObject({ status: 'active' });
    expect(await db.consents(reader.id)).toEqual(readerConsents);
  });

  it('deletes tokens 7 days after they expired or were used', async () => {
    await activeSubscriber(app, 'token-holder@example.org');
    const profileId = (await db.profile('token-holder@example.org')).id;
    const doiToken = await query('token').findOne({ where: { profileId, purpose: 'doi' } });
    expect(doiToken.usedAt).toBeTruthy();
    const unsubscribeTokens = await query('token').count({ where: { profileId, purpose: 'unsubscribe' } });
    expect(unsubscribeTokens).toBeGreaterThan(0);

    await runAt(at(6.9));
    expect(await query('token').findOne({ where: { id: doiToken.id } })).not.toBeNull();
    await runAt(at(7.1));
    expect(await query('token').findOne({ where: { id: doiToken.id } })).toBeNull();
    // The unsubscribe links in sent mails work for 180 days.
    expect(await query('token').count({ where: { profileId, purpose: 'unsubscribe' } })).toBe(unsubscribeTokens);
  });

  it('deletes never-confirmed registrations after their link expired, the others 30 days after the event; the consent stays', async () => {
    const start = new Date(t0 + DAY);
    const event = await createEvent(app, 'retention-abend', { startsAt: start, endsAt: new Date(start.getTime() + 2 * 3_600_000) });
    const path = '/events/retention-abend/registrations';
    expect((await api.postJson(path, registrationBody({ email: 'guest@example.org' }))).status).toBe(202);
    await confirmByMail(app, 'guest@example.org', '/api/civic-dialog/event-confirm');
    expect((await api.postJson(path, registrationBody({ email: 'never-came-back@example.org' }))).status).toBe(202);
    await app.mail.waitFor('never-came-back@example.org', 1);
    await settleOutbox(app);
    const guest = await db.profile('guest@example.org');
    const absent = await db.profile('never-came-back@example.org');
    const [confirmed] = await db.registrations(guest.id);
    expect(confirmed).toMatchObject({ status: 'confirmed' });
    expect(await db.registrations(absent.id)).toHaveLength(1);
    const guestConsents = await db.consents(guest.id);

    await runAt(at(13.9));
    expect(await db.registrations(absent.id)).toHaveLength(1);
    await runAt(at(14.1));
    expect(await db.registrations(absent.id)).toEqual([]);
    // Its profile was only kept by the pending registration: erased in the same run.
    expect(await query('profile').findOne({ where: { id: absent.id } })).toMatchObject({ status: 'erased', email: null });
    expect(await db.registrations(guest.id)).toHaveLength(1);

    // The event ended a day and two hours after t0: its registrations go 30 days later.
    await runAt(at(30.9));
    expect(await db.registrations(guest.id)).toHaveLength(1);
    await runAt(at(31.2));
    expect(await db.registrations(guest.id)).toEqual([]);
    expect(await db.consents(guest.id)).toEqual(guestConsents);
    expect(await db.profile('guest@example.org')).not.toBeNull();
    expect(event.documentId).toBeTruthy();
  });

  it('deletes survey answers that were never confirmed after their link expired; confirmed ones stay', async () => {
    await createSurvey(app, 'retention-umfrage');
    const path = '/surveys/retention-umfrage/responses';
    expect((await api.postJson(path, surveyResponseBody({ email: 'answered@example.org' }))).status).toBe(202);
    await confirmByMail(app, 'answered@example.org', '/api/civic-dialog/survey-confirm');
    expect((await api.postJson(path, surveyResponseBody({ email: 'forgot-to-confirm@example.org' }))).status).toBe(202);
    await app.mail.waitFor('forgot-to-confirm@example.org', 1);
    await settleOutbox(app);
    const answered = (await db.profile('answered@example.org')).id;
    const forgot = (await db.profile('forgot-to-confirm@example.org')).id;
    const responses = (profileId: number) => query('survey-response').findMany({ where: { profileId } });
    expect(await responses(forgot)).toMatchObject([{ status: 'pending' }]);

    await runAt(at(13.9));
    expect(await responses(forgot)).toHaveLength(1);
    await runAt(at(14.1));
    expect(await responses(forgot)).toEqual([]);
    expect(await responses(answered)).toMatchObject([{ status: 'confirmed' }]);
  });

  it('keeps of a mail only that it was sent after 90 days, and clears newsletter delivery errors (they quote addresses)', async () => {
    await activeSubscriber(app, 'long-time-reader@example.org');
    const profileId = (await db.profile('long-time-reader@example.org')).id;
    const before = await db.messages(profileId);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((message: any) => message.toAddress === 'long-time-reader@example.org')).toBe(true);
    const delivery = await query('newsletter-delivery').create({
      data: { sendId: 999_999, profileId, locale: 'de', status: 'failed', attempts: 5, error: '550 <long-time-reader@example.org>: mailbox full' },
    });

    await runAt(at(89.9));
    expect((await db.messages(profileId)).map((message: any) => message.toAddress)).toEqual(before.map(() => 'long-time-reader@example.org'));
    expect((await query('newsletter-delivery').findOne({ where: { id: delivery.id } })).error).toContain('mailbox full');

    await runAt(at(90.1));
    const after = await db.messages(profileId);
    expect(after.map((message: any) => [message.id, message.kind, message.status, message.sentAt])).toEqual(
      before.map((message: any) => [message.id, message.kind, message.status, message.sentAt]),
    );
    expect(after.every((message: any) => message.toAddress === '' && message.subject === '' && message.data === null)).toBe(true);
    expect(await query('newsletter-delivery').findOne({ where: { id: delivery.id } })).toMatchObject({ error: null, status: 'failed', profileId });
    // The citizen is still subscribed: the profile and the proof stay.
    expect(await db.profile('long-time-reader@example.org')).toMatchObject({ status: 'active' });
  });

  it("removes a consent's IP hash and browser after 6 months; what, when and which text stay", async () => {
    await activeSubscriber(app, 'half-year@example.org');
    const profileId = (await db.profile('half-year@example.org')).id;
    const before = await db.consents(profileId);
    expect(before.every((consent: any) => consent.ipHash && consent.userAgent)).toBe(true);
    const sixMonths = new Date(t0);
    sixMonths.setUTCMonth(sixMonths.getUTCMonth() + 6);

    await runAt(new Date(sixMonths.getTime() - DAY));
    expect((await db.consents(profileId)).every((consent: any) => consent.ipHash && consent.userAgent)).toBe(true);
    await runAt(new Date(sixMonths.getTime() + DAY));
    const after = await db.consents(profileId);
    expect(after.map(({ ipHash, userAgent }: any) => [ipHash, userAgent])).toEqual(before.map(() => [null, null]));
    const proof = ({ id, action, purpose, legalTextId, topics, createdAt, sourceUrl }: any) => ({ id, action, purpose, legalTextId, topics, createdAt, sourceUrl });
    expect(after.map(proof)).toEqual(before.map(proof));
  });

  it('deletes audit entries after 3 years', async () => {
    const token = await adminToken(app.baseUrl);
    const profileId = (await db.profile('half-year@example.org')).id;
    expect((await pluginAdminApi(app.baseUrl, token)(`/profiles/${profileId}`)).status).toBe(200);
    const entries = () => query('audit-entry').count({ where: { profileId } });
    expect(await entries()).toBeGreaterThan(0);
    const threeYears = new Date(t0);
    threeYears.setUTCFullYear(threeYears.getUTCFullYear() + 3);

    await runAt(new Date(threeYears.getTime() - DAY));
    expect(await entries()).toBeGreaterThan(0);
    await runAt(new Date(threeYears.getTime() + DAY));
    expect(await entries()).toBe(0);
  });

  it("tells the citizen in their export when their data will be deleted", async () => {
    const start = new Date(t0 + 3 * DAY);
    const end = new Date(start.getTime() + 2 * 3_600_000);
    await createEvent(app, 'retention-export', { title: 'Abend mit Löschdatum', startsAt: start, endsAt: end });
    const email = 'wants-to-know@example.org';
    await activeSubscriber(app, email);
    const mailsBefore = app.mail.to(email).length;
    expect((await api.postJson('/events/retention-export/registrations', registrationBody({ email }))).status).toBe(202);
    await settleIntake(app);
    const profileId = (await db.profile(email)).id;
    const document = await app.strapi.plugin('civic-dialog').service('gdpr').exportDocument(profileId);
    const dueOn = (date: Date) => new Date(Math.ceil(date.getTime() / DAY) * DAY).toISOString().slice(0, 10);
    const confirmLinkExpired = new Date((await db.registrations(profileId))[0].createdAt).getTime() + 7 * DAY;
    expect(document.sections.deletionDates.items).toEqual(
      expect.arrayContaining([
        { data: 'registration', of: 'Abend mit Löschdatum', deletedOn: dueOn(new Date(confirmLinkExpired + 7 * DAY)) },
        expect.objectContaining({ data: 'consentIpHashAndBrowser' }),
        expect.objectContaining({ data: 'mailAddresses' }),
      ]),
    );
    await confirmByMail(app, email, '/api/civic-dialog/event-confirm', mailsBefore);
    const confirmed = await app.strapi.plugin('civic-dialog').service('gdpr').exportDocument(profileId);
    expect(confirmed.sections.deletionDates.items).toContainEqual({
      data: 'registration',
      of: 'Abend mit Löschdatum',
      deletedOn: dueOn(new Date(end.getTime() + 30 * DAY)),
    });
    // An active subscriber's profile stays as long as they subscribe: no date for it.
    expect(confirmed.sections.deletionDates.items.some((item: any) => item.data === 'profile')).toBe(false);
  });

  it('shows editors the settings and what the next run deletes; runs once per day however many instances try', async () => {
    const pending = await pendingSignup('counted-once@example.org');
    const now = at(400);
    const api = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl));
    const overview = await (await api('/retention')).json();
    expect(overview.settings).toMatchObject({
      pendingGraceDays: 7,
      tokenGraceDays: 7,
      registrationDaysAfterEvent: 30,
      mailDays: 90,
      consentNetworkMonths: 6,
      auditYears: 3,
      confirmationLinkDays: 7,
    });
    expect(Object.keys(overview.next).sort()).toEqual(
      ['auditLog', 'consentNetworkData', 'mailPersonalData', 'newsletterDeliveryErrors', 'pastEventRegistrations', 'pendingRegistrations', 'pendingSurveyResponses', 'tokens', 'unconfirmedProfiles'],
    );
    expect((await fetch(`${app.baseUrl}/civic-dialog/retention`)).status).toBe(401);

    await query('retention-run').deleteMany({ where: {} });
    const due = await retention().preview(now);
    const [first, second] = await Promise.all([retention().runOnce(now), retention().runOnce(now)]);
    const [ran, skipped] = first.skipped ? [second, first] : [first, second];
    expect(ran).toMatchObject({ skipped: false, counts: due });
    expect(skipped.skipped).toBe(true);
    expect(Object.values(skipped.counts).every((count) => count === 0)).toBe(true);
    expect(await query('profile').findOne({ where: { id: pending } })).toMatchObject({ status: 'erased' });
    // Later the same day nothing runs again; the admin overview shows that run's counts.
    expect((await retention().runOnce(new Date(now.getTime() + 3_600_000))).skipped).toBe(true);
    expect((await (await api('/retention')).json()).lastRun).toMatchObject({ day: now.toISOString().slice(0, 10), counts: due });

    // Another instance claimed the next day first (its row is there): this instance deletes nothing.
    const nextDay = new Date(now.getTime() + DAY);
    await pendingSignup('claimed-elsewhere@example.org');
    await query('retention-run').create({ data: { day: nextDay.toISOString().slice(0, 10), startedAt: new Date() } });
    expect(await retention().runOnce(nextDay)).toMatchObject({ skipped: true });
    expect(await db.profile('claimed-elsewhere@example.org')).toMatchObject({ status: 'pending' });
  });
});
