import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { startApp, type TestApp } from '../support/strapi';
import { smsEnv, startSmsGateway, type SmsGateway } from '../support/sms-gateway';

/**
 * What the editors' alerts page and profile page ask besides the alert routes of alerts.test.ts:
 * who an alert would reach now per channel (the send dialog), the districts and postal codes
 * citizens chose (the area picker), and an editor's "do not contact by SMS" on a profile (audited).
 */

let app: TestApp;
let gateway: SmsGateway;
let admin: ReturnType<typeof pluginAdminApi>;
const PROFILE = 'plugin::civic-dialog.profile' as any;
const SUBSCRIPTION = 'plugin::civic-dialog.alert-subscription' as any;
const PHONE = 'plugin::civic-dialog.sms-phone' as any;
const AUDIT = 'plugin::civic-dialog.audit-entry' as any;
const unique = () => randomBytes(4).toString('hex');
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });
const adminSend = (method: string, path: string, body: unknown) => admin(path, { method, body: JSON.stringify(body) });
let lastPhone = 0;

/**
 * A citizen with an alert subscription (state as given; the signup flow itself is alerts.test.ts's).
 * Always for an area of its own unless told: town-wide subscribers would get every alert of the other tests.
 */
async function citizen(opts: { district?: string; postalCode?: string; status?: string; profileStatus?: string; phone?: { consent: boolean; suppressed?: boolean } } = {}) {
  const profile = await app.strapi.db.query(PROFILE).create({ data: { email: `c-${unique()}@example.org`, status: opts.profileStatus ?? 'active', locale: 'de' } });
  await app.strapi.db.query(SUBSCRIPTION).create({
    data: { profileId: profile.id, district: (opts.district ?? (opts.postalCode ? undefined : `eigen-${unique()}`))?.toLowerCase() ?? null, postalCode: opts.postalCode ?? null, status: opts.status ?? 'active' },
  });
  if (opts.phone) {
    await app.strapi.db.query(PHONE).create({
      data: {
        profileId: profile.id,
        phone: `+49151${String(Date.now() % 1_000_000).padStart(6, '0')}${lastPhone++}`,
        verifiedAt: new Date(),
        alertsConsent: opts.phone.consent,
        registrationsConsent: false,
        suppressedAt: opts.phone.suppressed ? new Date() : null,
      },
    });
  }
  return profile.id as number;
}

async function draft(area: Record<string, unknown>) {
  const res = await json(await adminSend('POST', '/alerts', { shortText: { de: 'Hochwasser am Fluss.' }, severity: 'warning', area, validUntil: new Date(Date.now() + 3_600_000).toISOString() }));
  expect(res.status).toBe(201);
  return res.body.data.id as number;
}

beforeAll(async () => {
  gateway = await startSmsGateway();
  app = await startApp(smsEnv(gateway));
  admin = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl));
}, 240_000);
afterAll(async () => {
  await app?.stop();
  await gateway?.close();
});

