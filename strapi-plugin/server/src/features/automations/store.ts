import type { Knex } from 'knex';
import type { AutomationCondition } from '@civic-dialog/contracts';
import { SHARED_TABLE } from '../../shared/tables';
import type { ClaimedRows } from '../../shared/mail/claims';
import { SUBSCRIPTIONS_TABLE } from '../subscriptions';
import { EVENTS_TABLE } from '../events';
import { SURVEYS_TABLE } from '../surveys';
import { AUTOMATIONS_TABLE } from './tables';

/**
 * The set-based SQL of automations, in knex (INSERT … SELECT, row locks and ON CONFLICT are beyond
 * the Query Engine). Enrolment and every step work on a whole batch of runs with a few statements,
 * never one query per person: 100,000 people entering at once is a handful of statements.
 *
 * A batch is picked inside the step's transaction (PostgreSQL: FOR UPDATE SKIP LOCKED, so instances
 * never take the same run, and a crash rolls pick, work and advance back together); its run ids go
 * to each statement of the step as one parameter. The pick already says who leaves by the exit
 * rules, so a run is written once per step (its advance or exit), never claimed and released. Only
 * a step whose work runs in a transaction of its own (the erasure) leases its batch first
 * (claimed_by = the outbox's instance id: the dead-instance check gives it back; a lease older than
 * 5 minutes is taken over). Mails: the messages' unique dedupe key, so a repeat queues nothing twice.
 */
const R = AUTOMATIONS_TABLE.run;
const P = SHARED_TABLE.profile;
const C = SHARED_TABLE.consent;
const M = SHARED_TABLE.message;
const SUB = SUBSCRIPTIONS_TABLE.subscription;
const TOPIC = SUBSCRIPTIONS_TABLE.topic;

export const AUTOMATION_INDEXES = [
  { name: 'civic_dialog_automation_runs_enrolment_uq', table: R, columns: ['automation_id', 'profile_id', 'subject'], unique: true },
  { name: 'civic_dialog_automation_runs_due_ix', table: R, columns: ['run_status', 'due_at'] },
  { name: 'civic_dialog_automation_runs_claim_ix', table: R, columns: ['claimed_by'] },
  { name: 'civic_dialog_automation_runs_profile_ix', table: R, columns: ['profile_id'] },
  { name: 'civic_dialog_automation_runs_automation_step_ix', table: R, columns: ['automation_id', 'run_status', 'step_id'] },
];

/** Profile `p`'s latest newsletter consent (confirmed/withdrawn; the ledger is append-only). */
export const LATEST_NEWSLETTER_ACTION = `(SELECT c.action FROM ${C} c WHERE c.profile_id = p.id AND c.purpose = 'newsletter' AND c.action IN ('confirmed', 'withdrawn') ORDER BY c.id DESC LIMIT 1)`;
/** Profile `p`'s latest newsletter confirmation (its id names a consent "epoch" for re-permission). */
const LATEST_CONFIRMATION = (column: 'id' | 'created_at') =>
  `(SELECT c.${column} FROM ${C} c WHERE c.profile_id = p.id AND c.purpose = 'newsletter' AND c.action = 'confirmed' ORDER BY c.id DESC LIMIT 1)`;

/** Followers of a topic who may get mail now: active, with an address, an active subscription, and a confirmed newsletter consent. */
const followersWhere = (topicIdParam: string) => `p.status = 'active' AND p.email IS NOT NULL
  AND EXISTS (SELECT 1 FROM ${SUB} s WHERE s.profile_id = p.id AND s.status = 'active' AND s.topic_id = ${topicIdParam})
  AND ${LATEST_NEWSLETTER_ACTION} = 'confirmed'`;

export interface RunGroup {
  automationId: number;
  stepId: string | null;
  stepIndex: number;
  subject: string;
}

/** Runs picked for a step: who goes on, and who leaves by the exit rules (reason → run ids). */
export interface PickedBatch {
  runIds: number[];
  profileIds: number[];
  exits: Map<string, number[]>;
}

const changes = (result: any, isSqlite: boolean): number => Number(isSqlite ? (result?.changes ?? 0) : (result?.rowCount ?? 0));
const rowsOf = (result: any): any[] => (Array.isArray(result) ? result : (result?.rows ?? []));

