import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, pluginAdminApi } from '../support/admin';
import { AUTOMATION, AUTOMATIONS_ENV, DAY, contentManager, createAutomation, followers, mail, runAt } from '../support/automations';
import { ownTopic, subscriberEmail } from '../support/newsletters';
import { rows } from '../support/rows';
import { activeSubscriber, confirmByMail, createEvent, createSurvey } from '../support/security-fixtures';
import { settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

/**
 * Automations (issue 12): every trigger, step and exit rule, editing and switching off a running
 * automation, bad definitions (400). The clock moves by passing `now` to the job's runOnce — no sleeps.
 */

const uid = (name: string) => `plugin::civic-dialog.${name}` as any;

let app: TestApp;
let db: ReturnType<typeof rows>;
let admin: ReturnType<typeof pluginAdminApi>;
let token: string;

const knex = () => app.strapi.db.connection;

beforeAll(async () => {
  process.env.CIVIC_AUTOMATIONS_CHECK_INTERVAL_MS = '0';
  app = await startApp({ ...AUTOMATIONS_ENV, CIVIC_RATE_LIMIT_IP_POINTS: '500' });
  db = rows(app.strapi);
  token = await adminToken(app.baseUrl);
  admin = pluginAdminApi(app.baseUrl, token);
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

describe('automations', () => {
  it('ships four templates, switched off', async () => {
    const seeded = await app.strapi.db.query(AUTOMATION).findMany({ where: { templateKey: { $notNull: true } }, orderBy: { id: 'asc' } });
    expect(seeded.map((row: any) => [row.templateKey, row.enabled])).toEqual([
      ['welcome-series', false],
      ['announce-event', false],
      ['re-permission', false],
      ['clean-up', false],
    ]);
  });

  it('refuses bad definitions with 400 and message ids per field; a good one saves', async () => {
    const bad = await contentManager(app, token, 'POST', '', {
      name: 'Kaputt',
      enabled: false,
      trigger: { type: 'date', condition: 'consent-older-than-months', amount: 0 },
      steps: [mail('a', 'Hallo {{unknown}}'), { id: 'a', type: 'wait' }],
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as any;
    expect(body.error.name).toBe('ValidationError');
    expect(body.error.details.errors.map((e: any) => `${e.path.join('.')}:${e.messageId}`)).toEqual([
      'trigger.amount:automation.trigger.amount',
      'steps.0.body.de:automation.mail.placeholder',
      'steps.0.body.en:automation.mail.placeholder',
      'steps.1.days:automation.wait.empty',
      'steps.1.id:automation.step.idDuplicate',
    ]);
    const noSteps = await contentManager(app, token, 'POST', '', { name: 'Leer', enabled: false, trigger: { type: 'subscription-confirmed' }, steps: [] });
    expect(noSteps.status).toBe(400);
    const eventOnly = await contentManager(app, token, 'POST', '', { name: 'Falsch', enabled: false, trigger: { type: 'subscription-confirmed' }, steps: [mail('x', '{{event.title}}')] });
    expect(eventOnly.status).toBe(400);
    const good = await contentManager(app, token, 'POST', '', { name: 'Gut', enabled: false, trigger: { type: 'subscription-confirmed' }, steps: [mail('x', 'Hallo')] });
    expect(good.status).toBe(201);
    const { data } = (await good.json()) as any;
    // An update is checked too: a bad trigger alone is refused against the stored steps.
    const badUpdate = await contentManager(app, token, 'PUT', `/${data.documentId}`, { trigger: { type: 'event-published', topic: 'Kein Slug' } });
    expect(badUpdate.status).toBe(400);
  });

  it('subscription confirmed: welcome mail at once, then a wait, then a language condition that exits German readers', async () => {
    const automation = await createAutomation(app, { type: 'subscription-confirmed', topic: 'abfall' }, [
      mail('hello', 'Hallo {{firstName}}, willkommen!\n\nIhre Seite: {{preferences.link}}', 'Hello {{firstName}}!', { de: 'Willkommen {{firstName}}', en: 'Welcome {{firstName}}' }),
      { id: 'pause', type: 'wait', days: 2 },
      { id: 'only-english', type: 'condition', condition: { kind: 'language', language: 'en' } },
      mail('english-tip', 'nie', 'English tip'),
    ]);
    const email = 'welcome-journey@example.org';
    await activeSubscriber(app, email);
    const profile = await db.profile(email);
    const [run] = await db.automationRuns(automation.id);
    expect(run).toMatchObject({ profile_id: profile.id, subject: 'subscription:abfall', step_id: 'hello', step_index: 0, run_status: 'active' });

    const now = new Date();
    await runAt(app, now);
    await settleOutbox(app);
    const [welcome] = await app.mail.waitFor(email, 3); // DOI, the welcome of subscriptions, this one
    const sent = app.mail.to(email).find((message) => message.subject === 'Willkommen Erika');
    expect(sent?.text).toContain('Hallo Erika, willkommen!');
    expect(sent?.text).toContain(`${TOWN_ORIGIN}/mein-newsletter.html`);
    expect(welcome).toBeDefined();
    // Past the wait: the next step is due in two days.
    const waiting = (await db.automationRuns(automation.id))[0];
    expect(waiting).toMatchObject({ step_id: 'only-english', run_status: 'active' });
    expect(new Date(waiting.due_at).getTime()).toBe(now.getTime() + 2 * DAY);

    // Exactly once: the job again, at the same time or a day later, queues nothing new.
    await runAt(app, now);
    await runAt(app, new Date(now.getTime() + DAY));
    expect(await db.automationMails(automation.id)).toHaveLength(1);

    await runAt(app, new Date(now.getTime() + 2 * DAY + 60_000));
    expect((await db.automationRuns(automation.id))[0]).toMatchObject({ run_status: 'exited', exit_reason: 'condition-not-met' });
    expect(await db.automationMails(automation.id)).toHaveLength(1);

    const stats = (await (await admin(`/automations/${automation.id}/stats`)).json()) as any;
    expect(stats).toMatchObject({ automationId: automation.id, enabled: true, active: 0, done: 0, exited: { 'condition-not-met': 1 }, sent: 1 });
    expect(stats.steps.map((step: any) => [step.id, step.sent])).toEqual([
      ['hello', 1],
      ['pause', 0],
      ['only-english', 0],
      ['english-tip', 0],
    ]);
    const timeline = (await (await admin(`/profiles/${profile.id}/automation-timeline`)).json()) as any;
    expect(timeline.data).toEqual([
      expect.objectContaining({ automationId: automation.id, status: 'exited', exitReason: 'condition-not-met', mails: [expect.objectContaining({ stepId: 'hello', status: 'sent' })] }),
    ]);
    expect((await admin('/automations/abc/stats')).status).toBe(400);
    expect((await admin('/automations/999999/stats')).status).toBe(404);
  });

  it('event published: every follower of its topic gets the announcement once, with title, date and link; others nothing', async () => {
    const topic = await ownTopic(app.strapi, 'stadtrat');
    const other = await ownTopic(app.strapi, 'sport');
    await followers(app, 'rat', 30, topic.id);
    await followers(app, 'rat-en', 5, topic.id, 'en');
    await followers(app, 'sportler', 5, other.id);
    const automation = await createAutomation(app, { type: 'event-published', topic: 'stadtrat' }, [
      mail('announce', 'Neu: {{event.title}}\n{{event.date}}\n{{event.link}}', 'New: {{event.title}}\n{{event.date}}\n{{event.link}}', {
        de: 'Neue Sitzung: {{event.title}}',
        en: 'New meeting: {{event.title}}',
      }),
      { id: 'registered', type: 'condition', condition: { kind: 'registered-for-event' } },
      mail('thanks', 'Danke fürs Anmelden'),
    ]);
    await createEvent(app, 'sitzung-ohne-thema');
    expect(await db.automationRuns(automation.id)).toHaveLength(0);
    const event = await createEvent(app, 'ratssitzung', { title: 'Ratssitzung', titleEn: 'Council meeting', newsletterTopic: { connect: [{ documentId: topic.documentId }] } });
    expect(await db.automationRuns(automation.id)).toHaveLength(35);
    expect(new Set((await db.automationRuns(automation.id)).map((run: any) => run.subject))).toEqual(new Set([`event:${event.documentId}`]));

    const now = new Date();
    await runAt(app, now);
    await runAt(app, now);
    const queued = await db.automationMails(automation.id);
    expect(queued).toHaveLength(35);
    expect(new Set(queued.map((row: any) => row.dedupe_key)).size).toBe(35);
    await settleOutbox(app);
    const [german] = await app.mail.waitFor(subscriberEmail('rat', 1), 1);
    expect(german!.subject).toBe('Neue Sitzung: Ratssitzung');
    expect(german!.text).toContain(`${TOWN_ORIGIN}/veranstaltungen.html?event=ratssitzung`);
    const [english] = await app.mail.waitFor(subscriberEmail('rat-en', 1), 1);
    expect(english!.subject).toBe('New meeting: Council meeting');
    expect(app.mail.to(subscriberEmail('sportler', 1))).toHaveLength(0);
    // Nobody registered: everyone leaves at the condition.
    expect((await db.automationRuns(automation.id)).every((run: any) => run.run_status === 'exited' && run.exit_reason === 'condition-not-met')).toBe(true);
  });

  it('exit rules: unsubscribed, consent withdrawn, erased, switched off — before each step, and a queued mail is not sent', async () => {
    const topic = await ownTopic(app.strapi, 'exit-regeln');
    await followers(app, 'exit', 4, topic.id);
    const automation = await createAutomation(app, { type: 'event-published', topic: 'exit-regeln' }, [{ id: 'wait', type: 'wait', hours: 1 }, mail('later', 'Später')]);
    await createEvent(app, 'exit-abend', { newsletterTopic: { connect: [{ documentId: topic.documentId }] } });
    const now = new Date();
    await runAt(app, now);
    const ids = await Promise.all([1, 2, 3].map(async (n) => (await db.profile(subscriberEmail('exit', n))).id as number));
    await knex()('civic_dialog_profiles').where('id', ids[0]).update({ status: 'unsubscribed' });
    await knex()('civic_dialog_consents').insert({ profile_id: ids[1], purpose: 'newsletter', action: 'withdrawn', created_at: new Date(), updated_at: new Date() });
    await app.strapi.plugin('civic-dialog').service('personalData').eraseProfile(ids[2]);
    await runAt(app, new Date(now.getTime() + 2 * 3_600_000));
    const byProfile = new Map((await db.automationRuns(automation.id)).map((run: any) => [run.profile_id, run]));
    expect(byProfile.get(ids[0])).toMatchObject({ run_status: 'exited', exit_reason: 'unsubscribed' });
    expect(byProfile.get(ids[1])).toMatchObject({ run_status: 'exited', exit_reason: 'consent-withdrawn' });
    // The erasure deletes the person's runs with the rest of their data.
    expect(byProfile.has(ids[2])).toBe(false);
    expect(await db.automationMails(automation.id)).toHaveLength(1);

    // Switched off: every active run ends at once, and a mail already queued is refused at send time.
    const other = await createAutomation(app, { type: 'event-published', topic: 'exit-regeln' }, [mail('m', 'Text'), { id: 'w', type: 'wait', days: 1 }, mail('n', 'Mehr')]);
    await createEvent(app, 'exit-abend-2', { newsletterTopic: { connect: [{ documentId: topic.documentId }] } });
    // The outbox is held while the mail is queued and the automation switched off: its kick after
    // queueing would otherwise race the switch-off and could send the mail first.
    const outbox = app.strapi.plugin('civic-dialog').service('outbox');
    await outbox.stop();
    await runAt(app, new Date());
    // Only the one follower left who may get mail enters (the others unsubscribed, withdrew, were erased).
    const queuedRows = await db.automationMails(other.id);
    expect(queuedRows.length).toBe(1);
    await app.strapi.documents(AUTOMATION).update({ documentId: other.documentId, data: { enabled: false } as any });
    expect((await db.automationRuns(other.id)).map((run: any) => run.exit_reason)).toEqual(['switched-off']);
    await outbox.start();
    await settleOutbox(app);
    const after = await db.automationMails(other.id);
    expect(after.map((row: any) => row.status)).toEqual(['failed']);
    expect(after[0].error).toContain('switched-off');
  });

  it('editing applies to people who have not reached the changed step; a removed step is skipped over', async () => {
    const topic = await ownTopic(app.strapi, 'editieren');
    await followers(app, 'edit', 2, topic.id);
    const automation = await createAutomation(app, { type: 'event-published', topic: 'editieren' }, [
      { id: 'first', type: 'wait', days: 1 },
      mail('second', 'Alter Text'),
      { id: 'third', type: 'wait', days: 1 },
    ]);
    await createEvent(app, 'edit-abend', { newsletterTopic: { connect: [{ documentId: topic.documentId }] } });
    const now = new Date();
    await runAt(app, now);
    const stored = await app.strapi.documents(AUTOMATION).findOne({ documentId: automation.documentId });
    await app.strapi.documents(AUTOMATION).update({
      documentId: automation.documentId,
      data: { steps: [mail('before', 'Neuer erster Schritt'), ...(stored as any).steps.map((step: any) => (step.id === 'second' ? mail('second', 'Neuer Text', 'New text', { de: 'Neu', en: 'New' }) : step))] } as any,
    });
    await runAt(app, new Date(now.getTime() + DAY + 60_000));
    const queued = await db.automationMails(automation.id);
    // Only the edited step; the step added before where they are is not done.
    expect(queued.map((row: any) => [row.dedupe_key.split(':').pop(), row.subject])).toEqual([
      ['second', 'Neu'],
      ['second', 'Neu'],
    ]);
    await settleOutbox(app);
    expect((await app.mail.waitFor(subscriberEmail('edit', 1), 1))[0]!.text).toContain('Neuer Text');
  });

  it('actions: add and remove a topic with a ledger entry; district and topic conditions; wait until a weekday and hour', async () => {
    const topic = await ownTopic(app.strapi, 'aktionen');
    await ownTopic(app.strapi, 'zusatz');
    await followers(app, 'act', 2, topic.id);
    const [a, b] = await Promise.all([1, 2].map(async (n) => (await db.profile(subscriberEmail('act', n))).id as number));
    await knex()('civic_dialog_profiles').where('id', a).update({ district: 'Altstadt' });
    const automation = await createAutomation(app, { type: 'event-published', topic: 'aktionen' }, [
      { id: 'monday-9', type: 'wait-until', weekday: 1, hour: 9 },
      { id: 'old-town', type: 'condition', condition: { kind: 'district', district: 'altstadt' } },
      { id: 'add', type: 'action', action: 'add-topic', topic: 'zusatz' },
      { id: 'has-extra', type: 'condition', condition: { kind: 'topic', topic: 'zusatz' } },
      { id: 'remove', type: 'action', action: 'remove-topic', topic: 'aktionen' },
    ]);
    await createEvent(app, 'aktionsabend', { newsletterTopic: { connect: [{ documentId: topic.documentId }] } });
    const wednesday = new Date('2030-01-02T12:00:00Z');
    await runAt(app, wednesday);
    // Monday 09:00 in the town (config timeZone Europe/Berlin, winter time UTC+1).
    expect((await db.automationRuns(automation.id)).map((run: any) => new Date(run.due_at).toISOString())).toEqual(['2030-01-07T08:00:00.000Z', '2030-01-07T08:00:00.000Z']);
    await runAt(app, new Date('2030-01-07T08:00:00Z'));
    const byProfile = new Map((await db.automationRuns(automation.id)).map((run: any) => [run.profile_id, run]));
    expect(byProfile.get(a)).toMatchObject({ run_status: 'done' });
    expect(byProfile.get(b)).toMatchObject({ run_status: 'exited', exit_reason: 'condition-not-met' });
    const subscriptions = await knex()('civic_dialog_subscriptions as s').join('civic_dialog_topics as t', 't.id', 's.topic_id').where('s.profile_id', a).select('t.slug', 's.status').orderBy('t.slug');
    expect(subscriptions).toEqual([
      { slug: 'aktionen', status: 'unsubscribed' },
      { slug: 'zusatz', status: 'active' },
    ]);
    const ledger = await knex()('civic_dialog_consents').where({ profile_id: a, widget: 'automation' }).orderBy('id');
    expect(ledger.map((row: any) => [row.action, typeof row.topics === 'string' ? JSON.parse(row.topics) : row.topics, row.subject])).toEqual([
      ['confirmed', ['zusatz'], `automation:${automation.id}`],
      ['withdrawn', ['aktionen'], `automation:${automation.id}`],
    ]);
  });

  it("wait until a weekday and hour is the town's local time, also in the week the clocks go forward", async () => {
    const topic = await ownTopic(app.strapi, 'sommerzeit');
    await followers(app, 'dst', 1, topic.id);
    const automation = await createAutomation(app, { type: 'event-published', topic: 'sommerzeit' }, [
      { id: 'monday-9', type: 'wait-until', weekday: 1, hour: 9 },
      mail('monday-mail', 'Guten Morgen am Montag'),
    ]);
    await createEvent(app, 'sommerzeit-abend', { newsletterTopic: { connect: [{ documentId: topic.documentId }] } });
    // Wednesday 27 March 2030, winter time; on Sunday 31 March Berlin's clocks go from 02:00 to 03:00.
    await runAt(app, new Date('2030-03-27T12:00:00Z'));
    // Monday 1 April 09:00 summer time (UTC+2) is 07:00 UTC — not 08:00 (winter) nor 09:00 (UTC).
    expect((await db.automationRuns(automation.id)).map((run: any) => new Date(run.due_at).toISOString())).toEqual(['2030-04-01T07:00:00.000Z']);
    await runAt(app, new Date('2030-04-01T06:59:00Z'));
    expect(await db.automationMails(automation.id)).toEqual([]);
    await runAt(app, new Date('2030-04-01T07:00:00Z'));
    expect((await db.automationMails(automation.id)).map((row: any) => row.profile_id)).toEqual([(await db.profile(subscriberEmail('dst', 1))).id]);
  });

  it('tells the trigger form the configured entry types by name (automations.read; 401 without a token)', async () => {
    expect((await fetch(`${app.baseUrl}/civic-dialog/automations/entry-types`)).status).toBe(401);
    const res = await admin('/automations/entry-types');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: [{ uid: 'api::article.article', name: 'Article' }] });
  });

  it('refuses the entry types to an editor without automations.read (403 in Strapi\'s error shape, no types named)', async () => {
    const role = await app.strapi.service('admin::role').create({ name: 'News editor', description: 'writes articles, no automations' });
    await app.strapi.service('admin::role').assignPermissions(role.id, [
      { action: 'plugin::content-manager.explorer.read', subject: 'api::article.article', conditions: [], properties: { fields: ['title'] } },
    ]);
    const credentials = { email: 'news.editor@musterstadt.example', password: `News-${Math.random().toString(36).slice(2)}A1!` };
    await app.strapi.service('admin::user').create({ ...credentials, firstname: 'News', lastname: 'Editor', isActive: true, registrationToken: null, roles: [role.id] });
    const refused = await fetch(`${app.baseUrl}/civic-dialog/automations/entry-types`, {
      headers: { authorization: `Bearer ${await adminToken(app.baseUrl, credentials)}` },
    });
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as any;
    expect(body).toMatchObject({ data: null, error: { status: 403 } });
    expect(JSON.stringify(body)).not.toContain('article');
  });

  it('answered-survey condition: a confirmed answer to the given survey (or to any) continues; a pending one or another survey exits', async () => {
    const topic = await ownTopic(app.strapi, 'umfrage-folger');
    await followers(app, 'answer', 3, topic.id);
    const [a, b, c] = await Promise.all([1, 2, 3].map(async (n) => (await db.profile(subscriberEmail('answer', n))).id as number));
    const survey = (await createSurvey(app, 'auto-umfrage')) as { id: number };
    const other = (await createSurvey(app, 'andere-umfrage')) as { id: number };
    const respond = (profileId: number, surveyId: number, status: 'pending' | 'confirmed') =>
      app.strapi.db.query(uid('survey-response')).create({ data: { surveyId, profileId, status, confirmedAt: status === 'confirmed' ? new Date() : null } });
    await respond(a, survey.id, 'confirmed');
    await respond(b, survey.id, 'pending');
    await respond(c, other.id, 'confirmed');
    const given = await createAutomation(app, { type: 'event-published', topic: 'umfrage-folger' }, [
      { id: 'answered', type: 'condition', condition: { kind: 'answered-survey', survey: String(survey.id) } },
      mail('thanks', 'Danke für Ihre Antwort'),
    ]);
    const any = await createAutomation(app, { type: 'event-published', topic: 'umfrage-folger' }, [
      { id: 'answered-any', type: 'condition', condition: { kind: 'answered-survey' } },
      mail('thanks-any', 'Danke'),
    ]);
    await createEvent(app, 'umfrage-abend', { newsletterTopic: { connect: [{ documentId: topic.documentId }] } });
    await runAt(app, new Date());
    const outcome = async (automationId: number) =>
      new Map((await db.automationRuns(automationId)).map((run: any) => [run.profile_id, run.run_status === 'exited' ? run.exit_reason : run.run_status]));
    expect(await outcome(given.id)).toEqual(new Map([[a, 'done'], [b, 'condition-not-met'], [c, 'condition-not-met']]));
    expect(await outcome(any.id)).toEqual(new Map([[a, 'done'], [b, 'condition-not-met'], [c, 'done']]));
    expect((await db.automationMails(given.id)).map((row: any) => row.profile_id)).toEqual([a]);
    expect((await db.automationMails(any.id)).map((row: any) => row.profile_id).sort()).toEqual([a, c].sort());
  });

  it('an automation that erases profiles or ends all topics needs the permission automations.destructive (403 without it)', async () => {
    // An editor who may create and edit automations in the content manager, but not destructive ones.
    const role = await app.strapi.service('admin::role').create({ name: 'Automations editor', description: 'automations without destructive actions' });
    const fields = ['name', 'enabled', 'trigger', 'steps'];
    await app.strapi.service('admin::role').assignPermissions(role.id, [
      ...['read', 'create', 'update'].map((verb) => ({ action: `plugin::content-manager.explorer.${verb}`, subject: AUTOMATION, conditions: [], properties: { fields } })),
      { action: 'plugin::civic-dialog.automations.read', subject: null, conditions: [], properties: {} },
    ]);
    const credentials = { email: 'automations.editor@musterstadt.example', password: `Ed-${Math.random().toString(36).slice(2)}A1!` };
    await app.strapi.service('admin::user').create({ ...credentials, firstname: 'Automations', lastname: 'Editor', isActive: true, registrationToken: null, roles: [role.id] });
    const editorToken = await adminToken(app.baseUrl, credentials);
    const asEditor = (method: 'POST' | 'PUT', path: string, body: unknown) => contentManager(app, editorToken, method, path, body);
    const erase = { name: 'Aufräumen (Test)', enabled: false, trigger: { type: 'date', condition: 'pending-for-days', amount: 14 }, steps: [{ id: 'erase', type: 'action', action: 'erase-profile' }] };
    const endAll = { name: 'Themen beenden (Test)', enabled: false, trigger: { type: 'date', condition: 'consent-older-than-months', amount: 24 }, steps: [{ id: 'end', type: 'action', action: 'remove-all-topics' }] };

    for (const definition of [erase, endAll]) {
      const refused = await asEditor('POST', '', definition);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as any).error).toMatchObject({ status: 403, name: 'ForbiddenError' });
      expect(await app.strapi.db.query(AUTOMATION).count({ where: { name: definition.name } })).toBe(0);
    }
    // A harmless automation saves; switching on the shipped clean-up template is refused.
    const harmless = await asEditor('POST', '', { name: 'Willkommen (Test)', enabled: false, trigger: { type: 'subscription-confirmed' }, steps: [mail('hi', 'Hallo')] });
    expect(harmless.status).toBe(201);
    const cleanUp = await app.strapi.db.query(AUTOMATION).findOne({ where: { templateKey: 'clean-up' } });
    const switchOn = await asEditor('PUT', `/${cleanUp.documentId}`, { name: cleanUp.name, enabled: true, trigger: cleanUp.trigger, steps: cleanUp.steps });
    expect(switchOn.status).toBe(403);
    expect(await app.strapi.db.query(AUTOMATION).findOne({ where: { templateKey: 'clean-up' } })).toMatchObject({ enabled: false });

    // The super admin (every action) may.
    const allowed = await contentManager(app, token, 'POST', '', erase);
    expect(allowed.status).toBe(201);
  });

  it('date triggers: re-permission (DOI again; confirmed → exits, not confirmed → topics end after 30 days) and clean-up of pending profiles', async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 25 * 31 * DAY);
    await activeSubscriber(app, 'renews@example.org');
    await activeSubscriber(app, 'forgets@example.org');
    const renews = await db.profile('renews@example.org');
    const forgets = await db.profile('forgets@example.org');
    await knex()('civic_dialog_consents').whereIn('profile_id', [renews.id, forgets.id]).update({ created_at: old });
    const automation = await createAutomation(app, { type: 'date', condition: 'consent-older-than-months', amount: 24 }, [
      { id: 'ask', type: 'action', action: 'ask-reconfirmation' },
      { id: 'wait', type: 'wait', days: 30 },
      { id: 'end', type: 'action', action: 'remove-all-topics' },
    ]);
    await runAt(app, now, { dateTriggers: true });
    const mine = (await db.automationRuns(automation.id)).filter((run: any) => [renews.id, forgets.id].includes(run.profile_id));
    expect(mine).toHaveLength(2);
    await settleOutbox(app);
    // The DOI mail again (the third mail: DOI, welcome, re-permission); confirming it ends the run.
    await confirmByMail(app, 'renews@example.org', '/api/civic-dialog/confirm', 2);
    await runAt(app, new Date(now.getTime() + 31 * DAY));
    const after = new Map((await db.automationRuns(automation.id)).map((run: any) => [run.profile_id, run]));
    expect(after.get(renews.id)).toMatchObject({ run_status: 'exited', exit_reason: 'reconfirmed' });
    expect(after.get(forgets.id)).toMatchObject({ run_status: 'done' });
    expect(await db.profile('forgets@example.org')).toMatchObject({ status: 'unsubscribed' });
    expect(await db.profile('renews@example.org')).toMatchObject({ status: 'active' });
    // Enters once per confirmation: the date trigger again adds nobody.
    await runAt(app, new Date(now.getTime() + 32 * DAY), { dateTriggers: true });
    expect((await db.automationRuns(automation.id)).filter((run: any) => run.profile_id === forgets.id)).toHaveLength(1);

    const cleanUp = await createAutomation(app, { type: 'date', condition: 'pending-for-days', amount: 14 }, [{ id: 'erase', type: 'action', action: 'erase-profile' }]);
    const res = await fetch(`${app.baseUrl}/api/civic-dialog/signups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TOWN_ORIGIN },
      body: JSON.stringify({ email: 'never-confirms@example.org', firstName: 'Nie', topics: ['abfall'], locale: 'de', legalTextVersion: 1, consent: true, pageUrl: `${TOWN_ORIGIN}/newsletter.html`, widget: 'civic-signup', website: '' }),
    });
    expect(res.status).toBe(202);
    await settleOutbox(app);
    const pending = await db.profile('never-confirms@example.org');
    await runAt(app, new Date(now.getTime() + 13 * DAY), { dateTriggers: true });
    expect((await db.automationRuns(cleanUp.id)).filter((run: any) => run.profile_id === pending.id)).toHaveLength(0);
    await runAt(app, new Date(now.getTime() + 15 * DAY), { dateTriggers: true });
    expect(await app.strapi.db.query(uid('profile')).findOne({ where: { id: pending.id } })).toMatchObject({ status: 'erased', email: null });
  });
});
