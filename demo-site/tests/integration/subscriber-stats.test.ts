import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { startApp, type TestApp } from '../support/strapi';

/**
 * The admin home page widget's figures over time: GET /civic-dialog/subscriptions/stats, the last
 * 12 weeks (Monday to Sunday in Europe/Berlin) of the newsletter ledger and of subscribers per topic.
 * Rows are written with explicit times (as Strapi writes them: Date bindings), plus some through the
 * Query Engine now, as the signup and preference code writes them.
 */

const uid = (name: string) => `plugin::civic-dialog.${name}` as any;
const READER = { email: 'nur-versand@musterstadt.example', password: `Send-${randomBytes(9).toString('base64url')}` };
const DAY = 86_400_000;

let app: TestApp;
let admin: ReturnType<typeof pluginAdminApi>;
let sender: ReturnType<typeof pluginAdminApi>;

const stats = async () => {
  const res = await admin('/subscriptions/stats');
  expect(res.status).toBe(200);
  return (await res.json()) as {
    timeZone: string;
    weeks: Array<{ start: string; signups: number; confirmations: number; unsubscribes: number }>;
    topics: Array<{ slug: string; name: string; subscribers: number[] }>;
  };
};

/** Berlin's offset from UTC in ms on a date (at noon: Berlin changes its clocks at night, never near midnight). */
function berlinOffset(date: string): number {
  const name = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${date}T12:00:00Z`))
    .find((part) => part.type === 'timeZoneName')!.value; // "GMT+01:00"
  const [, sign, hours, minutes] = /GMT([+-])(\d\d):(\d\d)/.exec(name)!;
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60_000;
}

/** The instant of a wall-clock time in Berlin, `days` after the Monday `monday` (YYYY-MM-DD). */
function berlin(monday: string, days: number, time: string): Date {
  const date = new Date(Date.parse(`${monday}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
  return new Date(Date.parse(`${date}T${time}:00Z`) - berlinOffset(date));
}

/**
 * Each test compares answers taken a few seconds apart; the week window moves at Monday 00:00 in Berlin.
 * Within half a minute of that moment, wait until it has passed, so both answers see the same 12 weeks.
 */
async function awayFromWeekChange() {
  const { weeks } = await stats();
  const change = berlin(weeks[11]!.start, 7, '00:00').getTime();
  if (change - Date.now() < 30_000) await new Promise((resolve) => setTimeout(resolve, change - Date.now() + 1_000));
}

const knex = () => app.strapi.db.connection;
const docId = () => randomBytes(12).toString('hex');

async function profile(email: string) {
  return (await app.strapi.db.query(uid('profile')).create({ data: { email, status: 'active', locale: 'de' } })).id as number;
}
async function consent(profileId: number, action: string, at: Date, purpose = 'newsletter') {
  await knex()('civic_dialog_consents').insert({ document_id: docId(), profile_id: profileId, purpose, action, topics: '[]', created_at: at, updated_at: at });
}
async function subscription(profileId: number, slug: string, confirmedAt: Date | null, withdrawnAt: Date | null = null) {
  const topic = await app.strapi.db.query(uid('topic')).findOne({ where: { slug } });
  const status = withdrawnAt ? 'unsubscribed' : confirmedAt ? 'active' : 'pending';
  const created = confirmedAt ?? new Date();
  await knex()('civic_dialog_subscriptions').insert({
    document_id: docId(),
    profile_id: profileId,
    topic_id: topic.id,
    status,
    confirmed_at: confirmedAt,
    withdrawn_at: withdrawnAt,
    created_at: created,
    updated_at: created,
  });
}

beforeAll(async () => {
  app = await startApp({ CIVIC_NEWSLETTER_POLL_MS: '0' });
  admin = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl));
  // An editor who may send newsletters but not read them: the dashboard's figures are not theirs.
  const role = await app.strapi.service('admin::role').create({ name: 'Nur Versand', description: 'sends newsletters, reads nothing' });
  await app.strapi.service('admin::role').assignPermissions(role.id, [{ action: 'plugin::civic-dialog.newsletters.send', subject: null, conditions: [], properties: {} }]);
  await app.strapi.service('admin::user').create({ ...READER, firstname: 'Vera', lastname: 'Sand', isActive: true, registrationToken: null, roles: [role.id] });
  sender = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl, READER));
}, 240_000);
afterAll(() => app?.stop());

