import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { linkTo } from '../support/mail-catcher';
import { createNewsletter } from '../support/newsletters';
import { settledPublicApi, signupBody } from '../support/http';
import { rows } from '../support/rows';
import { startApp, type TestApp } from '../support/strapi';

/**
 * The profile page speaks the editor's language: topic names (not slugs) in the language the
 * admin asks for, in the subscriptions, the consents and the timeline; the newsletters a citizen
 * received are part of it, by subject.
 */

let app: TestApp;
let admin: ReturnType<typeof pluginAdminApi>;
let profileId: number;
const EMAIL = 'timeline.leserin@example.org';

beforeAll(async () => {
  app = await startApp();
  admin = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl));
  const api = settledPublicApi(app);
  expect((await api.postJson('/signups', signupBody({ email: EMAIL, topics: ['kultur', 'verkehr'] }))).status).toBe(202);
  const [doi] = await app.mail.waitFor(EMAIL);
  expect((await api.postJson('/confirm', { token: linkTo(doi!, '/api/civic-dialog/confirm').searchParams.get('token') })).status).toBe(200);
  const kultur = await app.strapi.documents('plugin::civic-dialog.topic' as any).findFirst({ filters: { slug: 'kultur' } });
  const newsletter = await createNewsletter(app.strapi, [kultur!.documentId], { subject: 'Kulturherbst in Musterstadt', subjectEn: 'Autumn of culture' });
  expect((await admin(`/newsletters/${newsletter}/send`, { method: 'POST', body: '{}' })).status).toBe(202);
  await app.mail.waitFor(EMAIL, 3); // confirmation, welcome, the newsletter
  profileId = (await rows(app.strapi).profile(EMAIL)).id;
});

afterAll(async () => {
  await app?.stop();
});

async function detail(query = '') {
  const res = await admin(`/profiles/${profileId}${query}`);
  return { status: res.status, body: (await res.json()) as any };
}

describe(`the profile page in the editor's language on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('names topics in the language asked for: subscriptions, consents and timeline', async () => {
    const { status, body } = await detail('?locale=en');
    expect(status).toBe(200);
    expect(body.subscriptions.map((s: any) => s.topic)).toEqual([
      { slug: 'kultur', name: 'Culture & events' },
      { slug: 'verkehr', name: 'Traffic & roadworks' },
    ]);
    const labels = body.timeline.map((entry: any) => `${entry.type} ${entry.action}: ${entry.label}`);
    expect(labels).toEqual(
      expect.arrayContaining([
        'subscription created: Culture & events',
        'subscription active: Traffic & roadworks',
        expect.stringMatching(/^consent confirmed: Culture & events, Traffic & roadworks · Einwilligung in den Newsletter/),
      ]),
    );
    expect(labels.join('\n')).not.toMatch(/: (kultur|verkehr)\b/);

    const german = await detail('?locale=de');
    expect(german.body.subscriptions.map((s: any) => s.topic.name)).toEqual(['Kultur & Veranstaltungen', 'Verkehr & Baustellen']);
    // Without a language: the citizen's.
    expect((await detail()).body.subscriptions[0].topic.name).toBe('Kultur & Veranstaltungen');
  });

  it('lists each newsletter the citizen received, by the subject they got, with the time it was sent', async () => {
    const { body } = await detail('?locale=de');
    expect(body.sections.newsletters).toEqual([
      { newsletter: expect.any(String), subject: 'Kulturherbst in Musterstadt', status: 'sent', locale: 'de', sentAt: expect.any(String), unsubscribedAt: null },
    ]);
    expect(Date.parse(body.sections.newsletters[0].sentAt)).toBeGreaterThan(Date.parse(body.profile.confirmedAt));
  });

  it('refuses a language it does not speak with a 400 and audits nothing', async () => {
    const audited = await rows(app.strapi).count('audit-entry');
    for (const query of ['?locale=fr', '?locale=', '?locale[]=de']) {
      const { status, body } = await detail(query);
      expect(status, query).toBe(400);
      expect(body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
    }
    expect(await rows(app.strapi).count('audit-entry')).toBe(audited);
  });
});
