import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicApi, signupBody } from '../support/http';
import { settleOutbox, startApp, type TestApp } from '../support/strapi';

let app: TestApp;
let api: ReturnType<typeof publicApi>;

beforeAll(async () => {
  // One trusted proxy: each test comes from its own client address (X-Forwarded-For), so no test
  // spends another's IP budget.
  app = await startApp({
    CIVIC_RATE_LIMIT_IP_POINTS: '6',
    CIVIC_RATE_LIMIT_EMAIL_POINTS: '3',
    CIVIC_TRUSTED_PROXY_HOPS: '1',
  });
  api = publicApi(app.baseUrl);
});

afterAll(async () => {
  await app?.stop();
});

describe('rate limits on signup', () => {
  it('answers every signup for one address alike and mails it once (the per-address limit holds back mail, not requests)', async () => {
    const email = 'flood@example.org';
    const statuses: number[] = [];
    // From several clients, so only the per-address limit could answer differently.
    for (let i = 0; i < 5; i++) statuses.push((await api.postJson('/signups', signupBody({ email }), { 'x-forwarded-for': `203.0.113.${10 + i}` })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    await settleOutbox(app);
    expect(app.mail.to(email)).toHaveLength(1);
  });

  it('answers 429 after too many signups from one IP, whatever the addresses', async () => {
    const from = { 'x-forwarded-for': '203.0.113.2' };
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await api.postJson('/signups', signupBody({ email: `ip${i}@example.org` }), from)).status);
    // The IP allows 6 signups per window.
    expect(statuses).toEqual([202, 202, 202, 202, 202, 202, 429, 429]);
  });
});

describe('the consent ledger', () => {
  it('cannot be changed or deleted once written', async () => {
    const email = 'ledger@example.org';
    expect((await api.postJson('/signups', signupBody({ email }), { 'x-forwarded-for': '203.0.113.3' })).status).toBe(202);
    await settleOutbox(app);
    const profile = await app.strapi.db.query('plugin::civic-dialog.profile' as any).findOne({ where: { email } });
    const [consent] = await app.strapi.db.query('plugin::civic-dialog.consent' as any).findMany({ where: { profileId: profile.id } });
    expect(consent).toMatchObject({ action: 'granted' });
    await expect(
      app.strapi.db.query('plugin::civic-dialog.consent' as any).update({ where: { id: consent.id }, data: { action: 'withdrawn' } }),
    ).rejects.toThrow(/append-only|cannot/i);
    await expect(app.strapi.db.query('plugin::civic-dialog.consent' as any).delete({ where: { id: consent.id } })).rejects.toThrow(
      /append-only|cannot/i,
    );
    const again = await app.strapi.db.query('plugin::civic-dialog.consent' as any).findOne({ where: { id: consent.id } });
    expect(again.action).toBe(consent.action);
  });

  it('keeps a legal text version that a consent references unchangeable', async () => {
    const email = 'referencing@example.org';
    expect((await api.postJson('/signups', signupBody({ email }), { 'x-forwarded-for': '203.0.113.4' })).status).toBe(202);
    await settleOutbox(app);
    const legal = app.strapi.documents('plugin::civic-dialog.legal-text' as any);
    const [referenced] = await legal.findMany({ filters: { locale: 'de', version: 1, purpose: 'newsletter' } as any });
    await expect(legal.update({ documentId: referenced.documentId, data: { body: 'Geändert' } as any })).rejects.toThrow(
      /consent|referenced|cannot/i,
    );
    await expect(legal.delete({ documentId: referenced.documentId })).rejects.toThrow(/consent|referenced|cannot/i);

    // A new version is the way to change the text; it becomes the current one.
    await legal.create({ data: { purpose: 'newsletter', locale: 'de', title: 'Einwilligung v2', body: 'Neuer Text' } as any });
    const current = await api.get('/legal-texts/current?locale=de&purpose=newsletter');
    expect(current.body.data).toMatchObject({ version: 2, title: 'Einwilligung v2' });
    // The referenced version is still there, unchanged.
    const [kept] = await legal.findMany({ filters: { locale: 'de', version: 1, purpose: 'newsletter' } as any });
    expect(kept.body).toBe(referenced.body);
  });
});