describe(`the editors' alerts page and SMS contact on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('counts who a draft would reach now, per channel: active subscriptions of the area by mail, those with a consenting, unsuppressed number by SMS', async () => {
    const district = `Aue-${unique()}`;
    await citizen({ district, phone: { consent: true } });
    await citizen({ district, phone: { consent: false } });
    await citizen({ district, phone: { consent: true, suppressed: true } });
    await citizen({ district });
    await citizen({ district, status: 'pending', phone: { consent: true } });
    await citizen({ district, status: 'withdrawn' });
    await citizen({ district, profileStatus: 'erased' });
    await citizen({ district: `Anderswo-${unique()}`, phone: { consent: true } });
    const id = await draft({ districts: [district.toUpperCase()] });

    const { status, body } = await json(await admin(`/alerts/${id}/audience`));
    expect(status).toBe(200);
    expect(body).toEqual({ data: { id, mail: 4, sms: 1 } });
    // The alert's own page reads it alone.
    const one = await json(await admin(`/alerts/${id}`));
    expect(one.body.data).toMatchObject({ id, status: 'draft', area: { wholeTown: false, districts: [district.toUpperCase()] }, recipients: { mail: 0, sms: 0 }, segments: { de: 1, en: null } });
  });

  it('counts a postal-code area the same way, and sends to as many as it counted', async () => {
    const code = String(20_000 + (parseInt(unique(), 16) % 59_999));
    await citizen({ postalCode: code, phone: { consent: true } });
    await citizen({ postalCode: code });
    const id = await draft({ postalCodes: [code] });
    const { body } = await json(await admin(`/alerts/${id}/audience`));
    const sent = await json(await adminSend('POST', `/alerts/${id}/send`, {}));
    expect(sent.status).toBe(202);
    expect(sent.body.data).toEqual({ recipients: body.data.mail, sms: body.data.sms });
    expect(body.data.sms).toBe(1);
  });

  it('offers the districts and postal codes of active subscriptions only, most chosen first: not those of pending signups, withdrawn or erased ones', async () => {
    const tag = unique();
    await citizen({ district: `Mitte-${tag}` });
    await citizen({ district: `Mitte-${tag}` });
    // An unconfirmed signup: text anyone may have typed for any address, counted nowhere.
    await citizen({ district: `Mitte-${tag}`, status: 'pending' });
    await citizen({ district: `Fremd-${tag}`, status: 'pending' });
    await citizen({ district: `Rand-${tag}` });
    await citizen({ district: `Weg-${tag}`, status: 'withdrawn' });
    await citizen({ district: `Gelöscht-${tag}`, profileStatus: 'erased' });
    const code = String(90_000 + (parseInt(tag, 16) % 9_999));
    const pendingCode = String(80_000 + (parseInt(tag, 16) % 9_999));
    await citizen({ postalCode: code });
    await citizen({ postalCode: pendingCode, status: 'pending' });
    const { status, body } = await json(await admin('/alerts/areas'));
    expect(status).toBe(200);
    const districts = body.data.districts.filter((d: any) => d.name.endsWith(tag));
    expect(districts).toEqual([
      { name: `Mitte-${tag}`, subscribers: 2 },
      { name: `Rand-${tag}`, subscribers: 1 },
    ]);
    expect(body.data.postalCodes).toContainEqual({ name: code, subscribers: 1 });
    expect(body.data.postalCodes.map((p: any) => p.name)).not.toContain(pendingCode);
  });

  it('marks a profile "do not contact by SMS" and lifts it again, each audited with the editor', async () => {
    const profileId = await citizen({ phone: { consent: true } });
    const on = await json(await adminSend('PUT', `/profiles/${profileId}/sms-contact`, { doNotContact: true, reason: 'Beschwerde am Telefon' }));
    expect(on.status).toBe(200);
    expect(on.body.data).toMatchObject({ profileId, doNotContact: { reason: 'Beschwerde am Telefon' } });
    expect(Date.parse(on.body.data.doNotContact.since)).not.toBeNaN();
    const phone = await app.strapi.db.query(PHONE).findOne({ where: { profileId } });
    expect(phone.suppressedAt).toBeTruthy();
    // The profile page shows it (the export's "sms" section).
    const detail = await json(await admin(`/profiles/${profileId}`));
    expect(detail.body.sections.sms.doNotContact).toMatchObject({ reason: 'Beschwerde am Telefon' });

    const off = await json(await adminSend('PUT', `/profiles/${profileId}/sms-contact`, { doNotContact: false }));
    expect(off.body).toEqual({ data: { profileId, doNotContact: null } });
    expect((await app.strapi.db.query(PHONE).findOne({ where: { profileId } })).suppressedAt).toBeNull();

    const audit = await app.strapi.db.query(AUDIT).findMany({ where: { profileId, action: { $in: ['sms-do-not-contact', 'sms-contact-allowed'] } }, orderBy: { id: 'asc' } });
    expect(audit.map((entry: any) => [entry.action, entry.adminEmail])).toEqual([
      ['sms-do-not-contact', 'admin@musterstadt.example'],
      ['sms-contact-allowed', 'admin@musterstadt.example'],
    ]);
  });

  it('a suppressed number drops out of the next alert audience', async () => {
    const district = `Stop-${unique()}`;
    const profileId = await citizen({ district, phone: { consent: true } });
    const id = await draft({ districts: [district] });
    expect((await json(await admin(`/alerts/${id}/audience`))).body.data.sms).toBe(1);
    await adminSend('PUT', `/profiles/${profileId}/sms-contact`, { doNotContact: true });
    expect((await json(await admin(`/alerts/${id}/audience`))).body.data.sms).toBe(0);
    expect((await app.strapi.db.query(PHONE).findOne({ where: { profileId } })).suppressedReason).toBe('editor');
  });

  it('needs alerts.send for the audience and areas, profiles.update for the SMS contact (403 PolicyError)', async () => {
    const role = await app.strapi.service('admin::role').create({ name: `Reader ${unique()}`, description: 'profiles.read only' });
    await app.strapi.service('admin::role').assignPermissions(role.id, [{ action: 'plugin::civic-dialog.profiles.read', subject: null, conditions: [], properties: {} }]);
    const credentials = { email: `reader-${unique()}@musterstadt.example`, password: `Ed-${randomBytes(9).toString('base64url')}` };
    await app.strapi.service('admin::user').create({ ...credentials, firstname: 'Reader', lastname: 'Test', isActive: true, registrationToken: null, roles: [role.id] });
    const reader = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl, credentials));
    const profileId = await citizen({ phone: { consent: true } });
    const id = await draft({ wholeTown: true });
    for (const res of [
      await reader(`/alerts/${id}/audience`),
      await reader('/alerts/areas'),
      await reader(`/profiles/${profileId}/sms-contact`, { method: 'PUT', body: JSON.stringify({ doNotContact: true }) }),
    ]) {
      expect(res.status).toBe(403);
      expect(((await res.json()) as any).error).toMatchObject({ status: 403, name: 'PolicyError' });
    }
    expect((await app.strapi.db.query(PHONE).findOne({ where: { profileId } })).suppressedAt).toBeNull();
  });

  it('refuses bad input with a 4xx in Strapi’s error shape, nothing changed', async () => {
    const profileId = await citizen({ phone: { consent: true } });
    const noPhone = await citizen();
    const expectError = async (res: Response, status: number, name: string) => {
      const { status: got, body } = await json(res);
      expect({ got, body }).toMatchObject({ got: status, body: { data: null, error: { status, name } } });
    };
    await expectError(await admin('/alerts/abc/audience'), 400, 'ValidationError');
    await expectError(await admin('/alerts/99999999999/audience'), 400, 'ValidationError');
    await expectError(await admin('/alerts/999999/audience'), 404, 'NotFoundError');
    await expectError(await admin('/alerts/999999'), 404, 'NotFoundError');
    await expectError(await admin('/alerts/-1'), 400, 'ValidationError');
    await expectError(await adminSend('PUT', `/profiles/${profileId}/sms-contact`, {}), 400, 'ValidationError');
    await expectError(await adminSend('PUT', `/profiles/${profileId}/sms-contact`, { doNotContact: 'yes' }), 400, 'ValidationError');
    await expectError(await adminSend('PUT', `/profiles/${profileId}/sms-contact`, { doNotContact: true, reason: 'x'.repeat(256) }), 400, 'ValidationError');
    await expectError(await adminSend('PUT', `/profiles/${profileId}/sms-contact`, { doNotContact: true, extra: 1 }), 400, 'ValidationError');
    await expectError(await adminSend('PUT', '/profiles/abc/sms-contact', { doNotContact: true }), 400, 'ValidationError');
    await expectError(await adminSend('PUT', '/profiles/99999999999/sms-contact', { doNotContact: true }), 400, 'ValidationError');
    await expectError(await adminSend('PUT', `/profiles/${noPhone}/sms-contact`, { doNotContact: true }), 404, 'NotFoundError');
    expect((await app.strapi.db.query(PHONE).findOne({ where: { profileId } })).suppressedAt).toBeNull();
    expect(await app.strapi.db.query(AUDIT).count({ where: { profileId: { $in: [profileId, noPhone] } } })).toBe(0);
  });
});
