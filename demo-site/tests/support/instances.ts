import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { baseEnv, freshSecrets } from '../../scripts/lib/app-env.mjs';
import { freshDatabase, postgresAdminUrl, type TestDatabase } from './database';
import { publicApi } from './http';
import { MailCatcher } from './mail-catcher';
import { freePort, TOWN_ORIGIN } from './strapi';

/**
 * Several real instances of the Musterstadt Strapi, as a town runs them behind a load balancer:
 * each a child process (so SIGKILL is a real crash) on ONE fresh PostgreSQL database, all sending
 * to ONE SMTP catcher in the test process. Each instance logs in to SMTP with its name
 * (`SMTP_USER`), so `mail.mails[i].smtpUser` says which one sent a mail; in the database
 * `instanceOf(row.claimed_by)` does.
 *
 *   const cluster = await startInstances(['a', 'b'], { CIVIC_MAIL_BATCH_SIZE: '20' });
 *   await cluster.instances[0].api.postJson('/signups', …);             // HTTP, like a widget
 *   await cluster.instances[1].call('outbox', 'drain');                 // a plugin service in that process
 *   await waitUntil(async () => (await cluster.sql.query('…')).rows[0].n === 0, { what: 'queue empty' });
 *   await cluster.instances[0].kill();                                  // SIGKILL
 *   await cluster.stop();
 *
 * PostgreSQL only (TEST_POSTGRES_URL): several processes on one SQLite file is not a supported setup.
 */

const MAIN = fileURLToPath(new URL('./instance-main.mjs', import.meta.url));
const BOOT_TIMEOUT_MS = 240_000;

export interface Instance {
  name: string;
  pid: number;
  baseUrl: string;
  /** The public API, as a widget on the town website calls it. */
  api: ReturnType<typeof publicApi>;
  /**
   * Runs `method(...args)` in the instance: `target` is a plugin service name (`'outbox'`) or a
   * content type UID for Strapi's document service. Arguments and result travel as JSON (dates
   * in arguments stay dates).
   */
  call<T = any>(target: string, method: string, ...args: unknown[]): Promise<T>;
  /** SIGKILL: a crash, nothing cleaned up. Resolves once the process is gone. */
  kill(): Promise<void>;
  /**
   * SIGKILL at a moment when `condition` holds: waits for it, freezes the process (SIGSTOP), asks
   * again and kills it if it still holds (else lets it go on and waits again). What the condition
   * saw in the frozen process is exactly what the crash leaves behind.
   */
  killWhen(condition: () => Promise<boolean>, options: { timeoutMs: number; what: string }): Promise<void>;
  /** SIGTERM: a clean shutdown (Strapi's destroy). */
  stop(): Promise<void>;
  /** Whether the process is still there. */
  running(): boolean;
  /** Last lines the process wrote (for failure messages). */
  output(): string;
}

export interface Cluster {
  instances: Instance[];
  mail: MailCatcher;
  /** The shared database, for counting rows. */
  sql: pg.Pool;
  /** Starts one more instance on the same database and SMTP catcher (e.g. a restart after a kill). */
  start(name: string, env?: Record<string, string>): Promise<Instance>;
  /** The instance name a `claimed_by` value belongs to. */
  instanceOf(claimedBy: string | null): string | undefined;
  stop(): Promise<void>;
}

