import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { publicApi } from '../support/http';
import { linkTo, type ReceivedMail } from '../support/mail-catcher';
import { addSubscribers, knexSql, NEWSLETTER, ownTopic, subscriberEmail } from '../support/newsletters';
import { startApp, type TestApp } from '../support/strapi';

/**
 * Hostile review of the newsletters (issue 9/10): findings that were fixed, each failing before its fix.
 */

const uid = (name: string) => `plugin::civic-dialog.${name}` as any;
// Test-only field updates of the plugin's and the demo's types (their generated types are not in this project).
const documents = (type: string) => app.strapi.documents(type as any) as any;
let app: TestApp;
let admin: ReturnType<typeof pluginAdminApi>;

async function subscriber(email: string) {
  const q = (name: string) => app.strapi.db.query(uid(name));
  const profile = await q('profile').create({ data: { email, status: 'active', locale: 'de', firstName: 'X' } });
  const topic = await q('topic').findOne({ where: { slug: 'kultur' } });
  await q('subscription').create({ data: { profileId: profile.id, topicId: topic.id, status: 'active' } });
  for (const action of ['granted', 'confirmed']) await q('consent').create({ data: { profileId: profile.id, purpose: 'newsletter', action, topics: ['kultur'] } });
}

async function newsletter(data: Record<string, unknown>) {
  const topics = await app.strapi.db.query(uid('topic')).findMany({ where: { slug: 'kultur' } });
  const doc = await app.strapi.documents(NEWSLETTER).create({
    data: {
      subject: 'Review',
      slug: `review-${Math.random().toString(36).slice(2, 8)}`,
      body: [{ __component: 'civic-newsletter.button', label: 'Mehr', url: 'https://musterstadt.example/mehr' }],
      topics: topics.map((t: any) => t.documentId),
      webArchive: true,
      ...data,
    },
  });
  return doc as unknown as { documentId: string; slug: string };
}

const archive = (path = '') => fetch(`${app.baseUrl}/api/civic-dialog/newsletters/archive${path}`);
const send = async (documentId: string) => {
  expect((await admin(`/newsletters/${documentId}/send`, { method: 'POST', body: '{}' })).status).toBe(202);
  await app.strapi.plugin('civic-dialog').service('newsletterSender').drain();
};

/** A media-library image as Strapi's blocks editor stores it inside a rich-text node. */
const richTextImage = (alternativeText: string | null) => ({
  type: 'image',
  image: {
    name: 'rathaus.png', alternativeText, url: '/uploads/rathaus.png', caption: null, width: 10, height: 10, formats: null, hash: 'rathaus',
    ext: '.png', mime: 'image/png', size: 1, previewUrl: null, provider: 'local', provider_metadata: null,
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
  },
  children: [{ type: 'text', text: '' }],
});

beforeAll(async () => {
  app = await startApp({ CIVIC_NEWSLETTER_POLL_MS: '0' });
  admin = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl));
  await subscriber('leser@example.org');
}, 240_000);
afterAll(() => app?.stop());

describe('web archive', () => {
  it('takes a sent newsletter out of the public archive when the editor unticks "web archive" or deletes it', async () => {
    const unticked = await newsletter({});
    const deleted = await newsletter({});
    await send(unticked.documentId);
    await send(deleted.documentId);
    const listed = async () => ((await (await archive()).json()) as { data: Array<{ slug: string }> }).data.map((item) => item.slug).sort();
    expect(await listed()).toEqual([unticked.slug, deleted.slug].sort());
    expect((await archive(`/${unticked.slug}`)).status).toBe(200);

    await documents(NEWSLETTER).update({ documentId: unticked.documentId, data: { webArchive: false } });
    await app.strapi.documents(NEWSLETTER).delete({ documentId: deleted.documentId });

    expect(await listed()).toEqual([]);
    for (const { slug } of [unticked, deleted]) {
      const page = await archive(`/${slug}`);
      expect(page.status).toBe(404);
      expect((await page.json()).error.name).toBe('NotFoundError');
    }
    // The report of the sent newsletter is unaffected.
    expect((await (await admin(`/newsletters/${unticked.documentId}/report`)).json()).sent).toBe(1);
  });
});

