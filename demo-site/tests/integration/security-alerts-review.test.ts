import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { publicApi } from '../support/http';
import { addSubscribers, knexSql, ownTopic, paragraph, subscriberEmail } from '../support/newsletters';
import { settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

/**
 * Hostile review of the alerts admin, the SMS contact route and the automation mail blocks: hidden
 * characters (NUL, bidi overrides, zero-width) in texts that go out by SMS and mail, and image
 * addresses in an automation's blocks that are not web addresses — each a 400 in Strapi's error
 * shape, nothing stored (a NUL made PostgreSQL fail: 500).
 */

let app: TestApp;
let token: string;
let admin: ReturnType<typeof pluginAdminApi>;
let api: ReturnType<typeof publicApi>;
const ALERT = 'plugin::civic-dialog.alert' as any;
const PROFILE = 'plugin::civic-dialog.profile' as any;
const PHONE = 'plugin::civic-dialog.sms-phone' as any;
const SUBSCRIPTION = 'plugin::civic-dialog.alert-subscription' as any;
const AUTOMATION = 'plugin::civic-dialog.automation' as any;
const unique = () => randomBytes(4).toString('hex');
let lastAddress = 0;
const fromOwnAddress = () => ({ 'x-forwarded-for': `198.51.100.${(lastAddress++ % 250) + 1}` });
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

const alertBody = (overrides: Record<string, unknown> = {}) => ({
  shortText: { de: 'Hochwasser: Ufer meiden.' },
  mailText: { de: 'Die Feuerwehr ist vor Ort.' },
  severity: 'warning',
  area: { districts: ['Nord'] },
  validUntil: inHours(6),
  ...overrides,
});

const signupBody = (overrides: Record<string, unknown> = {}) => ({
  email: `hidden-${unique()}@example.org`,
  locale: 'de',
  legalTextVersion: 1,
  consent: true,
  pageUrl: `${TOWN_ORIGIN}/index.html`,
  widget: 'civic-alerts-signup',
  website: '',
  ...overrides,
});

async function expectValidationError(res: Response) {
  const body = (await res.json()) as any;
  expect({ status: res.status, body }).toMatchObject({ status: 400, body: { data: null, error: { status: 400, name: 'ValidationError' } } });
  return body;
}

beforeAll(async () => {
  process.env.CIVIC_AUTOMATIONS_CHECK_INTERVAL_MS = '0';
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '500', TOWN_WEBSITE_URL: TOWN_ORIGIN, CIVIC_AUTOMATIONS_CHECK_INTERVAL_MS: '0' });
  token = await adminToken(app.baseUrl);
  admin = pluginAdminApi(app.baseUrl, token);
  api = publicApi(app.baseUrl);
}, 240_000);
afterAll(async () => {
  await app?.stop();
});

