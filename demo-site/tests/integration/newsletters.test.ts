import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { linkTo } from '../support/mail-catcher';
import { NEWSLETTER, paragraph } from '../support/newsletters';
import { startApp, type TestApp } from '../support/strapi';

const uid = (name: string) => `plugin::civic-dialog.${name}` as any;

let app: TestApp;
let admin: ReturnType<typeof pluginAdminApi>;

/** A subscriber as the double opt-in leaves them: active profile, active subscriptions, confirmed consent. */
async function subscriber(email: string, topics: string[], { locale = 'de', confirmed = true } = {}) {
  const q = (name: string) => app.strapi.db.query(uid(name));
  const profile = await q('profile').create({ data: { email, status: 'active', locale, firstName: email.split('@')[0] } });
  for (const slug of topics) {
    const topic = await q('topic').findOne({ where: { slug } });
    await q('subscription').create({ data: { profileId: profile.id, topicId: topic.id, status: 'active' } });
  }
  await q('consent').create({ data: { profileId: profile.id, purpose: 'newsletter', action: 'granted', topics } });
  if (confirmed) await q('consent').create({ data: { profileId: profile.id, purpose: 'newsletter', action: 'confirmed', topics } });
  return profile;
}

async function newsletter(data: Record<string, unknown> = {}) {
  const topics = await app.strapi.db.query(uid('topic')).findMany({ where: { slug: { $in: ['kultur', 'abfall'] } } });
  const doc = await app.strapi.documents(NEWSLETTER).create({
    data: {
      subject: 'Neues aus Musterstadt',
      subjectEn: 'News from Musterstadt',
      slug: `nl-${Math.random().toString(36).slice(2, 8)}`,
      body: [
        { __component: 'civic-newsletter.rich-text', text: paragraph('Hallo <Welt> & {{x}}'), textEn: paragraph('Hello world') },
        { __component: 'civic-newsletter.button', label: 'Mehr', url: 'https://musterstadt.example/mehr' },
      ],
      topics: topics.map((t: any) => t.documentId),
      webArchive: true,
      ...data,
    },
  });
  return doc.documentId as string;
}

const post = (path: string, body: unknown = {}) => admin(path, { method: 'POST', body: JSON.stringify(body) });
const drain = () => app.strapi.plugin('civic-dialog').service('newsletterSender').drain();

beforeAll(async () => {
  app = await startApp({ CIVIC_NEWSLETTER_POLL_MS: '0' });
  admin = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl));
}, 240_000);
afterAll(() => app?.stop());

