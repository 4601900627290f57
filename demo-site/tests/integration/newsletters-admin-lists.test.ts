import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { linkTo } from '../support/mail-catcher';
import { NEWSLETTER, paragraph } from '../support/newsletters';
import { startApp, type TestApp } from '../support/strapi';

/** The admin's newsletter list page and home page widget: GET /civic-dialog/newsletters and …/newsletters/dashboard. */

const uid = (name: string) => `plugin::civic-dialog.${name}` as any;
const SENDER = { email: 'versand@musterstadt.example', password: `Send-${randomBytes(9).toString('base64url')}` };

let app: TestApp;
let admin: ReturnType<typeof pluginAdminApi>;
let sender: ReturnType<typeof pluginAdminApi>;

/** A profile with subscriptions and newsletter consents as given (the double opt-in leaves: active, granted + confirmed). */
async function subscriber(
  email: string,
  topics: string[],
  { consents = ['granted', 'confirmed'], subscription = 'active' }: { consents?: string[]; subscription?: string } = {},
) {
  const q = (name: string) => app.strapi.db.query(uid(name));
  const profile = await q('profile').create({ data: { email, status: 'active', locale: 'de', firstName: email.split('@')[0] } });
  for (const slug of topics) {
    const topic = await q('topic').findOne({ where: { slug } });
    await q('subscription').create({ data: { profileId: profile.id, topicId: topic.id, status: subscription } });
  }
  for (const action of consents) await q('consent').create({ data: { profileId: profile.id, purpose: 'newsletter', action, topics } });
  return profile;
}

async function newsletter(subject: string, topicSlugs: string[]) {
  const topics = await app.strapi.db.query(uid('topic')).findMany({ where: { slug: { $in: topicSlugs } } });
  const doc = await app.strapi.documents(NEWSLETTER).create({
    data: {
      subject,
      slug: `nl-${Math.random().toString(36).slice(2, 8)}`,
      body: [
        { __component: 'civic-newsletter.rich-text', text: paragraph('Hallo') },
        { __component: 'civic-newsletter.button', label: 'Mehr', url: 'https://musterstadt.example/mehr' },
      ],
      topics: topics.map((t: any) => t.documentId),
      webArchive: false,
    },
  });
  return doc.documentId as string;
}

const json = async (path: string) => {
  const res = await admin(path);
  expect(res.status).toBe(200);
  return (await res.json()) as any;
};

beforeAll(async () => {
  app = await startApp({ CIVIC_NEWSLETTER_POLL_MS: '0' });
  admin = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl));
  // An editor who may send newsletters but not read their lists and reports.
  const role = await app.strapi.service('admin::role').create({ name: 'Nur Versand', description: 'sends newsletters, reads nothing' });
  await app.strapi.service('admin::role').assignPermissions(role.id, [{ action: 'plugin::civic-dialog.newsletters.send', subject: null, conditions: [], properties: {} }]);
  await app.strapi.service('admin::user').create({ ...SENDER, firstname: 'Vera', lastname: 'Sand', isActive: true, registrationToken: null, roles: [role.id] });
  sender = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl, SENDER));
}, 240_000);
afterAll(() => app?.stop());

describe(`newsletter list and dashboard on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('counts subscribers per topic (active subscription, latest consent confirmed), lists newsletters newest first with their figures', async () => {
    await subscriber('anna@example.org', ['kultur', 'abfall']);
    await subscriber('ben@example.org', ['kultur']);
    await subscriber('unbestaetigt@example.org', ['kultur'], { consents: ['granted'] });
    await subscriber('widerrufen@example.org', ['verkehr'], { consents: ['granted', 'confirmed', 'withdrawn'] });
    await subscriber('abbestellt@example.org', ['abfall'], { subscription: 'unsubscribed' });
    await subscriber('clara@example.org', ['verkehr']);

    const before = await json('/newsletters/dashboard');
    expect(before).toEqual({
      topics: [
        { name: 'Kultur & Veranstaltungen', subscribers: 2 },
        { name: 'Abfall & Recycling', subscribers: 1 },
        { name: 'Verkehr & Baustellen', subscribers: 1 },
        { name: 'Rathaus & Gemeinderat', subscribers: 0 },
      ],
      newsletters: [],
    });

    const sentId = await newsletter('Kulturherbst in Musterstadt', ['kultur']);
    expect((await admin(`/newsletters/${sentId}/send`, { method: 'POST', body: '{}' })).status).toBe(202);
    await app.strapi.plugin('civic-dialog').service('newsletterSender').drain();
    const [mail] = await app.mail.waitFor('anna@example.org');
    await app.mail.waitFor('ben@example.org');
    expect((await fetch(linkTo(mail!, '/api/civic-dialog/l/'), { redirect: 'manual' })).status).toBe(302);
    const unsubscribe = linkTo(mail!, '/api/civic-dialog/newsletters/unsubscribe');
    expect((await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).status).toBe(200);
    const draftId = await newsletter('Entwurf Verkehr', ['verkehr']);

    const list = await json('/newsletters');
    expect(list.results).toHaveLength(2);
    const [draft, sent] = list.results;
    expect(draft).toEqual({
      documentId: draftId,
      subject: 'Entwurf Verkehr',
      status: 'draft',
      scheduledAt: null,
      startedAt: null,
      finishedAt: null,
      recipients: 0,
      sent: 0,
      failed: 0,
      uncertain: 0,
      unsubscribes: 0,
      clicks: 0,
    });
    expect(sent).toMatchObject({ documentId: sentId, subject: 'Kulturherbst in Musterstadt', status: 'sent', scheduledAt: null, recipients: 2, sent: 2, failed: 0, uncertain: 0, unsubscribes: 1, clicks: 1 });
    expect(Date.parse(sent.startedAt)).not.toBeNaN();
    expect(Date.parse(sent.finishedAt)).toBeGreaterThanOrEqual(Date.parse(sent.startedAt));
    expect(await json('/newsletters?page=2')).toEqual({ results: [] });

    const dashboard = await json('/newsletters/dashboard');
    expect(dashboard.newsletters).toEqual([
      { documentId: sentId, title: 'Kulturherbst in Musterstadt', sentAt: sent.startedAt, recipients: 2, sent: 2, failed: 0, unsubscribes: 1, clicks: 1 },
    ]);
    expect((await json(`/newsletters/${sentId}/report`)).subject).toBe('Kulturherbst in Musterstadt');
  });

  it('answers 400 to a bad page, and 403 to an editor without newsletters.read', async () => {
    const bad = await admin('/newsletters?page=0');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ status: 400, name: 'ValidationError' });
    for (const path of ['/newsletters', '/newsletters/dashboard']) {
      const res = await sender(path);
      expect(res.status).toBe(403);
      expect((await res.json()).error).toMatchObject({ status: 403, name: 'PolicyError' });
    }
  });
});
