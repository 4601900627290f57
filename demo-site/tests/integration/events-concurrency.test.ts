import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicApi } from '../support/http';
import { settleIntake, startApp, type TestApp, TOWN_ORIGIN } from '../support/strapi';

let app: TestApp;
let api: ReturnType<typeof publicApi>;

const HOUR = 3_600_000;
const PEOPLE = 200;
const CAPACITY = 50;

beforeAll(async () => {
  // Mail stays queued (no poller, no SMTP traffic): this test is about seats, not mail.
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '10000', CIVIC_RATE_LIMIT_EMAIL_POINTS: '100', CIVIC_MAIL_COOLDOWN_SECONDS: '0', CIVIC_MAIL_POLL_MS: '0' });
  api = publicApi(app.baseUrl);
});

afterAll(async () => {
  await app?.stop();
});

describe(`event capacity under concurrency on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it(`${PEOPLE} simultaneous confirmations for ${CAPACITY} seats: exactly ${CAPACITY} confirmed, the rest on the waiting list`, async () => {
    const start = new Date(Date.now() + 48 * HOUR);
    const event = await app.strapi.documents('plugin::civic-dialog.event' as any).create({
      data: {
        title: 'Bürgerversammlung',
        slug: 'buergerversammlung',
        startsAt: start,
        endsAt: new Date(start.getTime() + 2 * HOUR),
        location: 'Stadthalle',
        capacity: CAPACITY,
        waitingList: true,
        maxSeatsPerRegistration: 1,
      } as any,
    });

    for (let person = 0; person < PEOPLE; person += 1) {
      const response = await api.postJson('/events/buergerversammlung/registrations', {
        email: `person${person}@example.org`,
        seats: 1,
        locale: 'de',
        legalTextVersion: 1,
        consent: true,
        pageUrl: `${TOWN_ORIGIN}/veranstaltungen.html`,
      });
      expect(response.status).toBe(202);
    }
    // The registrations are written after each answer; wait for that work (no mails are sent here).
    await settleIntake(app);

    // The links the confirmation mails would carry (the mails themselves are tested elsewhere).
    const registrations = (await app.strapi.db
      .query('plugin::civic-dialog.registration' as any)
      .findMany({ where: { eventId: event.id } })) as Array<{ id: number; profileId: number; status: string }>;
    expect(registrations).toHaveLength(PEOPLE);
    const tokens = app.strapi.plugin('civic-dialog').service('tokens');
    const links = await Promise.all(
      registrations.map((registration) =>
        tokens.issue({ purpose: 'event-confirm', profileId: registration.profileId, payload: { registrationId: registration.id }, ttlSeconds: 86_400 }),
      ),
    );

    const answers = await Promise.all(links.map((token: string) => api.postJson('/event-confirm', { token })));
    expect(answers.map((answer) => answer.status)).toEqual(Array(PEOPLE).fill(200));
    const statuses = answers.map((answer) => answer.body.data.status);
    expect(statuses.filter((status) => status === 'confirmed')).toHaveLength(CAPACITY);
    expect(statuses.filter((status) => status === 'waitlisted')).toHaveLength(PEOPLE - CAPACITY);

    const query = app.strapi.db.query('plugin::civic-dialog.registration' as any);
    expect(await query.count({ where: { eventId: event.id, status: 'confirmed' } })).toBe(CAPACITY);
    expect(await query.count({ where: { eventId: event.id, status: 'waitlisted' } })).toBe(PEOPLE - CAPACITY);
    const seen = await api.get('/events/buergerversammlung');
    expect(seen.body.data).toMatchObject({ seatsLeft: 0, registrationOpen: true });
    // 400 requests, 200 of them serialized on one event's row: ~12 s on a quiet machine, several times that
    // on a loaded one. The limit is for a hang, not a speed claim (speed is the bench's).
  }, 240_000);
});
