import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { settledPublicApi, signupBody } from '../support/http';
import { linkTo } from '../support/mail-catcher';
import { addSubscribers, knexSql, NEWSLETTER, ownTopic, subscriberEmail } from '../support/newsletters';
import { startApp, type TestApp } from '../support/strapi';

/**
 * Hostile review of the newsletters (issue 9), second round: public archive and admin routes, each
 * finding with the test that failed before its fix.
 */

const READER = { email: 'nur-lesen@musterstadt.example', password: 'Nur-Lesen-Passwort-2026!' };
const NOBODY = { email: 'ohne-rechte@musterstadt.example', password: 'Ohne-Rechte-Passwort-2026!' };
const SURVEY_EDITOR = { email: 'umfragen@musterstadt.example', password: 'Umfragen-Passwort-2026!' };

let app: TestApp;
let admin: ReturnType<typeof pluginAdminApi>;
let topicDocumentId: string;

async function newsletter(data: Record<string, unknown> = {}) {
  const doc = await app.strapi.documents(NEWSLETTER).create({
    data: {
      subject: 'Review 2',
      slug: `r2-${Math.random().toString(36).slice(2, 8)}`,
      body: [{ __component: 'civic-newsletter.button', label: 'Mehr', url: 'https://musterstadt.example/mehr' }],
      topics: [topicDocumentId],
      webArchive: true,
      ...data,
    },
  });
  return doc as unknown as { documentId: string; slug: string };
}

const archive = (path = '') => fetch(`${app.baseUrl}/api/civic-dialog/newsletters/archive${path}`);
const post = (api: typeof admin, path: string, body: unknown = {}) => api(path, { method: 'POST', body: JSON.stringify(body) });
/** Approves as the admin panel does: naming the version of the mail the report shows the approver. */
const approve = async (api: typeof admin, id: string) =>
  post(api, `/newsletters/${id}/approve`, { version: (await (await admin(`/newsletters/${id}/report`)).json()).approval.version });
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

async function editor(credentials: { email: string; password: string }, name: string, actions: string[]) {
  const role = await app.strapi.service('admin::role').create({ name, description: name });
  await app.strapi.service('admin::role').assignPermissions(
    role.id,
    actions.map((action) => ({ action: `plugin::civic-dialog.newsletters.${action}`, subject: null, conditions: [], properties: {} })),
  );
  await app.strapi.service('admin::user').create({ ...credentials, firstname: name, lastname: 'Test', isActive: true, registrationToken: null, roles: [role.id] });
  return pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl, credentials));
}

beforeAll(async () => {
  app = await startApp({ CIVIC_NEWSLETTER_POLL_MS: '0' });
  admin = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl));
  topicDocumentId = (await ownTopic(app.strapi, 't-review-2')).documentId;
}, 240_000);
afterAll(() => app?.stop());

describe('the public archive', () => {
  it('answers a scheduled newsletter paused before it started as it answers an unknown slug (404, not 500), and does not list it', async () => {
    const held = await newsletter();
    expect((await post(admin, `/newsletters/${held.documentId}/send`, { scheduledAt: tomorrow() })).status).toBe(202);
    expect((await post(admin, `/newsletters/${held.documentId}/pause`)).status).toBe(200);

    const unknown = await archive('/r2-never-was');
    const page = await archive(`/${held.slug}`);
    expect(page.status).toBe(404);
    expect(await page.json()).toEqual(await unknown.json());
    const listed = (await (await archive()).json()) as { data: Array<{ slug: string }> };
    expect(listed.data.map((item) => item.slug)).not.toContain(held.slug);
  });

  it('answers bad addresses and pages in Strapi’s error shape: a NUL in the slug 400 (PostgreSQL gave 500), a page beyond any number 400, one beyond the list an empty page', async () => {
    for (const slug of ['a%00b', 'a%20b', '%3Cscript%3E']) {
      const bad = await archive(`/${slug}`);
      expect([slug, bad.status]).toEqual([slug, 400]);
      expect((await bad.json()).error).toMatchObject({ status: 400, name: 'ValidationError' });
    }
    const huge = await archive('?page=1e300');
    expect(huge.status).toBe(400);
    expect((await huge.json()).error).toMatchObject({ status: 400, name: 'ValidationError' });
    const far = await archive(`?page=${Number.MAX_SAFE_INTEGER}&pageSize=50`);
    expect(far.status).toBe(200);
    expect((await far.json()).data).toEqual([]);
  });
});

