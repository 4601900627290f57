import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { linkTo } from '../support/mail-catcher';
import { publicApi, registrationBody, signupBody } from '../support/http';
import { rows } from '../support/rows';
import { settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

// Issue 10, item 12: check-in shows no personal data, CSV headers are no formulas, SMTP errors reach
// the log without the address they quote, and a form's pageUrl (the consent proof's source) must
// be a page of the town that sent the request.

const winston = createRequire(createRequire(import.meta.url).resolve('@strapi/strapi'))('winston') as WinstonStreams;
/** The part of Strapi's logger library (winston, not a dependency of this app) the test uses. */
type WinstonStreams = { transports: { Stream: new (options: { stream: NodeJS.WritableStream; level: string }) => any } };

const EVENT = 'plugin::civic-dialog.event' as any;
const SURVEY = 'plugin::civic-dialog.survey' as any;
const HOUR = 3_600_000;
const DOOR = { email: 'tuer@musterstadt.example', password: `Door-${randomBytes(9).toString('base64url')}` };
const FORMULA = '=HYPERLINK("http://evil.example","Klick")';

let app: TestApp;
let api: ReturnType<typeof publicApi>;
let db: ReturnType<typeof rows>;
let admin: ReturnType<typeof pluginAdminApi>;
let door: ReturnType<typeof pluginAdminApi>;

async function createEvent(slug: string, label = 'Essen') {
  const start = new Date(Date.now() + 7 * 24 * HOUR);
  return app.strapi.documents(EVENT).create({
    data: {
      title: `Abend ${slug}`,
      slug,
      description: 'Ein Abend.',
      startsAt: start,
      endsAt: new Date(start.getTime() + 2 * HOUR),
      location: 'Bürgersaal',
      address: 'Marktplatz 1',
      capacity: 10,
      waitingList: false,
      maxSeatsPerRegistration: 2,
      questions: [{ id: 'essen', type: 'short-text', label: { de: label } }],
      reminderOffsets: [],
    } as any,
  });
}

beforeAll(async () => {
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '500', CIVIC_RATE_LIMIT_EMAIL_POINTS: '100', CIVIC_MAIL_COOLDOWN_SECONDS: '0' });
  api = publicApi(app.baseUrl);
  db = rows(app.strapi);
  admin = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl));
  // A door helper: may check people in (events.manage), may not read the registrations (events.read).
  const role = await app.strapi.service('admin::role').create({ name: 'Einlass', description: 'checks people in at the door' });
  await app.strapi.service('admin::role').assignPermissions(role.id, [{ action: 'plugin::civic-dialog.events.manage', subject: null, conditions: [], properties: {} }]);
  await app.strapi.service('admin::user').create({ ...DOOR, firstname: 'Doris', lastname: 'Tür', isActive: true, registrationToken: null, roles: [role.id] });
  door = pluginAdminApi(app.baseUrl, await adminToken(app.baseUrl, DOOR));
});

afterAll(async () => {
  await app?.stop();
});

