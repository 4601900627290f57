import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { settleIntake, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';
import { smsEnv, startSmsGateway, type SmsGateway } from '../support/sms-gateway';

let app: TestApp;
let gateway: SmsGateway;

const SECRET = 'sms-webhook-secret';
const PAGE = `${TOWN_ORIGIN}/mein-newsletter.html`;
const smsOutbox = () => app.strapi.plugin('civic-dialog').service('smsOutbox');
const smsPhones = () => app.strapi.plugin('civic-dialog').service('smsPhones');
/** A code request does its work after its answer (kernel/intake): wait for it, then send what is queued. */
async function drainSms() {
  await settleIntake(app);
  return smsOutbox().drain();
}
const uid = (name: string) => `plugin::civic-dialog.${name}` as any;
let nextNumber = 0;
/** A German mobile number no other test uses (typed the way citizens type it) and its E.164 form. */
function freshPhone() {
  const digits = `${Date.now() % 1e5}`.padStart(5, '0') + String(nextNumber++).padStart(3, '0');
  return { typed: `0151 ${digits}`, e164: `+49151${digits}` };
}
let nextIp = 10;
/** Each citizen's requests come from an address of their own (the per-IP limit is tested on its own). */
const freshIp = () => `198.51.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.baseUrl}/api/civic-dialog${path}`, {
    method,
    headers: { origin: TOWN_ORIGIN, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
}

beforeAll(async () => {
  gateway = await startSmsGateway();
  app = await startApp({
    ...smsEnv(gateway, SECRET),
    CIVIC_SMS_RETRY_DELAY_SECONDS: '1',
    CIVIC_SMS_RATE_PER_SECOND: '1000',
    CIVIC_SMS_ALERT_RATE_PER_SECOND: '1000',
    CIVIC_SMS_CODES_PER_NUMBER: '3',
    CIVIC_RATE_LIMIT_IP_POINTS: '12',
    CIVIC_TRUSTED_PROXY_HOPS: '1',
    TOWN_WEBSITE_URL: TOWN_ORIGIN,
  });
});

afterAll(async () => {
  await app?.stop();
  await gateway?.close();
});

interface Citizen {
  profileId: number;
  email: string;
  ip: string;
  headers: Record<string, string>;
}

/** An active citizen with a preference-center session (a manage link requested just now, as by mail). */
async function citizen(): Promise<Citizen> {
  const email = `sms-${randomBytes(5).toString('hex')}@example.org`;
  const profile = await app.strapi.db.query(uid('profile')).create({ data: { email, status: 'active', locale: 'de' } });
  const token = await app.strapi.plugin('civic-dialog').service('tokens').issue({ purpose: 'manage-link', profileId: profile.id, payload: { requestedAt: Date.now() }, ttlSeconds: 3600 });
  const ip = freshIp();
  const opened = await call('POST', '/preferences/session', { token }, { 'x-forwarded-for': ip });
  expect(opened.status).toBe(200);
  return { profileId: profile.id, email, ip, headers: { authorization: `Bearer ${opened.body.data.sessionToken}`, 'x-forwarded-for': ip } };
}

/** The code in the latest SMS to a number. */
async function codeSentTo(phone: string, count: number): Promise<string> {
  await drainSms();
  const texts = await gateway.waitFor(phone, count);
  const code = /^(\d{6}) /.exec(texts[count - 1]!.text)?.[1];
  if (!code) throw new Error(`no code in "${texts[count - 1]!.text}"`);
  return code;
}

/** A citizen whose number is verified through the routes, with these consents granted through the routes. */
async function verifiedCitizen(purposes: Array<'sms-alerts' | 'sms-registrations'> = ['sms-alerts', 'sms-registrations']) {
  const who = await citizen();
  const phone = freshPhone();
  expect((await call('POST', '/preferences/sms/phone', { phone: phone.typed, locale: 'de' }, who.headers)).status).toBe(202);
  const code = await codeSentTo(phone.e164, 1);
  expect((await call('POST', '/preferences/sms/verify', { code }, who.headers)).status).toBe(200);
  if (purposes.length) {
    const granted = await call(
      'PUT',
      '/preferences/sms/consents',
      { purposes: Object.fromEntries(purposes.map((purpose) => [purpose, true])), locale: 'de', legalTextVersions: Object.fromEntries(purposes.map((purpose) => [purpose, 1])), pageUrl: PAGE },
      who.headers,
    );
    expect(granted.status).toBe(200);
  }
  return { ...who, phone: phone.e164 };
}

const consents = (profileId: number) => app.strapi.db.query(uid('consent')).findMany({ where: { profileId }, orderBy: { id: 'asc' } });
const smsRows = (profileId: number) => app.strapi.db.query(uid('sms-message')).findMany({ where: { profileId }, orderBy: { id: 'asc' } });
const prefix = () => `test:${randomBytes(4).toString('hex')}:`;

describe('phone verification', () => {
  it('normalises the number to E.164, sends a six-digit code by SMS and verifies the number with it', async () => {
    const who = await citizen();
    const phone = freshPhone();
    const asked = await call('POST', '/preferences/sms/phone', { phone: phone.typed, locale: 'de' }, who.headers);
    expect(asked.status).toBe(202);
    expect(asked.body.data).toMatchObject({ status: 'code-sent', phone: phone.e164 });
    const code = await codeSentTo(phone.e164, 1);
    expect((await call('GET', '/preferences/sms', undefined, who.headers)).body.data).toEqual({
      phone: null,
      pendingPhone: phone.e164,
      consents: { 'sms-alerts': false, 'sms-registrations': false },
      suppressed: false,
    });
    const verified = await call('POST', '/preferences/sms/verify', { code }, who.headers);
    expect(verified.status).toBe(200);
    expect(verified.body.data).toMatchObject({ phone: phone.e164, pendingPhone: null });
    // Only the code's HMAC is stored; the sent text keeps no code.
    const [stored] = await app.strapi.db.query(uid('sms-code')).findMany({ where: { profileId: who.profileId } });
    expect(stored.codeHash).not.toContain(code);
    expect((await smsRows(who.profileId))[0].text).not.toContain(code);
    // A code works once.
    expect((await call('POST', '/preferences/sms/verify', { code }, who.headers)).body.error.details.errors[0].code).toBe('code-expired');
  });

  it('refuses a wrong code (400 on the field) and says how many tries are left', async () => {
    const who = await citizen();
    const phone = freshPhone();
    await call('POST', '/preferences/sms/phone', { phone: phone.typed }, who.headers);
    const code = await codeSentTo(phone.e164, 1);
    const wrong = code === '000000' ? '000001' : '000000';
    const answer = await call('POST', '/preferences/sms/verify', { code: wrong }, who.headers);
    expect(answer.status).toBe(400);
    expect(answer.body.error.details.errors[0]).toMatchObject({ path: ['code'], code: 'wrong-code' });
    expect(answer.body.error.message).toContain('4 tries left');
    expect((await call('GET', '/preferences/sms', undefined, who.headers)).body.data.phone).toBeNull();
  });

  it('refuses an expired code (the clock moved past its 10 minutes)', async () => {
    const who = await citizen();
    const phone = freshPhone();
    await call('POST', '/preferences/sms/phone', { phone: phone.typed }, who.headers);
    const code = await codeSentTo(phone.e164, 1);
    const [stored] = await app.strapi.db.query(uid('sms-code')).findMany({ where: { profileId: who.profileId } });
    expect(new Date(stored.expiresAt).getTime() - new Date(stored.createdAt).getTime()).toBe(600_000);
    await app.strapi.db.query(uid('sms-code')).update({ where: { id: stored.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const answer = await call('POST', '/preferences/sms/verify', { code }, who.headers);
    expect(answer.status).toBe(400);
    expect(answer.body.error.details.errors[0].code).toBe('code-expired');
  });

  it('after five wrong tries even the right code is refused', async () => {
    const who = await citizen();
    const phone = freshPhone();
    await call('POST', '/preferences/sms/phone', { phone: phone.typed }, who.headers);
    const code = await codeSentTo(phone.e164, 1);
    const wrong = code === '111111' ? '222222' : '111111';
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await call('POST', '/preferences/sms/verify', { code: wrong }, who.headers)).body.error.details.errors[0].code);
    expect(codes).toEqual(['wrong-code', 'wrong-code', 'wrong-code', 'wrong-code', 'too-many-tries']);
    const right = await call('POST', '/preferences/sms/verify', { code }, who.headers);
    expect(right.status).toBe(400);
    expect(right.body.error.details.errors[0].code).toBe('too-many-tries');
  });

  it('sends at most 3 codes per number per hour, answering every request alike (202)', async () => {
    const phone = freshPhone();
    const statuses: number[] = [];
    // Different citizens, different clients: the limit is the number's.
    for (let i = 0; i < 4; i++) statuses.push((await call('POST', '/preferences/sms/phone', { phone: phone.typed }, (await citizen()).headers)).status);
    expect(statuses).toEqual([202, 202, 202, 202]);
    await drainSms();
    expect(gateway.to(phone.e164)).toHaveLength(3);
  });

  it('limits code requests and tries per client IP (429 beyond CIVIC_RATE_LIMIT_IP_POINTS)', async () => {
    const who = await citizen();
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) statuses.push((await call('POST', '/preferences/sms/verify', { code: '123456' }, who.headers)).status);
    expect(statuses.slice(0, 12).every((status) => status === 400)).toBe(true);
    expect(statuses[12]).toBe(429);
    // Another client is not affected.
    expect((await call('POST', '/preferences/sms/verify', { code: '123456' }, { ...who.headers, 'x-forwarded-for': freshIp() })).status).toBe(400);
  });

  it('answers bad input with 4xx in Strapi\'s error shape', async () => {
    const who = await citizen();
    const invalid = await call('POST', '/preferences/sms/phone', { phone: '0151 12' }, who.headers);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.errors[0]).toMatchObject({ path: ['phone'], code: 'invalid-phone' });
    expect((await call('POST', '/preferences/sms/phone', { phone: 'call me maybe' }, who.headers)).status).toBe(400);
    expect((await call('POST', '/preferences/sms/phone', { phone: '+4915112345678', extra: 1 }, who.headers)).status).toBe(400);
    expect((await call('POST', '/preferences/sms/phone', '{not json', who.headers)).status).toBe(400);
    expect((await call('POST', '/preferences/sms/verify', { code: '12ab56' }, who.headers)).status).toBe(400);
    expect((await call('PUT', '/preferences/sms/consents', { purposes: { 'sms-spam': true } }, who.headers)).status).toBe(400);
    expect((await call('POST', '/preferences/sms/phone', { phone: '+4915112345678' })).status).toBe(401);
    expect((await call('GET', '/preferences/sms', undefined, { authorization: 'Bearer nonsense' })).status).toBe(401);
  });
});

describe('SMS consent and withdrawal', () => {
  it('records each purpose in the ledger with its legal text, and a withdrawal in the preference center', async () => {
    const who = await verifiedCitizen(['sms-alerts']);
    const state = await call('GET', '/preferences/sms', undefined, who.headers);
    expect(state.body.data.consents).toEqual({ 'sms-alerts': true, 'sms-registrations': false });
    const text = await app.strapi.db.query(uid('legal-text')).findOne({ where: { purpose: 'sms-alerts', locale: 'de', version: 1 } });
    expect((await consents(who.profileId)).map((c: any) => [c.purpose, c.action, c.legalTextId, c.widget])).toEqual([['sms-alerts', 'confirmed', text.id, 'civic-preferences']]);

    const withdrawn = await call('PUT', '/preferences/sms/consents', { purposes: { 'sms-alerts': false } }, who.headers);
    expect(withdrawn.body.data.consents['sms-alerts']).toBe(false);
    expect((await consents(who.profileId)).map((c: any) => [c.purpose, c.action, c.legalTextId])).toEqual([
      ['sms-alerts', 'confirmed', text.id],
      ['sms-alerts', 'withdrawn', text.id],
    ]);
    expect(await smsOutbox().enqueueMany({ kind: 'alert', priority: 'alert', recipients: [{ profileId: who.profileId }], text: 'Test', dedupeKeyPrefix: prefix() })).toBe(0);
  });

  it('refuses a consent without a verified number, or with an outdated legal text', async () => {
    const who = await citizen();
    const unverified = await call('PUT', '/preferences/sms/consents', { purposes: { 'sms-alerts': true }, legalTextVersions: { 'sms-alerts': 1 } }, who.headers);
    expect(unverified.status).toBe(400);
    expect(unverified.body.error.details.errors[0].code).toBe('phone-not-verified');
    const verified = await verifiedCitizen([]);
    const outdated = await call('PUT', '/preferences/sms/consents', { purposes: { 'sms-alerts': true }, legalTextVersions: { 'sms-alerts': 7 } }, verified.headers);
    expect(outdated.status).toBe(400);
    expect(outdated.body.error.details.errors[0].code).toBe('legal-text-outdated');
    expect(await consents(verified.profileId)).toEqual([]);
  });

  it('a STOP reply through the inbound webhook withdraws every SMS consent and suppresses the number', async () => {
    const who = await verifiedCitizen();
    expect((await call('POST', '/sms/inbound', { from: who.phone, text: 'STOP' })).status).toBe(401);
    expect((await call('POST', '/sms/inbound', { from: who.phone, text: 'STOP' }, { authorization: 'Bearer wrong' })).status).toBe(401);
    // Another reply changes nothing.
    const other = await call('POST', '/sms/inbound', { from: who.phone, text: 'Danke!' }, { authorization: `Bearer ${SECRET}` });
    expect(other).toEqual({ status: 200, body: { data: { received: true } } });
    expect((await call('GET', '/preferences/sms', undefined, who.headers)).body.data).toMatchObject({ suppressed: false });
    // A STOP from a number nobody has gets the same answer as one from a citizen (the webhook names no one).
    expect(await call('POST', '/sms/inbound', { from: '+4915199999999', text: 'STOP' }, { authorization: `Bearer ${SECRET}` })).toEqual(other);
    // Twilio's form post, the number as 0049…: the same citizen.
    const form = await fetch(`${app.baseUrl}/api/civic-dialog/sms/inbound?secret=${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ From: `00${who.phone.slice(1)}`, Body: ' stop ' }).toString(),
    });
    expect(form.status).toBe(200);
    expect(await form.json()).toEqual({ data: { received: true } });
    const state = (await call('GET', '/preferences/sms', undefined, who.headers)).body.data;
    expect(state).toMatchObject({ consents: { 'sms-alerts': false, 'sms-registrations': false }, suppressed: true });
    expect((await consents(who.profileId)).filter((c: any) => c.action === 'withdrawn').map((c: any) => [c.purpose, c.widget])).toEqual([
      ['sms-alerts', 'sms-stop'],
      ['sms-registrations', 'sms-stop'],
    ]);
    expect((await call('POST', '/sms/inbound', { from: 'x', text: 'STOP' }, { authorization: `Bearer ${SECRET}` })).status).toBe(400);
  });

  it('removing the number withdraws its consents and deletes it', async () => {
    const who = await verifiedCitizen(['sms-registrations']);
    const removed = await call('DELETE', '/preferences/sms/phone', undefined, who.headers);
    expect(removed.status).toBe(200);
    expect(removed.body.data).toMatchObject({ phone: null, consents: { 'sms-registrations': false } });
    expect((await consents(who.profileId)).map((c: any) => c.action)).toEqual(['confirmed', 'withdrawn']);
    expect(await app.strapi.db.query(uid('sms-phone')).count({ where: { profileId: who.profileId } })).toBe(0);
  });
});

describe('the provider against the local gateway', () => {
  it('sends through the generic HTTP provider; the delivery report marks the row delivered', async () => {
    const who = await verifiedCitizen();
    const key = prefix();
    expect(await smsOutbox().enqueueMany({ kind: 'event-reminder', recipients: [{ profileId: who.profileId }], text: 'Erinnerung: Bürgerversammlung morgen 19 Uhr, Rathaus – Saal 2.', dedupeKeyPrefix: key })).toBe(1);
    await drainSms();
    const [sms] = (await gateway.waitFor(who.phone, 2)).slice(1);
    expect(sms).toMatchObject({ text: 'Erinnerung: Bürgerversammlung morgen 19 Uhr, Rathaus – Saal 2.', from: 'Musterstadt' });
    const [row] = (await smsRows(who.profileId)).filter((r: any) => r.dedupeKey.startsWith(key));
    expect(row).toMatchObject({ status: 'sent', providerMessageId: sms!.gatewayId, attempts: 0 });

    expect((await call('POST', '/sms/delivery-report', { id: sms!.gatewayId, status: 'delivered' })).status).toBe(401);
    expect((await call('POST', '/sms/delivery-report', { id: sms!.gatewayId, status: 'delivered' }, { authorization: `Bearer ${SECRET}` })).status).toBe(200);
    expect(await smsOutbox().figures(key)).toEqual({ queued: 0, sending: 0, sent: 1, failed: 0, delivered: 1 });
    // An unknown id gets the same answer as a known one.
    const unknown = await call('POST', '/sms/delivery-report', { id: 'gw-unknown', status: 'delivered' }, { authorization: `Bearer ${SECRET}` });
    expect(unknown).toEqual({ status: 200, body: { data: { received: true } } });
    expect((await call('POST', '/sms/delivery-report', { id: sms!.gatewayId, status: 'exploded' }, { authorization: `Bearer ${SECRET}` })).status).toBe(400);
  });

  it('retries while the gateway fails (5xx), then marks the text failed after sms.maxAttempts', async () => {
    const who = await verifiedCitizen();
    const key = prefix();
    await smsOutbox().enqueueMany({ kind: 'alert', priority: 'alert', recipients: [{ profileId: who.profileId }], text: 'Unwetterwarnung.', dedupeKeyPrefix: key });
    gateway.fail(Infinity);
    try {
      const before = gateway.requests;
      const statuses: string[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        await drainSms();
        const [row] = (await smsRows(who.profileId)).filter((r: any) => r.dedupeKey.startsWith(key));
        statuses.push(`${row.status}:${row.attempts}`);
        // The retry is due now (instead of waiting out the back-off).
        await app.strapi.db.query(uid('sms-message')).update({ where: { id: row.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
      }
      expect(statuses).toEqual(['queued:1', 'queued:2', 'failed:3']);
      expect(gateway.requests - before).toBe(3);
      const [row] = (await smsRows(who.profileId)).filter((r: any) => r.dedupeKey.startsWith(key));
      expect(row.error).toContain('503');
    } finally {
      gateway.fail(0);
    }
    expect(gateway.to(who.phone)).toHaveLength(1); // the code only
  });

  it('a text the gateway refused once goes out on the retry, exactly once', async () => {
    const who = await verifiedCitizen();
    const key = prefix();
    await smsOutbox().enqueueMany({ kind: 'alert', priority: 'alert', recipients: [{ profileId: who.profileId }], text: 'Straßensperrung Hauptstraße.', dedupeKeyPrefix: key });
    gateway.fail(1);
    await drainSms();
    const [row] = (await smsRows(who.profileId)).filter((r: any) => r.dedupeKey.startsWith(key));
    await app.strapi.db.query(uid('sms-message')).update({ where: { id: row.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    await drainSms();
    await drainSms();
    expect((await gateway.waitFor(who.phone, 2)).map((sms) => sms.text).slice(1)).toEqual(['Straßensperrung Hauptstraße.']);
    expect(await smsOutbox().figures(key)).toMatchObject({ sent: 1, queued: 0, failed: 0 });
  });
});

describe('exactly once, suppression, export and erasure', () => {
  it('queues a text once per dedupe key and sends it once, however many drains run at once', async () => {
    const who = await verifiedCitizen();
    const key = prefix();
    const input = { kind: 'alert', priority: 'alert' as const, recipients: [{ profileId: who.profileId }], text: 'Wasserrohrbruch in der Hauptstraße.', dedupeKeyPrefix: key };
    expect(await smsOutbox().enqueueMany(input)).toBe(1);
    expect(await smsOutbox().enqueueMany(input)).toBe(0);
    await Promise.all([smsOutbox().drain(), smsOutbox().drain(), smsOutbox().drain()]);
    await drainSms();
    expect((await gateway.waitFor(who.phone, 2)).slice(1).map((sms) => sms.text)).toEqual(['Wasserrohrbruch in der Hauptstraße.']);
    expect(await smsOutbox().figures(key)).toMatchObject({ sent: 1 });
  });

  it('a number marked "do not contact by SMS" gets nothing: queued texts fail, new ones are not queued', async () => {
    const who = await verifiedCitizen();
    const key = prefix();
    expect(await smsOutbox().enqueueMany({ kind: 'event-reminder', recipients: [{ profileId: who.profileId }], text: 'Erinnerung.', dedupeKeyPrefix: key })).toBe(1);
    await smsPhones().suppress(who.profileId, 'editor: citizen asked by phone');
    await drainSms();
    const [row] = (await smsRows(who.profileId)).filter((r: any) => r.dedupeKey.startsWith(key));
    expect(row).toMatchObject({ status: 'failed' });
    expect(row.error).toContain('must not be contacted by SMS');
    expect(gateway.to(who.phone)).toHaveLength(1);
    expect(await smsOutbox().enqueueMany({ kind: 'event-reminder', recipients: [{ profileId: who.profileId }], text: 'Erinnerung.', dedupeKeyPrefix: prefix() })).toBe(0);
    await smsPhones().suppress(who.profileId, null);
    expect(await smsOutbox().enqueueMany({ kind: 'event-reminder', recipients: [{ profileId: who.profileId }], text: 'Erinnerung.', dedupeKeyPrefix: prefix() })).toBe(1);
  });

  it('refuses a text longer than six segments', async () => {
    const who = await verifiedCitizen();
    await expect(smsOutbox().enqueueMany({ kind: 'alert', recipients: [{ profileId: who.profileId }], text: 'x'.repeat(919), dedupeKeyPrefix: prefix() })).rejects.toThrow(/segments/);
  });

  it('a code waiting in the queue (the gateway fails) is sealed in its row and not in the export; once sent the row keeps no code', async () => {
    const who = await citizen();
    const phone = freshPhone();
    gateway.fail(Infinity);
    let exported: Awaited<ReturnType<typeof call>>;
    try {
      expect((await call('POST', '/preferences/sms/phone', { phone: phone.typed, locale: 'de' }, who.headers)).status).toBe(202);
      await drainSms();
      const [row] = await smsRows(who.profileId);
      expect(row).toMatchObject({ kind: 'verification', status: 'queued' });
      // AES-GCM with a key derived from the app keys (kernel/crypto/sealed): no digits of a code, no words of the text.
      expect(row.text).toMatch(/^sealed:v1:[A-Za-z0-9_-]+$/);
      exported = await call('GET', '/preferences/export', undefined, who.headers);
      expect(exported.status).toBe(200);
      expect(exported.body.sections.sms.messages).toEqual([expect.objectContaining({ kind: 'verification', text: '······' })]);
    } finally {
      gateway.fail(0);
    }
    await app.strapi.db.query(uid('sms-message')).updateMany({ where: { profileId: who.profileId }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    const code = await codeSentTo(phone.e164, 1);
    expect(JSON.stringify(exported.body)).not.toContain(code);
    const [sent] = await smsRows(who.profileId);
    expect(sent).toMatchObject({ status: 'sent' });
    expect(sent.text).toMatch(/^······ ist Ihr Code/);
    expect((await call('POST', '/preferences/sms/verify', { code }, who.headers)).status).toBe(200);
  });

  it('a gateway that quotes the refused text in its error does not put the code into the row', async () => {
    const who = await citizen();
    const phone = freshPhone();
    let quoted = '';
    smsOutbox().useProvider({
      name: 'quoting',
      async push({ text }: { text: string }) {
        quoted = text;
        throw new Error(`SMS gateway answered 503: could not deliver "${text}"`);
      },
    });
    try {
      expect((await call('POST', '/preferences/sms/phone', { phone: phone.typed, locale: 'de' }, who.headers)).status).toBe(202);
      await drainSms();
    } finally {
      smsOutbox().useProvider(null);
    }
    const code = /^(\d{6}) /.exec(quoted)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    const [row] = await smsRows(who.profileId);
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row.error).toContain('could not deliver "······ ist Ihr Code');
    expect(row.error).not.toContain(code);
    expect(row.text).toMatch(/^sealed:v1:/);
  });

  it('the citizen\'s export lists the number, consents and texts; the erasure deletes them', async () => {
    const who = await verifiedCitizen(['sms-alerts']);
    const exported = await call('GET', '/preferences/export', undefined, who.headers);
    expect(exported.status).toBe(200);
    expect(exported.body.sections.sms).toMatchObject({ phone: who.phone, consents: { 'sms-alerts': true, 'sms-registrations': false } });
    expect(exported.body.sections.sms.messages).toHaveLength(1);
    expect(exported.body.sections.sms.messages[0]).toMatchObject({ kind: 'verification', status: 'sent' });
    expect((await call('POST', '/preferences/erase', { confirm: true }, who.headers)).status).toBe(200);
    for (const name of ['sms-phone', 'sms-message', 'sms-code']) expect(await app.strapi.db.query(uid(name)).count({ where: { profileId: who.profileId } })).toBe(0);
  });
});

describe('the webhooks against replays and guessing', () => {
  const report = (id: string, status: string, ip: string) => call('POST', '/sms/delivery-report', { id, status }, { authorization: `Bearer ${SECRET}`, 'x-forwarded-for': ip });

  it('a delivery report only moves a text forward: a report resent later, or a late "sent", never changes its final status', async () => {
    const who = await verifiedCitizen();
    const key = prefix();
    await smsOutbox().enqueueMany({ kind: 'alert', priority: 'alert', recipients: [{ profileId: who.profileId }], text: 'Erster Text.', dedupeKeyPrefix: `${key}a:` });
    await smsOutbox().enqueueMany({ kind: 'alert', priority: 'alert', recipients: [{ profileId: who.profileId }], text: 'Zweiter Text.', dedupeKeyPrefix: `${key}b:` });
    await drainSms();
    const sent = (await gateway.waitFor(who.phone, 3)).slice(1);
    const first = sent.find((sms) => sms.text === 'Erster Text.')!.gatewayId;
    const second = sent.find((sms) => sms.text === 'Zweiter Text.')!.gatewayId;
    const ip = freshIp();
    const answers = [
      await report(first, 'delivered', ip),
      await report(first, 'sent', ip),
      await report(first, 'failed', ip),
      await report(second, 'undelivered', ip),
      await report(second, 'delivered', ip),
      await report(second, 'queued', ip),
    ];
    // Every report gets the same answer, whatever it changed.
    for (const answer of answers) expect(answer).toEqual({ status: 200, body: { data: { received: true } } });
    const rows = (await smsRows(who.profileId)).filter((r: any) => r.dedupeKey.startsWith(key));
    const byText = Object.fromEntries(rows.map((r: any) => [r.text, r]));
    expect(byText['Erster Text.']).toMatchObject({ status: 'sent', deliveryStatus: 'delivered', error: null });
    expect(byText['Erster Text.'].deliveredAt).not.toBeNull();
    expect(byText['Zweiter Text.']).toMatchObject({ status: 'sent', deliveryStatus: 'undelivered', deliveredAt: null });
  });

  it('a delivery report that arrives before the batch sending the text has recorded it still counts', async () => {
    const who = await verifiedCitizen();
    const key = prefix();
    // A gateway that reports at once: the report reaches the plugin (its first lookup already under
    // way) before the gateway has answered the send, so before the batch can have recorded the text.
    let reported: Promise<void> | undefined;
    smsOutbox().useProvider({
      name: 'reports-at-once',
      async push({ id }: { id: number }) {
        const providerMessageId = `early-${id}-${key}`;
        reported ??= smsOutbox().report(providerMessageId, 'delivered');
        return { providerMessageId };
      },
    });
    try {
      await smsOutbox().enqueueMany({ kind: 'alert', priority: 'alert', recipients: [{ profileId: who.profileId }], text: 'Früher Bericht.', dedupeKeyPrefix: key });
      await drainSms();
    } finally {
      smsOutbox().useProvider(null);
    }
    await reported;
    const [row] = (await smsRows(who.profileId)).filter((r: any) => r.dedupeKey.startsWith(key));
    expect(row).toMatchObject({ status: 'sent', deliveryStatus: 'delivered' });
  });

  it('a STOP the provider resends (the same message id, twice at once and once more later) withdraws once, answers alike and keeps the first suppression time', async () => {
    const who = await verifiedCitizen();
    const stop = { id: `in-${randomBytes(4).toString('hex')}`, from: who.phone, text: 'STOP' };
    const auth = { authorization: `Bearer ${SECRET}`, 'x-forwarded-for': freshIp() };
    const first = await Promise.all([call('POST', '/sms/inbound', stop, auth), call('POST', '/sms/inbound', stop, auth)]);
    const phoneRow = () => app.strapi.db.query(uid('sms-phone')).findOne({ where: { profileId: who.profileId } });
    const stopped = await phoneRow();
    expect(stopped).toMatchObject({ alertsConsent: false, registrationsConsent: false, suppressedReason: 'stop' });
    expect(stopped.suppressedAt).not.toBeNull();
    const later = await call('POST', '/sms/inbound', stop, auth);
    for (const answer of [...first, later]) expect(answer).toEqual({ status: 200, body: { data: { received: true } } });
    expect((await consents(who.profileId)).filter((c: any) => c.action === 'withdrawn').map((c: any) => [c.purpose, c.widget])).toEqual([
      ['sms-alerts', 'sms-stop'],
      ['sms-registrations', 'sms-stop'],
    ]);
    expect(await phoneRow()).toMatchObject({ suppressedAt: stopped.suppressedAt, suppressedReason: 'stop', updatedAt: stopped.updatedAt });
  });

  it("reads no provider timestamps: a report or STOP dated decades ago or ahead counts when it arrives (the server's clock)", async () => {
    const who = await verifiedCitizen();
    const key = prefix();
    await smsOutbox().enqueueMany({ kind: 'alert', priority: 'alert', recipients: [{ profileId: who.profileId }], text: 'Zeitstempel.', dedupeKeyPrefix: key });
    await drainSms();
    const [sms] = (await gateway.waitFor(who.phone, 2)).slice(1);
    const auth = { authorization: `Bearer ${SECRET}`, 'x-forwarded-for': freshIp() };
    const before = Date.now();
    const report = await call('POST', '/sms/delivery-report', { id: sms!.gatewayId, status: 'delivered', timestamp: '1970-01-01T00:00:00Z', DateSent: 'Sat, 01 Jan 2999 00:00:00 +0000' }, auth);
    const stop = await call('POST', '/sms/inbound', { from: who.phone, text: 'STOP', timestamp: '2999-12-31T23:59:59Z', date: '0' }, auth);
    const after = Date.now();
    for (const answer of [report, stop]) expect(answer).toEqual({ status: 200, body: { data: { received: true } } });
    const [row] = (await smsRows(who.profileId)).filter((r: any) => r.dedupeKey.startsWith(key));
    expect(row.deliveryStatus).toBe('delivered');
    const at = (value: string) => new Date(value).getTime();
    // Second precision on some columns: a second of slack below.
    expect(at(row.deliveredAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(at(row.deliveredAt)).toBeLessThanOrEqual(after);
    const phone = await app.strapi.db.query(uid('sms-phone')).findOne({ where: { profileId: who.profileId } });
    expect(at(phone.suppressedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(at(phone.suppressedAt)).toBeLessThanOrEqual(after);
    const withdrawn = (await consents(who.profileId)).filter((c: any) => c.action === 'withdrawn');
    expect(withdrawn).toHaveLength(2);
    for (const entry of withdrawn) expect(at(entry.createdAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('a missing and a wrong secret get the same 401; after 10 wrong ones the client gets 429, the right secret included, other clients not', async () => {
    const ip = freshIp();
    const body = { id: 'gw-guess', status: 'delivered' };
    const missing = await call('POST', '/sms/delivery-report', body, { 'x-forwarded-for': ip });
    const wrong = await call('POST', '/sms/delivery-report', body, { authorization: 'Bearer guess-1', 'x-forwarded-for': ip });
    expect(missing.status).toBe(401);
    expect(wrong).toEqual(missing);
    expect(missing.body).toMatchObject({ data: null, error: { status: 401, name: 'UnauthorizedError' } });
    const statuses: number[] = [];
    for (let i = 2; i < 10; i++) {
      const path = i % 2 ? `/sms/inbound?secret=guess-${i}` : '/sms/delivery-report';
      statuses.push((await call('POST', path, i % 2 ? { from: '+4915112345678', text: 'Hallo' } : body, { authorization: `Bearer guess-${i}`, 'x-forwarded-for': ip })).status);
    }
    expect(statuses).toEqual(Array(8).fill(401));
    const blocked = await call('POST', '/sms/delivery-report', body, { authorization: `Bearer ${SECRET}`, 'x-forwarded-for': ip });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ data: null, error: { status: 429, details: { retryAfter: expect.any(Number) } } });
    expect((await call('POST', '/sms/inbound', { from: '+4915112345678', text: 'Hallo' }, { authorization: `Bearer ${SECRET}`, 'x-forwarded-for': ip })).status).toBe(429);
    expect((await report('gw-guess', 'delivered', freshIp())).status).toBe(200);
  });
});

// Issue 4 of the hostile review: a number that had used up its codes answered faster (no code was made).
// As in security-timing.test.ts: pairs of one request for a spent number and one for a fresh number, in
// random order, each after the previous one's work is done; a sign test over the pairs, on PostgreSQL
// (on SQLite the synchronous driver delays this process's reading of the answer, not the answer).
describe.runIf(Boolean(process.env.TEST_POSTGRES_URL))('the answer to a code request takes as long for a number over its hourly limit', () => {
  it('as for a number within it (60 pairs)', async () => {
    const PAIRS = 60;
    const bound = 4.5 * Math.sqrt(PAIRS * 0.25);
    const who = await citizen();
    const spent = freshPhone();
    const ask = async (typed: string) => {
      await settleIntake(app);
      const started = performance.now();
      const res = await fetch(`${app.baseUrl}/api/civic-dialog/preferences/sms/phone`, {
        method: 'POST',
        headers: { origin: TOWN_ORIGIN, 'content-type': 'application/json', ...who.headers, 'x-forwarded-for': freshIp() },
        body: JSON.stringify({ phone: typed, locale: 'de' }),
      });
      await res.arrayBuffer();
      const elapsed = performance.now() - started;
      expect(res.status).toBe(202);
      return elapsed;
    };
    for (let i = 0; i < 4; i++) await ask(spent.typed);
    await drainSms();
    expect(gateway.to(spent.e164)).toHaveLength(3);
    for (let i = 0; i < 5; i++) await ask(freshPhone().typed);
    let spentSlower = 0;
    for (let i = 0; i < PAIRS; i++) {
      const fresh = freshPhone().typed;
      let s: number;
      let f: number;
      if (Math.random() < 0.5) {
        s = await ask(spent.typed);
        f = await ask(fresh);
      } else {
        f = await ask(fresh);
        s = await ask(spent.typed);
      }
      if (s > f) spentSlower += 1;
    }
    expect(Math.abs(spentSlower - PAIRS / 2), `spent number slower in ${spentSlower}/${PAIRS} pairs`).toBeLessThan(bound);
    await drainSms();
    expect(gateway.to(spent.e164)).toHaveLength(3);
  }, 180_000);
});
