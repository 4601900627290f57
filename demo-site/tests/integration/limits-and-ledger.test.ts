import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicApi, signupBody } from '../support/http';
import { startApp, type TestApp } from '../support/strapi';

let app: TestApp;
let api: ReturnType<typeof publicApi>;

beforeAll(async () => {
  app = await startApp({
    CIVIC_RATE_LIMIT_IP_POINTS: '6',
    CIVIC_RATE_LIMIT_EMAIL_POINTS: '3',
  });
  api = publicApi(app.baseUrl);
});

afterAll(async () => {
  await app?.stop();
});

describe('rate limits on signup', () => {
  it('answers 429 with Retry-After after too many signups for one address', async () => {
    const email = 'flood@example.org';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await api.postJson('/signups', signupBody({ email }))).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    const limited = await api.postJson('/signups', signupBody({ email }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.error).toMatchObject({ status: 429, name: 'RateLimitError' });
  });

  it('answers 429 after too many signups from one IP, whatever the addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await api.postJson('/signups', signupBody({ email: `ip${i}@example.org` }))).status);
    // The IP allows 6 signups per window; the previous test already used some of them.
    expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(6);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.every((s) => s === 202 || s === 429)).toBe(true);
  });
});

describe('the consent ledger', () => {
  it('cannot be changed or deleted once written', async () => {
    const [consent] = await app.strapi.db.query('plugin::civic-dialog.consent' as any).findMany({ limit: 1 });
    expect(consent).toBeTruthy();
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
