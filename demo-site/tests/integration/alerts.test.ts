import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { linkTo } from '../support/mail-catcher';
import { publicApi } from '../support/http';
import { addSubscribers, createNewsletter, knexSql, ownTopic } from '../support/newsletters';
import { waitUntil } from '../support/instances';
import { settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';
import { smsEnv, startSmsGateway, type SmsGateway } from '../support/sms-gateway';

/**
 * Urgent alerts (issue 13): the alert consent with double opt-in, an alert sent to an area (district,
 * postal code, whole town) reaching exactly the consenting citizens of that area once, ahead of a
 * running newsletter; alerts.send required; bad input 4xx; the public list of current alerts.
 */

let app: TestApp;
let gateway: SmsGateway;
let api: ReturnType<typeof publicApi>;
let admin: ReturnType<typeof pluginAdminApi>;
const SUBSCRIPTION = 'plugin::civic-dialog.alert-subscription' as any;
const CONSENT = 'plugin::civic-dialog.consent' as any;
const PROFILE = 'plugin::civic-dialog.profile' as any;
const adminPost = (path: string, body: unknown = {}) => admin(path, { method: 'POST', body: JSON.stringify(body) });
const newsletterSettings = () => (app.strapi.config.get('plugin::civic-dialog') as any).newsletters;
const mailSettings = () => (app.strapi.config.get('plugin::civic-dialog') as any).mail;
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
const unique = () => randomBytes(4).toString('hex');
/** Each citizen signs up from an address of their own: the signup limit per IP is tested on its own below. */
let lastAddress = 0;
const fromOwnAddress = () => ({ 'x-forwarded-for': `203.0.113.${(lastAddress++ % 250) + 1}` });

const signupBody = (overrides: Record<string, unknown> = {}) => ({
  email: 'alerts@example.org',
  locale: 'de',
  legalTextVersion: 1,
  consent: true,
  pageUrl: `${TOWN_ORIGIN}/index.html`,
  widget: 'civic-alerts-signup',
  website: '',
  ...overrides,
});

const alertBody = (overrides: Record<string, unknown> = {}) => ({
  shortText: { de: 'Wasserrohrbruch: Leitungswasser abkochen.', en: 'Burst water main: boil tap water.' },
  mailText: { de: 'Die Stadtwerke arbeiten an der Reparatur.', en: 'The utility is repairing it.' },
  severity: 'warning',
  area: { districts: ['Nord'] },
  validUntil: inHours(6),
  ...overrides,
});

/** A citizen who signed up for alerts for `area` and followed the confirm link. */
async function subscribed(email: string, area: { district?: string; postalCode?: string } = {}, locale: 'de' | 'en' = 'de') {
  expect((await api.postJson('/alerts/signups', signupBody({ email, locale, ...area }), fromOwnAddress())).status).toBe(202);
  await settleOutbox(app);
  const [mail] = await app.mail.waitFor(email);
  const token = linkTo(mail!, '/api/civic-dialog/alerts/confirm').searchParams.get('token')!;
  expect((await api.postJson('/alerts/confirm', { token })).status).toBe(200);
}

/** Writes and sends an alert; returns its id. */
async function sendAlert(body: Record<string, unknown>) {
  const created = await adminPost('/alerts', body);
  expect(created.status).toBe(201);
  const { data } = (await created.json()) as any;
  const sent = await adminPost(`/alerts/${data.id}/send`);
  expect(sent.status).toBe(202);
  return { id: data.id as number, recipients: ((await sent.json()) as any).data.recipients as number };
}

const alertMailsTo = (email: string, text: string) => app.mail.to(email).filter((mail) => mail.subject.includes(text));

/** A newsletter to 300 subscribers (addresses `<prefix><tag>-…`) and three citizens with alerts for a district of their own. */
async function newsletterAndAlertArea(prefix: string) {
  const tag = unique();
  const topic = await ownTopic(app.strapi, `alerts-${prefix}-${tag}`);
  await addSubscribers(knexSql(app.strapi), { count: 300, prefix: `${prefix}${tag}`, topicId: topic.id });
  const newsletter = await createNewsletter(app.strapi, [topic.documentId]);
  const district = `Area-${prefix}-${tag}`;
  const citizens = Array.from({ length: 3 }, (_, i) => `area${i}-${prefix}${tag}@example.org`);
  for (const email of citizens) await subscribed(email, { district });
  return { tag, newsletter, district, citizens };
}

beforeAll(async () => {
  gateway = await startSmsGateway();
  // One trusted proxy: each citizen signs up from an address of their own (X-Forwarded-For).
  app = await startApp({ ...smsEnv(gateway), CIVIC_SMS_ALERT_RATE_PER_SECOND: '1000', CIVIC_TRUSTED_PROXY_HOPS: '1' });
  api = publicApi(app.baseUrl);
  admin = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl));
}, 240_000);
afterAll(async () => {
  await app?.stop();
  await gateway?.close();
});