/** Polls `condition` until it returns a truthy value (returned) or the deadline passes (throws, naming `what`). */
export async function waitUntil<T>(
  condition: () => T | Promise<T>,
  { timeoutMs = 60_000, what = 'condition', intervalMs = 100 }: { timeoutMs?: number; what?: string; intervalMs?: number } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Dates become `{ $date }` (revived by instance-main.mjs); everything else is plain JSON. */
function encode(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  return value;
}

async function spawnInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = fork(MAIN, [], {
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, ...env, INSTANCE: name, HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: baseUrl, SMTP_USER: name, SMTP_PASS: name },
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 60));
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const output = () => lines.join('\n');
  // A child that dies while a message to it is under way makes the IPC channel report an 'error';
  // unheard, Node throws it as an uncaught exception in the test process. The exit is what counts
  // (pending calls reject below), so the error is kept as a line of the instance's output.
  child.on('error', (error) => keep(Buffer.from(`[harness] child process error: ${error.message}`)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  child.on('message', (message: { id?: number; result?: unknown; error?: string }) => {
    if (message.id === undefined) return;
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiting?.reject(new Error(`instance ${name}: ${message.error}`));
    else waiting?.resolve(message.result);
  });
  void exited.then(() => {
    for (const waiting of pending.values()) waiting.reject(new Error(`instance ${name} exited\n${output()}`));
    pending.clear();
  });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance ${name} did not start in ${BOOT_TIMEOUT_MS} ms\n${output()}`)), BOOT_TIMEOUT_MS);
    child.on('message', (message: { ready?: boolean }) => {
      if (message.ready) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`instance ${name} exited while starting (code ${child.exitCode})\n${output()}`));
    });
  });

  return {
    name,
    pid: child.pid!,
    baseUrl,
    api: publicApi(baseUrl),
    call(target, method, ...args) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, target, method, args: encode(args) }, (error) => {
          if (!error) return;
          pending.delete(id);
          reject(new Error(`instance ${name}: could not send ${target}.${method}: ${error.message}\n${output()}`));
        });
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async killWhen(condition, { timeoutMs, what }) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await waitUntil(condition, { timeoutMs: Math.max(1, deadline - Date.now()), what, intervalMs: 20 });
        child.kill('SIGSTOP');
        if (await condition()) break;
        child.kill('SIGCONT');
      }
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
    running: () => child.exitCode === null && child.signalCode === null,
    output,
  };
}

/**
 * Starts one instance per name on a fresh PostgreSQL database. The first one creates the schema
 * and seeds the demo; the others start after it, together. `env` is added to every instance's
 * environment (e.g. rate limits, batch size).
 */
export async function startInstances(names: string[], env: Record<string, string> = {}): Promise<Cluster> {
  if (!postgresAdminUrl) throw new Error('Several instances need PostgreSQL: set TEST_POSTGRES_URL');
  const mail = await new MailCatcher().start();
  const database: TestDatabase = await freshDatabase();
  const sql = new pg.Pool({ connectionString: database.env.DATABASE_URL, max: 4 });
  // An idle pooled connection that the server ends (the database dropped with FORCE, a restart)
  // makes the pool emit 'error', which unheard is an uncaught exception; the next query reconnects.
  sql.on('error', () => {});
  const shared: Record<string, string> = {
    ...baseEnv,
    ...freshSecrets(),
    ...database.env,
    NODE_ENV: 'test',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(mail.port),
    CIVIC_ALLOWED_ORIGINS: TOWN_ORIGIN,
    CIVIC_MAIL_POLL_MS: '500',
    STRAPI_STARTUP_BANNER: 'false',
    ...env,
  };
  const instances: Instance[] = [];
  const pidToName = new Map<number, string>();
  const start = async (name: string, extra: Record<string, string> = {}) => {
    const instance = await spawnInstance(name, { ...shared, ...extra });
    pidToName.set(instance.pid, name);
    instances.push(instance);
    return instance;
  };
  const cluster: Cluster = {
    instances,
    mail,
    sql,
    start,
    // The outbox's instance id is `<host>:<pid>:<random>`.
    instanceOf: (claimedBy) => (claimedBy ? pidToName.get(Number(claimedBy.split(':')[1])) : undefined),
    async stop() {
      await Promise.all(instances.map((instance) => instance.stop()));
      await sql.end();
      await mail.stop();
      await database.drop();
    },
  };
  try {
    const [first, ...others] = names;
    if (first) await start(first);
    await Promise.all(others.map((name) => start(name)));
  } catch (error) {
    await cluster.stop().catch(() => {});
    throw error;
  }
  // Keep the given order, whatever order the others finished booting in.
  instances.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
  return cluster;
}
