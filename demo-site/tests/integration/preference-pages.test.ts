import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { appDir } from '../../scripts/lib/app-env.mjs';
import { adminToken, pluginAdminApi } from '../support/admin';
import { publicApi, signupBody } from '../support/http';
import { linkTo, type ReceivedMail } from '../support/mail-catcher';
import { addSubscribers, createNewsletter, knexSql, ownTopic, subscriberEmail } from '../support/newsletters';
import { rows } from '../support/rows';
import { startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

/**
 * A preference page per language (config town.preferencesUrls): the demo names an English page,
 * German has none of its own and falls back to town.preferencesUrl (the default "Mein Newsletter").
 * Every link that leads a citizen there opens the page of their language.
 */

const GERMAN_PAGE = `${TOWN_ORIGIN}/mein-newsletter.html`;
const ENGLISH_PAGE = `${TOWN_ORIGIN}/en/my-newsletter.html`;

let app: TestApp;
let api: ReturnType<typeof publicApi>;

/** The page (origin and path) a mailed manage link `…#civic-token=…` opens. */
function managePage(mail: ReceivedMail): string {
  const match = mail.text.match(/https?:\/\/\S+#civic-token=[A-Za-z0-9_-]{43}/);
  if (!match) throw new Error(`no manage link in "${mail.subject}"`);
  const url = new URL(match[0]);
  return `${url.origin}${url.pathname}`;
}

/** Signs up in `locale` and confirms; returns the welcome mail. */
async function welcomeMail(email: string, locale: 'de' | 'en'): Promise<ReceivedMail> {
  expect((await api.postJson('/signups', signupBody({ email, locale }))).status).toBe(202);
  const [doi] = await app.mail.waitFor(email, 1);
  const token = linkTo(doi!, '/api/civic-dialog/confirm').searchParams.get('token');
  expect((await api.postJson('/confirm', { token })).status).toBe(200);
  return (await app.mail.waitFor(email, 2))[1]!;
}

// First: a failed boot replaces Strapi's global instance, so it runs before the app of the other tests starts.
describe('a bad town.preferencesUrls', () => {
  const { createStrapi } = createRequire(import.meta.url)('@strapi/strapi') as typeof import('@strapi/strapi');

  it('refuses to start with a page that is not a URL, saying which setting is wrong', async () => {
    const before = process.env.TOWN_PREFERENCES_URL_EN;
    process.env.TOWN_PREFERENCES_URL_EN = 'en/my-newsletter.html';
    try {
      await expect(createStrapi({ appDir, distDir: join(appDir, 'dist') }).load()).rejects.toThrow(
        'civic-dialog: town.preferencesUrls.en must be a full http(s) URL, got "en/my-newsletter.html"',
      );
    } finally {
      if (before === undefined) delete process.env.TOWN_PREFERENCES_URL_EN;
      else process.env.TOWN_PREFERENCES_URL_EN = before;
    }
  });
});

describe('the preference page of the citizen\'s language', () => {
  beforeAll(async () => {
    // No cooldown or mailbox budget: one address asks for several links in a row.
    app = await startApp({
      CIVIC_RATE_LIMIT_IP_POINTS: '500', CIVIC_RATE_LIMIT_EMAIL_POINTS: '50', CIVIC_MAIL_COOLDOWN_SECONDS: '0', CIVIC_NEWSLETTER_POLL_MS: '0', TOWN_WEBSITE_URL: TOWN_ORIGIN,
    });
    api = publicApi(app.baseUrl);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('links an English welcome mail to the English page and a German one to the German page', async () => {
    const english = await welcomeMail('john.welcome@example.org', 'en');
    expect(english.text).toContain('Manage subscription');
    expect(managePage(english)).toBe(ENGLISH_PAGE);
    const german = await welcomeMail('hans.willkommen@example.org', 'de');
    expect(managePage(german)).toBe(GERMAN_PAGE);
  });

  it('sends a requested link back to the page it was asked on, and from an unlisted page to the page of the asker\'s language', async () => {
    const email = 'john.request@example.org';
    await welcomeMail(email, 'en');
    const ask = async (pageUrl: string, locale: 'de' | 'en') => {
      const before = app.mail.to(email).length;
      expect((await api.postJson('/preferences/link', { email, locale, pageUrl })).status).toBe(202);
      return managePage((await app.mail.waitFor(email, before + 1))[before]!);
    };
    expect(await ask(ENGLISH_PAGE, 'en')).toBe(ENGLISH_PAGE);
    expect(await ask(GERMAN_PAGE, 'en')).toBe(GERMAN_PAGE);
    expect(await ask(`${TOWN_ORIGIN}/aktuelles.html`, 'en')).toBe(ENGLISH_PAGE);
    expect(await ask(`${TOWN_ORIGIN}/aktuelles.html`, 'de')).toBe(GERMAN_PAGE);
  });

  it('names the topics in the widget\'s language (?locale=), else in the profile\'s, and refuses an unknown language', async () => {
    const email = 'john.names@example.org';
    await welcomeMail(email, 'en');
    const before = app.mail.to(email).length;
    expect((await api.postJson('/preferences/link', { email, locale: 'de', pageUrl: GERMAN_PAGE })).status).toBe(202);
    const token = (await app.mail.waitFor(email, before + 1))[before]!.text.match(/#civic-token=([A-Za-z0-9_-]{43})/)![1];
    const { sessionToken } = (await api.postJson('/preferences/session', { token })).body.data;
    const get = (query: string) => fetch(`${app.baseUrl}/api/civic-dialog/preferences${query}`, { headers: { authorization: `Bearer ${sessionToken}` } });
    const waste = await app.strapi.db.query('plugin::civic-dialog.topic' as any).findOne({ where: { slug: 'abfall' } });
    const nameOfWaste = async (query: string) => ((await (await get(query)).json()).data.topics as Array<{ slug: string; name: string }>).find((t) => t.slug === 'abfall')!.name;
    expect(waste.nameDe).not.toBe(waste.nameEn);
    expect(await nameOfWaste('?locale=de')).toBe(waste.nameDe);
    expect(await nameOfWaste('?locale=en')).toBe(waste.nameEn);
    expect(await nameOfWaste('')).toBe(waste.nameEn);
    const refused = await get('?locale=fr');
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.name).toBe('ValidationError');
  });

  it('redirects a newsletter\'s manage link to the page of the subscriber\'s language', async () => {
    const topic = await ownTopic(app.strapi, 't-pages');
    await addSubscribers(knexSql(app.strapi), { count: 1, prefix: 'pages-en', topicId: topic.id, locale: 'en' });
    await addSubscribers(knexSql(app.strapi), { count: 1, prefix: 'pages-de', topicId: topic.id, locale: 'de' });
    const documentId = await createNewsletter(app.strapi, [topic.documentId]);
    const admin = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl));
    expect((await admin(`/newsletters/${documentId}/send`, { method: 'POST', body: '{}' })).status).toBe(202);
    await app.strapi.plugin('civic-dialog').service('newsletterSender').drain();

    const landing = async (prefix: string) => {
      const [mail] = await app.mail.waitFor(subscriberEmail(prefix, 1));
      const res = await fetch(linkTo(mail!, '/api/civic-dialog/newsletters/manage'), { redirect: 'manual' });
      expect(res.status).toBe(302);
      const url = new URL(res.headers.get('location')!);
      expect(url.hash).toMatch(/^#civic-token=/);
      return `${url.origin}${url.pathname}`;
    };
    expect(await landing('pages-en')).toBe(ENGLISH_PAGE);
    expect(await landing('pages-de')).toBe(GERMAN_PAGE);

    // A citizen who switched to German since the mail lands on the German page.
    const { id } = await rows(app.strapi).profile(subscriberEmail('pages-en', 1));
    await app.strapi.db.query('plugin::civic-dialog.profile' as any).update({ where: { id }, data: { locale: 'de' } });
    expect(await landing('pages-en')).toBe(GERMAN_PAGE);
  });
});