describe('admin actions on a newsletter that does not exist', () => {
  it('answer 404 NotFoundError, as the report does, not 409 "not sent"', async () => {
    // (approve answers 409 approval-off first: approval is not switched on here.)
    for (const action of ['pause', 'resume', 'cancel', 'send', 'test-send']) {
      const res = await post(admin, `/newsletters/nosuchnewsletter/${action}`, action === 'test-send' ? { emails: ['test@example.org'] } : {});
      expect([action, res.status]).toEqual([action, 404]);
      expect((await res.json()).error).toMatchObject({ status: 404, name: 'NotFoundError' });
    }
    for (const path of ['report', 'audience', 'preview']) {
      const res = await admin(`/newsletters/nosuchnewsletter/${path}`);
      expect([path, res.status]).toEqual([path, 404]);
    }
  });
});

describe('permissions', () => {
  it('an editor with newsletters.read only cannot test-send, send, schedule, approve, pause, resume or cancel: 403, nothing starts', async () => {
    const reader = await editor(READER, 'Nur Lesen', ['read']);
    const draft = await newsletter();
    const attempts: Array<[string, unknown]> = [
      ['test-send', { emails: ['fremd@example.org'] }],
      ['send', {}],
      ['send', { scheduledAt: tomorrow() }],
      ['approve', {}],
      ['pause', {}],
      ['resume', {}],
      ['cancel', {}],
    ];
    for (const [action, body] of attempts) {
      const res = await post(reader, `/newsletters/${draft.documentId}/${action}`, body);
      expect([action, res.status]).toEqual([action, 403]);
      expect((await res.json()).error).toMatchObject({ status: 403, name: 'PolicyError' });
    }
    expect((await (await reader(`/newsletters/${draft.documentId}/report`)).json()).status).toBe('draft');
    expect(app.mail.mails.filter((mail) => JSON.stringify(mail.to).includes('fremd@example.org'))).toEqual([]);
  });

  it('an editor without newsletters.read sees no list, report, audience, preview, dashboard or subscriber figures: 403', async () => {
    const nobody = await editor(NOBODY, 'Ohne Rechte', []);
    const draft = await newsletter();
    for (const path of ['/newsletters', '/newsletters/dashboard', `/newsletters/${draft.documentId}/report`, `/newsletters/${draft.documentId}/audience`, `/newsletters/${draft.documentId}/preview`, '/subscriptions/stats']) {
      const res = await nobody(path);
      expect([path, res.status]).toEqual([path, 403]);
      expect((await res.json()).error).toMatchObject({ status: 403, name: 'PolicyError' });
    }
  });
});

describe('second pair of eyes', () => {
  it('an editor who changed the survey a newsletter invites to cannot approve it (its title goes out in the mail); another editor can', async () => {
    const settings = (app.strapi.config.get('plugin::civic-dialog') as any).newsletters;
    settings.requireApproval = true;
    try {
      const surveyEditor = await editor(SURVEY_EDITOR, 'Umfragen', ['read', 'send']);
      const surveys = app.strapi.documents('plugin::civic-dialog.survey' as any) as any;
      const survey = await surveys.create({ data: { title: 'Spielplatz Süd', slug: 'spielplatz-sued-r2', mode: 'anonymous', questions: [{ id: 'x', type: 'yes-no', label: { de: 'Gut?' } }] } });
      const invitation = await newsletter({ body: [{ __component: 'civic-newsletter.survey', survey: survey.documentId, text: 'Machen Sie mit!' }] });

      // The survey's editor puts his own words into the mail through the survey's title ...
      const umfragen = await app.strapi.db.query('admin::user').findOne({ where: { email: SURVEY_EDITOR.email } });
      await surveys.update({ documentId: survey.documentId, data: { title: 'Jetzt Gewinnspiel: hier klicken', updatedBy: umfragen.id } });
      const preview = await (await admin(`/newsletters/${invitation.documentId}/preview?format=text`)).text();
      expect(preview).toContain('JETZT GEWINNSPIEL: HIER KLICKEN');
      // ... and cannot approve it himself.
      const own = await approve(surveyEditor, invitation.documentId);
      expect(own.status).toBe(403);
      expect((await own.json()).error).toMatchObject({ status: 403, name: 'PolicyError', details: { reason: 'own-change' } });
      expect((await post(surveyEditor, `/newsletters/${invitation.documentId}/send`)).status).toBe(409);

      expect((await approve(admin, invitation.documentId)).status).toBe(200);
      expect((await post(surveyEditor, `/newsletters/${invitation.documentId}/send`)).status).toBe(202);
    } finally {
      settings.requireApproval = false;
    }
  });
});

