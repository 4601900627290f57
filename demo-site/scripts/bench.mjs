// `pnpm bench`: figures, not a test. Boots the demo CMS on a fresh SQLite database, measures signup
// throughput and latency next to the bare /_health of the same process, and the widget bundle sizes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { appDir, baseEnv, freshSecrets } from './lib/app-env.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

const CONNECTIONS = 16;
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ORIGIN = 'http://bench.test';

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

// Mail goes to a real SMTP server that accepts and discards, like a relay would.
let mailsReceived = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.resume();
    stream.on('end', () => {
      mailsReceived += 1;
      callback();
    });
  },
});
const smtpPort = await freePort();
await new Promise((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));

const dataDir = mkdtempSync(join(tmpdir(), 'civic-bench-'));
const port = await freePort();
const cmsUrl = `http://127.0.0.1:${port}`;
const queryCountFile = join(dataDir, 'queries.json');

await require('@strapi/strapi').compileStrapi({ appDir, ignoreDiagnostics: true });
const cms = spawn(join(appDir, 'node_modules', '.bin', 'strapi'), ['start'], {
  cwd: appDir,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env,
    ...baseEnv,
    ...freshSecrets(),
    // Counts SQL statements (request path vs background outbox work); see lib/count-queries.cjs.
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require=${join(appDir, 'scripts', 'lib', 'count-queries.cjs')}`]
      .filter(Boolean)
      .join(' '),
    BENCH_QUERY_COUNT_FILE: queryCountFile,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: cmsUrl,
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: join(dataDir, 'bench.db'),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    CIVIC_ALLOWED_ORIGINS: ORIGIN,
    // The benchmark measures the signup path, not the abuse protection in front of it.
    CIVIC_RATE_LIMIT_IP_POINTS: '100000000',
    CIVIC_RATE_LIMIT_EMAIL_POINTS: '100000000',
  },
});

for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${cmsUrl}/_health`)).ok) break;
  } catch {}
  if (i > 240) throw new Error('the CMS did not start');
  await new Promise((resolve) => setTimeout(resolve, 500));
}

const run = (options) =>
  new Promise((resolve, reject) =>
    autocannon({ connections: CONNECTIONS, duration: DURATION_SECONDS, ...options }, (err, result) =>
      err ? reject(err) : resolve(result),
    ),
  );
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** SQL statements the CMS has run so far and its CPU time: { request, background, cpuMicros }. */
async function queryCounts() {
  rmSync(queryCountFile, { force: true });
  cms.kill('SIGUSR2');
  for (let i = 0; i < 100 && !existsSync(queryCountFile); i++) await sleep(10);
  try {
    return JSON.parse(readFileSync(queryCountFile, 'utf8'));
  } catch {
    return { request: NaN, background: NaN, cpuMicros: NaN };
  }
}

/** Waits until `count` mails have arrived (or `timeoutMs` passed); returns the ms it took. */
async function mailsArrived(count, timeoutMs = 60_000) {
  const started = Date.now();
  while (mailsReceived < count && Date.now() - started < timeoutMs) await sleep(20);
  return Date.now() - started;
}

const summary = (result) => ({
  requestsPerSecond: Math.round(result.requests.average),
  latencyP50Ms: result.latency.p50,
  latencyP99Ms: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors,
});

// Warm up both paths (JIT, SQLite page cache, SMTP pool) before measuring.
await run({ url: `${cmsUrl}/_health`, duration: 2 });

const beforeHealth = await queryCounts();
const healthResult = await run({ url: `${cmsUrl}/_health` });
const afterHealth = await queryCounts();
const health = {
  ...summary(healthResult),
  cpuMsPerRequest: Number(((afterHealth.cpuMicros - beforeHealth.cpuMicros) / 1000 / healthResult.requests.total).toFixed(3)),
};

let counter = 0;
const signupRequest = (topics) => ({
  method: 'POST',
  path: '/api/civic-dialog/signups',
  headers: { 'content-type': 'application/json', origin: ORIGIN },
  setupRequest(request) {
    counter += 1;
    request.body = JSON.stringify({
      email: `citizen${counter}@bench.example`,
      topics,
      locale: counter % 2 ? 'de' : 'en',
      legalTextVersion: 1,
      consent: true,
      pageUrl: `${ORIGIN}/newsletter.html`,
      widget: 'civic-signup',
      website: '',
    });
    return request;
  },
});
// Every signup is a new address, so every accepted one queues exactly one confirmation mail.
const accepted = (result) => result.requests.total - result.non2xx;
const warmup = await run({ url: cmsUrl, duration: 2, requests: [signupRequest(['abfall'])] });
await mailsArrived(accepted(warmup));
const before = { queries: await queryCounts(), mails: mailsReceived };
const signupResult = await run({ url: cmsUrl, requests: [signupRequest(['abfall', 'kultur'])] });
const mailsDuringRun = mailsReceived - before.mails;
const atEnd = await queryCounts();
const backlogDrainMs = await mailsArrived(accepted(warmup) + accepted(signupResult));
const after = { queries: await queryCounts(), mails: mailsReceived };
const signups = accepted(signupResult);
const perSignup = (n, digits = 2) => (signups ? Number((n / signups).toFixed(digits)) : null);
const signup = {
  ...summary(signupResult),
  accepted: signups,
  // Statements per accepted signup: in the request (2 topics) and in the outbox (one DOI mail each).
  queriesPerSignup: {
    request: perSignup(after.queries.request - before.queries.request),
    outbox: perSignup(after.queries.background - before.queries.background),
  },
  // CPU time of the CMS process per accepted signup: during the run (requests and whatever mail the
  // outbox sent meanwhile), and including the mails it sent after the run.
  cpuMsPerSignup: {
    duringRun: perSignup((atEnd.cpuMicros - before.queries.cpuMicros) / 1000, 3),
    withAllMails: perSignup((after.queries.cpuMicros - before.queries.cpuMicros) / 1000, 3),
  },
  mailsSentDuringRun: mailsDuringRun,
  mailsSentTotal: after.mails - before.mails,
  // How long after the run the outbox needed to send the rest of the run's confirmation mails.
  mailBacklogDrainMs: backlogDrainMs,
};

cms.kill('SIGTERM');
await new Promise((resolve) => cms.once('exit', resolve));
smtp.close();
rmSync(dataDir, { recursive: true, force: true });

const sizes = spawnSync(process.execPath, [join(appDir, '..', 'widgets', 'scripts', 'bundle-sizes.mjs')], { encoding: 'utf8' });
const bundle = sizes.status === 0 ? JSON.parse(sizes.stdout) : { error: sizes.stderr.trim() };

const report = {
  database: 'sqlite',
  connections: CONNECTIONS,
  durationSeconds: DURATION_SECONDS,
  health,
  signup,
  signupShareOfHealth: Number((signup.requestsPerSecond / health.requestsPerSecond).toFixed(3)),
  // What the share would be if the CMS process were CPU-bound on one core and every signup's mail
  // were sent in the same period: /_health CPU per request ÷ signup CPU per signup with its mail.
  cpuBoundSignupShareOfHealth: Number((health.cpuMsPerRequest / signup.cpuMsPerSignup.withAllMails).toFixed(3)),
  targets: {
    signupShareOfHealth: '>= 0.30',
    signupP99Ms: '< 50',
    loaderGzipBytes: '<= 2048',
    signupWithSharedGzipBytes: '<= 12288',
  },
  bundle,
};
console.log(JSON.stringify(report, null, 2));
