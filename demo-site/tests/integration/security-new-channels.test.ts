import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi, TEST_ADMIN } from '../support/admin';
import { startLoggedInstance, type LoggedInstance } from '../support/logged-instance';
import { TOWN_ORIGIN } from '../support/strapi';
import { publicApi, signupBody } from '../support/http';
import { linkTo } from '../support/mail-catcher';

// Hostile review of the new channels (SMS, alerts, bounces, digest, automations). Strapi runs as a town
// runs it — its own process, request logging on (level http) — and the test reads what it wrote. The
// SMS provider is Twilio (nothing is sent: SMS stay off), so the webhooks must carry Twilio's signature.

let instance: LoggedInstance;
let baseUrl: string;
const SMS_SECRET = 'sms-webhook-secret-0123456789abcdef';
const BOUNCES_SECRET = 'bounces-webhook-secret-0123456789abcdef';
const TWILIO_TOKEN = 'twilio-auth-token-0123456789abcdef';

beforeAll(async () => {
  instance = await startLoggedInstance({
    CIVIC_SMS_WEBHOOK_SECRET: SMS_SECRET,
    CIVIC_SMS_PROVIDER: 'twilio',
    TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    TWILIO_MESSAGING_SERVICE_SID: `MG${'0'.repeat(32)}`,
    CIVIC_BOUNCES_WEBHOOK_SECRET: BOUNCES_SECRET,
    // Each test's calls come from their own client address (the wrong-secret limit is per client).
    CIVIC_TRUSTED_PROXY_HOPS: '1',
    DEMO_ADMIN: '1',
    DEMO_ADMIN_EMAIL: TEST_ADMIN.email,
    DEMO_ADMIN_PASSWORD: TEST_ADMIN.password,
  });
  baseUrl = instance.baseUrl;
});

afterAll(async () => {
  await instance?.stop();
});

let nextClient = 1;
const client = () => ({ 'x-forwarded-for': `203.0.113.${nextClient++}` });

/** Twilio's request signature (its documented algorithm, written out here rather than taken from the SDK the server uses). */
function twilioSignature(url: string, fields: Record<string, string>, token = TWILIO_TOKEN): string {
  const data = url + Object.keys(fields).sort().map((key) => key + fields[key]).join('');
  return createHmac('sha1', token).update(data, 'utf8').digest('base64');
}

/** A form post as Twilio sends it, signed over the URL (with its ?secret=) and the fields. */
function twilioPost(path: string, fields: Record<string, string>, signature: string | null = twilioSignature(`${baseUrl}${path}`, fields)) {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...client(), ...(signature ? { 'x-twilio-signature': signature } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

describe('the SMS webhooks\' secret in the request log', () => {
  it('is redacted when a gateway passes it as ?secret= (Strapi logs every URL), while the requests are still logged', async () => {
    const report = await twilioPost(`/api/civic-dialog/sms/delivery-report?secret=${SMS_SECRET}`, { MessageSid: 'SM-no-such-message', MessageStatus: 'delivered' });
    expect(report.status).toBe(200);
    const inbound = await twilioPost(`/api/civic-dialog/sms/inbound?secret=${SMS_SECRET}`, { From: '+4915112345678', Body: 'Hallo' });
    expect(inbound.status).toBe(200);
    await instance.waitForLog('/api/civic-dialog/sms/inbound?secret=');
    expect(instance.log()).toMatch(/POST \/api\/civic-dialog\/sms\/delivery-report\?secret=\[redacted\] \(\d+ ms\) 200/);
    expect(instance.log()).not.toContain(SMS_SECRET);
    expect(instance.log()).not.toContain('4915112345678');
  });
});

describe('Twilio\'s signature on the SMS webhooks', () => {
  const paths = [
    ['inbound', `/api/civic-dialog/sms/inbound?secret=${SMS_SECRET}`, { From: '+4915112345679', Body: 'STOP' }],
    ['status callback', `/api/civic-dialog/sms/delivery-report?secret=${SMS_SECRET}`, { MessageSid: 'SM0123', MessageStatus: 'delivered' }],
  ] as const;
  it.each(paths)('%s: with the right secret but no, a wrong, or another request\'s signature → 403 in Strapi\'s error shape', async (_name, path, fields) => {
    const url = `${baseUrl}${path}`;
    const attempts = [
      await twilioPost(path, fields, null),
      await twilioPost(path, fields, twilioSignature(url, fields, 'another-account-token')),
      await twilioPost(path, fields, twilioSignature(url.replace(/\?.*$/, ''), fields)),
      await twilioPost(path, fields, twilioSignature(url, { ...fields, Body: 'changed', MessageStatus: 'failed' })),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ data: null, error: { status: 403, name: 'ForbiddenError' } });
    }
  });

  it.each(paths)('%s: a signed request is taken (200)', async (_name, path, fields) => {
    expect((await twilioPost(path, fields)).status).toBe(200);
  });

  it('a signature does not replace the secret: a signed request without it is the 401 of a wrong secret', async () => {
    const path = '/api/civic-dialog/sms/inbound';
    expect((await twilioPost(path, { From: '+4915112345679', Body: 'Hallo' })).status).toBe(401);
  });
});

