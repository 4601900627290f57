// Preloaded into the benchmarked CMS (NODE_OPTIONS=--require): counts the SQL statements
// better-sqlite3 runs (knex runs one per query, including BEGIN/COMMIT), split into those run while
// an HTTP request is handled (Strapi's request context) and those run in the background (outbox
// drains). Counted when run, not when prepared: the demo's connection caches prepared statements.
// On SIGUSR2 the counts and the CPU time the process has used so far (all threads, user + system,
// in microseconds) are written as JSON to BENCH_QUERY_COUNT_FILE. CPU time per request is a
// steadier figure than requests/s on a machine that other work keeps busy.
'use strict';
const { writeFileSync } = require('node:fs');
const { onStatements } = require('./sqlite-statements.cjs');

const file = process.env.BENCH_QUERY_COUNT_FILE;
if (file) {
  const counts = { request: 0, background: 0 };
  onStatements({
    before() {
      counts[globalThis.strapi?.requestContext?.get?.() ? 'request' : 'background'] += 1;
    },
  });
  process.on('SIGUSR2', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ ...counts, cpuMicros: user + system }));
  });
}
