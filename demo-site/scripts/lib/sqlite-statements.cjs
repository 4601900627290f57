// For the preloads of a benchmarked CMS (count-queries.cjs, transaction-times.cjs): calls `before`
// and `after` around every SQL statement better-sqlite3 runs for knex, with its SQL. Hooked where
// statements run, not where they are prepared: the demo's connection caches prepared statements.
'use strict';
const { createRequire } = require('node:module');

function onStatements({ before = () => {}, after = () => {} }) {
  // The better-sqlite3 that knex (via Strapi's database layer) loads, not whichever is nearest.
  const fromApp = createRequire(require.resolve('@strapi/strapi', { paths: [process.cwd()] }));
  const fromDb = createRequire(fromApp.resolve('@strapi/database'));
  const fromKnex = createRequire(fromDb.resolve('knex'));
  const Database = fromKnex('better-sqlite3');
  // Statement is not exported: wrap its methods on the prototype of the first one prepared.
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function preparedOnce(...args) {
    const statement = prepare.apply(this, args);
    Database.prototype.prepare = prepare;
    const proto = Object.getPrototypeOf(statement);
    for (const method of ['run', 'get', 'all', 'iterate']) {
      const original = proto[method];
      proto[method] = function observed(...params) {
        before(this.source);
        const result = original.apply(this, params);
        after(this.source);
        return result;
      };
    }
    return statement;
  };
}

module.exports = { onStatements };