describe('wrong webhook secrets', () => {
  it('the SMS and bounce webhooks share one budget per client: 10 wrong or missing secrets, then 429 for both, the right secret included', async () => {
    const ip = client();
    const bounce = (authorization?: string) =>
      fetch(`${baseUrl}/api/civic-dialog/bounces/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...ip, ...(authorization ? { authorization } : {}) }, body: '{}' });
    const sms = (secret?: string) =>
      fetch(`${baseUrl}/api/civic-dialog/sms/inbound${secret ? `?secret=${secret}` : ''}`, { method: 'POST', headers: { 'content-type': 'application/json', ...ip }, body: '{"from":"+4915112345678","text":"Hallo"}' });
    const missing = await bounce();
    const wrong = await bounce('Bearer wrong');
    expect(missing.status).toBe(401);
    expect(await wrong.text()).toBe(await missing.text());
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await (i % 2 ? bounce(`Basic ${Buffer.from(`sns:guess-${i}`).toString('base64')}`) : sms(`guess-${i}`))).status);
    expect(statuses).toEqual(Array(8).fill(401));
    const blocked = await bounce(`Bearer ${BOUNCES_SECRET}`);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await blocked.json()).toMatchObject({ data: null, error: { status: 429 } });
    expect((await sms(SMS_SECRET)).status).toBe(429);
    // Another client is not affected.
    const other = await fetch(`${baseUrl}/api/civic-dialog/bounces/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...client(), authorization: `Bearer ${BOUNCES_SECRET}` }, body: '{}' });
    expect(other.status).toBe(400);
  });
});