describe(`hostile input to alerts, SMS contact and automation blocks on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('refuses an alert whose SMS/mail texts or area hold control or invisible characters (NUL, bidi override, zero-width) with 400, nothing stored', async () => {
    const before = await app.strapi.db.query(ALERT).count();
    const cases = [
      alertBody({ shortText: { de: 'Trinkwasser \u202Eretfahcs\u202C abkochen' } }),
      alertBody({ shortText: { de: 'Warnung', en: 'Boil\u0000 water' } }),
      alertBody({ shortText: { de: 'Warnung\u200B' } }),
      alertBody({ mailText: { de: 'Text mit \u0000 NUL' } }),
      alertBody({ mailText: { en: 'Visit \u202Emoc.live//:sptth' } }),
      alertBody({ area: { districts: ['Nord\u0000'] } }),
      alertBody({ area: { districts: ['No\u202Erd'] } }),
    ];
    for (const body of cases) {
      const res = await admin('/alerts', { method: 'POST', body: JSON.stringify(body) });
      await expectValidationError(res);
    }
    expect(await app.strapi.db.query(ALERT).count()).toBe(before);
    // Line breaks and tabs in the mail text are fine, as are emoji built with the zero-width joiner.
    const good = await admin('/alerts', { method: 'POST', body: JSON.stringify(alertBody({ mailText: { de: 'Zeile 1\nZeile 2\r\n\tEingerückt 👨‍👩‍👧' } })) });
    expect(good.status).toBe(201);
  });

  it('refuses an alert signup whose district holds a NUL or a bidi override (400), nothing stored', async () => {
    for (const district of ['Alt\u0000stadt', 'Alt\u202Estadt']) {
      const email = `hidden-${unique()}@example.org`;
      const res = await api.postJson('/alerts/signups', signupBody({ email, district }), fromOwnAddress());
      expect({ status: res.status, error: res.body.error }).toMatchObject({ status: 400, error: { status: 400, name: 'ValidationError' } });
      expect(await app.strapi.db.query(PROFILE).count({ where: { email } })).toBe(0);
    }
    expect(await app.strapi.db.query(SUBSCRIPTION).count({ where: { district: { $contains: 'stadt' } } })).toBe(0);
  });

  it('keeps a signup district to a place name: no web address in the confirmation mail a stranger can send to any address (400); place names pass', async () => {
    for (const district of ['https://evil.example/login', 'Gewinn abholen auf evil.example', 'Rufen Sie an: 0800 123']) {
      const email = `spam-${unique()}@example.org`;
      const res = await api.postJson('/alerts/signups', signupBody({ email, district }), fromOwnAddress());
      expect({ district, status: res.status, error: res.body.error }).toMatchObject({ district, status: 400, error: { status: 400, name: 'ValidationError' } });
      expect(await app.strapi.db.query(PROFILE).count({ where: { email } })).toBe(0);
    }
    for (const district of ['Nördliche Innenstadt-West', 'St. Georg (Nord)', 'Bezirk 3']) {
      const res = await api.postJson('/alerts/signups', signupBody({ district }), fromOwnAddress());
      expect({ district, status: res.status }).toEqual({ district, status: 202 });
    }
  });

  it('refuses a "do not contact by SMS" reason with a NUL or a bidi override (400), the number unchanged', async () => {
    const profile = await app.strapi.db.query(PROFILE).create({ data: { email: `sms-${unique()}@example.org`, status: 'active', locale: 'de' } });
    await app.strapi.db.query(PHONE).create({
      data: { profileId: profile.id, phone: `+49151${String(Date.now() % 10_000_000).padStart(7, '0')}`, verifiedAt: new Date(), alertsConsent: true, registrationsConsent: false },
    });
    for (const reason of ['Beschwerde\u0000', 'Beschwerde \u202Eenohp']) {
      await expectValidationError(await admin(`/profiles/${profile.id}/sms-contact`, { method: 'PUT', body: JSON.stringify({ doNotContact: true, reason }) }));
    }
    expect((await app.strapi.db.query(PHONE).findOne({ where: { profileId: profile.id } })).suppressedAt).toBeNull();
  });

  it("refuses automation mail blocks whose images are not web addresses (javascript:, data:, relative, hidden characters) with 400", async () => {
    const contentManager = (steps: unknown[]) =>
      fetch(`${app.baseUrl}/content-manager/collection-types/${AUTOMATION}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Bilder ${unique()}`, enabled: false, trigger: { type: 'subscription-confirmed' }, steps }),
      });
    const step = (block: unknown) => ({ id: 'm', type: 'send-mail', subject: { de: 'S', en: 'S' }, blocks: [block] });
    const before = await app.strapi.db.query(AUTOMATION).count();
    for (const block of [
      { type: 'image', url: 'javascript:alert(1)', alt: 'Bild' },
      { type: 'image', url: 'data:image/svg+xml,<svg onload=alert(1)>', alt: 'Bild' },
      { type: 'image', url: '/uploads/a.png', alt: 'Bild' },
      { type: 'image', url: 'https://example.org/\u202Egnp.a', alt: 'Bild' },
      { type: 'entry', source: 'api::article.article', entry: { title: 'T', imageUrl: 'javascript:alert(1)', url: 'https://example.org/a' } },
      { type: 'rich-text', text: [{ type: 'image', image: { url: 'javascript:alert(1)', alternativeText: 'Bild' }, children: [{ type: 'text', text: '' }] }] },
    ]) {
      const res = await contentManager([step(block)]);
      expect(res.status, JSON.stringify(block)).toBe(400);
      const body = (await res.json()) as any;
      expect(body.error, JSON.stringify(block)).toMatchObject({ status: 400, name: 'ValidationError' });
    }
    expect(await app.strapi.db.query(AUTOMATION).count()).toBe(before);
    const good = await contentManager([step({ type: 'image', url: 'https://example.org/a.png', alt: 'Bild' }), { ...step({ type: 'rich-text', text: paragraph('Hallo') }), id: 'n' }]);
    expect(good.status).toBe(201);
  });

  it('a plain-text automation mail has its paragraphs in the HTML; an entry title a content editor writes is text there, never a link; {{entry.url}} stays the link', async () => {
    const topic = await ownTopic(app.strapi, `review-links-${unique()}`);
    const prefix = `revlink-${unique()}`;
    await addSubscribers(knexSql(app.strapi), { count: 1, prefix, topicId: topic.id, locale: 'de', firstName: 'Kim' });
    await app.strapi.documents(AUTOMATION).create({
      data: {
        name: `Neuigkeiten ${unique()}`,
        enabled: true,
        trigger: { type: 'entry-published', topic: (topic as any).slug },
        steps: [{ id: 'news', type: 'send-mail', subject: { de: 'Neu: {{entry.title}}', en: 'New: {{entry.title}}' }, body: { de: 'Neu: {{entry.title}}\n{{entry.url}}', en: 'New: {{entry.title}}\n{{entry.url}}' } }],
      } as any,
    });
    const slug = `evil-${unique()}`;
    const article = (await app.strapi.documents('api::article.article' as any).create({
      data: { title: 'Konto bestätigen: https://evil.example/login', slug, summary: 'x', topic: { connect: [{ documentId: topic.documentId }] } } as any,
    })) as { documentId: string };
    await app.strapi.documents('api::article.article' as any).publish({ documentId: article.documentId });
    await app.strapi.plugin('civic-dialog').service('automations').runOnce(new Date());
    await settleOutbox(app);
    const [received] = await app.mail.waitFor(subscriberEmail(prefix, 1), 1);
    // The body's paragraph (it was lost altogether: MJML dropped the paragraphs' loop), the title as text.
    expect(received!.html).toContain('<p>Neu: Konto bestätigen: https://evil.example/login<br />');
    expect(received!.html).not.toContain('href="https://evil.example/login"');
    expect(received!.html).toContain(`href="${TOWN_ORIGIN}/aktuelles.html#${slug}"`);
  });

  it('refuses automation blocks nested thousands deep with a 400, not a 500 (the checks walk the nodes recursively)', async () => {
    // Written as a string: JSON.stringify itself would run out of stack.
    const depth = 5_000;
    const node = `${'{"type":"link","url":"https://example.org","children":['.repeat(depth)}{"type":"text","text":"tief"}${']}'.repeat(depth)}`;
    const res = await fetch(`${app.baseUrl}/content-manager/collection-types/${AUTOMATION}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: `{"name":"Tief ${unique()}","enabled":false,"trigger":{"type":"subscription-confirmed"},"steps":[{"id":"m","type":"send-mail","subject":{"de":"S","en":"S"},"blocks":[{"type":"rich-text","text":[{"type":"paragraph","children":[${node}]}]}]}]}`,
    });
    const body = (await res.json()) as any;
    expect({ status: res.status, error: body.error?.name }).toEqual({ status: 400, error: 'ValidationError' });
  });

  it('refuses sending an alert that expired as a draft (409, nothing queued), too many districts or postal codes (400), and odd ids (400/404)', async () => {
    const created = await admin('/alerts', { method: 'POST', body: JSON.stringify(alertBody({ area: { wholeTown: true } })) });
    const id = ((await created.json()) as any).data.id as number;
    await app.strapi.db.connection('civic_dialog_alerts').where({ id }).update({ valid_until: new Date(Date.now() - 1000) });
    const expired = await admin(`/alerts/${id}/send`, { method: 'POST', body: '{}' });
    expect({ status: expired.status, error: ((await expired.json()) as any).error?.name }).toEqual({ status: 409, error: 'ConflictError' });
    const queued = (await app.strapi.db.connection('civic_dialog_messages').where('dedupe_key', 'like', `alert:${id}:%`).count({ n: '*' }).first()) as { n: number | string };
    expect(Number(queued.n)).toBe(0);
    expect((await app.strapi.db.connection('civic_dialog_alerts').where({ id }).first()).alert_status).toBe('draft');

    const many = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i));
    await expectValidationError(await admin('/alerts', { method: 'POST', body: JSON.stringify(alertBody({ area: { districts: many(51, (i) => `Bezirk ${i}`) } })) }));
    await expectValidationError(await admin('/alerts', { method: 'POST', body: JSON.stringify(alertBody({ area: { postalCodes: many(51, (i) => String(10_000 + i)) } })) }));
    await expectValidationError(await admin('/alerts', { method: 'POST', body: JSON.stringify(alertBody({ area: { wholeTown: true, districts: ['Nord'] } })) }));
    for (const bad of ['abc', '1.5', '-3', '0', '99999999999', '%00']) await expectValidationError(await admin(`/alerts/${bad}/send`, { method: 'POST', body: '{}' }));
  });
});
