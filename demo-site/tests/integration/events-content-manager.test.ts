import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken } from '../support/admin';
import { linkTo } from '../support/mail-catcher';
import { registrationBody, settledPublicApi } from '../support/http';
import { settleOutbox, startApp, type TestApp } from '../support/strapi';

/**
 * An editor creates, edits and cancels an event through the content manager's API with the bodies
 * the admin panel sends: the whole form on every save, the event's status included. The attribute
 * was once called `status`, which Strapi 5's content manager reads as draft/published: every save
 * from the admin was refused with 400 "Invalid status".
 */

const EVENT = 'plugin::civic-dialog.event';
const HOUR = 3_600_000;

let app: TestApp;
let token: string;
let api: ReturnType<typeof settledPublicApi>;

/** The content manager's API, as the admin panel calls it. */
async function contentManager(method: 'POST' | 'PUT', path: string, body: unknown) {
  const res = await fetch(`${app.baseUrl}/content-manager/collection-types/${EVENT}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** The form of a new event as the admin panel posts it: every field, empty ones null, the status at its default. */
function createForm(slug: string) {
  const start = Date.now() + 7 * 24 * HOUR;
  return {
    title: `Stadtteilabend ${slug}`,
    titleEn: null,
    slug,
    description: null,
    descriptionEn: null,
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 2 * HOUR).toISOString(),
    timeZone: 'Europe/Berlin',
    location: 'Bürgersaal',
    address: null,
    capacity: 1,
    waitingList: true,
    registrationOpensAt: null,
    registrationClosesAt: null,
    maxSeatsPerRegistration: 1,
    questions: null,
    reminderOffsets: null,
    newsletterTopic: { connect: [], disconnect: [] },
    eventStatus: 'scheduled',
  };
}

/** What the admin panel puts on save: the whole form as loaded, with the editor's changes. */
function editForm(saved: any, changes: Record<string, unknown>) {
  const { id, createdAt, updatedAt, publishedAt, locale, createdBy, updatedBy, localizations, ...form } = saved;
  return { ...form, newsletterTopic: { connect: [], disconnect: [] }, ...changes };
}

async function registerAndConfirm(slug: string, email: string) {
  expect((await api.postJson(`/events/${slug}/registrations`, registrationBody({ email }))).status).toBe(202);
  const [mail] = await app.mail.waitFor(email);
  const token = linkTo(mail!, '/api/civic-dialog/event-confirm').searchParams.get('token')!;
  expect((await api.postJson('/event-confirm', { token })).status).toBe(200);
}

beforeAll(async () => {
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '1000', CIVIC_MAIL_COOLDOWN_SECONDS: '0' });
  token = await adminToken(app.baseUrl);
  api = settledPublicApi(app);
}, 240_000);
afterAll(() => app?.stop());

describe(`events in the content manager on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it('creates an event from the full form, saves an edit, and cancels it: everyone registered is told', async () => {
    const created = await contentManager('POST', '', createForm('stadtteilabend'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data).toMatchObject({ slug: 'stadtteilabend', eventStatus: 'scheduled' });
    const { documentId } = created.body.data;
    expect((await api.get('/events/stadtteilabend')).body.data.registrationOpen).toBe(true);

    const moved = await contentManager('PUT', `/${documentId}`, editForm(created.body.data, { location: 'Rathaus, Saal 2' }));
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((await api.get('/events/stadtteilabend')).body.data.location).toBe('Rathaus, Saal 2');

    await registerAndConfirm('stadtteilabend', 'sitzplatz@example.org');
    await registerAndConfirm('stadtteilabend', 'warteliste@example.org');
    const cancelled = await contentManager('PUT', `/${documentId}`, editForm(moved.body.data, { eventStatus: 'cancelled' }));
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.data.eventStatus).toBe('cancelled');
    await settleOutbox(app);
    for (const email of ['sitzplatz@example.org', 'warteliste@example.org']) {
      expect(app.mail.to(email).map((mail) => mail.subject), email).toContain('Abgesagt: Stadtteilabend stadtteilabend');
    }
    const refused = await api.postJson('/events/stadtteilabend/registrations', registrationBody({ email: 'spaet@example.org' }));
    expect(refused.status).toBe(409);
    expect((await api.get('/events')).body.data.map((event: any) => event.slug)).not.toContain('stadtteilabend');
  });

  it('refuses a status that does not exist, and the old name `status`, with a 400 and saves nothing', async () => {
    const created = await contentManager('POST', '', createForm('bleibt-geplant'));
    expect(created.status).toBe(201);
    const { documentId } = created.body.data;
    const unknown = await contentManager('PUT', `/${documentId}`, editForm(created.body.data, { eventStatus: 'postponed' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ status: 400, name: 'ValidationError' });
    expect(unknown.body.error.details.errors).toEqual([expect.objectContaining({ path: ['eventStatus'] })]);
    // A script written against the old attribute name learns it from Strapi's answer.
    const { eventStatus, ...oldShape } = editForm(created.body.data, {});
    const old = await contentManager('PUT', `/${documentId}`, { ...oldShape, status: 'cancelled' });
    expect(old.status).toBe(400);
    expect(old.body.error).toMatchObject({ status: 400, name: 'ValidationError', message: 'Invalid status' });
    expect(await app.strapi.db.query(EVENT as any).findOne({ where: { documentId } })).toMatchObject({ eventStatus: 'scheduled' });
  });
});