describe('bad input to the new public routes', () => {
  const call = (path: string, init: RequestInit = {}) => fetch(`${baseUrl}/api/civic-dialog${path}`, { ...init, headers: { ...client(), ...(init.headers as Record<string, string>) } });
  const json = (body: string, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const sms = { authorization: `Bearer ${SMS_SECRET}` };
  const bounces = { authorization: `Bearer ${BOUNCES_SECRET}` };
  const cases: Array<[string, string, RequestInit]> = [
    ['sms inbound, no secret', '/sms/inbound', json('{"from":"+4915112345678","text":"STOP"}')],
    ['sms inbound, wrong secret', '/sms/inbound', json('{"from":"+4915112345678","text":"STOP"}', { authorization: 'Bearer wrong' })],
    ['sms inbound, broken JSON', '/sms/inbound', json('{"from":', sms)],
    ['sms inbound, JSON array', '/sms/inbound', json('[1,2]', sms)],
    ['sms inbound, from a number', '/sms/inbound', json('{"from":4915112345678,"text":"STOP"}', sms)],
    ['sms inbound, text/plain', '/sms/inbound', { method: 'POST', headers: { 'content-type': 'text/plain', ...sms }, body: 'STOP' }],
    ['sms report, no id', '/sms/delivery-report', json('{"status":"delivered"}', sms)],
    ['sms report, unknown status', '/sms/delivery-report', json('{"id":"x","status":"exploded"}', sms)],
    ['bounces webhook, no secret', '/bounces/webhook', json('{}')],
    ['bounces webhook, broken JSON', '/bounces/webhook', json('{"x":', bounces)],
    ['bounces webhook, JSON null', '/bounces/webhook', json('null', bounces)],
    ['bounces webhook, garbage rfc822', '/bounces/webhook', { method: 'POST', headers: { 'content-type': 'message/rfc822', ...bounces }, body: '\u0000\u0001garbage' }],
    ['alerts signup, empty', '/alerts/signups', json('{}', { origin: TOWN_ORIGIN })],
    ['sms preferences, no session', '/preferences/sms/phone', json('{"phone":"+4915112345678","locale":"de"}', { origin: TOWN_ORIGIN })],
    ['alert preferences, no session', '/preferences/alerts', {}],
  ];
  it.each(cases)('%s → 4xx in Strapi\'s error shape', async (_name, path, init) => {
    const response = await call(path, init);
    const text = await response.text();
    console.log(`PROBE ${_name}: ${response.status} ${text.slice(0, 200)}`);
    expect(response.status).toBeLessThan(500);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(text)).toMatchObject({ data: null, error: { status: response.status } });
  });

  // The confirm link is opened by a browser: a bad token gets the 400 HTML page, like every other confirm link.
  it.each([
    ['token array', '/alerts/confirm?token[]=a&token[]=b', {}],
    ['POST without token', '/alerts/confirm', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' }],
  ] as Array<[string, string, RequestInit]>)('alerts confirm, %s → the 400 page', async (_name, path, init) => {
    const response = await call(path, init);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
  });
});

describe('hostile bodies with the right secret (and signature)', () => {
  const bounce = (body: string, type: string) =>
    fetch(`${baseUrl}/api/civic-dialog/bounces/webhook`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${BOUNCES_SECRET}`, ...client() }, body });
  it.each([
    ['JSON nested 100,000 deep as text/plain (read raw, past the body gate)', '['.repeat(100_000) + ']'.repeat(100_000), 'text/plain', 400],
    ['an SNS envelope whose Message is nested 50,000 deep', JSON.stringify({ Type: 'Notification', MessageId: 'x', Message: '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000) }), 'text/plain', 400],
    ['JSON nested 40 deep as application/json', '{"a":'.repeat(40) + '1' + '}'.repeat(40), 'application/json', 400],
    ['a 600 kB mail', `Subject: x\r\n\r\n${'x'.repeat(600 * 1024)}`, 'message/rfc822', 413],
    ['an SES bounce naming an object as recipient', JSON.stringify({ notificationType: 'Bounce', mail: { source: 'a@b.example' }, bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: { $ne: null } }] } }), 'application/json', 202],
  ])('bounce webhook, %s → %i', async (_name, body, type, status) => {
    const response = await bounce(body, type);
    const text = await response.text();
    expect(response.status, text.slice(0, 300)).toBe(status);
    if (status >= 400) expect(JSON.parse(text)).toMatchObject({ data: null, error: { status } });
  });

  it.each([
    ['a MessageSid of 300 characters', { MessageSid: 'S'.repeat(300), MessageStatus: 'delivered' }, 400],
    ['a status in capitals', { MessageSid: 'SM-capitals', MessageStatus: 'DELIVERED' }, 200],
    ['an unknown status', { MessageSid: 'SM-x', MessageStatus: 'exploded' }, 400],
    ['an error text of 10,000 characters', { MessageSid: 'SM-long-error', MessageStatus: 'failed', ErrorMessage: 'e'.repeat(10_000) }, 400],
  ])('SMS status callback, %s → %i', async (_name, fields, status) => {
    const response = await twilioPost(`/api/civic-dialog/sms/delivery-report?secret=${SMS_SECRET}`, fields);
    expect(response.status).toBe(status);
    expect((await response.json()).error?.status ?? 200).toBe(status);
  });
});

describe('the alert confirm token', () => {
  it('confirms neither a newsletter signup nor is confirmed by a newsletter token (single purpose), and works once', async () => {
    const api = publicApi(baseUrl);
    // One citizen signs up for the newsletter and then for alerts: both confirmation mails arrive
    // (each form has its own cooldown; the alert signup shared the newsletter's and its mail was held back).
    const email = 'cross-purpose@example.org';
    const alertSignup = { email, locale: 'de', legalTextVersion: 1, consent: true, pageUrl: `${TOWN_ORIGIN}/index.html`, widget: 'civic-alerts-signup' };
    expect((await api.postJson('/signups', signupBody({ email }), client())).status).toBe(202);
    expect((await api.postJson('/alerts/signups', alertSignup, client())).status).toBe(202);
    const mails = await instance.mail.waitFor(email, 2);
    const alertMail = mails.find((mail) => mail.text.includes('/api/civic-dialog/alerts/confirm'));
    const doiMail = mails.find((mail) => mail !== alertMail);
    const alertToken = linkTo(alertMail!, '/api/civic-dialog/alerts/confirm').searchParams.get('token')!;
    const doiToken = linkTo(doiMail!, '/api/civic-dialog/confirm').searchParams.get('token')!;
    const forged = 'F'.repeat(43);
    const answer = async (path: string, token: string) => {
      const { status, body } = await api.postJson(path, { token });
      return { status, body };
    };

    const madeUpAtConfirm = await answer('/confirm', forged);
    const madeUpAtAlerts = await answer('/alerts/confirm', forged);
    expect(madeUpAtConfirm.status).toBeGreaterThanOrEqual(400);
    expect(madeUpAtAlerts.status).toBeGreaterThanOrEqual(400);
    // Another purpose's token is as good as a made-up one.
    expect(await answer('/confirm', alertToken)).toEqual(madeUpAtConfirm);
    expect(await answer('/alerts/confirm', doiToken)).toEqual(madeUpAtAlerts);
    // Each still works where it belongs, once.
    expect((await api.postJson('/alerts/confirm', { token: alertToken })).status).toBe(200);
    expect((await api.postJson('/confirm', { token: doiToken })).status).toBe(200);
    const reused = await api.postJson('/alerts/confirm', { token: alertToken });
    expect(reused.status).not.toBe(200);
    expect(reused.body).toMatchObject({ data: null, error: { status: reused.status } });
    await instance.waitForLog('/api/civic-dialog/alerts/confirm');
    for (const secret of [alertToken, doiToken, email]) expect(instance.log()).not.toContain(secret);
  });
});

describe('ids in the new admin routes', () => {
  // An id above PostgreSQL's integer range reached the database, which refused it: a 500 instead of a 404.
  it.each([
    ['GET', '/automations/9999999999/stats'],
    ['GET', '/profiles/9999999999/automation-timeline'],
    ['GET', '/alerts/99999999999/deliveries'],
    ['POST', '/alerts/99999999999/send'],
    ['POST', '/bounces/suppressions/99999999999/lift'],
  ])('%s %s → 4xx, not 500', async (method, path) => {
    const admin = pluginAdminApi(baseUrl, await adminToken(baseUrl));
    const response = await admin(path, { method, ...(method === 'POST' ? { body: JSON.stringify({ note: 'checked by hand' }) } : {}) });
    const text = await response.text();
    expect(response.status, text).not.toBe(500);
    expect(JSON.parse(text)).toMatchObject({ data: null, error: { status: response.status } });
  });
});
