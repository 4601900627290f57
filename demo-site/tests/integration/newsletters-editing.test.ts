import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { addSubscribers, createNewsletter, knexSql, NEWSLETTER, ownTopic, paragraph, subscriberEmail } from '../support/newsletters';
import { startApp, type TestApp } from '../support/strapi';

/**
 * What editors do around a send: save (alt text and links checked), preview, test send, the
 * second pair of eyes, a deleted reference, two send clicks at once.
 */

const EVENT = 'plugin::civic-dialog.event' as any;
const APPROVER = { email: 'freigabe@musterstadt.example', password: 'Freigabe-Passwort-2026!' };

let app: TestApp;
let token: string;
let approverToken: string;
let admin: ReturnType<typeof pluginAdminApi>;
let approver: ReturnType<typeof pluginAdminApi>;
const post = (api: ReturnType<typeof pluginAdminApi>, path: string, body: unknown = {}) => api(path, { method: 'POST', body: JSON.stringify(body) });
const report = async (id: string) => (await admin(`/newsletters/${id}/report`)).json();
/** Approves as the admin panel does: naming the version of the mail the report shows the approver. */
const approve = async (api: ReturnType<typeof pluginAdminApi>, id: string) => post(api, `/newsletters/${id}/approve`, { version: (await report(id)).approval.version });
const drain = () => app.strapi.plugin('civic-dialog').service('newsletterSender').drain() as Promise<void>;
const newsletterSettings = () => (app.strapi.config.get('plugin::civic-dialog') as any).newsletters;

