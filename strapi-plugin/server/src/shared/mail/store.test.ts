import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SHARED_TABLE } from '../tables';
import { createMessageStore, LIVENESS_LOCK_NAMESPACE } from './store';

/**
 * The outbox's SQL against real databases: SQLite always; PostgreSQL when TEST_POSTGRES_URL names a
 * server whose `postgres` database we may use (as in the demo-site integration tests), and always
 * in CI (CI=true), where a missing server fails the run instead of skipping it. The table has the
 * columns Strapi creates for the `message` content type.
 */
const postgresUrl = process.env.TEST_POSTGRES_URL || (process.env.CI ? 'postgres://postgres@127.0.0.1:5432/postgres' : undefined);

async function createMessagesTable(knex: Knex) {
  await knex.schema.dropTableIfExists(SHARED_TABLE.message);
  await knex.schema.createTable(SHARED_TABLE.message, (t) => {
    t.increments('id');
    t.string('document_id');
    t.integer('profile_id');
    t.string('kind');
    t.string('status');
    t.string('to_address');
    t.string('locale');
    t.string('subject');
    t.jsonb('data');
    t.integer('attempts');
    t.datetime('next_attempt_at', { useTz: false, precision: 6 });
    t.datetime('claimed_at', { useTz: false, precision: 6 });
    t.string('claimed_by');
    t.string('provider_message_id');
    t.text('error');
    t.datetime('sent_at', { useTz: false, precision: 6 });
    t.string('dedupe_key');
    t.integer('priority');
    t.datetime('created_at', { useTz: false, precision: 6 });
    t.datetime('updated_at', { useTz: false, precision: 6 });
    t.datetime('published_at', { useTz: false, precision: 6 });
  });
}

type Db = { client: 'sqlite' | 'postgres'; open(): Promise<Knex>; close(): Promise<void> };