describe('the archive page', () => {
  it('is compiled once per send and language, then served from memory with a public cache header; unticking still takes it out at once', async () => {
    const sent = await newsletter({ subjectEn: 'Review (en)' });
    await send(sent.documentId);
    const service = app.strapi.plugin('civic-dialog').service('newsletters');
    const before = service.archiveRenderCount() as number;

    const first = await archive(`/${sent.slug}?locale=de`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    const html = await first.text();
    expect(service.archiveRenderCount()).toBe(before + 1);

    const second = await archive(`/${sent.slug}?locale=de`);
    expect(second.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await second.text()).toBe(html);
    expect(service.archiveRenderCount()).toBe(before + 1);

    // The other language is its own entry.
    expect(await (await archive(`/${sent.slug}?locale=en`)).text()).toContain('Review (en)');
    expect(service.archiveRenderCount()).toBe(before + 2);

    await documents(NEWSLETTER).update({ documentId: sent.documentId, data: { webArchive: false } });
    expect((await archive(`/${sent.slug}?locale=de`)).status).toBe(404);
  });
});

describe('images inside rich text', () => {
  it('refuses an image without alternative text on save, like the image block', async () => {
    const error = await newsletter({ body: [{ __component: 'civic-newsletter.rich-text', text: [richTextImage('  ')] }] }).then(
      () => null,
      (e: { name: string; message: string; details?: { errors?: Array<{ path: string[] }> } }) => e,
    );
    expect(error?.name).toBe('ValidationError');
    expect(error?.message).toMatch(/Alternative text is required/);
    expect(error?.details?.errors?.[0]?.path).toEqual(['body', '0', 'text', '0', 'image', 'alternativeText']);
  });

  it('puts an absolute address into the mail (a mail client cannot load /uploads/… of the CMS)', async () => {
    const { documentId } = await newsletter({ body: [{ __component: 'civic-newsletter.rich-text', text: [richTextImage('Das Rathaus')] }] });
    const html = await (await admin(`/newsletters/${documentId}/preview`)).text();
    expect(html).toContain(`<img src="${app.baseUrl}/uploads/rathaus.png" alt="Das Rathaus"`);
  });
});

describe('a referenced CMS entry', () => {
  const ARTICLE = 'api::article.article' as any;
  const referencing = (documentId: string) => newsletter({ webArchive: false, body: [{ __component: 'civic-newsletter.entry-article', entry: documentId }] });

  it('that was never published is refused before a send, and nothing starts', async () => {
    const embargo = await app.strapi.documents(ARTICLE).create({ data: { title: 'Sperrfrist bis Montag', slug: 'sperrfrist', summary: 'noch geheim' } });
    const { documentId } = await referencing(embargo.documentId);
    const res = await admin(`/newsletters/${documentId}/send`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/not published/);
    expect((await (await admin(`/newsletters/${documentId}/report`)).json()).status).toBe('draft');
  });

  it('goes out as published, not with its unpublished edits', async () => {
    const article = await app.strapi.documents(ARTICLE).create({ data: { title: 'Stadtfest am Samstag', slug: 'stadtfest', summary: 'Alle sind eingeladen' } });
    await app.strapi.documents(ARTICLE).publish({ documentId: article.documentId });
    await documents(ARTICLE).update({ documentId: article.documentId, data: { title: 'Entwurf: Stadtfest abgesagt?' } });
    const { documentId } = await referencing(article.documentId);
    const text = await (await admin(`/newsletters/${documentId}/preview?format=text`)).text();
    expect(text).toContain('STADTFEST AM SAMSTAG');
    expect(text).not.toContain('Entwurf');
  });
});

/** A topic of its own with `count` subscribers, a newsletter to them (not archived), sent. */
async function sentTo(prefix: string, count: number) {
  const topic = await ownTopic(app.strapi, `t-${prefix}`);
  await addSubscribers(knexSql(app.strapi), { count, prefix, topicId: topic.id });
  const { documentId } = await newsletter({ topics: [topic.documentId], webArchive: false });
  await send(documentId);
  const mails: ReceivedMail[] = [];
  for (let n = 1; n <= count; n += 1) mails.push((await app.mail.waitFor(subscriberEmail(prefix, n)))[0]!);
  return { documentId, mails };
}

describe('the manage link of a newsletter mail', () => {
  it('leads to one manage token however often it is opened (a mail scanner, a second click, two at once)', async () => {
    const { mails } = await sentTo('manage', 1);
    const link = linkTo(mails[0]!, '/api/civic-dialog/newsletters/manage');
    const profile = await app.strapi.db.query(uid('profile')).findOne({ where: { email: subscriberEmail('manage', 1) } });
    const manageTokens = () => app.strapi.db.query(uid('token')).count({ where: { profileId: profile.id, purpose: 'manage-link' } });
    expect(await manageTokens()).toBe(0);

    const opened = await Promise.all([1, 2, 3].map(() => fetch(link, { redirect: 'manual' })));
    opened.push(await fetch(link, { redirect: 'manual' }));
    expect(opened.map((res) => res.status)).toEqual([302, 302, 302, 302]);
    const targets = new Set(opened.map((res) => res.headers.get('location')));
    expect(targets.size).toBe(1);
    expect(await manageTokens()).toBe(1);

    // That one token opens the preference center, as the widget does with the fragment.
    const token = new URLSearchParams(new URL([...targets][0]!).hash.slice(1)).get('civic-token');
    const session = await publicApi(app.baseUrl).postJson('/preferences/session', { token });
    expect(session.status).toBe(200);
  });
});

describe('click counting', () => {
  it('counts a link once per mail however often it is opened, never for HEAD, and keeps nothing that names the reader', async () => {
    const { documentId, mails } = await sentTo('clicks', 2);
    const [first, second] = mails.map((mail) => linkTo(mail, '/api/civic-dialog/l/'));
    // Each mail has its own redirect, the same in its HTML and text part.
    expect(first!.toString()).not.toBe(second!.toString());
    expect(mails[0]!.html).toContain(first!.toString());
    const clicks = async () => (await (await admin(`/newsletters/${documentId}/report`)).json()).clicks;

    const head = await fetch(first!, { method: 'HEAD', redirect: 'manual' });
    expect(head.status).toBe(302);
    expect(head.headers.get('location')).toBe('https://musterstadt.example/mehr');
    expect(await clicks()).toEqual([]);

    // A scanner's prefetch and the reader's clicks of one mail: one.
    for (const res of await Promise.all([1, 2, 3].map(() => fetch(first!, { redirect: 'manual' })))) expect(res.status).toBe(302);
    expect(await clicks()).toEqual([{ url: 'https://musterstadt.example/mehr', count: 1 }]);
    expect((await fetch(second!, { redirect: 'manual' })).status).toBe(302);
    expect(await clicks()).toEqual([{ url: 'https://musterstadt.example/mehr', count: 2 }]);

    // What is kept to count once: random marks, stored with no recipient, no delivery and no time of day.
    const knex = app.strapi.db.connection;
    const columns = Object.keys(await knex('civic_dialog_newsletter_click_marks').columnInfo());
    expect(columns.filter((column) => /profile|delivery|ip|agent/.test(column))).toEqual([]);
    const { id: sendId } = await knex('civic_dialog_newsletter_sends').select('id').where('newsletter_document_id', documentId).first();
    const marks = await knex('civic_dialog_newsletter_click_marks').select('created_at').where('send_id', sendId);
    expect(marks).toHaveLength(2);
    for (const { created_at } of marks) expect(new Date(typeof created_at === 'string' ? Number(created_at) || created_at : created_at).toISOString()).toMatch(/T00:00:00\.000Z$/);
  });
});

describe('the preview', () => {
  it('is readable by the admin panel only (no wildcard CORS), and no public preview link carries a token', async () => {
    const { documentId } = await newsletter({ webArchive: false });
    for (const headers of [{}, { origin: 'https://evil.example' }] as Array<Record<string, string>>) {
      const res = await admin(`/newsletters/${documentId}/preview`, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect((await fetch(`${app.baseUrl}/api/civic-dialog/newsletters/preview/abc.def?locale=de`)).status).toBe(404);
  });
});
