import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startApp, type TestApp } from '../support/strapi';
import { smsEnv, startSmsGateway, type SmsGateway } from '../support/sms-gateway';

let app: TestApp;
let gateway: SmsGateway;

const smsOutbox = () => app.strapi.plugin('civic-dialog').service('smsOutbox');
const uid = (name: string) => `plugin::civic-dialog.${name}` as any;
const uniquePhone = () => `+49151${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

beforeAll(async () => {
  gateway = await startSmsGateway();
  app = await startApp({ ...smsEnv(gateway), CIVIC_SMS_RETRY_DELAY_SECONDS: '1', CIVIC_SMS_RATE_PER_SECOND: '1000', CIVIC_SMS_ALERT_RATE_PER_SECOND: '1000' });
});

afterAll(async () => {
  await app?.stop();
  await gateway?.close();
});

/** A profile with a verified number and these consents, written directly (the routes are tested below). */
async function citizenWithPhone(consents: { alerts?: boolean; registrations?: boolean } = { alerts: true, registrations: true }) {
  const email = `sms-${randomBytes(5).toString('hex')}@example.org`;
  const profile = await app.strapi.db.query(uid('profile')).create({ data: { email, status: 'active', locale: 'de' } });
  const phone = uniquePhone();
  await app.strapi.db.query(uid('sms-phone')).create({
    data: { profileId: profile.id, phone, verifiedAt: new Date(), alertsConsent: consents.alerts ?? false, registrationsConsent: consents.registrations ?? false },
  });
  return { profileId: profile.id as number, phone, email };
}

describe('SMS outbox', () => {
  it('queues a text once per recipient with a verified, consenting number and sends it through the gateway', async () => {
    const alice = await citizenWithPhone();
    const bob = await citizenWithPhone({ alerts: false, registrations: true });
    const prefix = `test:${randomBytes(4).toString('hex')}:`;
    const input = { kind: 'alert', priority: 'alert' as const, recipients: [{ profileId: alice.profileId }, { profileId: bob.profileId }], text: 'Wasserrohrbruch in der Hauptstraße.', dedupeKeyPrefix: prefix };
    expect(await smsOutbox().enqueueMany(input)).toBe(1);
    expect(await smsOutbox().enqueueMany(input)).toBe(0);
    await smsOutbox().drain();
    const received = await gateway.waitFor(alice.phone, 1);
    expect(received.map((sms) => sms.text)).toEqual(['Wasserrohrbruch in der Hauptstraße.']);
    expect(gateway.to(bob.phone)).toEqual([]);
    expect(await smsOutbox().figures(prefix)).toMatchObject({ sent: 1, queued: 0, failed: 0 });
  });
});
