import { AsyncResource } from 'node:async_hooks';
import { errors } from '@strapi/utils';
import {
  automationIssues,
  automationTriggerSchema,
  automationStepsSchema,
  waitMinutes,
  type AutomationStep,
  type AutomationTrigger,
  type AutomationTimelineEntry,
  type AutomationStats,
  type AutomationExitReason,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import { getService } from '../../../kernel/services';
import { PLUGIN_ID } from '../../../kernel/constants';
import { periodicJob } from '../../../kernel/periodic-job';
import { oneInstance } from '../../../kernel/one-instance';
import { SHARED_UID } from '../../../shared/tables';
import { renderSubject } from '../../../shared/mail/renderer';
import { getConfig } from '../../../kernel/get-config';
import { atLocalHour, localDay } from '../../../kernel/time';
import { EVENTS_UID } from '../../events';
import { AUTOMATIONS_UID } from '../tables';
import { automationClaims, createAutomationStore, type RunGroup } from '../store';
import { eventFields } from '../event-fields';
import { entryFields, entrySubject } from '../entry-fields';
import { AUTOMATION_TEMPLATES } from '../templates';

// Bound while the bundle loads, outside any request: a run kicked after a commit must not join that
// (finished) transaction through AsyncLocalStorage.
const outsideRequest = AsyncResource.bind(<T>(run: () => T): T => run());

/** Runs picked per batch; each step of a batch is one transaction of a few set-based statements. */
const STEP_BATCH = 20_000;
/** A lease (the erasure's batch) older than this is taken over (an instance that hangs; a dead one is found sooner by the outbox's check). */
const LEASE_MS = 5 * 60_000;
/** How often the job looks for due runs (and, once a day, evaluates the date triggers). */
const DEFAULT_INTERVAL_MS = 30_000;
const DAY_MS = 86_400_000;

export interface AutomationRecord {
  id: number;
  name: string;
  enabled: boolean;
  trigger: AutomationTrigger;
  steps: AutomationStep[];
}

/** The RBAC action an editor needs for automations with steps that erase profiles or end all topics. */
export const DESTRUCTIVE_ACTION = 'automations.destructive';
const DESTRUCTIVE_ACTIONS = new Set(['erase-profile', 'remove-all-topics']);
const hasDestructiveStep = (steps: unknown) =>
  Array.isArray(steps) && steps.some((step) => step && typeof step === 'object' && (step as { type?: unknown }).type === 'action' && DESTRUCTIVE_ACTIONS.has(String((step as { action?: unknown }).action)));
interface AbilityLike {
  can(action: string): boolean;
}

const json = (value: unknown) => (typeof value === 'string' ? safeParse(value) : value);
function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A stored automation, read with the contracts (a row that no longer parses is treated as switched off). */
function toRecord(row: any): AutomationRecord | null {
  const trigger = automationTriggerSchema.safeParse(json(row?.trigger));
  const steps = automationStepsSchema.safeParse(json(row?.steps));
  if (!row || !trigger.success || !steps.success) return null;
  return { id: Number(row.id), name: String(row.name ?? ''), enabled: row.enabled === true || row.enabled === 1, trigger: trigger.data, steps: steps.data as AutomationStep[] };
}

/** The next time at `weekday` (1 = Monday … 7 = Sunday) and `hour` o'clock in `timeZone` (the town's local time), after `now`. */
export function nextWeekdayHour(now: Date, weekday: number, hour: number, timeZone: string): Date {
  const today = localDay(now, timeZone);
  const days = (weekday - today.weekday + 7) % 7;
  const candidate = atLocalHour(today.day + days * DAY_MS, hour, timeZone);
  return candidate > now ? candidate : atLocalHour(today.day + (days + 7) * DAY_MS, hour, timeZone);
}

/** `months` calendar months before `now` (UTC). */
const monthsBefore = (now: Date, months: number) => {
  const date = new Date(now);
  date.setUTCMonth(date.getUTCMonth() - months);
  return date;
};

const automations = ({ strapi }: { strapi: Strapi }) => {
  const instanceId = () => getService(strapi, 'outbox').instanceId;
  const store = () => createAutomationStore({ knex: strapi.db.connection, client: strapi.db.dialect.client as string, instanceId: instanceId() });
  const query = () => strapi.db.query(AUTOMATIONS_UID.automation);
  let lastDateDay: string | null = null;

  async function loadAll(): Promise<{ enabled: AutomationRecord[]; disabledIds: number[] }> {
    const rows = (await query().findMany({ select: ['id', 'name', 'enabled', 'trigger', 'steps'] })) as any[];
    const enabled: AutomationRecord[] = [];
    const disabledIds: number[] = [];
    for (const row of rows) {
      const record = toRecord(row);
      if (record?.enabled) enabled.push(record);
      else disabledIds.push(Number(row.id));
    }
    return { enabled, disabledIds };
  }

  /** The lifecycle's check: trigger and steps together, as the admin form checks them; 400 with message ids. */
  async function validate(data: Record<string, unknown>, where?: unknown): Promise<void> {
    const changesDefinition = 'trigger' in data || 'steps' in data;
    if (!changesDefinition && data.enabled !== true) return;
    let current: any = null;
    if (where && (!('trigger' in data) || !('steps' in data))) current = await query().findOne({ where: where as any, select: ['trigger', 'steps'] });
    const definition = { trigger: json('trigger' in data ? data.trigger : current?.trigger), steps: json('steps' in data ? data.steps : current?.steps) };
    if (changesDefinition) {
      const issues = automationIssues(definition);
      if (issues.length) {
        const list = issues.map((issue) => ({ path: issue.path.map(String), message: `${issue.path.join('.')} ${issue.message}`, name: 'ValidationError', messageId: issue.messageId }));
        throw new errors.ValidationError(list.length === 1 ? list[0]!.message : `${list.length} errors occurred`, { errors: list });
      }
    }
    if (hasDestructiveStep(definition.steps)) requireDestructivePermission();
  }

  /**
   * Erasing profiles or ending all topics can reach thousands of citizens: an editor needs the
   * action automations.destructive to save or switch on such an automation (the shipped templates
   * are seeded without a request, so they pass).
   */
  function requireDestructivePermission(): void {
    const state = (strapi.requestContext.get() as { state?: { user?: unknown; userAbility?: AbilityLike; auth?: { ability?: AbilityLike } } } | undefined)?.state;
    if (!state?.user) return;
    const ability = state.userAbility ?? state.auth?.ability;
    if (ability?.can(`plugin::${PLUGIN_ID}.${DESTRUCTIVE_ACTION}`)) return;
    throw new errors.ForbiddenError('Saving an automation that erases profiles or ends all topics needs the permission automations.destructive.', {
      errors: [{ path: ['steps'], messageId: 'automation.action.forbidden', name: 'ForbiddenError', message: 'automations.destructive needed' }],
    });
  }

  /** The texts of a send-mail step for a subject: `{{event.*}}` filled now (the same for everyone). */
  async function subjectFields(subject: string): Promise<Record<string, { de: string; en: string }>> {
    if (subject.startsWith('entry:')) return entryFields(strapi, subject);
    if (!subject.startsWith('event:')) return {};
    return eventFields(strapi, subject.slice('event:'.length));
  }

  const fill = (text: string, fields: Record<string, { de: string; en: string }>, locale: 'de' | 'en') =>
    text.replace(/\{\{\s*((?:event|entry)\.[a-z]+)\s*\}\}/g, (_match, name: string) => fields[name]?.[locale] ?? '');

  /**
   * One step for the next batch of the group's due runs, in one transaction: pick (row locks on
   * PostgreSQL), exits by the fixed rules, the step's work, advance. The erasure runs in its own
   * transaction, so its batch is leased first. Returns how many runs were picked (0: none left).
   */
  async function runStep(automation: AutomationRecord, g: RunGroup, now: Date): Promise<number> {
    const runs = store();
    const steps = automation.steps;
    // Steps are found by id: an edit applies to whoever has not reached the changed step. A removed
    // step's runs go on with the step now at its place.
    let index = g.stepId ? steps.findIndex((step) => step.id === g.stepId) : -1;
    if (index < 0) index = g.stepId ? g.stepIndex : steps.length;
    const step = steps[index];
    const next = steps[index + 1];
    const advance = (trx: any, ids: number[], dueAt: Date = now) => runs.advance(trx, ids, index + 1, next?.id ?? null, dueAt, now);
    const reconfirmation = automation.trigger.type === 'date' && automation.trigger.condition === 'consent-older-than-months';
    const erasing = step?.type === 'action' && step.action === 'erase-profile';
    // Read before the transaction: SQLite has one connection, a read beside the transaction would wait for it.
    const fields = step?.type === 'send-mail' ? await subjectFields(g.subject) : {};
    const picked = await strapi.db.transaction(async ({ trx }) => {
      const batch = await runs.pick(trx, g, STEP_BATCH, reconfirmation, now, new Date(now.getTime() - LEASE_MS));
      for (const [reason, ids] of batch.exits) await runs.exit(trx, ids, reason, now);
      const ids = batch.runIds;
      if (!ids.length) return batch;
      if (!step) {
        await runs.advance(trx, ids, steps.length, null, now, now);
        return batch;
      }
      switch (step.type) {
        case 'wait':
          await advance(trx, ids, new Date(now.getTime() + waitMinutes(step) * 60_000));
          break;
        case 'wait-until':
          await advance(trx, ids, nextWeekdayHour(now, step.weekday, step.hour, getConfig(strapi).timeZone));
          break;
        case 'send-mail':
          await runs.enqueueMails(trx, ids, step.id, { de: fill(step.subject.de, fields, 'de'), en: fill(step.subject.en, fields, 'en') }, now);
          await advance(trx, ids);
          break;
        case 'condition':
          await runs.exitUnless(trx, ids, step.condition, g.subject.startsWith('event:') ? g.subject.slice(6) : null, now);
          await advance(trx, ids);
          break;
        case 'action':
          if (step.action === 'add-topic' || step.action === 'remove-topic') {
            await runs.changeTopic(trx, ids, step.topic, step.action === 'add-topic', automation.id, now);
          } else if (step.action === 'ask-reconfirmation') {
            const town = getConfig(strapi).town;
            const subject = { de: renderSubject('doi', 'de', { town, topics: [] } as any), en: renderSubject('doi', 'en', { town, topics: [] } as any) };
            await runs.askReconfirmation(trx, automation.id, ids, step.id, subject, now);
          } else if (step.action === 'remove-all-topics') {
            await runs.removeAllTopics(trx, automation.id, ids, now);
          }
          if (erasing) await runs.lease(trx, ids, now);
          else await advance(trx, ids);
          break;
      }
      return batch;
    });
    if (erasing && picked.runIds.length) {
      try {
        // Erasure as the GDPR erasure does it (every personal-data section, this one's runs included).
        await getService(strapi, 'personalData').eraseProfiles(picked.profileIds);
        await strapi.db.transaction(({ trx }) => advance(trx, picked.runIds));
      } catch (error) {
        // Due again at the next pass (not in this one).
        await runs.release(picked.runIds);
        throw error;
      }
    }
    return picked.runIds.length + [...picked.exits.values()].reduce((sum, ids) => sum + ids.length, 0);
  }

  /** Enrols everyone a date trigger matches today. */
  async function evaluateDateTriggers(list: AutomationRecord[], now: Date): Promise<number> {
    let entered = 0;
    for (const automation of list) {
      const trigger = automation.trigger;
      if (trigger.type !== 'date') continue;
      const cutoff = trigger.condition === 'pending-for-days' ? new Date(now.getTime() - trigger.amount * DAY_MS) : monthsBefore(now, trigger.amount);
      entered += await store().enrolByDate(automation.id, automation.steps[0]!.id, trigger.condition, cutoff, now);
    }
    return entered;
  }

  /**
   * One pass: date triggers (once a day, or when asked — on one instance: kernel/one-instance; the
   * unique run key is the backstop), then every due run, step by step, until none is due.
   */
  async function runOnce(now: Date = new Date(), options: { dateTriggers?: boolean } = {}): Promise<{ entered: number; steps: number; dateTriggers: 'evaluated' | 'other-instance' | 'not-due' }> {
    const { enabled, disabledIds } = await loadAll();
    const runs = store();
    // Switched off (or no longer valid): nothing of it runs any more.
    for (const id of disabledIds) await runs.exitAutomation(id, 'switched-off', now);
    const day = now.toISOString().slice(0, 10);
    let entered = 0;
    let dateTriggers: 'evaluated' | 'other-instance' | 'not-due' = 'not-due';
    // Asked only when a date trigger exists: an instance that owns the job holds a connection for it.
    if ((options.dateTriggers ?? lastDateDay !== day) && enabled.some((automation) => automation.trigger.type === 'date')) {
      if (await dateTriggerOwner.owns()) {
        lastDateDay = day;
        entered = await evaluateDateTriggers(enabled, now);
        dateTriggers = 'evaluated';
      } else dateTriggers = 'other-instance';
    }
    const byId = new Map(enabled.map((automation) => [automation.id, automation]));
    let steps = 0;
    for (;;) {
      let stepped = 0;
      for (const group of await runs.dueGroups([...byId.keys()], now, new Date(now.getTime() - LEASE_MS))) {
        const automation = byId.get(group.automationId);
        if (!automation) continue;
        // Batch after batch until none of the group is due (or another instance holds the rest).
        while (await runStep(automation, group, now)) stepped += 1;
      }
      if (!stepped) break;
      steps += stepped;
    }
    if (steps) getService(strapi, 'outbox').kick();
    return { entered, steps, dateTriggers };
  }

  let forceDateTriggers = false;
  const dateTriggerOwner = oneInstance(strapi, 'automations date triggers');
  const job = periodicJob(strapi, 'automations', (now) => {
    const dateTriggers = forceDateTriggers || undefined;
    forceDateTriggers = false;
    return runOnce(now, { dateTriggers });
  });

  return {
    validate,
    /**
     * Runs the job now at `now` (tests move the clock with it, the bench times it): returns when no
     * run is due any more; `dateTriggers` evaluates the date triggers even if this day already did.
     */
    async runOnce(now: Date = new Date(), options: { dateTriggers?: boolean } = {}) {
      if (options.dateTriggers) forceDateTriggers = true;
      return job.runNow(now);
    },

    /** Trigger: an event was created with a topic, or given one later (it is public at once: events have no drafts). */
    async onEventPublished(eventId: number): Promise<number> {
      const event = (await strapi.db.query(EVENTS_UID.event).findOne({ where: { id: eventId }, populate: { newsletterTopic: { select: ['id', 'slug'] } } })) as any;
      const topic = event?.newsletterTopic;
      if (!event || !topic || event.eventStatus === 'cancelled') return 0;
      const { enabled } = await loadAll();
      const now = new Date();
      // In the transaction that creates the event (when there is one): the event and its audience's
      // runs exist together, or neither does.
      return strapi.db.transaction(async ({ trx, onCommit }) => {
        let entered = 0;
        for (const automation of enabled) {
          const trigger = automation.trigger;
          if (trigger.type !== 'event-published' || (trigger.topic && trigger.topic !== topic.slug)) continue;
          entered += await store().enrolFollowers(trx, automation.id, automation.steps[0]!.id, `event:${event.documentId}`, Number(topic.id), now);
        }
        if (entered) onCommit(() => kickSoon());
        return entered;
      });
    },

    /**
     * Trigger: an entry of a configured content type (`automations.entryTypes`) was published with
     * `topic` (a first publication, or a new topic): its followers enter, once per entry (the unique
     * automation × profile × subject) and at most once a day per automation.
     */
    async onEntryPublished(uid: string, documentId: string, topic: { id: number; slug: string }): Promise<number> {
      const { enabled } = await loadAll();
      const now = new Date();
      // Once a day per person and automation (the town's day): twenty articles on a topic in one
      // day are one mail to its followers, not twenty; the weekly digest lists them all.
      const { timeZone } = getConfig(strapi);
      const today = atLocalHour(localDay(now, timeZone).day, 0, timeZone);
      return strapi.db.transaction(async ({ trx, onCommit }) => {
        let entered = 0;
        for (const automation of enabled) {
          const trigger = automation.trigger;
          if (trigger.type !== 'entry-published' || (trigger.topic && trigger.topic !== topic.slug) || (trigger.contentType && trigger.contentType !== uid)) continue;
          entered += await store().enrolFollowers(trx, automation.id, automation.steps[0]!.id, entrySubject(uid, documentId), topic.id, now, today);
        }
        if (entered) onCommit(() => kickSoon());
        return entered;
      });
    },

    /** Trigger: a citizen confirmed topics (the double opt-in, or a re-confirmation). */
    async onSubscriptionConfirmed({ profileId, topics }: { profileId: number; topics: string[] }): Promise<number> {
      const { enabled } = await loadAll();
      const now = new Date();
      // In the confirmation's transaction: confirmed and enrolled together.
      return strapi.db.transaction(async ({ trx, onCommit }) => {
        let entered = 0;
        for (const automation of enabled) {
          const trigger = automation.trigger;
          if (trigger.type !== 'subscription-confirmed' || (trigger.topic && !topics.includes(trigger.topic))) continue;
          entered += await store().enrolProfile(trx, automation.id, automation.steps[0]!.id, trigger.topic ? `subscription:${trigger.topic}` : 'subscription', profileId, now);
        }
        if (entered) onCommit(() => kickSoon());
        return entered;
      });
    },

    /** Switching off stops at once. */
    async switchedOff(automationId: number): Promise<void> {
      // In the save's transaction (the lifecycle runs inside it): switched off and stopped together.
      await strapi.db.transaction(({ trx }) => store().exitAutomation(automationId, 'switched-off', new Date(), trx));
    },

    async stats(automationId: number): Promise<AutomationStats | null> {
      const row = await query().findOne({ where: { id: automationId }, select: ['id', 'enabled', 'trigger', 'steps', 'name'] });
      if (!row) return null;
      const record = toRecord(row);
      const figures = await store().stats(automationId);
      const steps = (record?.steps ?? []).map((step) => ({
        id: step.id,
        type: step.type,
        people: figures.byStep.get(step.id) ?? 0,
        sent: figures.mails.get(step.id)?.sent ?? 0,
      }));
      return {
        automationId,
        enabled: Boolean(row.enabled),
        steps,
        active: figures.active,
        done: figures.done,
        exited: figures.exited as Partial<Record<AutomationExitReason, number>>,
        sent: [...figures.mails.values()].reduce((sum, entry) => sum + entry.sent, 0),
      };
    },

    /** The automations a person is or was in, with their mails (the 360° view's timeline). */
    async timeline(profileId: number): Promise<AutomationTimelineEntry[]> {
      // The query engine, not raw knex: the admin export reads this inside a transaction (SQLite has one connection).
      const runs = (await strapi.db.query(AUTOMATIONS_UID.run).findMany({ where: { profileId }, orderBy: { id: 'desc' } })) as any[];
      if (!runs.length) return [];
      const automations = (await query().findMany({ where: { id: { $in: [...new Set(runs.map((run) => run.automationId))] } }, select: ['id', 'name'] })) as any[];
      const names = new Map(automations.map((row) => [Number(row.id), String(row.name)]));
      const mails = (await strapi.db
        .query(SHARED_UID.message)
        .findMany({ where: { profileId, kind: 'automation' }, select: ['dedupeKey', 'status', 'createdAt'] })) as any[];
      const iso = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string).toISOString());
      return runs.map((run) => ({
        automationId: Number(run.automationId),
        automationName: names.get(Number(run.automationId)) ?? '',
        subject: String(run.subject),
        status: run.runStatus,
        stepId: run.stepId ?? null,
        stepIndex: Number(run.stepIndex),
        dueAt: iso(run.dueAt),
        exitReason: run.exitReason ?? null,
        enrolledAt: iso(run.createdAt)!,
        updatedAt: iso(run.updatedAt)!,
        mails: mails
          .filter((mail) => String(mail.dedupeKey).startsWith(`automation:${run.automationId}:${run.id}:`))
          .map((mail) => ({ stepId: String(mail.dedupeKey).split(':').slice(3).join(':'), status: String(mail.status), createdAt: iso(mail.createdAt)! })),
      }));
    },

    /** Bootstrap: the shipped templates, switched off, when absent (by their key; an edited one stays as edited). */
    async seedTemplates(): Promise<void> {
      for (const template of AUTOMATION_TEMPLATES) {
        const existing = await query().findOne({ where: { templateKey: template.key }, select: ['id'] });
        if (existing) continue;
        await query().create({ data: { name: template.name, enabled: false, trigger: template.trigger, steps: template.steps, templateKey: template.key } });
      }
    },

    personalDataSection() {
      return {
        key: 'automations',
        export: (profileId: number) => this.timeline(profileId),
        eraseMany: async (profileIds: number[]) => {
          // The query engine joins the erasure's transaction; a raw knex call would wait for its lock (SQLite hangs).
          await strapi.db.query(AUTOMATIONS_UID.run).deleteMany({ where: { profileId: { $in: profileIds } } });
        },
      };
    },

    claims: () => automationClaims(() => kickSoon()),

    start() {
      const interval = intervalMs();
      job.start(interval);
    },
    async stop() {
      await job.stop();
      await dateTriggerOwner.release();
    },
  };

  /** CIVIC_AUTOMATIONS_CHECK_INTERVAL_MS; 0 switches the background job off (tests run it with runOnce at a moved clock). */
  function intervalMs(): number {
    const interval = Number(process.env.CIVIC_AUTOMATIONS_CHECK_INTERVAL_MS ?? DEFAULT_INTERVAL_MS);
    return Number.isFinite(interval) && interval >= 0 ? interval : DEFAULT_INTERVAL_MS;
  }

  /** People entered: their first steps now, not at the next interval (off with the job). */
  function kickSoon() {
    if (!intervalMs()) return;
    setImmediate(() => outsideRequest(() => job.runNow()).catch((error) => strapi.log.error(`civic-dialog: automations failed: ${error?.stack ?? error}`)));
  }
};

export default automations;
export type AutomationsService = ReturnType<typeof automations>;