export function createAutomationStore({ knex, client, instanceId }: { knex: Knex; client: string; instanceId: string }) {
  const isSqlite = client === 'sqlite';
  const insertIgnore = (sql: string) => `${sql} ON CONFLICT DO NOTHING`;
  const enrolColumns = `(automation_id, profile_id, subject, step_index, step_id, due_at, run_status, created_at, updated_at)`;
  // A batch's run ids as one parameter (a JSON array / an array literal), not one placeholder each;
  // a set to join (= ANY(array) would compare each row with the whole array).
  const inBatch = (column: string) => `${column} IN (SELECT ${isSqlite ? 'value FROM json_each(?)' : 'unnest(CAST(? AS bigint[]))'})`;
  const batchParam = (ids: number[]) => (isSqlite ? JSON.stringify(ids) : `{${ids.join(',')}}`);
  const people = `SELECT ${R}.profile_id FROM ${R} WHERE ${inBatch(`${R}.id`)} AND ${R}.run_status = 'active'`;

  return {
    /**
     * Everyone following `topicId` enters the automation for `subject` (once: the unique index);
     * with `notSince`, only who has not entered this automation since then (for any subject).
     */
    async enrolFollowers(db: Knex | Knex.Transaction, automationId: number, firstStepId: string, subject: string, topicId: number, now: Date, notSince?: Date): Promise<number> {
      const notEnteredSince = notSince ? ` AND NOT EXISTS (SELECT 1 FROM ${R} e WHERE e.automation_id = ? AND e.profile_id = p.id AND e.created_at >= ?)` : '';
      const result = await db.raw(
        insertIgnore(`INSERT INTO ${R} ${enrolColumns}
          SELECT ?, p.id, ?, 0, ?, ?, 'active', ?, ? FROM ${P} p WHERE ${followersWhere('?')}${notEnteredSince}`),
        [automationId, subject, firstStepId, now, now, now, topicId, ...(notSince ? [automationId, notSince] : [])],
      );
      return changes(result, isSqlite);
    },

    /** One person enters (a confirmation), when `topicIds` include the automation's topic (or it has none). */
    async enrolProfile(db: Knex | Knex.Transaction, automationId: number, firstStepId: string, subject: string, profileId: number, now: Date): Promise<number> {
      const result = await db.raw(
        insertIgnore(`INSERT INTO ${R} ${enrolColumns}
          SELECT ?, p.id, ?, 0, ?, ?, 'active', ?, ? FROM ${P} p WHERE p.id = ? AND p.status = 'active' AND p.email IS NOT NULL`),
        [automationId, subject, firstStepId, now, now, now, profileId],
      );
      return changes(result, isSqlite);
    },

    /**
     * A date trigger: everyone matching today enters. The subject names the occasion, so a person
     * enters once per occasion (re-permission: once per confirmation; pending: once).
     */
    async enrolByDate(automationId: number, firstStepId: string, condition: string, cutoff: Date, now: Date): Promise<number> {
      const concat = (a: string, b: string) => `(${a} || ${b})`;
      let select: string;
      if (condition === 'consent-older-than-months') {
        select = `SELECT ?, p.id, ${concat(`'consent:'`, `CAST(${LATEST_CONFIRMATION('id')} AS TEXT)`)}, 0, ?, ?, 'active', ?, ? FROM ${P} p
          WHERE p.status = 'active' AND p.email IS NOT NULL AND ${LATEST_NEWSLETTER_ACTION} = 'confirmed' AND ${LATEST_CONFIRMATION('created_at')} < ?`;
      } else if (condition === 'pending-for-days') {
        select = `SELECT ?, p.id, 'pending', 0, ?, ?, 'active', ?, ? FROM ${P} p
          WHERE p.status = 'pending' AND p.email IS NOT NULL AND p.created_at < ?`;
      } else {
        // Activity the town may lawfully know: its own entries in the consent ledger (confirmations,
        // registrations, survey answers, preference changes) and the last preference-center visit
        // (profile.last_visit_at). Clicks are not counted: they are counted per link, never per
        // person (newsletter-click), and no one is asked to consent to tracking. The subject names
        // the occasion (the latest entry and visit), so a person enters again only after new activity.
        const lastActivity = `(SELECT MAX(c.created_at) FROM ${C} c WHERE c.profile_id = p.id)`;
        const visit = isSqlite ? `COALESCE(CAST(p.last_visit_at AS TEXT), '')` : `COALESCE(CAST(CAST(EXTRACT(EPOCH FROM p.last_visit_at) * 1000 AS BIGINT) AS TEXT), '')`;
        select = `SELECT ?, p.id, ${concat(concat(`'inactive:'`, `CAST((SELECT MAX(c.id) FROM ${C} c WHERE c.profile_id = p.id) AS TEXT)`), concat(`':'`, visit))}, 0, ?, ?, 'active', ?, ? FROM ${P} p
          WHERE p.status = 'active' AND p.email IS NOT NULL AND ${lastActivity} < ? AND (p.last_visit_at IS NULL OR p.last_visit_at < ?)`;
      }
      const cutoffs = condition === 'inactive-for-months' ? [cutoff, cutoff] : [cutoff];
      const result = await knex.raw(insertIgnore(`INSERT INTO ${R} ${enrolColumns} ${select}`), [automationId, firstStepId, now, now, now, ...cutoffs]);
      return changes(result, isSqlite);
    },

    /** The groups (automation, step, subject) with due runs no one holds: each is stepped batch by batch. */
    async dueGroups(automationIds: number[], now: Date, leaseBefore: Date): Promise<RunGroup[]> {
      if (!automationIds.length) return [];
      const rows = rowsOf(
        await knex.raw(
          `SELECT automation_id, step_id, step_index, subject FROM ${R} WHERE run_status = 'active' AND due_at <= ?
            AND automation_id IN (${automationIds.map(() => '?').join(', ')}) AND (claimed_by IS NULL OR claimed_at < ?)
           GROUP BY automation_id, step_id, step_index, subject`,
          [now, ...automationIds, leaseBefore],
        ),
      );
      return rows.map((row) => ({ automationId: Number(row.automation_id), stepId: row.step_id ?? null, stepIndex: Number(row.step_index), subject: String(row.subject) }));
    },

    /**
     * Picks up to `limit` due runs of the group, inside the step's transaction (PostgreSQL: FOR UPDATE
     * SKIP LOCKED, held until it commits; a lease older than `leaseBefore` is taken over), each with
     * its exit reason by the fixed rules: erased, unsubscribed, newsletter consent withdrawn; for
     * re-permission runs also a confirmation newer than the one the run is about.
     */
    async pick(trx: Knex | Knex.Transaction, g: RunGroup, limit: number, reconfirmation: boolean, now: Date, leaseBefore: Date): Promise<PickedBatch> {
      const reason = `COALESCE((SELECT CASE WHEN p.status = 'erased' THEN 'erased' WHEN p.status = 'unsubscribed' THEN 'unsubscribed'
          WHEN ${LATEST_NEWSLETTER_ACTION} = 'withdrawn' THEN 'consent-withdrawn'
          ${reconfirmation ? `WHEN ('consent:' || CAST(${LATEST_CONFIRMATION('id')} AS TEXT)) <> r.subject THEN 'reconfirmed'` : ''}
          ELSE '' END FROM ${P} p WHERE p.id = r.profile_id), 'erased')`;
      const picked = `SELECT id, profile_id, subject FROM ${R} WHERE automation_id = ? AND subject = ? AND step_index = ? AND ${g.stepId === null ? 'step_id IS NULL' : 'step_id = ?'}
          AND run_status = 'active' AND due_at <= ? AND (claimed_by IS NULL OR claimed_at < ?)
        ORDER BY due_at, id LIMIT ${Math.floor(limit)}${isSqlite ? '' : ' FOR UPDATE SKIP LOCKED'}`;
      const rows = rowsOf(
        await trx.raw(`SELECT r.id, r.profile_id, ${reason} AS exit_reason FROM (${picked}) r`, [
          g.automationId,
          g.subject,
          g.stepIndex,
          ...(g.stepId === null ? [] : [g.stepId]),
          now,
          leaseBefore,
        ]),
      );
      const batch: PickedBatch = { runIds: [], profileIds: [], exits: new Map() };
      for (const row of rows) {
        const exit = String(row.exit_reason ?? '');
        if (exit) batch.exits.set(exit, [...(batch.exits.get(exit) ?? []), Number(row.id)]);
        else {
          batch.runIds.push(Number(row.id));
          batch.profileIds.push(Number(row.profile_id));
        }
      }
      return batch;
    },

    /** Ends the given runs with `reason`. */
    async exit(trx: Knex | Knex.Transaction, runIds: number[], reason: string, now: Date): Promise<void> {
      if (!runIds.length) return;
      await trx.raw(
        `UPDATE ${R} SET run_status = 'exited', exit_reason = ?, claimed_by = NULL, claimed_at = NULL, due_at = NULL, updated_at = ? WHERE ${inBatch('id')} AND run_status = 'active'`,
        [reason, now, batchParam(runIds)],
      );
    },

    /** Leases the runs to this instance (a step whose work runs outside the pick's transaction). */
    async lease(trx: Knex | Knex.Transaction, runIds: number[], now: Date): Promise<void> {
      if (!runIds.length) return;
      await trx.raw(`UPDATE ${R} SET claimed_by = ?, claimed_at = ? WHERE ${inBatch('id')}`, [instanceId, now, batchParam(runIds)]);
    },

    /** Gives back what this instance leased (a step that failed). */
    async release(runIds: number[]): Promise<void> {
      if (!runIds.length) return;
      await knex.raw(`UPDATE ${R} SET claimed_by = NULL, claimed_at = NULL WHERE ${inBatch('id')} AND claimed_by = ?`, [batchParam(runIds), instanceId]);
    },

    /** Moves the runs on to the step at `nextIndex` (or done past the last), due at `dueAt`. */
    async advance(trx: Knex | Knex.Transaction, runIds: number[], nextIndex: number, nextStepId: string | null, dueAt: Date, now: Date): Promise<number> {
      if (!runIds.length) return 0;
      const done = nextStepId === null;
      const result = await trx.raw(
        `UPDATE ${R} SET step_index = ?, step_id = ?, due_at = ?, run_status = ?, claimed_by = NULL, claimed_at = NULL, updated_at = ? WHERE ${inBatch('id')} AND run_status = 'active'`,
        [nextIndex, nextStepId, done ? null : dueAt, done ? 'done' : 'active', now, batchParam(runIds)],
      );
      return changes(result, isSqlite);
    },

    /** Switching off stops at once: every active run of the automation ends. */
    async exitAutomation(automationId: number, reason: string, now: Date, db: Knex | Knex.Transaction = knex): Promise<number> {
      const result = await db.raw(`UPDATE ${R} SET run_status = 'exited', exit_reason = ?, due_at = NULL, claimed_by = NULL, claimed_at = NULL, updated_at = ? WHERE automation_id = ? AND run_status = 'active'`, [
        reason,
        now,
        automationId,
      ]);
      return changes(result, isSqlite);
    },

    /** A condition step: the runs whose person does not meet it exit. */
    async exitUnless(trx: Knex | Knex.Transaction, runIds: number[], condition: AutomationCondition, eventDocumentId: string | null, now: Date): Promise<void> {
      const { sql, bindings } = conditionSql(condition, eventDocumentId);
      await trx.raw(
        `UPDATE ${R} SET run_status = 'exited', exit_reason = 'condition-not-met', claimed_by = NULL, claimed_at = NULL, due_at = NULL, updated_at = ?
         WHERE ${inBatch('id')} AND run_status = 'active' AND NOT EXISTS (SELECT 1 FROM ${P} p WHERE p.id = ${R}.profile_id AND ${sql})`,
        [now, batchParam(runIds), ...bindings],
      );
    },

    /**
     * A send-mail step: one outbox row per run, INSERT … SELECT, its dedupe key unique per
     * automation, run (= person and subject) and step, so the mail exists once whatever repeats.
     */
    async enqueueMails(trx: Knex | Knex.Transaction, runIds: number[], stepId: string, subject: { de: string; en: string }, now: Date): Promise<number> {
      const text = (s: string) => (isSqlite ? s : `CAST(${s} AS TEXT)`);
      const data = `('{"automationId":' || ${text(`${R}.automation_id`)} || ',"runId":' || ${text(`${R}.id`)} || ',"stepId":"' || ? || '","subject":"' || ${R}.subject || '"}')`;
      const result = await trx.raw(
        insertIgnore(`INSERT INTO ${M} (profile_id, kind, status, to_address, locale, subject, data, attempts, dedupe_key, priority, created_at, updated_at)
          SELECT p.id, 'automation', 'queued', p.email, CASE WHEN p.locale = 'en' THEN 'en' ELSE 'de' END,
            REPLACE(CASE WHEN p.locale = 'en' THEN ? ELSE ? END, '{{firstName}}', COALESCE(p.first_name, '')),
            ${isSqlite ? data : `${data}::jsonb`}, 0,
            'automation:' || ${text(`${R}.automation_id`)} || ':' || ${text(`${R}.id`)} || ':' || ?, 0, ?, ?
          FROM ${R} JOIN ${P} p ON p.id = ${R}.profile_id
          WHERE ${inBatch(`${R}.id`)} AND ${R}.run_status = 'active' AND p.email IS NOT NULL AND p.status <> 'erased'`),
        [subject.en, subject.de, stepId, stepId, now, now, batchParam(runIds)],
      );
      return changes(result, isSqlite);
    },

    /** Add or remove a topic for the group's people, with a consent entry each (INSERT … SELECT). */
    async changeTopic(trx: Knex | Knex.Transaction, runIds: number[], topicSlug: string, add: boolean, automationId: number, now: Date): Promise<void> {
      const topic = rowsOf(await trx.raw(`SELECT id FROM ${TOPIC} WHERE slug = ?`, [topicSlug]))[0];
      if (!topic) return;
      const topicId = Number(topic.id);
      const batch = batchParam(runIds);
      const json = (value: string) => (isSqlite ? `'${value}'` : `'${value}'::jsonb`);
      if (add) {
        await trx.raw(
          `UPDATE ${SUB} SET status = 'active', confirmed_at = ?, withdrawn_at = NULL, updated_at = ? WHERE topic_id = ? AND status <> 'active' AND profile_id IN (${people})`,
          [now, now, topicId, batch],
        );
        await trx.raw(
          `INSERT INTO ${SUB} (profile_id, topic_id, status, source, confirmed_at, created_at, updated_at)
           SELECT r.profile_id, ?, 'active', ?, ?, ?, ? FROM (${people}) r
           WHERE NOT EXISTS (SELECT 1 FROM ${SUB} s WHERE s.profile_id = r.profile_id AND s.topic_id = ?)`,
          [topicId, `automation:${automationId}`, now, now, now, batch, topicId],
        );
      } else {
        await trx.raw(`UPDATE ${SUB} SET status = 'unsubscribed', withdrawn_at = ?, updated_at = ? WHERE topic_id = ? AND status = 'active' AND profile_id IN (${people})`, [
          now,
          now,
          topicId,
          batch,
        ]);
      }
      // The ledger: one entry per person, under the legal text of their latest newsletter consent.
      await trx.raw(
        `INSERT INTO ${C} (profile_id, legal_text_id, purpose, action, topics, subject, widget, created_at, updated_at)
         SELECT r.profile_id, (SELECT c.legal_text_id FROM ${C} c WHERE c.profile_id = r.profile_id AND c.purpose = 'newsletter' ORDER BY c.id DESC LIMIT 1),
           'newsletter', ?, ${json(JSON.stringify([topicSlug]))}, ?, 'automation', ?, ? FROM (${people}) r`,
        [add ? 'confirmed' : 'withdrawn', `automation:${automationId}`, now, now, batch],
      );
    },

    /**
     * Re-permission: a new pending grant per person (the topics they follow now, under the legal
     * text of their latest newsletter consent, subject `automation:<id>`) and the double opt-in mail
     * for it, set-based. Confirming it appends a confirmation, which ends the run ('reconfirmed').
     */
    async askReconfirmation(trx: Knex | Knex.Transaction, automationId: number, runIds: number[], stepId: string, subject: { de: string; en: string }, now: Date): Promise<void> {
      const topics = isSqlite
        ? `(SELECT json_group_array(t.slug) FROM ${SUB} s JOIN ${TOPIC} t ON t.id = s.topic_id WHERE s.profile_id = ${R}.profile_id AND s.status = 'active')`
        : `COALESCE((SELECT jsonb_agg(t.slug) FROM ${SUB} s JOIN ${TOPIC} t ON t.id = s.topic_id WHERE s.profile_id = ${R}.profile_id AND s.status = 'active'), '[]'::jsonb)`;
      const consentSubject = `automation:${automationId}`;
      await trx.raw(
        `INSERT INTO ${C} (profile_id, legal_text_id, purpose, action, topics, subject, widget, created_at, updated_at)
         SELECT ${R}.profile_id, (SELECT c.legal_text_id FROM ${C} c WHERE c.profile_id = ${R}.profile_id AND c.purpose = 'newsletter' ORDER BY c.id DESC LIMIT 1),
           'newsletter', 'granted', ${topics}, ?, 'automation', ?, ? FROM ${R} WHERE ${inBatch(`${R}.id`)} AND run_status = 'active'`,
        [consentSubject, now, now, batchParam(runIds)],
      );
      const text = (s: string) => (isSqlite ? s : `CAST(${s} AS TEXT)`);
      const data = `('{"consentId":' || ${text('c.id')} || ',"topics":' || ${text('c.topics')} || '}')`;
      await trx.raw(
        insertIgnore(`INSERT INTO ${M} (profile_id, kind, status, to_address, locale, subject, data, attempts, dedupe_key, priority, created_at, updated_at)
          SELECT p.id, 'doi', 'queued', p.email, CASE WHEN p.locale = 'en' THEN 'en' ELSE 'de' END, CASE WHEN p.locale = 'en' THEN ? ELSE ? END,
            ${isSqlite ? data : `${data}::jsonb`}, 0, 'automation:' || ${text(`${R}.automation_id`)} || ':' || ${text(`${R}.id`)} || ':' || ?, 0, ?, ?
          FROM ${R} JOIN ${P} p ON p.id = ${R}.profile_id
            JOIN ${C} c ON c.id = (SELECT MAX(x.id) FROM ${C} x WHERE x.profile_id = ${R}.profile_id AND x.subject = ? AND x.action = 'granted')
          WHERE ${inBatch(`${R}.id`)} AND ${R}.run_status = 'active' AND p.email IS NOT NULL AND p.status <> 'erased'`),
        [subject.en, subject.de, stepId, now, now, consentSubject, batchParam(runIds)],
      );
    },

    /**
     * Re-permission not given: the newsletter consent ends as an unsubscribe ends it — every active
     * subscription withdrawn, one withdrawal in the ledger naming the topics, the profile unsubscribed.
     */
    async removeAllTopics(trx: Knex | Knex.Transaction, automationId: number, runIds: number[], now: Date): Promise<void> {
      const batch = batchParam(runIds);
      const topics = isSqlite
        ? `(SELECT json_group_array(t.slug) FROM ${SUB} s JOIN ${TOPIC} t ON t.id = s.topic_id WHERE s.profile_id = r.profile_id AND s.status = 'active')`
        : `COALESCE((SELECT jsonb_agg(t.slug) FROM ${SUB} s JOIN ${TOPIC} t ON t.id = s.topic_id WHERE s.profile_id = r.profile_id AND s.status = 'active'), '[]'::jsonb)`;
      await trx.raw(
        `INSERT INTO ${C} (profile_id, legal_text_id, purpose, action, topics, subject, widget, created_at, updated_at)
         SELECT r.profile_id, (SELECT c.legal_text_id FROM ${C} c WHERE c.profile_id = r.profile_id AND c.purpose = 'newsletter' ORDER BY c.id DESC LIMIT 1),
           'newsletter', 'withdrawn', ${topics}, ?, 'automation', ?, ? FROM (${people}) r`,
        [`automation:${automationId}`, now, now, batch],
      );
      await trx.raw(`UPDATE ${SUB} SET status = 'unsubscribed', withdrawn_at = ?, updated_at = ? WHERE status IN ('active', 'pending') AND profile_id IN (${people})`, [now, now, batch]);
      await trx.raw(`UPDATE ${P} SET status = 'unsubscribed', unsubscribed_at = ?, updated_at = ? WHERE status = 'active' AND id IN (${people})`, [now, now, batch]);
    },

    /** Per automation: people per step, done, exited by reason, and mails queued/sent. */
    async stats(automationId: number): Promise<{ byStep: Map<string, number>; done: number; active: number; exited: Record<string, number>; mails: Map<string, { queued: number; sent: number }> }> {
      const runs = rowsOf(
        await knex.raw(`SELECT run_status, step_id, exit_reason, COUNT(*) AS n FROM ${R} WHERE automation_id = ? GROUP BY run_status, step_id, exit_reason`, [automationId]),
      );
      const byStep = new Map<string, number>();
      const exited: Record<string, number> = {};
      let done = 0;
      let active = 0;
      for (const row of runs) {
        const n = Number(row.n);
        if (row.run_status === 'active') {
          active += n;
          byStep.set(String(row.step_id), (byStep.get(String(row.step_id)) ?? 0) + n);
        } else if (row.run_status === 'done') done += n;
        else exited[String(row.exit_reason)] = (exited[String(row.exit_reason)] ?? 0) + n;
      }
      const prefix = `automation:${automationId}:`;
      const mailRows = rowsOf(
        await knex.raw(`SELECT dedupe_key, status FROM ${M} WHERE kind = 'automation' AND dedupe_key LIKE ?`, [`${prefix}%`]),
      );
      const mails = new Map<string, { queued: number; sent: number }>();
      for (const row of mailRows) {
        const stepId = String(row.dedupe_key).split(':').slice(3).join(':');
        const entry = mails.get(stepId) ?? { queued: 0, sent: 0 };
        if (row.status === 'sent') entry.sent += 1;
        else entry.queued += 1;
        mails.set(stepId, entry);
      }
      return { byStep, done, active, exited, mails };
    },
  };
}

