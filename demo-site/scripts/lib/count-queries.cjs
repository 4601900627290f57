// Preloaded into the benchmarked CMS (NODE_OPTIONS=--require): counts the SQL statements
// better-sqlite3 runs (knex runs one per query, including BEGIN/COMMIT), split into those run while
// an HTTP request is handled (Strapi's request context) and those run in the background (outbox
// drains). Counted when run, not when prepared: the demo's connection caches prepared statements.
// On SIGUSR2 the counts and the CPU time the process has used so far (all threads, user + system,
// in microseconds) are written as JSON to BENCH_QUERY_COUNT_FILE. CPU time per request is a
// steadier figure than requests/s on a machine that other work keeps busy.
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
  const count = () => {
    counts[globalThis.strapi?.requestContext?.get?.() ? 'request' : 'background'] += 1;
  };
  // Statement is not exported: wrap its methods on the prototype of the first one prepared.
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function preparedOnce(...args) {
    const statement = prepare.apply(this, args);
    Database.prototype.prepare = prepare;
    const proto = Object.getPrototypeOf(statement);
    for (const method of ['run', 'get', 'all', 'iterate']) {
      const original = proto[method];
      proto[method] = function counted(...params) {
        count();
        return original.apply(this, params);
      };
    }
    return statement;
  };
  process.on('SIGUSR2', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ ...counts, cpuMicros: user + system }));
  });
}
