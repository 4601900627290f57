import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { publicApi, signupBody } from '../support/http';
import { rows } from '../support/rows';
import { confirmByMail, createEvent, createSurvey } from '../support/security-fixtures';
import { settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';
import type { ReceivedMail } from '../support/mail-catcher';

/**
 * The weekly digest (issue 12): each citizen one mail with the new news, events and surveys on
 * their topics, or none. The clock is moved by passing `now` to runOnce (each now's ISO week runs
 * once): week k is the k-th Monday 08:00 UTC from now, after the demo's due time (07:00 in
 * Europe/Berlin, the config timeZone: 06:00 or 05:00 UTC).
 */

const DAY = 86_400_000;
const uid = (name: string) => `plugin::civic-dialog.${name}` as any;

let app: TestApp;
let db: ReturnType<typeof rows>;
let firstMonday: number;

const digest = () => app.strapi.plugin('civic-dialog').service('digest');
const week = (k: number) => new Date(firstMonday + k * 7 * DAY + 8 * 3_600_000);
const digestsTo = (email: string): ReceivedMail[] => app.mail.to(email).filter((mail) => /Wochenüberblick|weekly digest/.test(mail.subject));

async function subscriber(email: string, topics: string[], locale = 'de') {
  const res = await publicApi(app.baseUrl).postJson('/signups', signupBody({ email, topics, locale }));
  expect(res.status).toBe(202);
  await confirmByMail(app, email, '/api/civic-dialog/confirm');
  await app.mail.waitFor(email, 2); // the welcome
  await settleOutbox(app);
  return (await db.profile(email)).id as number;
}

/** An event still ahead in the last week these tests move the clock to. */
const upcoming = (slug: string, overrides: Record<string, unknown>) => {
  const startsAt = new Date(Date.now() + 60 * DAY);
  return createEvent(app, slug, { startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3_600_000), ...overrides });
};

async function topicId(slug: string): Promise<number> {
  return (await db.topic(slug)).id;
}

async function article(title: string, slug: string, topic: string | null) {
  return app.strapi.documents('api::article.article' as any).create({
    data: { title, slug, summary: `${title}.`, ...(topic ? { topic: await topicId(topic) } : {}) } as any,
    status: 'published',
  } as any);
}

/** Runs week k's digest and waits until the outbox sent what it queued. */
async function runWeek(k: number) {
  const run = await digest().runOnce(week(k));
  await app.strapi.plugin('civic-dialog').service('outbox').drain();
  await settleOutbox(app);
  return run;
}

