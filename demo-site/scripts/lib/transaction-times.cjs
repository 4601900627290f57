// Preloaded into a benchmarked CMS (NODE_OPTIONS=--require): times every SQLite transaction from
// the BEGIN that knex sends to its COMMIT or ROLLBACK, as better-sqlite3 runs them — how long each
// transaction is open, measured, not estimated. (Nested transactions are SAVEPOINTs inside one of
// these and count with it.) On SIGUSR2 it writes to BENCH_TRANSACTION_FILE, as JSON, every
// transaction so far as [start (epoch ms), duration (ms)], so the bench can pick those of one run.
'use strict';
const { writeFileSync } = require('node:fs');
const { onStatements } = require('./sqlite-statements.cjs');

const file = process.env.BENCH_TRANSACTION_FILE;
if (file) {
  const transactions = [];
  let begun = null;
  onStatements({
    // After the statement: a BEGIN counts from when it ran, a COMMIT until it is done.
    after(sql) {
      const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
      if (verb === 'BEGIN') begun = { at: Date.now(), started: performance.now() };
      else if ((verb === 'COMMIT' || verb === 'ROLLBACK' || verb === 'END') && begun) {
        transactions.push([begun.at, performance.now() - begun.started]);
        begun = null;
      }
    },
  });
  process.on('SIGUSR2', () => writeFileSync(file, JSON.stringify(transactions)));
}
