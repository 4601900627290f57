// What the benches start: the demo's Strapi on a free port, and a real SMTP server that accepts
// and discards each mail (as a relay would) while counting them.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { appDir, baseEnv, freshSecrets } from './app-env.mjs';

export const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/**
 * Starts the SMTP sink on a free port; `received()` is the number of mails accepted so far.
 * `countBy(recipient)` names a group per mail (or null): `counts[group]` and `lastAt[group]`
 * (performance.now() of its last acceptance) then count the groups apart.
 */
export async function startSmtpSink({ countBy } = {}) {
  let received = 0;
  const counts = {};
  const lastAt = {};
  const server = new SMTPServer({
    // No reverse DNS lookup per connection (it waits for a resolver timeout where there is no DNS).
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        received += 1;
        const group = countBy?.(session.envelope.rcptTo[0]?.address ?? '');
        if (group) {
          counts[group] = (counts[group] ?? 0) + 1;
          lastAt[group] = performance.now();
        }
        callback();
      });
    },
  });
  // A Strapi stopped mid-mail resets its connection; smtp-server reports that as an 'error' event,
  // which would otherwise end the bench as an uncaught exception.
  server.on('error', () => {});
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    received: () => received,
    counts,
    lastAt,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * `strapi start` of the demo app on a free port with the given environment (on top of the demo's
 * base environment and fresh secrets); resolves once /_health answers.
 */
export async function startCms(env, { timeoutMs = 240_000 } = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(join(appDir, 'node_modules', '.bin', 'strapi'), ['start'], {
    cwd: appDir,
    // BENCH_CMS_LOG=1 shows the CMS's own log (why a CMS stopped mid-bench).
    stdio: ['ignore', process.env.BENCH_CMS_LOG ? 'inherit' : 'ignore', 'inherit'],
    env: {
      ...process.env,
      ...baseEnv,
      ...freshSecrets(),
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: url,
      STRAPI_STARTUP_BANNER: 'false',
      ...env,
    },
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/_health`)).ok) break;
    } catch {}
    if (exited || Date.now() > deadline) throw new Error('the CMS did not start');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    child,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