describe(`subscriber figures per week on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('gives 12 weeks of zeros, Monday to Monday in Berlin up to this week, for every topic, before anything happened', async () => {
    await awayFromWeekChange();
    const empty = await stats();
    expect(empty.timeZone).toBe('Europe/Berlin');
    expect(empty.weeks).toHaveLength(12);
    const starts = empty.weeks.map((week) => week.start);
    for (const [index, start] of starts.entries()) {
      expect(new Date(`${start}T00:00:00Z`).getUTCDay()).toBe(1);
      if (index) expect(Date.parse(`${start}T00:00:00Z`) - Date.parse(`${starts[index - 1]}T00:00:00Z`)).toBe(7 * DAY);
    }
    // This week is the last: it began at the last Monday's midnight in Berlin and has not ended.
    const now = Date.now();
    expect(berlin(starts[11]!, 0, '00:00').getTime()).toBeLessThanOrEqual(now);
    expect(berlin(starts[11]!, 7, '00:00').getTime()).toBeGreaterThan(now);
    expect(empty.weeks.every((week) => week.signups === 0 && week.confirmations === 0 && week.unsubscribes === 0)).toBe(true);
    expect(empty.topics).toEqual(
      [
        ['abfall', 'Abfall & Recycling'],
        ['kultur', 'Kultur & Veranstaltungen'],
        ['verkehr', 'Verkehr & Baustellen'],
        ['rathaus', 'Rathaus & Gemeinderat'],
      ].map(([slug, name]) => ({ slug, name, subscribers: Array(12).fill(0) })),
    );
  });

  it('counts signups, confirmations and unsubscribes per week and subscribers per topic at each week end, exactly', async () => {
    await awayFromWeekChange();
    const { weeks } = await stats();
    const week = (index: number) => weeks[index]!.start;

    // Anna: signs up and confirms in week 2, subscribed to kultur until Monday 00:30 of week 5.
    const anna = await profile('anna@example.org');
    await consent(anna, 'granted', berlin(week(2), 2, '12:00'));
    await consent(anna, 'confirmed', berlin(week(2), 3, '09:00'));
    await subscription(anna, 'kultur', berlin(week(2), 3, '09:00'), berlin(week(5), 0, '00:30'));
    await consent(anna, 'withdrawn', berlin(week(5), 0, '00:30'));
    // A survey consent is no newsletter signup.
    await consent(anna, 'granted', berlin(week(2), 4, '10:00'), 'survey');

    // Ben: signs up twice in week 5 (once Sunday 23:30, still week 5) and confirms Monday 00:30 (week 6).
    const ben = await profile('ben@example.org');
    await consent(ben, 'granted', berlin(week(5), 2, '08:00'));
    await consent(ben, 'granted', berlin(week(5), 6, '23:30'));
    await consent(ben, 'confirmed', berlin(week(6), 0, '00:30'));
    await subscription(ben, 'kultur', berlin(week(6), 0, '00:30'));
    await subscription(ben, 'abfall', berlin(week(6), 0, '00:30'));

    // Clara: signs up in week 8 and never confirms: a signup, no subscriber.
    const clara = await profile('clara@example.org');
    await consent(clara, 'granted', berlin(week(8), 1, '15:00'));
    await subscription(clara, 'kultur', null);

    // Eve: confirmed on the Sunday before the first week: no figure of the weeks, a subscriber in each.
    const eve = await profile('eve@example.org');
    await consent(eve, 'granted', berlin(week(0), -1, '10:00'));
    await consent(eve, 'confirmed', berlin(week(0), -1, '23:59'));
    await subscription(eve, 'verkehr', berlin(week(0), -1, '23:59'));

    // Dora: now, written as the signup and preference code writes (Query Engine, Date objects).
    const dora = await profile('dora@example.org');
    for (const action of ['granted', 'confirmed']) {
      await app.strapi.db.query(uid('consent')).create({ data: { profileId: dora, purpose: 'newsletter', action, topics: ['abfall'] } });
    }
    const abfall = await app.strapi.db.query(uid('topic')).findOne({ where: { slug: 'abfall' } });
    await app.strapi.db.query(uid('subscription')).create({ data: { profileId: dora, topicId: abfall.id, status: 'active', confirmedAt: new Date() } });

    const after = await stats();
    expect(after.weeks.map((w) => w.start)).toEqual(weeks.map((w) => w.start));
    const figures = (key: 'signups' | 'confirmations' | 'unsubscribes') => after.weeks.map((w) => w[key]);
    //                                     0  1  2  3  4  5  6  7  8  9 10 11
    expect(figures('signups')).toEqual(/**/ [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1]);
    expect(figures('confirmations')).toEqual([0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    expect(figures('unsubscribes')).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(after.topics.map((topic) => [topic.slug, topic.subscribers])).toEqual([
      ['abfall', [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2]],
      ['kultur', [0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]],
      ['verkehr', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]],
      ['rathaus', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
    ]);
  });

  it('answers 403 in Strapi’s error shape to an editor without newsletters.read, and 401 without a login', async () => {
    const res = await sender('/subscriptions/stats');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ data: null, error: { status: 403, name: 'PolicyError' } });
    expect((await fetch(`${app.baseUrl}/civic-dialog/subscriptions/stats`)).status).toBe(401);
  });
});