describe(`admin and consent-proof hardening on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('answers a check-in by someone with only events.manage with the new state, without address, names or answers', async () => {
    const event = await createEvent('einlass');
    expect(
      (
        await api.postJson(
          '/events/einlass/registrations',
          registrationBody({ email: 'gast@example.org', firstName: 'Gerda', answers: { essen: 'vegetarisch' } }),
        )
      ).status,
    ).toBe(202);
    await settleOutbox(app);
    const [mail] = await app.mail.waitFor('gast@example.org');
    expect((await api.postJson('/event-confirm', { token: linkTo(mail!, '/api/civic-dialog/event-confirm').searchParams.get('token') })).status).toBe(200);
    const eventId = (await app.strapi.db.query(EVENT).findOne({ where: { documentId: event.documentId } })).id;
    const registration = await app.strapi.db.query('plugin::civic-dialog.registration' as any).findOne({ where: { eventId } });

    expect((await door(`/events-admin/${eventId}/registrations`)).status).toBe(403);
    const checkIn = await door(`/event-registrations/${registration.id}/attendance`, { method: 'PUT', body: JSON.stringify({ attended: true }) });
    expect(checkIn.status).toBe(200);
    const body = (await checkIn.json()) as any;
    expect(Object.keys(body.data).sort()).toEqual(['attendedAt', 'confirmedAt', 'id', 'seats', 'status']);
    expect(body.data).toMatchObject({ id: registration.id, status: 'attended', seats: 1 });
    expect(JSON.stringify(body)).not.toMatch(/gast@example\.org|Gerda|vegetarisch/);
  });

  it('writes question labels (editor text) into CSV headers as text, not as formulas', async () => {
    const event = await createEvent('formel', FORMULA);
    const eventId = (await app.strapi.db.query(EVENT).findOne({ where: { documentId: event.documentId } })).id;
    const eventCsv = await (await admin(`/events-admin/${eventId}/registrations.csv`)).text();
    const eventHeader = eventCsv.replace(/^\uFEFF/, '').split(/\r?\n/)[0]!;
    expect(eventHeader).toBe(`email,firstName,lastName,seats,status,registeredAt,attendedAt,"'${FORMULA.replace(/"/g, '""')}"`);

    const survey = await app.strapi.documents(SURVEY).create({
      data: {
        title: 'Formel',
        slug: 'formel',
        mode: 'anonymous',
        opensAt: new Date(Date.now() - HOUR).toISOString(),
        questions: [{ id: 'frage', type: 'free-text', label: { de: FORMULA } }],
      } as any,
    });
    const surveyId = (await app.strapi.db.query(SURVEY).findOne({ where: { documentId: survey.documentId } })).id;
    const surveyCsv = await (await admin(`/surveys-admin/${surveyId}/responses.csv?locale=de`)).text();
    expect(surveyCsv.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe(`Antwort,Eingegangen,"'${FORMULA.replace(/"/g, '""')}"`);
  });

  it('keeps the address an SMTP error quotes out of the log, while the failure is logged', async () => {
    const victim = 'opfer.smtp@example.org';
    // What Strapi's logger writes, after its formats (the plugin's redaction among them).
    let log = '';
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const transport = new winston.transports.Stream({ stream: sink, level: 'warn' });
    app.strapi.log.add(transport);
    const level = app.strapi.log.level;
    app.strapi.log.level = 'warn';
    app.mail.answer = (to) => (to.includes(victim) ? { accept: false, code: 550, message: `5.1.1 <${victim}>: Recipient address rejected: User unknown` } : { accept: true });
    try {
      expect((await api.postJson('/signups', signupBody({ email: victim }))).status).toBe(202);
      await settleOutbox(app);
      const deadline = Date.now() + 10_000;
      while (!/civic-dialog: mail \d+ \(doi\) failed/.test(log) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(log).toMatch(/civic-dialog: mail \d+ \(doi\) failed: .*550.*\[email\]/);
      expect(log).not.toContain(victim);
    } finally {
      app.mail.answer = () => ({ accept: true });
      app.strapi.log.level = level;
      app.strapi.log.remove(transport);
    }
  });

  it("refuses a pageUrl that is not a page of the town's allowed websites, or not of the site that sent the request, with 400 — for every address alike", async () => {
    await createEvent('quelle');
    const before = await db.counts();
    const forms = [
      ['/signups', (pageUrl: string) => signupBody({ email: 'quelle@example.org', pageUrl })],
      ['/events/quelle/registrations', (pageUrl: string) => registrationBody({ email: 'quelle@example.org', pageUrl })],
    ] as const;
    for (const [path, body] of forms) {
      const foreign = await api.postJson(path, body('https://evil.example/newsletter.html'));
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.details.errors[0]).toMatchObject({ path: ['pageUrl'], message: 'pageUrl is not a page of a website of the town that sent this request' });
      // An allowed origin, but the browser says the form was on another site: the proof must not lie.
      const mismatch = await api.postJson(path, body(`${TOWN_ORIGIN}/newsletter.html`), { origin: app.baseUrl });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.error.details.errors[0].path).toEqual(['pageUrl']);
    }
    await settleOutbox(app);
    expect(await db.counts()).toEqual(before);
    expect((await api.postJson('/signups', signupBody({ email: 'quelle@example.org' }))).status).toBe(202);
  });
});