beforeAll(async () => {
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '500', TOWN_WEBSITE_URL: TOWN_ORIGIN });
  db = rows(app.strapi);
  const today = new Date();
  const monday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - ((today.getUTCDay() || 7) - 1) * DAY;
  firstMonday = monday + 7 * DAY;
  // Week 0 takes in what the seed published (nobody follows anything yet): later weeks list only what is new.
  const first = await runWeek(0);
  expect(first.skipped).toBeUndefined();
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('weekly digest', () => {
  it('sends each citizen one mail with all new entries on their topics and none of other topics', async () => {
    await subscriber('anna.digest@example.org', ['abfall', 'kultur']);
    await subscriber('ben.digest@example.org', ['verkehr'], 'en');
    await subscriber('nobody-new.digest@example.org', ['rathaus']);

    await article('Neue Biotonne ab Juni', 'neue-biotonne', 'abfall');
    await article('Baustelle Hauptstraße', 'baustelle-hauptstrasse', 'verkehr');
    await article('Ohne Thema', 'ohne-thema', null);
    await upcoming('digest-konzert', { title: 'Konzert im Park', newsletterTopic: await topicId('kultur') });
    await upcoming('digest-radtour', { title: 'Radtour', titleEn: 'Bike tour', newsletterTopic: await topicId('verkehr') });
    await upcoming('digest-abgesagt', { title: 'Abgesagtes Fest', eventStatus: 'cancelled', newsletterTopic: await topicId('kultur') });
    await createSurvey(app, 'digest-muell', { title: 'Umfrage Müllabfuhr', topic: await topicId('abfall') });

    const run = await runWeek(1);
    expect(run).toMatchObject({ entries: 5, queued: 2 });

    const [anna, ...moreForAnna] = digestsTo('anna.digest@example.org');
    expect(moreForAnna).toEqual([]);
    expect(anna!.subject).toBe('Neu in Musterstadt: Ihr Wochenüberblick');
    for (const title of ['Neue Biotonne ab Juni', 'Konzert im Park', 'Umfrage Müllabfuhr']) expect(anna!.text).toContain(title);
    for (const title of ['Baustelle Hauptstraße', 'Radtour', 'Ohne Thema', 'Abgesagtes Fest']) expect(anna!.text).not.toContain(title);
    expect(anna!.text).toContain(`${TOWN_ORIGIN}/aktuelles.html#neue-biotonne`);
    expect(anna!.text).toContain(`${TOWN_ORIGIN}/veranstaltungen.html#digest-konzert`);
    expect(anna!.text).toContain(`${TOWN_ORIGIN}/umfrage.html#digest-muell`);
    // The event's date, in German.
    expect(anna!.text).toMatch(/Konzert im Park \(\d{1,2}\. [A-ZÄÖÜa-zäöü]+ \d{4}/);
    expect(anna!.headers['list-unsubscribe']).toMatch(/\/api\/civic-dialog\/unsubscribe\?token=/);
    expect(anna!.text).toMatch(/Themen und Einstellungen ändern: http:\/\/town\.test\/mein-newsletter\.html#/);

    const [ben, ...moreForBen] = digestsTo('ben.digest@example.org');
    expect(moreForBen).toEqual([]);
    expect(ben!.subject).toBe('New in Musterstadt: your weekly digest');
    expect(ben!.text).toContain('Baustelle Hauptstraße');
    expect(ben!.text).toContain('Bike tour');
    expect(ben!.text).not.toContain('Neue Biotonne');

    // Nothing new on "rathaus": no mail at all.
    expect(digestsTo('nobody-new.digest@example.org')).toEqual([]);
  });

  it('sends no second digest in the same week, even when the week is run again from scratch', async () => {
    const again = await runWeek(1);
    expect(again.skipped).toBe('done');
    // The week's claim lost (a run row deleted by hand): the dedupe key still makes it once.
    await app.strapi.db.query(uid('digest-run')).deleteMany({ where: { week: again.week } });
    await article('Nachzügler', 'nachzuegler', 'abfall');
    const rerun = await runWeek(1);
    expect(rerun.queued).toBe(0);
    expect(digestsTo('anna.digest@example.org')).toHaveLength(1);
  });

  it('sends nothing when nothing is new', async () => {
    // "Nachzügler" was seen in week 1's second run: it is not new in week 2 either.
    const run = await runWeek(2);
    expect(run).toMatchObject({ entries: 0, queued: 0 });
    expect(digestsTo('anna.digest@example.org')).toHaveLength(1);
    expect(digestsTo('ben.digest@example.org')).toHaveLength(1);
  });

  it('sends nothing to who unsubscribed, was erased or withdrew the topic meanwhile', async () => {
    const carlId = await subscriber('carl.digest@example.org', ['abfall']);
    const doraId = await subscriber('dora.digest@example.org', ['abfall']);
    await subscriber('emil.digest@example.org', ['abfall', 'kultur']);
    const [welcome] = app.mail.to('carl.digest@example.org').filter((mail) => /willkommen/i.test(mail.subject));
    const unsubscribe = await fetch(welcome!.headers['list-unsubscribe']!.slice(1, -1), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribe.status).toBe(200);
    await app.strapi.plugin('civic-dialog').service('gdpr').erase(doraId);
    // Emil drops "abfall" and keeps "kultur": the waste article is no longer his business.
    await app.strapi.db.query(uid('subscription')).updateMany({ where: { profileId: (await db.profile('emil.digest@example.org')).id, topicId: await topicId('abfall') }, data: { status: 'unsubscribed' } });

    await article('Sperrmülltermine', 'sperrmuell', 'abfall');
    const run = await runWeek(3);
    expect(run).toMatchObject({ entries: 1, queued: 1 });
    expect(digestsTo('carl.digest@example.org')).toEqual([]);
    expect(digestsTo('dora.digest@example.org')).toEqual([]);
    expect(digestsTo('emil.digest@example.org')).toEqual([]);
    expect(await app.strapi.db.query(uid('digest-delivery')).count({ where: { profileId: { $in: [carlId, doraId] } } })).toBe(0);
    const [, second] = digestsTo('anna.digest@example.org');
    expect(second!.text).toContain('Sperrmülltermine');
  });

  it("lists the citizen's digests in the export and erases them with the profile", async () => {
    const annaId = (await db.profile('anna.digest@example.org')).id;
    const exported = await app.strapi.plugin('civic-dialog').service('gdpr').exportDocument(annaId);
    expect(exported.sections.digests).toEqual([
      expect.objectContaining({ week: expect.stringMatching(/^\d{4}-W\d{2}$/), entries: 3 }),
      expect.objectContaining({ entries: 1 }),
    ]);
    await app.strapi.plugin('civic-dialog').service('gdpr').erase(annaId);
    expect(await app.strapi.db.query(uid('digest-delivery')).count({ where: { profileId: annaId } })).toBe(0);
  });

  it('shows the admin its settings, next run and last run', async () => {
    // Week 3 is done: the next run is Monday of week 4 at 07:00 in Berlin.
    const overview = await digest().overview(week(3));
    expect(overview.settings).toEqual({ enabled: true, weekday: 1, hour: 7, timeZone: 'Europe/Berlin', newsContentType: 'api::article.article' });
    const monday = new Date(week(4).getTime() - 8 * 3_600_000);
    const berlinOffsetHours = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', hour: 'numeric', hourCycle: 'h23' }).format(monday));
    expect(overview.nextRun).toBe(new Date(monday.getTime() + (7 - berlinOffsetHours) * 3_600_000).toISOString());
    expect(overview.lastRun).toMatchObject({ entries: 1 });
  });

  it('answers the admin route only with an admin token, with settings and runs (no people)', async () => {
    expect((await fetch(`${app.baseUrl}/civic-dialog/digest`)).status).toBe(401);
    const res = await pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl))('/digest');
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.settings).toMatchObject({ enabled: true, weekday: 1, hour: 7 });
    expect(body.lastRun).toMatchObject({ entries: 1, recipients: 1 });
    expect(JSON.stringify(body)).not.toMatch(/@example\.org/);
  });

  it("falls due at the configured hour of the town's local time, also in the week the clocks go forward", async () => {
    // Berlin's clocks go from 02:00 to 03:00 on Sunday 30 March 2031: Monday 31 March 07:00 is 05:00 UTC.
    const early = await digest().runOnce(new Date('2031-03-31T04:59:00Z'));
    expect(early).toMatchObject({ week: '2031-W14', skipped: 'not-due' });
    expect((await digest().overview(new Date('2031-03-31T04:59:00Z'))).nextRun).toBe('2031-03-31T05:00:00.000Z');
    const due = await digest().runOnce(new Date('2031-03-31T05:00:00Z'));
    expect(due.week).toBe('2031-W14');
    expect(due.skipped).toBeUndefined();
    // Done this week: the next is Monday 7 April, 07:00 summer time.
    expect((await digest().overview(new Date('2031-03-31T05:00:00Z'))).nextRun).toBe('2031-04-07T05:00:00.000Z');
  });
});
