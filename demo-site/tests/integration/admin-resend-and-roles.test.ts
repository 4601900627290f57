import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { linkTo } from '../support/mail-catcher';
import { publicApi, registrationBody, signupBody } from '../support/http';
import { rows } from '../support/rows';
import { confirmByMail, createEvent, createSurvey, surveyResponseBody } from '../support/security-fixtures';
import { settleOutbox, startApp, type TestApp } from '../support/strapi';

// Issue 11, coverage: an editor resends the confirmation mail of a pending profile (the mail
// arrives, its link confirms, the resend is audited), and editors whose role has only events.read
// or only surveys.read get 403 from everything else of events and surveys.

const EVENT = 'plugin::civic-dialog.event' as any;
const SURVEY = 'plugin::civic-dialog.survey' as any;
const AUDIT = 'plugin::civic-dialog.audit-entry' as any;

let app: TestApp;
let api: ReturnType<typeof publicApi>;
let db: ReturnType<typeof rows>;

/** An admin user whose role has exactly these plugin actions; returns its email and a client for /civic-dialog. */
async function editorWith(name: string, actions: string[]) {
  const role = await app.strapi.service('admin::role').create({ name, description: `only ${actions.join(', ')}` });
  await app.strapi.service('admin::role').assignPermissions(
    role.id,
    actions.map((action) => ({ action: `plugin::civic-dialog.${action}`, subject: null, conditions: [], properties: {} })),
  );
  const credentials = { email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@musterstadt.example`, password: `Ed-${randomBytes(9).toString('base64url')}` };
  await app.strapi.service('admin::user').create({ ...credentials, firstname: name, lastname: 'Test', isActive: true, registrationToken: null, roles: [role.id] });
  return { email: credentials.email, call: pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl, credentials)) };
}

/** Answers 403 in Strapi's error shape, and the body names nobody. */
async function expectForbidden(res: Response, mustNotContain: string[] = []) {
  expect(res.status).toBe(403);
  const body = (await res.json()) as any;
  expect(body).toMatchObject({ data: null, error: { status: 403, name: 'PolicyError' } });
  for (const text of mustNotContain) expect(JSON.stringify(body)).not.toContain(text);
}

const auditOf = async (adminEmail: string) =>
  ((await app.strapi.db.query(AUDIT).findMany({ where: { adminEmail }, orderBy: { id: 'asc' } })) as any[]).map((entry) => entry.action);

beforeAll(async () => {
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '500' });
  api = publicApi(app.baseUrl);
  db = rows(app.strapi);
});

afterAll(async () => {
  await app?.stop();
});

describe(`resend confirmation and limited editor roles on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('an editor with profiles.update resends the confirmation mail of a pending profile; its link confirms; the resend is audited', async () => {
    const editor = await editorWith('Telefondienst', ['profiles.update']);
    const email = 'resend.pending@example.org';
    expect((await api.postJson('/signups', signupBody({ email, locale: 'en', topics: ['abfall', 'verkehr'] }))).status).toBe(202);
    const [first] = await app.mail.waitFor(email);
    const firstToken = linkTo(first!, '/api/civic-dialog/confirm').searchParams.get('token');
    const profile = await db.profile(email);
    expect(profile.status).toBe('pending');

    // The citizen calls: the first mail got lost. The editor sends it again (inside the mailbox's resend cooldown).
    const resent = await editor.call(`/profiles/${profile.id}/resend-confirmation`, { method: 'POST' });
    expect(resent.status).toBe(200);
    expect(await resent.json()).toEqual({ data: { status: 'resent' } });
    const [, second] = await app.mail.waitFor(email, 2);
    expect(second!.subject).toBe(first!.subject);
    expect(second!.html).toMatch(/<html[^>]*lang="en"/);
    const token = linkTo(second!, '/api/civic-dialog/confirm').searchParams.get('token');
    expect(token).not.toBe(firstToken);

    const confirmed = await api.postJson('/confirm', { token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data).toMatchObject({ status: 'confirmed' });
    expect((await db.profile(email)).status).toBe('active');
    expect((await db.subscriptions(profile.id)).map((s: any) => s.status)).toEqual(['active', 'active']);
    const [granted, confirmation, ...more] = await db.consents(profile.id);
    expect(more).toEqual([]);
    expect([granted.action, confirmation.action]).toEqual(['granted', 'confirmed']);
    expect(confirmation.legalTextId).toBe(granted.legalTextId);

    const audit = await app.strapi.db.query(AUDIT).findMany({ where: { profileId: profile.id } });
    expect(audit.map((entry: any) => [entry.action, entry.adminEmail])).toEqual([['resent-confirmation', editor.email]]);
  });

  it('refuses a resend for an active profile (400) and an unknown one (404), sending and logging nothing', async () => {
    const editor = await editorWith('Telefondienst Zwei', ['profiles.update']);
    const email = 'resend.active@example.org';
    expect((await api.postJson('/signups', signupBody({ email }))).status).toBe(202);
    await confirmByMail(app, email, '/api/civic-dialog/confirm');
    await settleOutbox(app);
    const profile = await db.profile(email);
    const mailsBefore = (await db.messages(profile.id)).length;

    const active = await editor.call(`/profiles/${profile.id}/resend-confirmation`, { method: 'POST' });
    expect(active.status).toBe(400);
    expect(((await active.json()) as any).error).toMatchObject({ status: 400, name: 'ValidationError' });
    const unknown = await editor.call('/profiles/999999/resend-confirmation', { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error).toMatchObject({ status: 404, name: 'NotFoundError' });

    await settleOutbox(app);
    expect(await db.messages(profile.id)).toHaveLength(mailsBefore);
    expect(await auditOf(editor.email)).toEqual([]);
  });

  it('an editor with only events.read reads and downloads registrations, and gets 403 for check-in, promote, surveys and profile export', async () => {
    const editor = await editorWith('Veranstaltungen Lesen', ['events.read']);
    const event = await createEvent(app, 'nur-lesen-abend');
    const eventId = (await app.strapi.db.query(EVENT).findOne({ where: { documentId: event.documentId } })).id;
    const email = 'gast.nurlesen@example.org';
    expect((await api.postJson('/events/nur-lesen-abend/registrations', registrationBody({ email }))).status).toBe(202);
    await confirmByMail(app, email, '/api/civic-dialog/event-confirm');
    const [registration] = await db.registrations((await db.profile(email)).id);
    expect(registration.status).toBe('confirmed');
    const survey = await createSurvey(app, 'nur-lesen-umfrage');
    const surveyId = (await app.strapi.db.query(SURVEY).findOne({ where: { documentId: survey.documentId } })).id;

    expect((await editor.call(`/events-admin/${eventId}/registrations`)).status).toBe(200);
    expect((await editor.call(`/events-admin/${eventId}/registrations.csv`)).status).toBe(200);

    await expectForbidden(await editor.call(`/event-registrations/${registration.id}/attendance`, { method: 'PUT', body: JSON.stringify({ attended: true }) }), [email]);
    await expectForbidden(await editor.call(`/event-registrations/${registration.id}/promote`, { method: 'POST', body: JSON.stringify({ override: true }) }), [email]);
    await expectForbidden(await editor.call('/surveys-admin'), ['nur-lesen-umfrage']);
    await expectForbidden(await editor.call(`/surveys-admin/${surveyId}/results`));
    await expectForbidden(await editor.call(`/surveys-admin/${surveyId}/responses.csv`));
    await expectForbidden(await editor.call(`/surveys-admin/${surveyId}/free-text/notiz`));
    await expectForbidden(await editor.call(`/profiles/${registration.profileId}/export`), [email]);

    // Nothing changed, and only what the editor was allowed to see is in the audit log.
    expect((await db.registrations(registration.profileId)).map((r: any) => [r.status, r.attendedAt])).toEqual([['confirmed', null]]);
    expect(await auditOf(editor.email)).toEqual(['listed-registrations', 'downloaded-registrations']);
  });

  it('an editor with only surveys.read reads results and the CSV, and gets 403 for every events endpoint', async () => {
    const editor = await editorWith('Umfragen Lesen', ['surveys.read']);
    const survey = await createSurvey(app, 'nur-umfragen');
    const surveyId = (await app.strapi.db.query(SURVEY).findOne({ where: { documentId: survey.documentId } })).id;
    const answerer = 'antwort.nurumfragen@example.org';
    expect((await api.postJson('/surveys/nur-umfragen/responses', surveyResponseBody({ email: answerer, answers: { ort: 'schule', notiz: 'Mehr Bänke' } }))).status).toBe(202);
    await confirmByMail(app, answerer, '/api/civic-dialog/survey-confirm');

    const event = await createEvent(app, 'nur-umfragen-abend');
    const eventId = (await app.strapi.db.query(EVENT).findOne({ where: { documentId: event.documentId } })).id;
    const guest = 'gast.nurumfragen@example.org';
    expect((await api.postJson('/events/nur-umfragen-abend/registrations', registrationBody({ email: guest }))).status).toBe(202);
    await confirmByMail(app, guest, '/api/civic-dialog/event-confirm');
    const [registration] = await db.registrations((await db.profile(guest)).id);

    const results = await editor.call(`/surveys-admin/${surveyId}/results?locale=de`);
    expect(results.status).toBe(200);
    expect(((await results.json()) as any).responses).toBe(1);
    expect((await editor.call(`/surveys-admin/${surveyId}/responses.csv`)).status).toBe(200);

    await expectForbidden(await editor.call('/events-admin'), ['nur-umfragen-abend']);
    await expectForbidden(await editor.call(`/events-admin/${eventId}/registrations`), [guest]);
    await expectForbidden(await editor.call(`/events-admin/${eventId}/registrations.csv`), [guest]);
    await expectForbidden(await editor.call(`/event-registrations/${registration.id}/attendance`, { method: 'PUT', body: JSON.stringify({ attended: true }) }), [guest]);
    await expectForbidden(await editor.call(`/event-registrations/${registration.id}/promote`, { method: 'POST', body: JSON.stringify({ override: true }) }), [guest]);

    expect((await db.registrations(registration.profileId)).map((r: any) => [r.status, r.attendedAt])).toEqual([['confirmed', null]]);
    expect(await auditOf(editor.email)).toEqual(['downloaded-survey-responses']);
  });
});
