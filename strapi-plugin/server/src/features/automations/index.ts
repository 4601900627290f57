import type { Feature } from '../../kernel/feature';
import type { ServicesOf } from '../../kernel/services';
import { getService } from '../../kernel/services';
import { ensureIndexes } from '../../kernel/db';
import { PLUGIN_ID } from '../../kernel/constants';
import { registerAdminActions } from '../../kernel/http/routes';
import type { Strapi } from '../../kernel/types';
import { EVENTS_UID } from '../events';
import { unsubscribeLinkExtension } from '../subscriptions';
import automation from './content-types/automation';
import automationRun from './content-types/automation-run';
import automations, { DESTRUCTIVE_ACTION } from './services/automations';
import automationsAdmin from './controllers/automations-admin';
import { admin } from './routes';
import { AUTOMATION_INDEXES } from './store';
import { AUTOMATIONS_UID } from './tables';
import { automationMailExtension, registerAutomationMails } from './mails/extension';
import { entryTypes, publishedEntry } from './entry-fields';

export { AUTOMATIONS_TABLE, AUTOMATIONS_UID } from './tables';

const services = { automations };

declare module '../../kernel/services' {
  interface PluginServices extends ServicesOf<typeof services> {}
}

type LifecycleEvent = { params: { data?: Record<string, unknown>; where?: unknown }; result?: any; state: Record<string, unknown> };

/** Checks every save of an automation with the contracts; switching one off (or deleting it) ends its runs at once. */
function subscribeLifecycles(strapi: Strapi): void {
  const service = () => getService(strapi, 'automations');
  const idsOf = async (where: unknown) => ((await strapi.db.query(AUTOMATIONS_UID.automation).findMany({ where: where as any, select: ['id'] })) as Array<{ id: number }>).map((row) => row.id);
  const endRuns = async (event: LifecycleEvent) => {
    for (const id of (event.state.ids as number[] | undefined) ?? []) {
      const row = (await strapi.db.query(AUTOMATIONS_UID.automation).findOne({ where: { id }, select: ['enabled'] })) as any;
      if (!row || !row.enabled) await service().switchedOff(id);
    }
  };
  const beforeUpdate = async (event: LifecycleEvent) => {
    await service().validate(event.params.data ?? {}, event.params.where);
    event.state.ids = await idsOf(event.params.where);
  };
  const beforeDelete = async (event: LifecycleEvent) => {
    event.state.ids = await idsOf(event.params.where);
  };
  strapi.db.lifecycles.subscribe({
    models: [AUTOMATIONS_UID.automation],
    beforeCreate: (event: LifecycleEvent) => service().validate(event.params.data ?? {}),
    beforeUpdate,
    beforeUpdateMany: beforeUpdate,
    afterUpdate: endRuns,
    afterUpdateMany: endRuns,
    beforeDelete,
    beforeDeleteMany: beforeDelete,
    afterDelete: endRuns,
    afterDeleteMany: endRuns,
  } as any);
  // Trigger "event published": events have no drafts, an event is public once saved with its topic —
  // when created with one, or when a topic is set (or changed) later. Followers enter once per event.
  const topicsOf = async (where: unknown) =>
    new Map(
      ((await strapi.db.query(EVENTS_UID.event).findMany({ where: where as any, select: ['id'], populate: { newsletterTopic: { select: ['id'] } } })) as any[]).map((row) => [
        Number(row.id),
        row.newsletterTopic?.id ?? null,
      ]),
    );
  const topicSet = async (event: LifecycleEvent) => {
    const before = event.state.topics as Map<number, number | null> | undefined;
    if (!before) return;
    const after = await topicsOf({ id: { $in: [...before.keys()] } });
    for (const [id, topicId] of after) if (topicId && topicId !== before.get(id)) await service().onEventPublished(id);
  };
  const rememberTopics = async (event: LifecycleEvent) => {
    event.state.topics = await topicsOf(event.params.where);
  };
  strapi.db.lifecycles.subscribe({
    models: [EVENTS_UID.event],
    afterCreate: async (event: LifecycleEvent) => {
      if (event.result?.id) await service().onEventPublished(Number(event.result.id));
    },
    beforeUpdate: rememberTopics,
    afterUpdate: topicSet,
  } as any);
}

/**
 * Trigger "entry published": a document service middleware on the content types of
 * `automations.entryTypes`. After a publish (or a create/update that publishes), the published
 * entry's topic is compared with the one published before: a first publication with a topic, or a
 * new topic, lets that topic's followers enter (once per entry).
 */
function subscribeEntryPublished(strapi: Strapi): void {
  const types = entryTypes(strapi);
  if (!types.length) return;
  (strapi as any).documents.use(async (context: { uid: string; action: string; params?: Record<string, any> }, next: () => Promise<any>) => {
    const type = types.find((candidate) => candidate.uid === context.uid);
    if (!type || !['publish', 'create', 'update'].includes(context.action)) return next();
    const known = context.params?.documentId as string | undefined;
    const before = known ? await publishedEntry(strapi, type, known) : null;
    const result = await next();
    const documentId = known ?? (result?.documentId as string | undefined);
    if (!documentId) return result;
    const after = await publishedEntry(strapi, type, documentId);
    if (after?.topic && after.topic.id !== before?.topic?.id) await getService(strapi, 'automations').onEntryPublished(type.uid, documentId, after.topic);
    return result;
  });
}

/** Automations (journeys): triggers, steps, fixed exit rules; each person's progress is a claimed row, each mail an outbox row with a unique key. */
export const automationsFeature: Feature = {
  contentTypes: { automation, 'automation-run': automationRun },
  services,
  controllers: { automationsAdmin },
  routes: { admin },
  async register({ strapi }) {
    registerAutomationMails();
    // The admin's automation form edits `trigger` and `steps`; stored as JSON, checked on save.
    // Document service middlewares belong to register (before the content API uses the service).
    subscribeEntryPublished(strapi);
    strapi.customFields.register([
      { name: 'automation-trigger', plugin: PLUGIN_ID, type: 'json' },
      { name: 'automation-steps', plugin: PLUGIN_ID, type: 'json' },
    ]);
  },
  async bootstrap({ strapi }) {
    await ensureIndexes(strapi, AUTOMATION_INDEXES);
    subscribeLifecycles(strapi);
    await registerAdminActions(strapi, [
      { displayName: 'Read automations (figures per step)', uid: 'automations.read' },
      { displayName: 'Save or switch on automations that erase profiles or end all topics', uid: DESTRUCTIVE_ACTION },
    ]);
    const service = getService(strapi, 'automations');
    getService(strapi, 'mailLinks').onSubscriptionConfirmed((confirmed) => service.onSubscriptionConfirmed(confirmed));
    getService(strapi, 'personalData').register(service.personalDataSection());
    const outbox = getService(strapi, 'outbox');
    outbox.extend(['automation'], unsubscribeLinkExtension(strapi));
    outbox.extend(['automation'], automationMailExtension(strapi));
    // A dead instance's claimed runs come back with its mails (the outbox's dead-instance check).
    outbox.reclaimAlso(service.claims());
    getService(strapi, 'ledger').registerSubjects('automation', async (ids) => {
      const rows = (await strapi.db.query(AUTOMATIONS_UID.automation).findMany({ where: { id: { $in: ids } }, select: ['id', 'name'] })) as Array<{ id: number; name: string }>;
      return new Map(rows.map((row) => [row.id, row.name]));
    });
    await service.seedTemplates();
  },
  async start({ strapi }) {
    getService(strapi, 'automations').start();
  },
  async destroy({ strapi }) {
    await getService(strapi, 'automations').stop();
  },
};