function sqliteDb(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'civic-outbox-'));
  const connections: Knex[] = [];
  return {
    client: 'sqlite',
    async open() {
      const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: join(dir, 'outbox.db') }, useNullAsDefault: true });
      connections.push(knex);
      return knex;
    },
    async close() {
      await Promise.all(connections.map((k) => k.destroy()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresDb(adminUrl: string): Db {
  const name = `civic_outbox_${randomBytes(5).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const connections: Knex[] = [];
  let created = false;
  return {
    client: 'postgres',
    async open() {
      if (!created) {
        const admin = knexFactory({ client: 'pg', connection: adminUrl });
        await admin.raw(`CREATE DATABASE ${name}`);
        await admin.destroy();
        created = true;
      }
      const knex = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 4 } });
      connections.push(knex);
      return knex;
    },
    async close() {
      await Promise.all(connections.map((k) => k.destroy()));
      const admin = knexFactory({ client: 'pg', connection: adminUrl });
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

const databases: [string, () => Db][] = [
  ['SQLite', sqliteDb],
  ...(postgresUrl ? [['PostgreSQL', () => postgresDb(postgresUrl)] as [string, () => Db]] : []),
];

describe.each(databases)('outbox store on %s', (name, make) => {
  let db: Db;
  let knex: Knex;
  const store = (instanceId = 'worker-a') => createMessageStore({ knex, client: db.client, instanceId });
  const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

  async function queue(count: number, overrides: Record<string, unknown> = {}) {
    const rows = Array.from({ length: count }, (_, i) => ({
      profile_id: i + 1,
      kind: 'doi',
      status: 'queued',
      to_address: `citizen${i}@example.org`,
      locale: 'de',
      subject: 'Bitte bestätigen',
      data: JSON.stringify({ consentId: i }),
      attempts: 0,
      created_at: new Date(Date.now() - (count - i) * 1000),
      updated_at: new Date(),
      ...overrides,
    }));
    const inserted = await knex(SHARED_TABLE.message).insert(rows, ['id']);
    return inserted.map((row: { id: number } | number) => Number(typeof row === 'object' ? row.id : row));
  }
  const row = async (id: number) => knex(SHARED_TABLE.message).where({ id }).first();

  beforeAll(async () => {
    db = make();
    knex = await db.open();
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await createMessagesTable(knex);
    await store().ensureIndexes();
  });

  it('claims priority mail (urgent alerts) ahead of older queued mail, then the rest in order, each once, in one statement\'s order', async () => {
    const usual = await queue(300);
    const urgent = await queue(3, { kind: 'alert', priority: 10, created_at: new Date() });
    // A row of a release before the priority lane has no priority: it is usual mail.
    const [unranked] = await queue(1, { priority: null, created_at: new Date(Date.now() - 3_600_000) });
    const first = await store().claim(5);
    expect(first).toEqual([...urgent, unranked, usual[0]]);
    expect(await store().claim(5)).toEqual(usual.slice(1, 6));
  });

  it('tells whether priority mail is due or going out: not for usual mail, a later retry, a finished or a stale claim', async () => {
    const pending = () => store().priorityPending(minutesAgo(5));
    await queue(20);
    expect(await pending()).toBe(false);
    const [retry] = await queue(1, { kind: 'alert', priority: 10, next_attempt_at: new Date(Date.now() + 60_000) });
    expect(await pending()).toBe(false);
    const [urgent] = await queue(1, { kind: 'alert', priority: 10 });
    expect(await pending()).toBe(true);
    // Claimed: still going out until its outcome is recorded.
    expect((await store().claim(1))[0]).toBe(urgent);
    expect(await pending()).toBe(true);
    await store().finishMany([{ id: urgent!, status: 'sent', providerMessageId: 'x' }]);
    expect(await pending()).toBe(false);
    // A claim older than the claim timeout is a dead worker's: it holds nothing back.
    await knex(SHARED_TABLE.message).where({ id: retry }).update({ status: 'sending', claimed_by: 'dead', claimed_at: minutesAgo(10) });
    expect(await pending()).toBe(false);
  });

  it('claims through the claim-order index, without sorting the queue', async () => {
    const plan = db.client === 'sqlite'
      ? (await knex.raw(`EXPLAIN QUERY PLAN SELECT id FROM ${SHARED_TABLE.message} WHERE status = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY priority DESC, created_at ASC, id ASC LIMIT 50`, [Date.now()])).map((row: { detail: string }) => row.detail).join('\n')
      : (await knex.raw(`EXPLAIN SELECT id FROM ${SHARED_TABLE.message} WHERE status = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= now()) ORDER BY priority DESC NULLS LAST, created_at ASC, id ASC LIMIT 50`)).rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
    if (db.client === 'sqlite') {
      expect(plan).toMatch(/civic_dialog_messages_claim_order_idx/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    } else {
      // An empty table may be scanned; what matters is that no plan needs a Sort of the queue when the index is chosen.
      await knex.raw('SET enable_seqscan = off');
      const indexed = (await knex.raw(`EXPLAIN SELECT id FROM ${SHARED_TABLE.message} WHERE status = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= now()) ORDER BY priority DESC NULLS LAST, created_at ASC, id ASC LIMIT 50`)).rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
      await knex.raw('SET enable_seqscan = on');
      expect(indexed).toMatch(/civic_dialog_messages_claim_order_idx/);
      expect(indexed).not.toMatch(/Sort/);
    }
  });

  it('claims the oldest due messages up to the batch size, and each only once', async () => {
    const ids = await queue(5);
    const first = await store().claim(3);
    expect(first).toEqual(ids.slice(0, 3));
    const claimed = await row(ids[0]!);
    expect(claimed).toMatchObject({ status: 'sending', claimed_by: 'worker-a' });
    expect(claimed.claimed_at).not.toBeNull();
    expect(await store().claim(3)).toEqual(ids.slice(3));
    expect(await store().claim(3)).toEqual([]);
  });

  it('leaves a message waiting for its retry time alone until then', async () => {
    const [later] = await queue(1, { next_attempt_at: new Date(Date.now() + 60_000) });
    const [due] = await queue(1, { next_attempt_at: minutesAgo(1) });
    expect(await store().claim(10)).toEqual([due]);
    expect((await row(later!)).status).toBe('queued');
  });

  it('records the outcomes of a batch in one statement, but only for the instance holding the claim', async () => {
    const [sent, retried, failed, other] = await queue(4);
    await store('worker-a').claim(3);
    await store('worker-b').claim(1);
    const retryAt = new Date(Date.now() + 60_000);
    const outcomes = [
      { id: sent!, status: 'sent' as const, providerMessageId: '<a@x>' },
      { id: retried!, status: 'queued' as const, error: 'connect ECONNREFUSED', nextAttemptAt: retryAt },
      { id: failed!, status: 'failed' as const, error: '550 no such user' },
    ];
    expect(await store('worker-b').finishMany(outcomes)).toBe(0);
    expect(await store('worker-a').finishMany([...outcomes, { id: other!, status: 'sent', providerMessageId: '<b@x>' }])).toBe(3);
    expect(await row(sent!)).toMatchObject({ status: 'sent', provider_message_id: '<a@x>', attempts: 0, error: null });
    expect((await row(sent!)).sent_at).not.toBeNull();
    expect(await row(retried!)).toMatchObject({ status: 'queued', attempts: 1, error: 'connect ECONNREFUSED', claimed_at: null, sent_at: null });
    expect(await row(failed!)).toMatchObject({ status: 'failed', attempts: 1, error: '550 no such user', provider_message_id: null });
    // Another instance's claim is left alone.
    expect(await row(other!)).toMatchObject({ status: 'sending', claimed_by: 'worker-b', provider_message_id: null });
    expect(await store().claim(1)).toEqual([]);
    expect(await store().claim(1, new Date(retryAt.getTime() + 1))).toEqual([retried]);
  });

  it('after a crash, queues messages stuck in sending again, and fails those out of attempts', async () => {
    const [stuck, exhausted, fresh] = await queue(3);
    await knex(SHARED_TABLE.message).whereIn('id', [stuck!, exhausted!]).update({ status: 'sending', claimed_at: minutesAgo(10), claimed_by: 'dead' });
    await knex(SHARED_TABLE.message).where({ id: exhausted }).update({ attempts: 4 });
    await knex(SHARED_TABLE.message).where({ id: fresh }).update({ status: 'sending', claimed_at: new Date(), claimed_by: 'alive' });

    expect(await store().reclaim(minutesAgo(5), 5)).toBe(2);
    expect(await row(stuck!)).toMatchObject({ status: 'queued', attempts: 1, claimed_by: null });
    expect(await row(exhausted!)).toMatchObject({ status: 'failed', attempts: 5 });
    expect(await row(fresh!)).toMatchObject({ status: 'sending', claimed_by: 'alive' });
    expect(await store().claim(10)).toEqual([stuck]);
  });

  it('allows one message per dedupe key and any number without one', async () => {
    await store().ensureIndexes();
    await queue(2, { dedupe_key: null });
    await queue(1, { dedupe_key: 'campaign:1:7' });
    await expect(queue(1, { dedupe_key: 'campaign:1:7' })).rejects.toThrow(/unique|duplicate/i);
  });

  it.runIf(name === 'PostgreSQL')('never hands the same message to two instances claiming at once', async () => {
    const ids = await queue(120);
    const workers = await Promise.all(
      ['a', 'b', 'c', 'd'].map(async (name) => createMessageStore({ knex: await db.open(), client: 'postgres', instanceId: name })),
    );
    const claimedBy = new Map<number, string[]>();
    await Promise.all(
      workers.map(async (worker, i) => {
        for (let batch = await worker.claim(7); batch.length; batch = await worker.claim(7)) {
          for (const id of batch) claimedBy.set(id, [...(claimedBy.get(id) ?? []), String(i)]);
        }
      }),
    );
    expect([...claimedBy.keys()].sort((a, b) => a - b)).toEqual(ids);
    expect([...claimedBy.values()].filter((owners) => owners.length > 1)).toEqual([]);
    expect(new Set([...claimedBy.values()].flat()).size).toBeGreaterThan(1);
  });
  it.runIf(name === 'PostgreSQL')('takes over the claims of a crashed instance at once, never those of a living one', async () => {
    const ids = await queue(9);
    const open = async (instanceId: string) => createMessageStore({ knex: await db.open(), client: 'postgres', instanceId });
    const crashed = await open('crashed');
    // Its release runs only to hand the dead connection back to the pool, so the test can close it.
    const crashedLock = await crashed.holdLiveness();
    const alive = await open('alive');
    const aliveLock = await alive.holdLiveness();
    try {
      const crashedClaims = await crashed.claim(3);
      const aliveClaims = await alive.claim(3);
      // The crash: its connection (and with it the lock) is gone; its rows still say 'sending'.
      await knex.raw(
        `SELECT pg_terminate_backend(l.pid) FROM pg_locks l
          WHERE l.locktype = 'advisory' AND l.classid = ? AND l.objsubid = 2 AND l.pid <> ALL (
            SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = ? AND objid = (hashtext('alive')::bigint & 4294967295)::oid)`,
        [LIVENESS_LOCK_NAMESPACE, LIVENESS_LOCK_NAMESPACE],
      );

      expect(await crashedLock.held()).toBe(false);
      expect(await aliveLock.held()).toBe(true);
      expect(await store('checker').reclaimFromDeadInstances(5)).toEqual([{ owner: 'crashed', requeued: 3, failed: 0 }]);
      for (const id of crashedClaims) {
        expect(await row(id)).toMatchObject({ status: 'queued', claimed_by: null, attempts: 1 });
        expect((await row(id)).error).toMatch(/crashed stopped while sending/);
      }
      // The living instance keeps its claims, however long its sends take.
      for (const id of aliveClaims) expect(await row(id)).toMatchObject({ status: 'sending', claimed_by: 'alive' });
      expect(await store('checker').reclaimFromDeadInstances(5)).toEqual([]);
      expect((await store('checker').claim(10)).sort((a, b) => a - b)).toEqual(
        ids.filter((id) => !aliveClaims.includes(id)).sort((a, b) => a - b),
      );
    } finally {
      await aliveLock.release();
      await crashedLock.release();
    }
  });

  it.runIf(name === 'PostgreSQL')('fails a dead instance\'s claim that has no attempts left', async () => {
    const [id] = await queue(1, { attempts: 4 });
    // Claimed by an instance that holds no lock: it is gone.
    await store('gone').claim(1);
    expect(await store('checker').reclaimFromDeadInstances(5)).toEqual([{ owner: 'gone', requeued: 0, failed: 1 }]);
    expect(await row(id!)).toMatchObject({ status: 'failed', attempts: 5 });
    expect((await row(id!)).error).toMatch(/no attempts left/);
  });
});