/** A condition step as SQL over profile `p`. */
function conditionSql(condition: AutomationCondition, eventDocumentId: string | null): { sql: string; bindings: unknown[] } {
  switch (condition.kind) {
    case 'topic':
      return {
        sql: `EXISTS (SELECT 1 FROM ${SUB} s JOIN ${TOPIC} t ON t.id = s.topic_id WHERE s.profile_id = p.id AND s.status = 'active' AND t.slug = ?)`,
        bindings: [condition.topic],
      };
    case 'language':
      return { sql: `p.locale = ?`, bindings: [condition.language] };
    case 'district':
      return { sql: `lower(p.district) = ?`, bindings: [condition.district.toLowerCase()] };
    case 'registered-for-event':
      if (!eventDocumentId) return { sql: '1 = 0', bindings: [] };
      return {
        sql: `EXISTS (SELECT 1 FROM ${EVENTS_TABLE.registration} g JOIN ${EVENTS_TABLE.event} e ON e.id = g.event_id WHERE g.profile_id = p.id AND e.document_id = ? AND g.status IN ('confirmed', 'waitlisted', 'attended'))`,
        bindings: [eventDocumentId],
      };
    case 'answered-survey':
      return condition.survey
        ? {
            sql: `EXISTS (SELECT 1 FROM ${SURVEYS_TABLE.surveyResponse} r WHERE r.profile_id = p.id AND r.status = 'confirmed' AND r.survey_id = ?)`,
            bindings: [Number(condition.survey)],
          }
        : { sql: `EXISTS (SELECT 1 FROM ${SURVEYS_TABLE.surveyResponse} r WHERE r.profile_id = p.id AND r.status = 'confirmed')`, bindings: [] };
  }
}

/** The dead-instance check's view of the runs: a dead instance's claims are simply given back. */
export function automationClaims(onRequeued: () => void): ClaimedRows<{ requeued: number }> {
  return {
    async owners(knex, self) {
      const rows = (await knex(R).distinct('claimed_by').whereNotNull('claimed_by').whereNot('claimed_by', self)) as Array<{ claimed_by: string }>;
      return rows.map((row) => row.claimed_by);
    },
    async recover(trx, owner) {
      const requeued = await trx(R).where('claimed_by', owner).update({ claimed_by: null, claimed_at: null });
      return { requeued: Number(requeued) };
    },
    describe(owner, recovered) {
      return `civic-dialog: ${recovered.requeued} automation run(s) claimed by ${owner}, which died, are due again (their step's mails are queued at most once)`;
    },
    onRequeued,
  };
}