describe('test sends', () => {
  const TESTER = { email: 'testversand@musterstadt.example', password: 'Testversand-Passwort-2026!' };

  it('are limited per editor (20 an hour, each to at most 5 addresses): the 21st is 429 with the wait, nothing sent; another editor still can', async () => {
    const tester = await editor(TESTER, 'Testversand', ['read', 'send']);
    const { documentId } = await newsletter();
    const testSend = (api: typeof admin, email: string) => post(api, `/newsletters/${documentId}/test-send`, { emails: [email] });
    for (let n = 1; n <= 20; n += 1) expect((await testSend(tester, `probe${n}@example.org`)).status).toBe(202);
    await app.mail.waitFor('probe20@example.org');

    const refused = await testSend(tester, 'probe21@example.org');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ data: null, error: { status: 429, name: 'RateLimitError', details: { retryAfter: expect.any(Number) } } });
    expect((await testSend(admin, 'probe22@example.org')).status).toBe(202);
    await app.mail.waitFor('probe22@example.org');
    expect(app.mail.to('probe21@example.org')).toHaveLength(0);
  });
});

describe('RFC 8058 one-click unsubscribe', () => {
  it('works with the multipart/form-data body the RFC recommends (was 415: the person stayed subscribed), without reading it', async () => {
    const topic = await ownTopic(app.strapi, 't-oneclick');
    await addSubscribers(knexSql(app.strapi), { count: 2, prefix: 'oneclick', topicId: topic.id });
    const sent = await newsletter({ topics: [topic.documentId], webArchive: false });
    expect((await post(admin, `/newsletters/${sent.documentId}/send`)).status).toBe(202);
    await app.strapi.plugin('civic-dialog').service('newsletterSender').drain();
    const status = async (n: number) => (await app.strapi.db.query('plugin::civic-dialog.profile' as any).findOne({ where: { email: subscriberEmail('oneclick', n) } })).status;

    // As a mail provider posts it: the URL of the List-Unsubscribe header, the RFC's multipart body.
    const [first] = await app.mail.waitFor(subscriberEmail('oneclick', 1));
    const header = first!.headers['list-unsubscribe']!.replace(/^<|>$/g, '');
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const oneClick = await fetch(header, { method: 'POST', body: form, redirect: 'manual' });
    expect(oneClick.status).toBe(200);
    expect(oneClick.headers.get('cache-control')).toBe('no-store');
    expect(await status(1)).toBe('unsubscribed');

    // A broken multipart body is not parsed either: the signed link is all that counts.
    const [second] = await app.mail.waitFor(subscriberEmail('oneclick', 2));
    const broken = await fetch(linkTo(second!, '/api/civic-dialog/newsletters/unsubscribe'), {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Cl',
    });
    expect(broken.status).toBe(200);
    expect(await status(2)).toBe('unsubscribed');
    expect((await (await admin(`/newsletters/${sent.documentId}/report`)).json()).unsubscribes).toBe(2);

    // Elsewhere multipart stays refused before parsing, and a forged link still gets nothing.
    const elsewhere = await fetch(`${app.baseUrl}/api/civic-dialog/signups`, { method: 'POST', body: form });
    expect(elsewhere.status).toBe(415);
    const forged = await fetch(`${app.baseUrl}/api/civic-dialog/newsletters/unsubscribe?token=abc.def`, { method: 'POST', body: form });
    expect(forged.status).toBe(404);
  });

  it('works with a multipart body for the welcome mail’s List-Unsubscribe too', async () => {
    const api = settledPublicApi(app);
    const email = 'oneclick.welcome@example.org';
    expect((await api.postJson('/signups', signupBody({ email }))).status).toBe(202);
    const [doi] = await app.mail.waitFor(email);
    expect((await api.postJson('/confirm', { token: linkTo(doi!, '/api/civic-dialog/confirm').searchParams.get('token') })).status).toBe(200);
    const [, welcome] = await app.mail.waitFor(email, 2);
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const oneClick = await fetch(welcome!.headers['list-unsubscribe']!.slice(1, -1), { method: 'POST', body: form, redirect: 'manual' });
    expect(oneClick.status).toBe(200);
    expect((await app.strapi.db.query('plugin::civic-dialog.profile' as any).findOne({ where: { email } })).status).toBe('unsubscribed');
  });
});
