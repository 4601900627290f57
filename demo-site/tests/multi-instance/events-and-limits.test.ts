import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signupBody } from '../support/http';
import { startInstances, waitUntil, type Cluster, type Instance } from '../support/instances';
import { linkTo } from '../support/mail-catcher';
import { TOWN_ORIGIN } from '../support/strapi';

const HOUR = 3_600_000;
const IP_LIMIT = 6;

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startInstances(['a', 'b'], {
    CIVIC_RATE_LIMIT_IP_POINTS: String(IP_LIMIT),
    // Behind one proxy, as on a real site: each test's citizens come from their own addresses.
    CIVIC_TRUSTED_PROXY_HOPS: '1',
    // Each instance's reminder job looks every second (production: every minute).
    CIVIC_EVENT_REMINDER_INTERVAL_MS: '1000',
  });
});

afterAll(async () => {
  await cluster?.stop();
});

/** The n-th instance, round robin: requests spread over the cluster as a load balancer would. */
const instance = (n: number): Instance => cluster.instances[n % cluster.instances.length]!;

async function createEvent(slug: string, fields: Record<string, unknown>) {
  const start = (fields.startsAt as Date | undefined) ?? new Date(Date.now() + 48 * HOUR);
  return instance(0).call<{ id: number }>('plugin::civic-dialog.event', 'create', {
    data: {
      title: `Termin ${slug}`,
      slug,
      startsAt: start,
      endsAt: new Date(start.getTime() + 2 * HOUR),
      location: 'Stadthalle',
      capacity: null,
      waitingList: true,
      maxSeatsPerRegistration: 1,
      reminderOffsets: [],
      questions: [],
      ...fields,
    },
  });
}

let citizens = 0;
/** A client address no other request of this file uses (so per-IP limits stay out of the way). */
const ownAddress = () => {
  citizens += 1;
  return { 'x-forwarded-for': `10.${(citizens >> 16) & 255}.${(citizens >> 8) & 255}.${citizens & 255}` };
};

/** Registers each address (spread over the instances) and returns the token of each one's confirmation mail. */
async function register(slug: string, emails: string[]): Promise<string[]> {
  const answers = await Promise.all(
    emails.map((email, n) =>
      instance(n).api.postJson(
        `/events/${slug}/registrations`,
        { email, seats: 1, locale: 'de', legalTextVersion: 1, consent: true, pageUrl: `${TOWN_ORIGIN}/veranstaltungen.html` },
        ownAddress(),
      ),
    ),
  );
  expect(answers.map((answer) => answer.status)).toEqual(emails.map(() => 202));
  return Promise.all(
    emails.map(async (email) => {
      const [mail] = await cluster.mail.waitFor(email, 1, 120_000);
      return linkTo(mail!, '/event-confirm').searchParams.get('token')!;
    }),
  );
}

const registrationCounts = async (eventId: number) => {
  const { rows } = await cluster.sql.query<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM civic_dialog_registrations WHERE event_id = $1 GROUP BY status',
    [eventId],
  );
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
};

