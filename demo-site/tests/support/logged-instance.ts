import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { baseEnv, freshSecrets } from '../../scripts/lib/app-env.mjs';
import { freshDatabase, type TestDatabase } from './database';
import { MailCatcher } from './mail-catcher';
import { freePort, TOWN_ORIGIN } from './strapi';

const MAIN = fileURLToPath(new URL('./instance-main.mjs', import.meta.url));

export interface LoggedInstance {
  baseUrl: string;
  mail: MailCatcher;
  /** Everything the instance wrote to stdout and stderr so far. */
  log(): string;
  /** Waits (10 s at most) until the log holds `text` — the request logger writes after the answer. */
  waitForLog(text: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Strapi as a town runs it — its own process, NODE_ENV production, request logging on (level http)
 * — on a fresh database with a real SMTP catcher, so a test can read what Strapi wrote to its log
 * (security-logs, security-new-channels). `env` is added to the instance's environment.
 */
export async function startLoggedInstance(env: Record<string, string> = {}): Promise<LoggedInstance> {
  const mail = await new MailCatcher().start();
  const database: TestDatabase = await freshDatabase();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = fork(MAIN, [], {
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      ...process.env,
      ...baseEnv,
      ...freshSecrets(),
      ...database.env,
      NODE_ENV: 'production',
      INSTANCE_LOG_LEVEL: 'http',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(mail.port),
      CIVIC_ALLOWED_ORIGINS: TOWN_ORIGIN,
      CIVIC_MAIL_POLL_MS: '200',
      STRAPI_STARTUP_BANNER: 'false',
      ...env,
    },
  });
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await mail.stop();
    await database.drop();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      child.on('message', (message: { ready?: boolean }) => message.ready && resolve());
      child.once('exit', (code) => reject(new Error(`Strapi exited while starting (${code})\n${log.slice(-3000)}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    baseUrl,
    mail,
    log: () => log,
    async waitForLog(text: string) {
      const deadline = Date.now() + 10_000;
      while (!log.includes(text) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(log).toContain(text);
    },
    stop,
  };
}
