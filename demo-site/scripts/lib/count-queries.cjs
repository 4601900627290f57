// Preloaded into the benchmarked CMS (NODE_OPTIONS=--require): counts the SQL statements
// better-sqlite3 prepares (knex prepares one per query, including BEGIN/COMMIT), split into those
// run while an HTTP request is handled (Strapi's request context) and those run in the background
// (outbox drains). On SIGUSR2 the counts and the CPU time the process has used so far (all threads,
// user + system, in microseconds) are written as JSON to BENCH_QUERY_COUNT_FILE. CPU time per
// request is a steadier figure than requests/s on a machine that other work keeps busy.
'use strict';
const { createRequire } = require('node:module');
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_QUERY_COUNT_FILE;
if (file) {
  // The better-sqlite3 that knex (via Strapi's database layer) loads, not whichever is nearest.
  const fromApp = createRequire(require.resolve('@strapi/strapi', { paths: [process.cwd()] }));
  const fromDb = createRequire(fromApp.resolve('@strapi/database'));
  const fromKnex = createRequire(fromDb.resolve('knex'));
  const Database = fromKnex('better-sqlite3');
  const counts = { request: 0, background: 0 };
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function countedPrepare(...args) {
    const inRequest = Boolean(globalThis.strapi?.requestContext?.get?.());
    counts[inRequest ? 'request' : 'background'] += 1;
    return prepare.apply(this, args);
  };
  process.on('SIGUSR2', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ ...counts, cpuMicros: user + system }));
  });
}