/** The content manager's API, as the admin panel calls it. */
const contentManager = (path: string, init: RequestInit = {}, bearer = token) =>
  fetch(`${app.baseUrl}/content-manager${path}`, {
    ...init,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
const saveNewsletter = (data: Record<string, unknown>, bearer = token) =>
  contentManager(`/collection-types/${NEWSLETTER}`, { method: 'POST', body: JSON.stringify({ slug: `cm-${Math.random().toString(36).slice(2, 8)}`, webArchive: false, ...data }) }, bearer);

async function audience(prefix: string, count: number) {
  const topic = await ownTopic(app.strapi, `t-${prefix}`);
  await addSubscribers(knexSql(app.strapi), { count, prefix, topicId: topic.id });
  return topic;
}

beforeAll(async () => {
  app = await startApp({ CIVIC_NEWSLETTER_POLL_MS: '0' });
  token = await adminToken(app.baseUrl);
  admin = pluginAdminApi(app.baseUrl, token);
  // A second editor who may send newsletters (and edit them), nothing else.
  const role = await app.strapi.service('admin::role').create({ name: 'Newsletter-Freigabe', description: 'approves and sends newsletters' });
  await app.strapi.service('admin::role').assignPermissions(role.id, [
    { action: 'plugin::civic-dialog.newsletters.read', subject: null, conditions: [], properties: {} },
    { action: 'plugin::civic-dialog.newsletters.send', subject: null, conditions: [], properties: {} },
  ]);
  await app.strapi.service('admin::user').create({
    ...APPROVER,
    firstname: 'Frieda',
    lastname: 'Freigabe',
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  });
  approverToken = await adminToken(app.baseUrl, APPROVER);
  approver = pluginAdminApi(app.baseUrl, approverToken);
}, 240_000);
afterAll(() => app?.stop());

describe('saving a newsletter in the content manager', () => {
  it('refuses an image without alt text and a javascript: link with a 400 naming the field; a good one saves', async () => {
    const file = await app.strapi.db.query('plugin::upload.file' as any).create({
      data: { name: 'rathaus.png', hash: `rathaus_${Date.now()}`, ext: '.png', mime: 'image/png', size: 1, url: '/uploads/rathaus.png', provider: 'local' },
    });
    const image = (alt: string) => ({ __component: 'civic-newsletter.image', image: file.id, alt });

    const noAlt = await saveNewsletter({ subject: 'Ohne Alt-Text', body: [image('   ')] });
    expect(noAlt.status).toBe(400);
    const noAltBody = await noAlt.json();
    expect(noAltBody).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError', message: expect.stringMatching(/Alternative text is required/) } });
    expect(noAltBody.error.details.errors).toEqual([expect.objectContaining({ path: ['body', '0', 'alt'] })]);

    const script = await saveNewsletter({ subject: 'Böser Link', body: [{ __component: 'civic-newsletter.button', label: 'Klick', url: 'javascript:alert(1)' }] });
    expect(script.status).toBe(400);
    expect((await script.json()).error).toMatchObject({ message: expect.stringMatching(/javascript:/), details: { errors: [expect.objectContaining({ path: ['body', '0', 'url'] })] } });

    const inText = await saveNewsletter({
      subject: 'Link im Text',
      body: [{ __component: 'civic-newsletter.rich-text', text: [{ type: 'paragraph', children: [{ type: 'link', url: 'data:text/html,x', children: [{ type: 'text', text: 'hier' }] }] }] }],
    });
    expect(inText.status).toBe(400);
    expect((await inText.json()).error.details.errors[0].path).toEqual(['body', '0', 'text', '0', 'children', '0']);
    expect(await app.strapi.documents(NEWSLETTER).count({})).toBe(0);

    const good = await saveNewsletter({ subject: 'Mit Alt-Text', body: [image('Das Rathaus am Markt')] });
    expect(good.status).toBe(201);
    // An update is checked the same way.
    const { data } = await good.json();
    const update = await contentManager(`/collection-types/${NEWSLETTER}/${data.documentId}`, { method: 'PUT', body: JSON.stringify({ body: [image('')] }) });
    expect(update.status).toBe(400);
  });
});

describe('links with hidden characters', () => {
  it('refuses a button URL with a bidi override or a control character with a 400 naming the block and the field', async () => {
    for (const url of ['https://musterstadt.example/rechnung\u202efdp.exe', 'https://musterstadt.example/\u0007mehr']) {
      const res = await saveNewsletter({
        subject: 'Versteckte Zeichen',
        body: [
          { __component: 'civic-newsletter.rich-text', text: paragraph('Hallo') },
          { __component: 'civic-newsletter.button', label: 'Rechnung', url },
        ],
      });
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error).toMatchObject({ status: 400, name: 'ValidationError', details: { errors: [expect.objectContaining({ path: ['body', '1', 'url'] })] } });
      expect(error.message).toBe('Button (block 2), field "url": the link contains control or invisible characters (such as a bidi override) that can disguise where it leads');
    }
    // In the rich text too; the message spells the character out instead of turning itself around.
    const inText = await saveNewsletter({
      subject: 'Versteckte Zeichen im Text',
      body: [{ __component: 'civic-newsletter.rich-text', text: [{ type: 'paragraph', children: [{ type: 'link', url: 'https://musterstadt.example/\u202egnp.exe', children: [{ type: 'text', text: 'Bild' }] }] }] }],
    });
    expect(inText.status).toBe(400);
    expect((await inText.json()).error.message).toContain('Text (block 1), field "text": the link "https://musterstadt.example/\\u202Egnp.exe" contains control');
    expect(await app.strapi.documents(NEWSLETTER).count({ filters: { subject: { $startsWith: 'Versteckte Zeichen' } } } as any)).toBe(0);
  });
});

describe('texts with hidden characters', () => {
  it('refuses a subject, preheader or button label with a bidi override or zero-width character with a 400 naming the field', async () => {
    const hidden = 'Rechnung\u202efdp.exe';
    const cases: Array<[Record<string, unknown>, string[], string]> = [
      [{ subject: hidden }, ['subject'], 'Field "subject": the text contains control or invisible characters'],
      [{ subject: 'Versteckt im Englischen', subjectEn: 'Invoice\u200b' }, ['subjectEn'], 'Field "subjectEn": the text contains'],
      [{ subject: 'Versteckt im Vorspann', preheader: hidden }, ['preheader'], 'Field "preheader": the text contains'],
      [{ subject: 'Versteckt im Knopf', body: [{ __component: 'civic-newsletter.button', label: hidden, url: 'https://musterstadt.example/' }] }, ['body', '0', 'label'], 'Button (block 1), field "label": the text contains'],
    ];
    for (const [data, path, message] of cases) {
      const res = await saveNewsletter({ body: [{ __component: 'civic-newsletter.rich-text', text: paragraph('Hallo') }], ...data });
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error).toMatchObject({ status: 400, name: 'ValidationError', details: { errors: [expect.objectContaining({ path })] } });
      expect(error.message).toContain(message);
    }
    expect(await app.strapi.documents(NEWSLETTER).count({ filters: { subject: { $startsWith: 'Versteckt' } } } as any)).toBe(0);
  });
});

