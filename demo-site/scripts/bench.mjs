// `pnpm bench`: figures, not a test. Boots the demo CMS on a fresh SQLite database, measures signup
// throughput and latency next to the bare /_health of the same process, and the widget bundle sizes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appDir } from './lib/app-env.mjs';
import { startCms, startSmtpSink } from './lib/local-servers.mjs';
import { okPerSecond, printReport, runFailures, target } from './lib/targets.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

const CONNECTIONS = 16;
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ORIGIN = 'http://bench.test';

// Mail goes to a real SMTP server that accepts and discards, like a relay would.
const smtp = await startSmtpSink();

const dataDir = mkdtempSync(join(tmpdir(), 'civic-bench-'));
const queryCountFile = join(dataDir, 'queries.json');

await require('@strapi/strapi').compileStrapi({ appDir, ignoreDiagnostics: true });
const cms = await startCms({
  // Counts SQL statements (request path vs background outbox work); see lib/count-queries.cjs.
  NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require=${join(appDir, 'scripts', 'lib', 'count-queries.cjs')}`]
    .filter(Boolean)
    .join(' '),
  BENCH_QUERY_COUNT_FILE: queryCountFile,
  DATABASE_CLIENT: 'sqlite',
  DATABASE_FILENAME: join(dataDir, 'bench.db'),
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(smtp.port),
  CIVIC_ALLOWED_ORIGINS: ORIGIN,
  // The benchmark measures the signup path, not the abuse protection in front of it.
  CIVIC_RATE_LIMIT_IP_POINTS: '100000000',
  CIVIC_RATE_LIMIT_EMAIL_POINTS: '100000000',
});
const cmsUrl = cms.url;

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
  cms.child.kill('SIGUSR2');
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
  while (smtp.received() < count && Date.now() - started < timeoutMs) await sleep(20);
  return Date.now() - started;
}

// Throughput counts 2xx answers only; a run with any other answer, error or timeout fails the bench.
const failures = [];
const summary = (name, result) => {
  failures.push(...runFailures(name, result));
  return {
    requestsPerSecond: okPerSecond(result),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
};

// Warm up both paths (JIT, SQLite page cache, SMTP pool) before measuring.
summary('warm-up /_health', await run({ url: `${cmsUrl}/_health`, duration: 2 }));

const beforeHealth = await queryCounts();
const healthResult = await run({ url: `${cmsUrl}/_health` });
const afterHealth = await queryCounts();
const health = {
  ...summary('/_health', healthResult),
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
summary('warm-up signups', warmup);
await mailsArrived(accepted(warmup));
const before = { queries: await queryCounts(), mails: smtp.received() };
const signupResult = await run({ url: cmsUrl, requests: [signupRequest(['abfall', 'kultur'])] });
const mailsDuringRun = smtp.received() - before.mails;
const atEnd = await queryCounts();
const backlogDrainMs = await mailsArrived(accepted(warmup) + accepted(signupResult));
if (smtp.received() < accepted(warmup) + accepted(signupResult)) {
  failures.push(`mail: ${accepted(warmup) + accepted(signupResult) - smtp.received()} confirmation mail(s) missing 60 s after the run`);
}
const after = { queries: await queryCounts(), mails: smtp.received() };
const signups = accepted(signupResult);
const perSignup = (n, digits = 2) => (signups ? Number((n / signups).toFixed(digits)) : null);
const signup = {
  ...summary('signups', signupResult),
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

await cms.stop();
await smtp.close();
rmSync(dataDir, { recursive: true, force: true });

const sizes = spawnSync(process.execPath, [join(appDir, '..', 'widgets', 'scripts', 'bundle-sizes.mjs')], { encoding: 'utf8' });
const bundle = sizes.status === 0 ? JSON.parse(sizes.stdout) : { error: sizes.stderr.trim() };
// Each widget with the shared chunks it loads, and all four with everything they load: figure, target, met / not met.
const bundleBudgets = bundle.widgets
  ? Object.fromEntries(
      [...Object.entries(bundle.widgets), ['allWidgets', bundle.allWidgets]].map(([name, { gzipBytes, budget, met }]) => [
        name,
        { gzipBytes, target: `<= ${budget}`, met: met ? 'met' : 'not met' },
      ]),
    )
  : bundle;

const signupShareOfHealth = Number((signup.requestsPerSecond / health.requestsPerSecond).toFixed(3));
const report = {
  database: 'sqlite',
  connections: CONNECTIONS,
  durationSeconds: DURATION_SECONDS,
  health,
  signup,
  signupShareOfHealth,
  // What the share would be if the CMS process were CPU-bound on one core and every signup's mail
  // were sent in the same period: /_health CPU per request ÷ signup CPU per signup with its mail.
  cpuBoundSignupShareOfHealth: Number((health.cpuMsPerRequest / signup.cpuMsPerSignup.withAllMails).toFixed(3)),
  targets: {
    signupShareOfHealth: target(signupShareOfHealth, '>=', 0.3),
    signupP99Ms: target(signup.latencyP99Ms, '<', 50),
    loaderGzipBytes: target(bundle.loader?.gzipBytes, '<=', 2048),
    // The signup widget with the chunks it loads: bundleBudgets['civic-signup'].
  },
  bundleBudgets,
  bundle,
};
if (bundle.error) failures.push(`bundle sizes: ${bundle.error}`);
printReport(report, failures);
