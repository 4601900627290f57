import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshSecrets } from '../../scripts/lib/app-env.mjs';
import { AUTOMATION, AUTOMATIONS_ENV, DAY, followers, runAt } from '../support/automations';
import { ownTopic, subscriberEmail } from '../support/newsletters';
import { rows } from '../support/rows';
import { createEvent } from '../support/security-fixtures';
import { settleOutbox, startApp, type TestApp } from '../support/strapi';

/**
 * Automations (issue 12): each step is done exactly once per person across a restart — the app is
 * stopped and booted again on the same database, and a step whose mails were queued but whose runs
 * were not moved on (what a crash between the two leaves) is run again without a second mail.
 * The clock moves by passing `now` to the job's runOnce — no sleeps.
 */

const FOLLOWERS = 20;

let app: TestApp;
const knex = () => app.strapi.db.connection;
// Read through the app of the moment: restart() boots a new one.
const mailsOf = (automationId: number, step: string) => rows(app.strapi).automationMails(automationId, step);

/** Stops Strapi without dropping its database, and boots it again on that database with the same secrets. */
async function restart(): Promise<void> {
  const secrets = Object.fromEntries(Object.keys(freshSecrets()).map((key) => [key, process.env[key]!]));
  const { database } = app;
  const removeAllListeners = process.removeAllListeners;
  process.removeAllListeners = (() => process) as typeof process.removeAllListeners;
  try {
    await app.strapi.destroy();
  } finally {
    process.removeAllListeners = removeAllListeners;
  }
  await app.mail.stop();
  app = await startApp({ ...AUTOMATIONS_ENV, ...secrets }, { database });
}

beforeAll(async () => {
  app = await startApp(AUTOMATIONS_ENV);
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

describe('automations across a restart', () => {
  it('a step is done once per person: after a restart, and when its runs were not moved on after queueing', async () => {
    const topic = await ownTopic(app.strapi, 'neustart');
    await followers(app, 'neustart', FOLLOWERS, topic.id);
    const automation = (await app.strapi.documents(AUTOMATION).create({
      data: {
        name: 'Neustart',
        enabled: true,
        trigger: { type: 'event-published', topic: 'neustart' },
        steps: [
          { id: 'first', type: 'send-mail', subject: { de: 'Erste', en: 'First' }, body: { de: 'Eins', en: 'One' } },
          { id: 'pause', type: 'wait', days: 1 },
          { id: 'second', type: 'send-mail', subject: { de: 'Zweite', en: 'Second' }, body: { de: 'Zwei', en: 'Two' } },
        ],
      } as any,
    })) as { id: number };
    await createEvent(app, 'neustart-abend', { newsletterTopic: { connect: [{ documentId: topic.documentId }] } });
    const start = new Date();
    await runAt(app, start);
    expect(await mailsOf(automation.id, 'first')).toHaveLength(FOLLOWERS);

    // What a crash between queueing the mails and moving the runs on would leave: the runs at the step again.
    await knex()('civic_dialog_automation_runs')
      .where('automation_id', automation.id)
      .update({ step_index: 0, step_id: 'first', due_at: start, claimed_by: null, claimed_at: null });
    await restart();
    await runAt(app, start);
    expect(await mailsOf(automation.id, 'first')).toHaveLength(FOLLOWERS);
    await settleOutbox(app);
    // Some went out before the restart (to the catcher of the first boot): the rows say it, one per person.
    const first = await mailsOf(automation.id, 'first');
    expect(first.map((row: any) => row.status)).toEqual(Array(FOLLOWERS).fill('sent'));
    expect(new Set(first.map((row: any) => row.profile_id)).size).toBe(FOLLOWERS);

    // The wait is kept across the restart: the second mail only after the day, once.
    await runAt(app, new Date(start.getTime() + DAY / 2));
    expect(await mailsOf(automation.id, 'second')).toHaveLength(0);
    await restart();
    const later = new Date(start.getTime() + 2 * DAY);
    await runAt(app, later);
    await runAt(app, later);
    expect(await mailsOf(automation.id, 'second')).toHaveLength(FOLLOWERS);
    await settleOutbox(app);
    for (let n = 1; n <= FOLLOWERS; n++) expect(app.mail.to(subscriberEmail('neustart', n)).map((mail) => mail.subject)).toEqual(['Zweite']);
    const runs = await rows(app.strapi).automationRuns(automation.id);
    expect(runs.map((run: any) => run.run_status)).toEqual(Array(FOLLOWERS).fill('done'));
  }, 300_000);
});