describe('preview and test send', () => {
  it('gives the content manager a preview URL for newsletters: the mail preview page', async () => {
    const topic = await ownTopic(app.strapi, 't-preview');
    const id = await createNewsletter(app.strapi, [topic.documentId]);
    const res = await contentManager(`/preview/url/${NEWSLETTER}?documentId=${id}`);
    expect(res.status).toBe(200);
    const { data } = await res.json();
    expect(data.url).toBe(`/admin/plugins/civic-dialog/newsletters/${id}/preview`);
    // What that page shows: the rendered mail, as HTML and plain text, in both languages.
    const html = await (await admin(`/newsletters/${id}/preview?locale=en&format=html`)).text();
    expect(html).toContain('Hello Musterstadt');
    const text = await (await admin(`/newsletters/${id}/preview?locale=de&format=text`)).text();
    expect(text).toContain('Hallo Musterstadt');
  });

  it('test-sends to the given address in every language, marked as a test, and counts it nowhere', async () => {
    const topic = await audience('testsend', 3);
    const id = await createNewsletter(app.strapi, [topic.documentId]);
    // The same mailbox typed twice gets one test per language, not two.
    const res = await post(admin, `/newsletters/${id}/test-send`, { emails: ['redaktion@musterstadt.example', 'Redaktion@Musterstadt.example'] });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ queued: 2 });
    const mails = await app.mail.waitFor('redaktion@musterstadt.example', 2);
    expect(mails.map((mail) => mail.subject).sort()).toEqual(['[TEST] Neues aus Musterstadt', '[Test] News from Musterstadt']);
    expect(app.mail.mails.filter((mail) => mail.to.some((to) => to.startsWith('testsend-')))).toHaveLength(0);
    expect(await report(id)).toMatchObject({ status: 'draft', recipients: 0, sent: 0 });
    const [rows] = await app.strapi.db.connection('civic_dialog_newsletter_deliveries').count({ n: '*' });
    expect(Number(rows!.n)).toBe(0);
  });
});

