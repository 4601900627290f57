import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTo } from '../support/mail-catcher';
import { publicApi, registrationBody, signupBody } from '../support/http';
import { rows } from '../support/rows';
import { settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

// Issue 10, item 9: what a stranger types must not reach an official mail to someone else's
// address, nor change what that person's confirm link confirms.

const EVENT = 'plugin::civic-dialog.event' as any;
const REGISTRATION = 'plugin::civic-dialog.registration' as any;
const HOUR = 3_600_000;

let app: TestApp;
let api: ReturnType<typeof publicApi>;
let db: ReturnType<typeof rows>;

async function createEvent(slug: string) {
  const start = new Date(Date.now() + 7 * 24 * HOUR);
  start.setUTCSeconds(0, 0);
  return app.strapi.documents(EVENT).create({
    data: {
      title: `Bürgerabend ${slug}`,
      slug,
      description: 'Ein Abend.',
      startsAt: start,
      endsAt: new Date(start.getTime() + 2 * HOUR),
      location: 'Bürgersaal',
      address: 'Marktplatz 1, 12345 Musterstadt',
      capacity: 10,
      waitingList: false,
      maxSeatsPerRegistration: 4,
      questions: [{ id: 'essen', type: 'short-text', label: { de: 'Essenswunsch' } }],
      reminderOffsets: [],
    } as any,
  });
}

/** Everything a mail shows, as one string. */
const shown = (mail: { subject: string; text: string; html: string }) => `${mail.subject}\n${mail.text}\n${mail.html}`;

beforeAll(async () => {
  app = await startApp({ CIVIC_RATE_LIMIT_IP_POINTS: '1000', CIVIC_RATE_LIMIT_EMAIL_POINTS: '100', CIVIC_MAIL_COOLDOWN_SECONDS: '0' });
  api = publicApi(app.baseUrl);
  db = rows(app.strapi);
  await createEvent('namen');
});

afterAll(async () => {
  await app?.stop();
});

describe(`citizen-supplied text in official mails on ${process.env.TEST_POSTGRES_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  it.each([
    ['a URL', 'Erika https://evil.example/login'],
    ['a right-to-left override', 'Erika\u202Eexe.ofni'],
    ['a line separator', 'Erika\u2028Ihr Konto wird gesperrt'],
    ['a new line', 'Erika\nBitte zahlen Sie'],
    ['digits and punctuation', 'Erika: 0800 123456!'],
    ['no letter at all', "- '"],
  ])('refuses a first name with %s with 400 naming the field, and stores nothing', async (_what, firstName) => {
    const before = await db.counts();
    const signup = await api.postJson('/signups', signupBody({ email: 'opfer@example.org', firstName }));
    expect(signup.status).toBe(400);
    expect(signup.body.error.message).toBe('firstName may contain only letters, spaces, hyphens and apostrophes');
    expect(signup.body.error.details.errors[0].path).toEqual(['firstName']);
    const registration = await api.postJson('/events/namen/registrations', registrationBody({ lastName: firstName }));
    expect(registration.status).toBe(400);
    expect(registration.body.error.details.errors[0].path).toEqual(['lastName']);
    await settleOutbox(app);
    expect(await db.counts()).toEqual(before);
  });

  it('accepts real names: letters of any script, accents, spaces, hyphens and apostrophes', async () => {
    for (const firstName of ['Anne-Marie', "O'Brien", 'D’Angelo', 'Zoë Ágnes', 'Ђорђе', '李 小龍']) {
      expect((await api.postJson('/signups', signupBody({ email: 'namen@example.org', firstName }))).status).toBe(202);
    }
  });

  it("leaves a stranger's name out of the confirmation mail to someone else's address, and takes a name over only when its owner confirms", async () => {
    const victim = 'victim.doi@example.org';
    expect((await api.postJson('/signups', signupBody({ email: victim, firstName: 'Gewinnspiel Gewonnen' }))).status).toBe(202);
    await settleOutbox(app);
    const [doi] = await app.mail.waitFor(victim);
    expect(shown(doi)).not.toContain('Gewinnspiel');
    expect(doi.text).toContain('Guten Tag,');
    expect((await db.profile(victim)).firstName).toBeNull();

    // The owner signs up with their own name and confirms that request: only then is the name theirs.
    expect((await api.postJson('/signups', signupBody({ email: victim, firstName: 'Vera' }))).status).toBe(202);
    await settleOutbox(app);
    const [, own] = await app.mail.waitFor(victim, 2);
    expect(shown(own)).not.toContain('Vera');
    const token = linkTo(own!, '/api/civic-dialog/confirm').searchParams.get('token')!;
    expect((await api.postJson('/confirm', { token })).status).toBe(200);
    await settleOutbox(app);
    const [, , welcome] = await app.mail.waitFor(victim, 3);
    expect(welcome!.text).toContain('Hallo Vera,');
    expect((await db.profile(victim)).firstName).toBe('Vera');

    // A later stranger cannot rename a confirmed citizen, neither by signup nor by registration.
    await createEvent('fremder-name');
    expect((await api.postJson('/signups', signupBody({ email: victim, firstName: 'Mallory', topics: ['kultur'] }))).status).toBe(202);
    expect((await api.postJson('/events/fremder-name/registrations', registrationBody({ email: victim, firstName: 'Mallory' }))).status).toBe(202);
    await settleOutbox(app);
    const later = await app.mail.waitFor(victim, 5);
    for (const mail of later.slice(3)) {
      expect(shown(mail)).not.toContain('Mallory');
      expect(mail.text).toContain('Hallo Vera,');
    }
    expect((await db.profile(victim)).firstName).toBe('Vera');
  });

  it("keeps a pending registration's seats and answers when a stranger registers the same address again; each link confirms its own, shown on its page", async () => {
    const event = await createEvent('zweimal-angemeldet');
    const email = 'doppelt@example.org';
    expect((await api.postJson('/events/zweimal-angemeldet/registrations', registrationBody({ email, seats: 1, answers: { essen: 'vegetarisch' } }))).status).toBe(202);
    await settleOutbox(app);
    const [first] = await app.mail.waitFor(email);
    expect((await api.postJson('/events/zweimal-angemeldet/registrations', registrationBody({ email, seats: 4, answers: { essen: 'Ruf mich an: 0800' } }))).status).toBe(202);
    await settleOutbox(app);
    const [, second] = await app.mail.waitFor(email, 2);

    const eventId = (await app.strapi.db.query(EVENT).findOne({ where: { documentId: event.documentId } })).id;
    const registrations = (await app.strapi.db.query(REGISTRATION).findMany({ where: { eventId }, orderBy: { id: 'asc' } })) as any[];
    expect(registrations.map((r) => [r.status, r.seats, r.answers])).toEqual([
      ['pending', 1, { essen: 'vegetarisch' }],
      ['pending', 4, { essen: 'Ruf mich an: 0800' }],
    ]);

    // Each confirm page says what exactly its link confirms: the event, its time and the seats.
    const firstLink = linkTo(first!, '/api/civic-dialog/event-confirm');
    const page = await (await fetch(firstLink)).text();
    expect(page).toContain('Bürgerabend zweimal-angemeldet');
    expect(page).toContain('1 Platz');
    expect(page).not.toContain('4 Plätze');
    expect(await (await fetch(linkTo(second!, '/api/civic-dialog/event-confirm'))).text()).toContain('4 Plätze');

    const confirmed = await api.postJson('/event-confirm', { token: firstLink.searchParams.get('token')! });
    expect(confirmed.status).toBe(200);
    const after = (await app.strapi.db.query(REGISTRATION).findMany({ where: { eventId }, orderBy: { id: 'asc' } })) as any[];
    expect(after.map((r) => [r.status, r.seats])).toEqual([
      ['confirmed', 1],
      ['cancelled', 4],
    ]);
    // The stranger's try is void once the owner confirmed theirs.
    const stale = await api.postJson('/event-confirm', { token: linkTo(second!, '/api/civic-dialog/event-confirm').searchParams.get('token')! });
    expect(stale.status).toBe(410);
  });

  it('shows the topics on the newsletter confirm page and the survey on the survey confirm page', async () => {
    const email = 'themen@example.org';
    expect((await api.postJson('/signups', signupBody({ email, topics: ['abfall', 'kultur'] }))).status).toBe(202);
    await settleOutbox(app);
    const [doi] = await app.mail.waitFor(email);
    const page = await (await fetch(linkTo(doi!, '/api/civic-dialog/confirm'))).text();
    expect(page).toMatch(/Abfall/);
    expect(page).toMatch(/Kultur/);
  });
});