describe(`urgent alerts on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('subscribes to alerts for an area only after the confirm button (double opt-in, ledger), answering known and unknown addresses alike', async () => {
    const email = `doi-${unique()}@example.org`;
    const first = await api.postJson('/alerts/signups', signupBody({ email, district: 'Altstadt' }), fromOwnAddress());
    const again = await api.postJson('/alerts/signups', signupBody({ email, district: 'Altstadt' }), fromOwnAddress());
    const unknown = await api.postJson('/alerts/signups', signupBody({ email: `other-${unique()}@example.org`, district: 'Altstadt' }), fromOwnAddress());
    for (const res of [first, again, unknown]) {
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ data: { status: 'accepted' } });
    }
    await settleOutbox(app);
    const profile = await app.strapi.db.query(PROFILE).findOne({ where: { email } });
    expect(await app.strapi.db.query(SUBSCRIPTION).findOne({ where: { profileId: profile.id } })).toMatchObject({ status: 'pending', district: 'altstadt' });
    const granted = await app.strapi.db.query(CONSENT).findMany({ where: { profileId: profile.id }, orderBy: { id: 'asc' } });
    expect(granted[0]).toMatchObject({ purpose: 'alerts', action: 'granted', topics: ['district:altstadt'], widget: 'civic-alerts-signup' });
    expect(granted[0].legalTextId).toBeTruthy();

    // The mailbox's cooldown: two signups, one confirmation mail.
    const [mail] = await app.mail.waitFor(email);
    expect(app.mail.to(email)).toHaveLength(1);
    expect(mail!.subject).toContain('Warnungen');
    const url = linkTo(mail!, '/api/civic-dialog/alerts/confirm');
    // A mail scanner following the link confirms nobody.
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Stadtteil Altstadt');
    expect(await app.strapi.db.query(SUBSCRIPTION).findOne({ where: { profileId: profile.id } })).toMatchObject({ status: 'pending' });

    const confirmed = await api.postJson('/alerts/confirm', { token: url.searchParams.get('token') });
    expect(confirmed.status).toBe(200);
    expect(await app.strapi.db.query(SUBSCRIPTION).findOne({ where: { profileId: profile.id } })).toMatchObject({ status: 'active' });
    const ledger = await app.strapi.db.query(CONSENT).findMany({ where: { profileId: profile.id, purpose: 'alerts' }, orderBy: { id: 'asc' } });
    expect(ledger.map((entry: any) => entry.action)).toEqual(['granted', 'granted', 'confirmed']);
    // The link works once.
    expect((await api.postJson('/alerts/confirm', { token: url.searchParams.get('token') })).status).toBe(410);
  });

  it("the editors' area picker shows a signup's district and postal code only once the citizen confirmed: a stranger's text never reaches them", async () => {
    const tag = unique();
    const email = `areas-${tag}@example.org`;
    const district = `Fremdtext-${tag}`;
    const code = `X${tag}`;
    expect((await api.postJson('/alerts/signups', signupBody({ email, district, postalCode: code }), fromOwnAddress())).status).toBe(202);
    await settleOutbox(app);
    const [mail] = await app.mail.waitFor(email);
    const areas = async () => {
      const res = await admin('/alerts/areas');
      expect(res.status).toBe(200);
      const { data } = (await res.json()) as any;
      return { districts: data.districts.map((d: any) => d.name), postalCodes: data.postalCodes.map((p: any) => p.name) };
    };
    const pending = await areas();
    expect(pending.districts).not.toContain(district);
    expect(pending.postalCodes).not.toContain(code.toUpperCase());

    const token = linkTo(mail!, '/api/civic-dialog/alerts/confirm').searchParams.get('token');
    expect((await api.postJson('/alerts/confirm', { token })).status).toBe(200);
    const confirmed = await areas();
    expect(confirmed.districts).toContain(district);
    expect(confirmed.postalCodes).toContain(code.toUpperCase());
  });

  it('what <civic-alerts-signup> posts (district and postal code, or neither) becomes an active subscription for that area after the confirm link', async () => {
    const both = `widget-both-${unique()}@example.org`;
    const town = `widget-town-${unique()}@example.org`;
    // The widget's requests: the area as typed or chosen from its districts list; neither field for the whole town.
    await subscribed(both, { district: ' Süd ', postalCode: '12 345' });
    await subscribed(town);
    const subscriptionOf = async (email: string) => {
      const profile = await app.strapi.db.query(PROFILE).findOne({ where: { email } });
      const row = await app.strapi.db.query(SUBSCRIPTION).findOne({ where: { profileId: profile.id } });
      const ledger = await app.strapi.db.query(CONSENT).findMany({ where: { profileId: profile.id, purpose: 'alerts' }, orderBy: { id: 'asc' } });
      return { status: row.status, district: row.district, postalCode: row.postalCode, ledger: ledger.map((entry: any) => `${entry.action}:${entry.topics.join(',')}:${entry.widget}`) };
    };
    expect(await subscriptionOf(both)).toEqual({
      status: 'active',
      district: 'süd',
      postalCode: '12345',
      ledger: ['granted:district:süd,postal:12345:civic-alerts-signup', 'confirmed:district:süd,postal:12345:civic-alerts-signup'],
    });
    expect(await subscriptionOf(town)).toEqual({
      status: 'active',
      district: null,
      postalCode: null,
      ledger: ['granted:town:civic-alerts-signup', 'confirmed:town:civic-alerts-signup'],
    });
  });

  it('sends to the consenting citizens of the area only: by district, by postal code, to the whole town', async () => {
    const tag = unique();
    const north = `north-${tag}@example.org`;
    const south = `south-${tag}@example.org`;
    const postal = `postal-${tag}@example.org`;
    const town = `town-${tag}@example.org`;
    const pending = `pending-${tag}@example.org`;
    const district = `Nord-${tag}`;
    const otherDistrict = `Süd-${tag}`;
    const code = String(10_000 + (parseInt(tag, 16) % 89_999));
    await subscribed(north, { district });
    await subscribed(south, { district: otherDistrict });
    await subscribed(postal, { postalCode: code });
    await subscribed(town, {}, 'en');
    // Signed up, never confirmed: no consent to alerts.
    expect((await api.postJson('/alerts/signups', signupBody({ email: pending, district }), fromOwnAddress())).status).toBe(202);
    await settleOutbox(app);

    const byDistrict = await sendAlert(alertBody({ shortText: { de: `Bezirk ${tag}`, en: `District ${tag}` }, area: { districts: [district.toUpperCase()] } }));
    const byPostal = await sendAlert(alertBody({ shortText: { de: `PLZ ${tag}` }, area: { postalCodes: [code] } }));
    const wholeTown = await sendAlert(alertBody({ shortText: { de: `Stadt ${tag}`, en: `Town ${tag}` }, severity: 'danger', area: { wholeTown: true } }));
    await settleOutbox(app);

    const got = (text: string) => [north, south, postal, town, pending].filter((email) => alertMailsTo(email, text).length > 0);
    // Town-wide subscribers hear of every alert in town.
    expect(got(`Bezirk ${tag}`).concat(got(`District ${tag}`))).toEqual([north, town]);
    expect(got(`PLZ ${tag}`)).toEqual([postal, town]);
    expect(got(`Stadt ${tag}`).concat(got(`Town ${tag}`))).toEqual([north, south, postal, town]);
    // The count of queued mails is what went out (town-wide subscribers of other tests included).
    const delivered = (text: string) => app.mail.mails.filter((mail) => mail.subject.endsWith(text)).length;
    expect(byDistrict.recipients).toBe(delivered(`Bezirk ${tag}`) + delivered(`District ${tag}`));
    expect(byPostal.recipients).toBe(delivered(`PLZ ${tag}`));

    // In the citizen's language, with the severity, the mail text and the preference link.
    const [english] = alertMailsTo(town, `Town ${tag}`);
    expect(english!.subject).toBe(`Danger: Town ${tag}`);
    expect(english!.text).toContain('The utility is repairing it.');
    const [german] = alertMailsTo(north, `Bezirk ${tag}`);
    expect(german!.subject).toBe(`Warnung: Bezirk ${tag}`);
    expect(german!.text).toContain('Gebiet ändern oder Warnungen abbestellen');

    // Live figures per channel.
    const figures = (await (await admin(`/alerts/${wholeTown.id}/deliveries`)).json()) as any;
    expect(figures.data).toMatchObject({ id: wholeTown.id, status: 'sent', channels: { mail: { sent: wholeTown.recipients, queued: 0, failed: 0 } } });
  });

  it('texts the citizens of the area who verified a number and consented to SMS alerts, in their language, counted per channel', async () => {
    const tag = unique();
    const district = `Sms-${tag}`;
    const phoneOf = (n: number) => `+4915${String(parseInt(tag, 16) % 1_000_000).padStart(6, '0')}${n}0`;
    const citizens = [
      { email: `sms-de-${tag}@example.org`, district, locale: 'de' as const, alertsConsent: true },
      { email: `sms-en-${tag}@example.org`, district, locale: 'en' as const, alertsConsent: true },
      { email: `sms-no-${tag}@example.org`, district, locale: 'de' as const, alertsConsent: false },
      { email: `sms-away-${tag}@example.org`, district: `Away-${tag}`, locale: 'de' as const, alertsConsent: true },
    ];
    for (const [n, citizen] of citizens.entries()) {
      await subscribed(citizen.email, { district: citizen.district }, citizen.locale);
      const profile = await app.strapi.db.query(PROFILE).findOne({ where: { email: citizen.email } });
      // A number verified by its code (features/sms, tested in sms.test.ts), with or without the SMS-alert consent.
      await app.strapi.db.query('plugin::civic-dialog.sms-phone' as any).create({
        data: { profileId: profile.id, phone: phoneOf(n), verifiedAt: new Date(), alertsConsent: citizen.alertsConsent, registrationsConsent: false },
      });
    }
    const { id } = await sendAlert(alertBody({ shortText: { de: `SMS ${tag} Straße gesperrt`, en: `SMS ${tag} road closed` }, area: { districts: [district] } }));
    await settleOutbox(app);
    await app.strapi.plugin('civic-dialog').service('smsOutbox').drain();

    expect((await gateway.waitFor(phoneOf(0))).map((sms) => sms.text)).toEqual([`SMS ${tag} Straße gesperrt`]);
    expect((await gateway.waitFor(phoneOf(1))).map((sms) => sms.text)).toEqual([`SMS ${tag} road closed`]);
    expect(gateway.to(phoneOf(2))).toEqual([]);
    expect(gateway.to(phoneOf(3))).toEqual([]);
    const figures = (await (await admin(`/alerts/${id}/deliveries`)).json()) as any;
    expect(figures.data.channels.sms).toMatchObject({ recipients: 2, sent: 2, queued: 0, failed: 0 });
    expect(figures.data.channels.mail).toMatchObject({ sent: figures.data.channels.mail.recipients, queued: 0 });
    const listed = ((await (await admin('/alerts')).json()) as any).data.find((alert: any) => alert.id === id);
    // "Straße" is GSM-7: one segment each.
    expect(listed).toMatchObject({ recipients: { sms: 2 }, segments: { de: 1, en: 1 } });
  });

  it('lets the citizen withdraw and resubscribe for another area in the preference center (manage link of the alert mail, ledger)', async () => {
    const tag = unique();
    const email = `prefs-${tag}@example.org`;
    await subscribed(email, { district: `Pref-${tag}` });
    await sendAlert(alertBody({ shortText: { de: `Vorher ${tag}` }, area: { districts: [`Pref-${tag}`] } }));
    await settleOutbox(app);
    const [mail] = alertMailsTo(email, `Vorher ${tag}`);
    const token = /#civic-token=([A-Za-z0-9_-]{43})/.exec(mail!.text)![1];
    const session = (await api.postJson('/preferences/session', { token })).body.data.sessionToken as string;
    const call = async (method: string, body?: unknown, bearer: string | null = session) =>
      fetch(`${app.baseUrl}/api/civic-dialog/preferences/alerts`, {
        method,
        headers: { origin: TOWN_ORIGIN, 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    expect(await (await call('GET')).json()).toEqual({ data: { status: 'active', district: `Pref-${tag}`, postalCode: null } });
    expect((await call('GET', undefined, null)).status).toBe(401);
    expect((await call('PUT', { subscribed: true, district: `Neu-${tag}`, locale: 'de' })).status).toBe(400);

    expect(await (await call('PUT', { subscribed: false, locale: 'de' })).json()).toMatchObject({ data: { status: 'withdrawn' } });
    await sendAlert(alertBody({ shortText: { de: `Nachher ${tag}` }, area: { districts: [`Pref-${tag}`] } }));
    await settleOutbox(app);
    expect(alertMailsTo(email, `Nachher ${tag}`)).toEqual([]);

    const again = await call('PUT', { subscribed: true, district: `Neu-${tag}`, legalTextVersion: 1, locale: 'de' });
    expect(await again.json()).toEqual({ data: { status: 'active', district: `Neu-${tag}`, postalCode: null } });
    const profile = await app.strapi.db.query(PROFILE).findOne({ where: { email } });
    const ledger = await app.strapi.db.query(CONSENT).findMany({ where: { profileId: profile.id, purpose: 'alerts' }, orderBy: { id: 'asc' } });
    expect(ledger.map((entry: any) => `${entry.action}:${entry.topics.join(',')}`)).toEqual([
      `granted:district:pref-${tag}`,
      `confirmed:district:pref-${tag}`,
      `withdrawn:district:pref-${tag}`,
      `granted:district:neu-${tag}`,
      `confirmed:district:neu-${tag}`,
    ]);
    await sendAlert(alertBody({ shortText: { de: `Neu ${tag}` }, area: { districts: [`Neu-${tag}`] } }));
    await settleOutbox(app);
    expect(alertMailsTo(email, `Neu ${tag}`)).toHaveLength(1);
  });

  it('sends an alert exactly once per recipient: a second send is refused (409), concurrent sends queue one mail each', async () => {
    const tag = unique();
    const email = `once-${tag}@example.org`;
    await subscribed(email, { district: `Once-${tag}` });
    const created = (await (await adminPost('/alerts', alertBody({ shortText: { de: `Einmal ${tag}` }, area: { districts: [`Once-${tag}`] } }))).json()) as any;
    const [a, b] = await Promise.all([adminPost(`/alerts/${created.data.id}/send`), adminPost(`/alerts/${created.data.id}/send`)]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    const again = await adminPost(`/alerts/${created.data.id}/send`);
    expect(again.status).toBe(409);
    expect(((await again.json()) as any).error).toMatchObject({ status: 409 });
    await settleOutbox(app);
    expect(alertMailsTo(email, `Einmal ${tag}`)).toHaveLength(1);
  });

  it('overtakes a running newsletter: the alert mails arrive while hundreds of newsletter mails are still queued', async () => {
    const { tag, newsletter, district, citizens } = await newsletterAndAlertArea('nl');

    Object.assign(newsletterSettings(), { ratePerSecond: 10 });
    try {
      expect((await adminPost(`/newsletters/${newsletter}/send`)).status).toBe(202);
      const newsletterMails = () => app.mail.mails.filter((mail) => mail.to[0]!.startsWith(`nl${tag}-`)).length;
      await waitUntil(async () => newsletterMails() > 0, { timeoutMs: 30_000, what: 'the newsletter is going out' });

      await sendAlert(alertBody({ shortText: { de: `Vorrang ${tag}` }, area: { districts: [district] } }));
      await waitUntil(async () => citizens.every((email) => alertMailsTo(email, `Vorrang ${tag}`).length === 1), { timeoutMs: 20_000, what: 'every alert mail arrived' });
      const queued = await app.strapi.db.connection('civic_dialog_newsletter_deliveries').where({ status: 'queued' }).count({ n: '*' }).first();
      expect(newsletterMails()).toBeLessThan(200);
      expect(Number((queued as any).n)).toBeGreaterThanOrEqual(100);
    } finally {
      await adminPost(`/newsletters/${newsletter}/cancel`);
      Object.assign(newsletterSettings(), { ratePerSecond: 0 });
    }
  });

  it('holds a running newsletter back while its alert mails go out; the newsletter goes on after them', async () => {
    const { tag, newsletter, district, citizens } = await newsletterAndAlertArea('nh');
    const isNewsletter = (mail: { to: string[] }) => mail.to[0]!.startsWith(`nh${tag}-`);
    const isAlert = (mail: { subject: string }) => mail.subject.includes(`Halt ${tag}`);

    // The alert lane at 1 mail/s: its three mails take two seconds, in which the newsletter (50/s) alone would send about 100.
    Object.assign(newsletterSettings(), { ratePerSecond: 50 });
    Object.assign(mailSettings(), { alertRatePerSecond: 1 });
    try {
      expect((await adminPost(`/newsletters/${newsletter}/send`)).status).toBe(202);
      await waitUntil(async () => app.mail.mails.some(isNewsletter), { timeoutMs: 30_000, what: 'the newsletter is going out' });

      await sendAlert(alertBody({ shortText: { de: `Halt ${tag}` }, area: { districts: [district] } }));
      await waitUntil(async () => app.mail.mails.filter(isAlert).length === citizens.length, { timeoutMs: 20_000, what: 'every alert mail arrived' });
      const order = app.mail.mails.map((mail) => (isAlert(mail) ? 'alert' : isNewsletter(mail) ? 'newsletter' : null));
      const between = order.slice(order.indexOf('alert'), order.lastIndexOf('alert')).filter((kind) => kind === 'newsletter');
      // Only mails already on their way when the alert was queued (a few per SMTP connection), not ~100.
      expect(between.length).toBeLessThan(20);

      await waitUntil(async () => app.mail.mails.filter(isNewsletter).length === 300, { timeoutMs: 60_000, what: 'the newsletter went on after the alert, to everyone' });
    } finally {
      await adminPost(`/newsletters/${newsletter}/cancel`);
      Object.assign(newsletterSettings(), { ratePerSecond: 0 });
      Object.assign(mailSettings(), { alertRatePerSecond: 0 });
    }
  });

  it('needs alerts.send: an editor without it gets 403 for writing, sending and the figures', async () => {
    const role = await app.strapi.service('admin::role').create({ name: `No alerts ${unique()}`, description: 'only newsletters.read' });
    await app.strapi.service('admin::role').assignPermissions(role.id, [{ action: 'plugin::civic-dialog.newsletters.read', subject: null, conditions: [], properties: {} }]);
    const credentials = { email: `reader-${unique()}@musterstadt.example`, password: `Ed-${randomBytes(9).toString('base64url')}` };
    await app.strapi.service('admin::user').create({ ...credentials, firstname: 'Reader', lastname: 'Test', isActive: true, registrationToken: null, roles: [role.id] });
    const reader = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl, credentials));
    const created = (await (await adminPost('/alerts', alertBody())).json()) as any;
    for (const res of [
      await reader('/alerts', { method: 'POST', body: JSON.stringify(alertBody()) }),
      await reader(`/alerts/${created.data.id}/send`, { method: 'POST', body: '{}' }),
      await reader(`/alerts/${created.data.id}/deliveries`),
      await reader('/alerts'),
    ]) {
      expect(res.status).toBe(403);
      expect(((await res.json()) as any).error).toMatchObject({ status: 403, name: 'PolicyError' });
    }
    const still = (await (await admin('/alerts')).json()) as any;
    expect(still.data.find((alert: any) => alert.id === created.data.id)).toMatchObject({ status: 'draft' });
  });

  it('refuses bad input with a 4xx in Strapi’s error shape', async () => {
    const bad = async (res: Response, status = 400) => {
      const body = (await res.json()) as any;
      expect({ status: res.status, body }).toMatchObject({ status, body: { error: { status } } });
    };
    await bad(await adminPost('/alerts', alertBody({ shortText: { de: 'x'.repeat(161) } })));
    await bad(await adminPost('/alerts', alertBody({ shortText: { de: '   ' } })));
    await bad(await adminPost('/alerts', alertBody({ severity: 'apocalypse' })));
    await bad(await adminPost('/alerts', alertBody({ area: {} })));
    await bad(await adminPost('/alerts', alertBody({ area: { wholeTown: true, districts: ['Nord'] } })));
    await bad(await adminPost('/alerts', alertBody({ area: { postalCodes: ['<script>'] } })));
    await bad(await adminPost('/alerts', alertBody({ validUntil: new Date(Date.now() - 60_000).toISOString() })));
    await bad(await adminPost('/alerts', alertBody({ validUntil: 'tomorrow' })));
    await bad(await adminPost('/alerts', alertBody({ unknownField: 1 })));
    await bad(await adminPost('/alerts/abc/send'));
    await bad(await adminPost('/alerts/999999/send'), 404);
    await bad(await admin('/alerts/999999/deliveries'), 404);

    for (const body of [
      signupBody({ consent: false }),
      signupBody({ email: 'not-an-address' }),
      signupBody({ postalCode: '1' }),
      signupBody({ legalTextVersion: 99 }),
      signupBody({ district: 'x'.repeat(101) }),
    ]) {
      const res = await api.postJson('/alerts/signups', body, fromOwnAddress());
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ status: 400, name: 'ValidationError' });
    }
    expect((await api.postJson('/alerts/confirm', { token: 'A'.repeat(43) })).status).toBe(404);
  });

  it('limits alert signups per IP like newsletter signups (429 once the budget of one address is used up)', async () => {
    const from = { 'x-forwarded-for': '198.51.100.7' };
    const statuses: number[] = [];
    // CIVIC_RATE_LIMIT_IP_POINTS defaults to 20 in the demo config.
    for (let i = 0; i < 21; i++) statuses.push((await api.postJson('/alerts/signups', signupBody({ email: `limit-${i}-${unique()}@example.org` }), from)).status);
    expect(statuses).toEqual([...Array(20).fill(202), 429]);
    const refused = await api.postJson('/alerts/signups', signupBody({ email: `limit-x-${unique()}@example.org` }), from);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ status: 429 });
    // Another address is not held back.
    expect((await api.postJson('/alerts/signups', signupBody({ email: `limit-y-${unique()}@example.org` }), fromOwnAddress())).status).toBe(202);
    await settleOutbox(app);
  });

  it('lists only current alerts publicly, without personal data, cacheable', async () => {
    const tag = unique();
    const current = await sendAlert(alertBody({ shortText: { de: `Aktuell ${tag}` }, area: { postalCodes: ['12345'] }, severity: 'info' }));
    const expired = await sendAlert(alertBody({ shortText: { de: `Abgelaufen ${tag}` } }));
    await app.strapi.db.connection('civic_dialog_alerts').where({ id: expired.id }).update({ valid_until: new Date(Date.now() - 1000) });
    const draft = (await (await adminPost('/alerts', alertBody({ shortText: { de: `Entwurf ${tag}` } }))).json()) as any;

    const res = await api.get('/alerts');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=30');
    const ids = res.body.data.map((alert: any) => alert.id);
    expect(ids).toContain(current.id);
    expect(ids).not.toContain(expired.id);
    expect(ids).not.toContain(draft.data.id);
    const shown = res.body.data.find((alert: any) => alert.id === current.id);
    expect(Object.keys(shown).sort()).toEqual(['area', 'id', 'sentAt', 'severity', 'shortText', 'validUntil']);
    expect(shown).toMatchObject({ severity: 'info', shortText: { de: `Aktuell ${tag}` }, area: { wholeTown: false, districts: [], postalCodes: ['12345'] } });
    expect(JSON.stringify(res.body)).not.toContain('@');
  });
});