describe('sending', () => {
  it('refuses a newsletter whose referenced article was deleted with a 400, and starts nothing', async () => {
    const topic = await ownTopic(app.strapi, 't-deleted');
    const article = await app.strapi.documents('api::article.article' as any).create({ data: { title: 'Baustelle Hauptstraße', slug: 'baustelle', summary: 'Bis Juni gesperrt.' } as any, status: 'published' } as any);
    const id = await createNewsletter(app.strapi, [topic.documentId], {
      body: [{ __component: 'civic-newsletter.entry-article', entry: article.documentId }],
    });
    expect((await admin(`/newsletters/${id}/preview?locale=de&format=text`)).status).toBe(200);
    await app.strapi.documents('api::article.article' as any).delete({ documentId: article.documentId });

    const res = await post(admin, `/newsletters/${id}/send`);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/deleted or is not published/) });
    expect(await report(id)).toMatchObject({ status: 'draft', recipients: 0 });
  });

  it('two admins clicking send at once: exactly one send (202), the other gets 409, each recipient frozen once', async () => {
    const topic = await audience('twice', 25);
    const id = await createNewsletter(app.strapi, [topic.documentId]);
    const answers = await Promise.all([post(admin, `/newsletters/${id}/send`), post(approver, `/newsletters/${id}/send`), post(admin, `/newsletters/${id}/send`)]);
    expect(answers.map((res) => res.status).sort()).toEqual([202, 409, 409]);
    await drain();
    const addresses = app.mail.mails.flatMap((mail) => mail.to).filter((to) => to.startsWith('twice-'));
    expect(addresses).toHaveLength(25);
    expect(new Set(addresses).size).toBe(25);
    expect(await report(id)).toMatchObject({ status: 'sent', recipients: 25, sent: 25 });
  });

  it('second pair of eyes: the author cannot approve, another editor with newsletters.send can; then it sends', async () => {
    newsletterSettings().requireApproval = true;
    try {
      const topic = await audience('approval', 2);
      const saved = await saveNewsletter({ subject: 'Zur Freigabe', topics: [topic.documentId], body: [{ __component: 'civic-newsletter.rich-text', text: paragraph('Bitte prüfen') }] });
      expect(saved.status).toBe(201);
      const id = (await saved.json()).data.documentId as string;

      const early = await post(admin, `/newsletters/${id}/send`);
      expect(early.status).toBe(409);
      expect((await early.json()).error.message).toMatch(/approval of a second editor/);
      const own = await approve(admin, id);
      expect(own.status).toBe(403);
      expect((await own.json()).error.message).toMatch(/another editor must approve/);

      const approved = await approve(approver, id);
      expect(approved.status).toBe(200);
      expect(await report(id)).toMatchObject({ approval: { required: true, approvedBy: 'Frieda Freigabe' } });

      expect((await post(admin, `/newsletters/${id}/send`)).status).toBe(202);
      await drain();
      await app.mail.waitFor('approval-1@example.org');
      await app.mail.waitFor('approval-2@example.org');
      expect(await report(id)).toMatchObject({ status: 'sent', sent: 2 });
    } finally {
      newsletterSettings().requireApproval = false;
    }
  });

  it('second pair of eyes approves what the approver looked at: an edit between the look and the click is refused (409), a missing or made-up version is 400, nothing approved', async () => {
    newsletterSettings().requireApproval = true;
    try {
      const topic = await audience('lookedat', 1);
      const saved = await saveNewsletter({ subject: 'Erste Fassung', topics: [topic.documentId], body: [{ __component: 'civic-newsletter.rich-text', text: paragraph('Bitte prüfen') }] });
      const id = (await saved.json()).data.documentId as string;
      const looked = (await report(id)).approval.version as string;
      expect(looked).toMatch(/^[0-9a-f]{64}$/);

      // The author changes the subject while the approver reads the first version.
      expect((await contentManager(`/collection-types/${NEWSLETTER}/${id}`, { method: 'PUT', body: JSON.stringify({ subject: 'Zweite Fassung' }) })).status).toBe(200);
      const stale = await post(approver, `/newsletters/${id}/approve`, { version: looked });
      expect(stale.status).toBe(409);
      expect((await stale.json()).error).toMatchObject({ status: 409, details: { reason: 'approval-version-changed' } });
      for (const body of [{}, { version: 'abc' }, { version: looked.toUpperCase() }, { version: looked, extra: 1 }]) {
        const refused = await post(approver, `/newsletters/${id}/approve`, body);
        expect(refused.status).toBe(400);
        expect((await refused.json()).error).toMatchObject({ status: 400, name: 'ValidationError' });
      }
      expect((await report(id)).approval).toMatchObject({ approvedAt: null, approvedBy: null });

      // Looked at again, the second version is approved.
      const current = (await report(id)).approval.version;
      expect(current).not.toBe(looked);
      expect((await post(approver, `/newsletters/${id}/approve`, { version: current })).status).toBe(200);
      expect((await report(id)).approval).toMatchObject({ approvedBy: 'Frieda Freigabe', outdated: false, version: current });
    } finally {
      newsletterSettings().requireApproval = false;
    }
  });

  it('second pair of eyes covers what is sent: an event of the events block changed after approval needs a new approval, also for a schedule', async () => {
    newsletterSettings().requireApproval = true;
    try {
      const topic = await audience('reapprove', 1);
      const start = new Date(Date.now() + 7 * 86_400_000);
      const event = await app.strapi.documents(EVENT).create({
        data: {
          title: 'Lesung im Rathaus', slug: 'lesung-im-rathaus', startsAt: start, endsAt: new Date(start.getTime() + 7_200_000),
          timeZone: 'Europe/Berlin', location: 'Ratssaal', waitingList: false, maxSeatsPerRegistration: 1, newsletterTopic: topic.documentId,
        } as any,
      });
      const eventsBlock = { __component: 'civic-newsletter.upcoming-events', topics: [topic.documentId], count: 3 };
      const scheduled = await createNewsletter(app.strapi, [topic.documentId], { body: [eventsBlock] });
      const now = await createNewsletter(app.strapi, [topic.documentId], { body: [eventsBlock] });
      for (const id of [scheduled, now]) expect((await approve(approver, id)).status).toBe(200);
      expect((await post(admin, `/newsletters/${scheduled}/send`, { scheduledAt: new Date(Date.now() + 3_600_000).toISOString() })).status).toBe(202);
      expect((await report(now)).approval).toMatchObject({ approvedBy: 'Frieda Freigabe', outdated: false });

      // The event the approver saw is moved to another room.
      await app.strapi.documents(EVENT).update({ documentId: event.documentId, data: { location: 'Stadtbibliothek' } as any });
      expect((await report(now)).approval.outdated).toBe(true);
      const refused = await post(admin, `/newsletters/${now}/send`);
      expect(refused.status).toBe(409);
      expect((await refused.json()).error).toMatchObject({ message: expect.stringMatching(/changed after it was approved/), details: { reason: 'approval-outdated' } });
      expect(await report(now)).toMatchObject({ status: 'draft', recipients: 0 });

      // The schedule falls due: it is held back with the reason, not sent and not retried.
      await app.strapi.db.connection('civic_dialog_newsletter_sends').where('newsletter_document_id', scheduled).update({ scheduled_at: new Date(Date.now() - 1000) });
      await drain();
      expect(await report(scheduled)).toMatchObject({ status: 'paused', recipients: 0, pausedReason: expect.stringMatching(/changed after it was approved/) });
      expect(app.mail.to(subscriberEmail('reapprove', 1))).toHaveLength(0);

      // A new approval covers the changed mail; both go out with the new room.
      for (const id of [scheduled, now]) expect((await approve(approver, id)).status).toBe(200);
      expect((await report(now)).approval.outdated).toBe(false);
      expect((await post(admin, `/newsletters/${now}/send`)).status).toBe(202);
      expect((await post(admin, `/newsletters/${scheduled}/resume`)).status).toBe(200);
      await drain();
      const mails = await app.mail.waitFor(subscriberEmail('reapprove', 1), 2);
      for (const mail of mails) expect(mail.text).toContain('Stadtbibliothek');
    } finally {
      newsletterSettings().requireApproval = false;
    }
  });

  it('second pair of eyes: an editor who changed a listed event after the approval cannot approve again; another editor can', async () => {
    newsletterSettings().requireApproval = true;
    try {
      const topic = await audience('ownchange', 1);
      const start = new Date(Date.now() + 7 * 86_400_000);
      const event = await app.strapi.documents(EVENT).create({
        data: {
          title: 'Bürgersprechstunde', slug: 'buergersprechstunde-ownchange', startsAt: start, endsAt: new Date(start.getTime() + 3_600_000),
          timeZone: 'Europe/Berlin', location: 'Zimmer 1', waitingList: false, maxSeatsPerRegistration: 1, newsletterTopic: topic.documentId,
        } as any,
      });
      const id = await createNewsletter(app.strapi, [topic.documentId], { body: [{ __component: 'civic-newsletter.upcoming-events', topics: [topic.documentId], count: 3 }] });
      expect((await approve(approver, id)).status).toBe(200);

      // The approver (editor A) changes the event the newsletter lists: the approval is outdated ...
      const frieda = await app.strapi.db.query('admin::user').findOne({ where: { email: APPROVER.email } });
      await app.strapi.documents(EVENT).update({ documentId: event.documentId, data: { location: 'Zimmer 2', updatedBy: frieda.id } as any });
      expect((await report(id)).approval.outdated).toBe(true);
      // ... and he cannot approve his own change.
      const own = await approve(approver, id);
      expect(own.status).toBe(403);
      expect((await own.json()).error).toMatchObject({ message: expect.stringMatching(/another editor must approve/), details: { reason: 'own-change' } });
      expect((await post(admin, `/newsletters/${id}/send`)).status).toBe(409);

      // Another editor with newsletters.send approves the changed mail; it goes out.
      expect((await approve(admin, id)).status).toBe(200);
      expect((await report(id)).approval).toMatchObject({ approvedBy: expect.not.stringMatching(/Freigabe/), outdated: false });
      expect((await post(admin, `/newsletters/${id}/send`)).status).toBe(202);
      await drain();
      const [mail] = await app.mail.waitFor(subscriberEmail('ownchange', 1));
      expect(mail.text).toContain('Zimmer 2');
    } finally {
      newsletterSettings().requireApproval = false;
    }
  });
});