describe('newsletter send', () => {
  it('freezes the right people once each, mails them in their language with unsubscribe headers, and reports', async () => {
    await subscriber('de1@example.org', ['kultur', 'abfall']);
    await subscriber('en1@example.org', ['kultur'], { locale: 'en' });
    await subscriber('unconfirmed@example.org', ['kultur'], { confirmed: false });
    await subscriber('other@example.org', ['verkehr']);
    const id = await newsletter();

    const audience = await (await admin(`/newsletters/${id}/audience`)).json();
    expect(audience).toEqual({ total: 2, byLocale: { de: 1, en: 1 } });

    const res = await post(`/newsletters/${id}/send`);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'sending', recipients: 2 });
    expect((await post(`/newsletters/${id}/send`)).status).toBe(409);
    await drain();

    const [de] = await app.mail.waitFor('de1@example.org');
    const [en] = await app.mail.waitFor('en1@example.org');
    expect(de!.subject).toBe('Neues aus Musterstadt');
    expect(en!.subject).toBe('News from Musterstadt');
    expect(de!.html).toContain('Hallo &lt;Welt&gt; &amp; &#123;&#123;x&#125;&#125;');
    expect(de!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(de!.headers['list-id']).toContain('<newsletter.');
    expect(de!.headers['message-id']).toMatch(/\.nl\d+@/);
    expect(app.mail.to('unconfirmed@example.org')).toHaveLength(0);
    expect(app.mail.to('other@example.org')).toHaveLength(0);

    // A click counts the link; one-click unsubscribe counts for this newsletter.
    const click = linkTo(de!, '/api/civic-dialog/l/');
    const redirect = await fetch(click, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('https://musterstadt.example/mehr');
    const unsubscribe = linkTo(de!, '/api/civic-dialog/newsletters/unsubscribe');
    expect((await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).status).toBe(200);

    const report = await (await admin(`/newsletters/${id}/report`)).json();
    expect(report).toMatchObject({ status: 'sent', recipients: 2, sent: 2, pending: 0, failed: 0, uncertain: 0, unsubscribes: 1 });
    expect(report.clicks).toEqual([{ url: 'https://musterstadt.example/mehr', count: 1 }]);
    const profile = await app.strapi.db.query(uid('profile')).findOne({ where: { email: 'de1@example.org' } });
    expect(profile.status).toBe('unsubscribed');
  });

  it('an unsubscribe link mailed more than 180 days ago still unsubscribes: page + form POST, and one-click POST', async () => {
    // Links mailed before this release carry an expiry; they are signed as the server signs (README: links.ts).
    const [key] = app.strapi.config.get('server.app.keys') as string[];
    const derived = createHmac('sha256', key!).update('civic-dialog newsletter links v1').digest();
    const oldLink = (profileId: number, purpose = 'unsubscribe') => {
      const issued = Math.floor(Date.now() / 1000) - 200 * 86_400;
      const body = [purpose[0], profileId.toString(36), '0', (issued + 180 * 86_400).toString(36), ''].join('.');
      const token = `${Buffer.from(body).toString('base64url')}.${createHmac('sha256', derived).update(body).digest().subarray(0, 16).toString('base64url')}`;
      return `${app.baseUrl}/api/civic-dialog/newsletters/${purpose}?token=${encodeURIComponent(token)}`;
    };
    const status = async (email: string) => (await app.strapi.db.query(uid('profile')).findOne({ where: { email } })).status;

    const reader = await subscriber('old-link@example.org', ['kultur']);
    const page = await fetch(oldLink(reader.id));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Newsletter abbestellen');
    expect((await fetch(oldLink(reader.id), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' })).status).toBe(200);
    expect(await status('old-link@example.org')).toBe('unsubscribed');

    const oneClick = await subscriber('old-one-click@example.org', ['kultur']);
    const res = await fetch(oldLink(oneClick.id), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect(await status('old-one-click@example.org')).toBe('unsubscribed');

    // A manage link still expires; its page points to a new link, not to signing up again.
    const manage = await fetch(oldLink(reader.id, 'manage'), { redirect: 'manual' });
    expect(manage.status).toBe(410);
    const text = await manage.text();
    expect(text).toContain('Einen neuen Link können Sie auf der Website in Ihren Newsletter-Einstellungen per E-Mail anfordern');
  });

  it('refuses bad newsletters with a 400 naming the problem and starts nothing', async () => {
    const empty = await newsletter({ body: [] });
    const res = await post(`/newsletters/${empty}/send`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/blocks is empty/);
    const noAudience = await newsletter({ topics: [] });
    expect((await (await post(`/newsletters/${noAudience}/send`)).json()).error.message).toMatch(/at least one topic/);
    // A javascript: link does not even save (newsletters-editing.test.ts: the content manager's 400).
    await expect(newsletter({ body: [{ __component: 'civic-newsletter.button', label: 'x', url: 'javascript:alert(1)' }] })).rejects.toThrow(/javascript:/);
    const past = await newsletter();
    const pastRes = await post(`/newsletters/${past}/send`, { scheduledAt: new Date(Date.now() - 3_600_000).toISOString() });
    expect(pastRes.status).toBe(400);
    for (const doc of [empty, noAudience, past]) {
      expect((await (await admin(`/newsletters/${doc}/report`)).json()).status).toBe('draft');
    }
  });

  it('names each problem of a newsletter with only its subjects by a stable code, for the audience count and the send', async () => {
    const onlySubjects = await newsletter({ body: [], topics: [] });
    for (const res of [await admin(`/newsletters/${onlySubjects}/audience`), await post(`/newsletters/${onlySubjects}/send`)]) {
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error).toMatchObject({ status: 400, name: 'ValidationError' });
      expect(error.details.errors).toEqual([
        expect.objectContaining({ path: ['blocks'], code: 'no-content', name: 'ValidationError' }),
        expect.objectContaining({ path: ['audience', 'topics'], code: 'no-topics', name: 'ValidationError' }),
      ]);
    }
    expect((await (await admin(`/newsletters/${onlySubjects}/report`)).json()).status).toBe('draft');
  });
});