describe('two instances on one PostgreSQL database', () => {
  it('200 confirmations for 50 seats, spread over both instances at once: exactly 50 confirmed', async () => {
    const event = await createEvent('seats', { capacity: 50 });
    const emails = Array.from({ length: 200 }, (_, n) => `seat-${n}@example.org`);
    const tokens = await register('seats', emails);

    const answers = await Promise.all(tokens.map((token, n) => instance(n).api.postJson('/event-confirm', { token })));
    expect(answers.map((answer) => answer.status)).toEqual(tokens.map(() => 200));
    const statuses = answers.map((answer) => answer.body.data.status as string);
    expect(statuses.filter((status) => status === 'confirmed')).toHaveLength(50);
    expect(statuses.filter((status) => status === 'waitlisted')).toHaveLength(150);
    expect(await registrationCounts(event.id)).toEqual({ confirmed: 50, waitlisted: 150 });
  });

  it('event reminders due while both instances run are each sent once', async () => {
    const startsAt = new Date(Date.now() + 3 * HOUR);
    const event = await createEvent('reminders', { startsAt, reminderOffsets: [60] });
    const emails = Array.from({ length: 30 }, (_, n) => `reminded-${n}@example.org`);
    const tokens = await register('reminders', emails);
    const confirmed = await Promise.all(tokens.map((token, n) => instance(n).api.postJson('/event-confirm', { token })));
    expect(confirmed.map((answer) => answer.body.data.status)).toEqual(emails.map(() => 'confirmed'));

    // One minute after the reminder is due, both instances run the job, three times each, at once.
    const due = new Date(startsAt.getTime() - 59 * 60_000);
    const runs = await Promise.all(
      [0, 1, 2].flatMap(() => cluster.instances.map((each) => each.call<{ queued: number }>('eventReminders', 'runDueReminders', due))),
    );
    expect(runs.reduce((sum, run) => sum + run.queued, 0)).toBe(emails.length);

    const reminders = () => cluster.mail.mails.filter((mail) => mail.subject === 'Erinnerung: Termin reminders');
    await waitUntil(() => reminders().length >= emails.length, { what: `${emails.length} reminders at SMTP` });
    await Promise.all(cluster.instances.map((each) => each.call('outbox', 'drain')));
    expect(reminders().map((mail) => mail.to[0]).sort()).toEqual([...emails].sort());
    const { rows } = await cluster.sql.query(
      `SELECT count(*)::int AS n FROM civic_dialog_messages WHERE kind = 'event-reminder' AND dedupe_key LIKE 'event-reminder:%' AND to_address LIKE 'reminded-%'`,
    );
    expect(rows[0].n).toBe(emails.length);
    expect(await registrationCounts(event.id)).toEqual({ confirmed: emails.length });
  });

  it('the reminder jobs of both instances, running by themselves, send a reminder that falls due once', async () => {
    // The reminder 60 minutes before the start falls due 50 s from now: time to register and confirm.
    const dueAt = Date.now() + 50_000;
    const startsAt = new Date(dueAt + 60 * 60_000);
    await createEvent('soon', { startsAt, reminderOffsets: [60] });
    const emails = Array.from({ length: 10 }, (_, n) => `soon-${n}@example.org`);
    const tokens = await register('soon', emails);
    const confirmed = await Promise.all(tokens.map((token, n) => instance(n).api.postJson('/event-confirm', { token })));
    expect(confirmed.map((answer) => answer.body.data.status)).toEqual(emails.map(() => 'confirmed'));
    // Confirmed before the reminder fell due, or this test proves nothing.
    expect(Date.now()).toBeLessThan(dueAt);

    const reminders = () => cluster.mail.mails.filter((mail) => mail.subject === 'Erinnerung: Termin soon');
    await waitUntil(() => reminders().length >= emails.length, { timeoutMs: 120_000, what: `${emails.length} reminders sent by the jobs` });
    // One more run on each instance finds nothing left to queue.
    const again = await Promise.all(cluster.instances.map((each) => each.call<{ queued: number }>('eventReminders', 'runDueReminders')));
    expect(again.map((run) => run.queued)).toEqual([0, 0]);
    await Promise.all(cluster.instances.map((each) => each.call('outbox', 'drain')));
    expect(reminders().map((mail) => mail.to[0]).sort()).toEqual([...emails].sort());
  });

  it('a topic renamed through one instance shows under its new name on the other within the 5 s cache bound', async () => {
    const [a, b] = cluster.instances;
    const nameOn = async (each: Instance) =>
      ((await each!.api.get('/topics?locale=de')).body.data as Array<{ slug: string; name: string }>).find((t) => t.slug === 'rathaus')?.name;
    // b has the topics cached.
    const before = await nameOn(b!);
    expect(before).not.toBe('Rathaus aktuell');
    const topic = await a!.call<{ documentId: string }>('plugin::civic-dialog.topic', 'findFirst', { filters: { slug: 'rathaus' } });
    await a!.call('plugin::civic-dialog.topic', 'update', { documentId: topic.documentId, data: { nameDe: 'Rathaus aktuell' } });
    const changedAt = Date.now();
    // The instance that wrote it drops its cache at once …
    expect(await nameOn(a!)).toBe('Rathaus aktuell');
    // … the other one may serve the old name for at most 5 s (its cache's lifetime): any request
    // from then on gets the new one. (Waiting for the clock here is the property itself.)
    await waitUntil(() => Date.now() >= changedAt + 5_000, { what: '5 s after the change' });
    expect(await nameOn(b!)).toBe('Rathaus aktuell');
  });

  it(`a limit of ${IP_LIMIT} signups per client address and window holds over both instances together`, async () => {
    const from = { 'x-forwarded-for': '192.0.2.7' };
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) => instance(n).api.postJson('/signups', signupBody({ email: `limited-${n}@example.org` }), from)),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(IP_LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20 - IP_LIMIT);
    // Both instances refused some: the counter is shared, not per process.
    const refusedBy = new Set(statuses.map((status, n) => (status === 429 ? instance(n).name : null)).filter(Boolean));
    expect([...refusedBy].sort()).toEqual(['a', 'b']);
  });
});
