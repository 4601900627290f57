import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken } from '../support/admin';
import { AUTOMATION, AUTOMATIONS_ENV, DAY, contentManager, createAutomation, followers, mail, runAt } from '../support/automations';
import { ownTopic, paragraph, subscriberEmail } from '../support/newsletters';
import { rows } from '../support/rows';
import { createEvent } from '../support/security-fixtures';
import { settleOutbox, startApp, TOWN_ORIGIN, type TestApp } from '../support/strapi';

/**
 * Automations (issue 12), the triggers and mails built after the first round: an entry of a
 * configured content type published with a topic (the demo's news articles), an event given its
 * topic after it was created, mails written with the newsletter's blocks, and "inactive for N
 * months" counting preference-center visits. The clock moves by passing `now` to runOnce.
 */

const ARTICLE = 'api::article.article' as any;
const EVENT = 'plugin::civic-dialog.event' as any;

let app: TestApp;
let db: ReturnType<typeof rows>;
let token: string;

const service = () => app.strapi.plugin('civic-dialog').service('automations');
const knex = () => app.strapi.db.connection;

beforeAll(async () => {
  process.env.CIVIC_AUTOMATIONS_CHECK_INTERVAL_MS = '0';
  app = await startApp({ ...AUTOMATIONS_ENV, CIVIC_RATE_LIMIT_IP_POINTS: '500' });
  db = rows(app.strapi);
  token = await adminToken(app.baseUrl);
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

describe('automation triggers and mails', () => {
  it('entry published: a news article published with a topic brings its followers in once, with {{entry.title}} and {{entry.url}}', async () => {
    const topic = await ownTopic(app.strapi, 'bauen');
    const other = await ownTopic(app.strapi, 'kultur-news');
    await followers(app, 'bau', 4, topic.id);
    await followers(app, 'bau-en', 2, topic.id, 'en');
    await followers(app, 'kult', 3, other.id);
    const automation = await createAutomation(app, { type: 'entry-published' }, [
      mail('news', 'Neu: {{entry.title}}\n{{entry.url}}', 'New: {{entry.title}}\n{{entry.url}}', { de: 'Neuigkeit: {{entry.title}}', en: 'News: {{entry.title}}' }),
    ]);
    const onlyCulture = await createAutomation(app, { type: 'entry-published', contentType: 'api::article.article', topic: 'kultur-news' }, [mail('k', 'Kultur: {{entry.title}}')]);
    const eventsOnly = await createAutomation(app, { type: 'event-published', topic: 'bauen' }, [mail('e', 'Termin')]);

    // A draft is not published: nobody enters.
    const article = (await app.strapi.documents(ARTICLE).create({
      data: { title: 'Neue Brücke', slug: 'neue-bruecke', summary: 'Die Brücke wird gebaut.', topic: { connect: [{ documentId: topic.documentId }] } } as any,
    })) as { documentId: string };
    expect(await db.automationRuns(automation.id)).toHaveLength(0);

    await app.strapi.documents(ARTICLE).publish({ documentId: article.documentId });
    const runs = await db.automationRuns(automation.id);
    expect(runs).toHaveLength(6);
    expect(new Set(runs.map((run: any) => run.subject))).toEqual(new Set([`entry:api::article.article:${article.documentId}`]));
    expect(await db.automationRuns(onlyCulture.id)).toHaveLength(0);
    expect(await db.automationRuns(eventsOnly.id)).toHaveLength(0);

    // Published again (same topic): nobody enters again, not even a new follower.
    await followers(app, 'bau-spaet', 1, topic.id);
    await app.strapi.documents(ARTICLE).update({ documentId: article.documentId, data: { summary: 'Geändert.' } as any });
    await app.strapi.documents(ARTICLE).publish({ documentId: article.documentId });
    expect(await db.automationRuns(automation.id)).toHaveLength(6);

    const now = new Date();
    await runAt(app, now);
    expect(await db.automationMails(automation.id)).toHaveLength(6);
    await settleOutbox(app);
    const [german] = await app.mail.waitFor(subscriberEmail('bau', 1), 1);
    expect(german!.subject).toBe('Neuigkeit: Neue Brücke');
    expect(german!.text).toContain('Neu: Neue Brücke');
    expect(german!.text).toContain(`${TOWN_ORIGIN}/aktuelles.html#neue-bruecke`);
    const [english] = await app.mail.waitFor(subscriberEmail('bau-en', 1), 1);
    expect(english!.subject).toBe('News: Neue Brücke');
    expect(app.mail.to(subscriberEmail('kult', 1))).toHaveLength(0);
    expect(app.mail.to(subscriberEmail('bau-spaet', 1))).toHaveLength(0);

    // The topic changed and published: the new topic's followers enter (the culture automation too).
    await app.strapi.documents(ARTICLE).update({ documentId: article.documentId, data: { topic: { set: [{ documentId: other.documentId }] } } as any });
    expect(await db.automationRuns(onlyCulture.id)).toHaveLength(0);
    await app.strapi.documents(ARTICLE).publish({ documentId: article.documentId });
    expect(await db.automationRuns(onlyCulture.id)).toHaveLength(3);
    expect(await db.automationRuns(automation.id)).toHaveLength(9);

    // Created and published at once: a new follower enters; who entered this automation today already does not.
    await followers(app, 'kult-neu', 1, other.id);
    const direct = (await app.strapi.documents(ARTICLE).create({
      data: { title: 'Sofort', slug: 'sofort', topic: { connect: [{ documentId: other.documentId }] } } as any,
      status: 'published',
    })) as { documentId: string };
    const directRuns = (await db.automationRuns(onlyCulture.id)).filter((run: any) => run.subject.endsWith(direct.documentId));
    expect(directRuns.map((run: any) => run.profile_id)).toEqual([(await db.profile(subscriberEmail('kult-neu', 1))).id]);
  });

  it('entry published: a follower enters each automation at most once a day (the town\'s day), however many entries on the topic are published', async () => {
    const topic = await ownTopic(app.strapi, 'viele-news');
    await followers(app, 'viel', 2, topic.id);
    const automation = await createAutomation(app, { type: 'entry-published', topic: 'viele-news' }, [mail('n', 'Neu: {{entry.title}}')]);
    const publish = (slug: string) =>
      app.strapi.documents(ARTICLE).create({ data: { title: slug, slug, topic: { connect: [{ documentId: topic.documentId }] } } as any, status: 'published' }) as Promise<{ documentId: string }>;
    const first = await publish('viele-1');
    for (const slug of ['viele-2', 'viele-3', 'viele-4']) await publish(slug);
    const runs = await db.automationRuns(automation.id);
    expect(runs).toHaveLength(2);
    expect(new Set(runs.map((run: any) => run.subject))).toEqual(new Set([`entry:api::article.article:${first.documentId}`]));
    await runAt(app, new Date());
    expect(await db.automationMails(automation.id)).toHaveLength(2);

    // Their runs moved back to yesterday (a publication uses the real clock): the next entry brings them in again.
    await knex()('civic_dialog_automation_runs').where('automation_id', automation.id).update({ created_at: new Date(Date.now() - 25 * 3_600_000) });
    const next = await publish('viele-5');
    expect((await db.automationRuns(automation.id)).filter((run: any) => run.subject.endsWith(next.documentId))).toHaveLength(2);
  });

  it('entry placeholders need the entry trigger, and a bad content type is refused (400 with message ids)', async () => {
    const misplaced = await contentManager(app, token, 'POST', '', { name: 'Falsch', enabled: false, trigger: { type: 'subscription-confirmed' }, steps: [mail('x', '{{entry.title}}')] });
    expect(misplaced.status).toBe(400);
    expect((await misplaced.json()).error.details.errors.map((e: any) => `${e.path.join('.')}:${e.messageId}`)).toEqual(['steps.0.body.de:automation.mail.entryPlaceholder', 'steps.0.body.en:automation.mail.entryPlaceholder']);
    const badType = await contentManager(app, token, 'POST', '', { name: 'Typ', enabled: false, trigger: { type: 'entry-published', contentType: 'Artikel' }, steps: [mail('x', 'Hallo')] });
    expect(badType.status).toBe(400);
    expect((await badType.json()).error.details.errors.map((e: any) => `${e.path.join('.')}:${e.messageId}`)).toEqual(['trigger.contentType:automation.trigger.contentType']);
  });

  it('event published: an event given its topic later brings the followers in then, once', async () => {
    const topic = await ownTopic(app.strapi, 'spaeter-thema');
    await followers(app, 'spaet', 3, topic.id);
    const automation = await createAutomation(app, { type: 'event-published', topic: 'spaeter-thema' }, [mail('a', 'Termin: {{event.title}}')]);
    const event = (await createEvent(app, 'erst-ohne-thema', { title: 'Bürgerforum' })) as { documentId: string };
    expect(await db.automationRuns(automation.id)).toHaveLength(0);
    await app.strapi.documents(EVENT).update({ documentId: event.documentId, data: { newsletterTopic: { connect: [{ documentId: topic.documentId }] } } as any });
    const runs = await db.automationRuns(automation.id);
    expect(runs).toHaveLength(3);
    expect(new Set(runs.map((run: any) => run.subject))).toEqual(new Set([`event:${event.documentId}`]));
    // Saved again with the same topic: nobody new (a follower since then neither).
    await followers(app, 'spaet-neu', 1, topic.id);
    await app.strapi.documents(EVENT).update({ documentId: event.documentId, data: { location: 'Rathaus, Saal 2' } as any });
    expect(await db.automationRuns(automation.id)).toHaveLength(3);
  });

  it('mails with newsletter blocks: rich text, button and upcoming events, rendered by the newsletter renderer; placeholders filled', async () => {
    const topic = await ownTopic(app.strapi, 'bloecke');
    await followers(app, 'block', 2, topic.id);
    await followers(app, 'block-en', 1, topic.id, 'en');
    await createEvent(app, 'block-termin', { title: 'Stadtfest', titleEn: 'Town fair', newsletterTopic: { connect: [{ documentId: topic.documentId }] } });
    const automation = await createAutomation(app, { type: 'subscription-confirmed' }, [
      {
        id: 'blocks',
        type: 'send-mail',
        subject: { de: 'Blöcke', en: 'Blocks' },
        blocks: [
          { type: 'rich-text', text: paragraph('Liebe {{firstName}}, <b>willkommen</b>!'), textEn: paragraph('Dear {{firstName}}, welcome!') },
          { type: 'button', label: 'Zum Rathaus', labelEn: 'To the town hall', url: `${TOWN_ORIGIN}/rathaus.html` },
          { type: 'upcoming-events', heading: 'Was kommt', headingEn: 'Coming up', topics: ['bloecke'], count: 3 },
        ],
      },
    ]);
    const profiles = (await knex()('civic_dialog_profiles').where('email', 'like', 'block%').select('id')) as Array<{ id: number }>;
    for (const profile of profiles) await service().onSubscriptionConfirmed({ profileId: profile.id, topics: ['bloecke'] });
    await runAt(app, new Date());
    expect(await db.automationMails(automation.id)).toHaveLength(3);
    await settleOutbox(app);
    const [german] = await app.mail.waitFor(subscriberEmail('block', 1), 1);
    expect(german!.subject).toBe('Blöcke');
    expect(german!.html).toContain('Liebe Kim, &lt;b&gt;willkommen&lt;/b&gt;!');
    expect(german!.html).toContain(`href="${TOWN_ORIGIN}/rathaus.html"`);
    expect(german!.html).toContain('Zum Rathaus');
    expect(german!.html).toContain('Stadtfest');
    expect(german!.html).toContain(`${TOWN_ORIGIN}/veranstaltungen.html?event=block-termin`);
    expect(german!.text).toContain('Liebe Kim, <b>willkommen</b>!');
    expect(german!.text).toContain(`Zum Rathaus: ${TOWN_ORIGIN}/rathaus.html`);
    expect(german!.text).toContain('WAS KOMMT');
    expect(german!.html).not.toContain('{{');
    const [english] = await app.mail.waitFor(subscriberEmail('block-en', 1), 1);
    expect(english!.html).toContain('Dear Kim, welcome!');
    expect(english!.html).toContain('Town fair');
    expect(english!.html).toContain('To the town hall');
  });

  it('mail blocks are checked with the newsletter rules: text or blocks, alt text, safe links, known placeholders (400)', async () => {
    const step = (extra: Record<string, unknown>) => ({ id: 'm', type: 'send-mail', subject: { de: 'S', en: 'S' }, ...extra });
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{}, ['steps.0.body:automation.mail.body']],
      [{ body: { de: 'a', en: 'a' }, blocks: [{ type: 'button', label: 'x', url: 'https://example.org' }] }, ['steps.0.body:automation.mail.content']],
      [{ blocks: [] }, ['steps.0.blocks:automation.mail.blocks']],
      [{ blocks: [{ type: 'image', url: 'https://example.org/a.png', alt: '' }] }, ['steps.0.blocks.0.alt:automation.mail.blocks']],
      [{ blocks: [{ type: 'button', label: 'x', url: 'javascript:alert(1)' }] }, ['steps.0.blocks.0.url:automation.mail.blocks']],
      [{ blocks: [{ type: 'rich-text', text: paragraph('{{geheim}}') }] }, ['steps.0.blocks:automation.mail.placeholder']],
    ];
    for (const [extra, expected] of cases) {
      const res = await contentManager(app, token, 'POST', '', { name: 'Blöcke', enabled: false, trigger: { type: 'subscription-confirmed' }, steps: [step(extra)] });
      expect(res.status, JSON.stringify(extra)).toBe(400);
      expect((await res.json()).error.details.errors.map((e: any) => `${e.path.join('.')}:${e.messageId}`), JSON.stringify(extra)).toEqual(expected);
    }
    const good = await contentManager(app, token, 'POST', '', { name: 'Gut', enabled: false, trigger: { type: 'subscription-confirmed' }, steps: [step({ blocks: [{ type: 'rich-text', text: paragraph('Hallo {{firstName}}') }] })] });
    expect(good.status).toBe(201);
  });

  it('inactive for N months counts preference-center visits (recorded when a manage link opens a session, exported, erased)', async () => {
    const topic = await ownTopic(app.strapi, 'ruhig');
    await followers(app, 'ruhig', 2, topic.id);
    const [visitor, silent] = (await knex()('civic_dialog_profiles').where('email', 'like', 'ruhig-%').orderBy('email').select('id')) as Array<{ id: number }>;
    const now = new Date();
    const old = new Date(now.getTime() - 14 * 31 * DAY);
    await knex()('civic_dialog_consents').whereIn('profile_id', [visitor!.id, silent!.id]).update({ created_at: old });
    // The visitor opens the preference center with a manage link.
    const link = await app.strapi.plugin('civic-dialog').service('tokens').issue({ purpose: 'manage-link', profileId: visitor!.id, payload: {}, ttlSeconds: 3600 });
    const opened = await fetch(`${app.baseUrl}/api/civic-dialog/preferences/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TOWN_ORIGIN },
      body: JSON.stringify({ token: link }),
    });
    expect(opened.status).toBe(200);
    const visited = await app.strapi.db.query('plugin::civic-dialog.profile' as any).findOne({ where: { id: visitor!.id } });
    expect(visited.lastVisitAt).not.toBeNull();
    const exported = await app.strapi.plugin('civic-dialog').service('personalData').exportProfile(visitor!.id);
    expect(new Date(exported.profile.lastVisitAt).getTime()).toBe(new Date(visited.lastVisitAt).getTime());

    const automation = await createAutomation(app, { type: 'date', condition: 'inactive-for-months', amount: 12 }, [{ id: 'w', type: 'wait', days: 1 }]);
    await runAt(app, now, { dateTriggers: true });
    const entered = (await db.automationRuns(automation.id)).map((run: any) => run.profile_id);
    expect(entered).toContain(silent!.id);
    expect(entered).not.toContain(visitor!.id);
    // Thirteen months later the visit is old too: the visitor enters then.
    await runAt(app, new Date(now.getTime() + 13 * 31 * DAY), { dateTriggers: true });
    expect((await db.automationRuns(automation.id)).map((run: any) => run.profile_id)).toContain(visitor!.id);

    await app.strapi.plugin('civic-dialog').service('personalData').eraseProfiles([visitor!.id]);
    expect(await app.strapi.db.query('plugin::civic-dialog.profile' as any).findOne({ where: { id: visitor!.id } })).toMatchObject({ status: 'erased', lastVisitAt: null });
  });
});
