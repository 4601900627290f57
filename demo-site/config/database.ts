import path from 'path';

/**
 * knex prepares every query anew, and for the short statements of a request SQLite's parse and plan
 * cost about as much as running them (signup throughput doubles with this cache). So the connection
 * keeps its most recently used statements, keyed by their SQL (bounded; `IN (?, ?)` lists of each
 * length are separate entries). knex only calls all()/run() on them; SQLite re-prepares a statement
 * by itself after a schema change; and a statement is handed out in plain row mode, so a cached one
 * behaves exactly like a new one. better-sqlite3's own pragma()/transaction() do not go through it.
 */
function cachePreparedStatements(connection: any, size = 500) {
  const prepare = connection.prepare.bind(connection);
  const cache = new Map<string, any>();
  connection.prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement) {
      cache.delete(sql); // re-inserted below: the Map's order is the order of last use
    } else {
      statement = prepare(sql);
      if (cache.size >= size) cache.delete(cache.keys().next().value);
    }
    cache.set(sql, statement);
    if (statement.reader) statement.raw(false).pluck(false).expand(false);
    return statement;
  };
}

/**
 * SQLite (embedded, nothing to install) unless DATABASE_URL or DATABASE_CLIENT=postgres is set.
 */
export default ({ env }) => {
  const url = env('DATABASE_URL');
  const client = env('DATABASE_CLIENT', url ? 'postgres' : 'sqlite');

  if (client === 'postgres') {
    // Names the process in pg_stat_activity (which instance holds a lock or runs a long statement).
    const application_name = `civic-dialog:${process.pid}`;
    return {
      connection: {
        client: 'postgres',
        connection: url
          ? { connectionString: url, ssl: env.bool('DATABASE_SSL', false), application_name }
          : {
              application_name,
              host: env('DATABASE_HOST', '127.0.0.1'),
              port: env.int('DATABASE_PORT', 5432),
              database: env('DATABASE_NAME', 'civic_dialog'),
              user: env('DATABASE_USERNAME', 'postgres'),
              password: env('DATABASE_PASSWORD', ''),
              ssl: env.bool('DATABASE_SSL', false),
            },
        pool: { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) },
      },
    };
  }

  return {
    connection: {
      client: 'sqlite',
      connection: {
        // Relative to the app folder (this file runs from dist/config).
        filename: path.resolve(__dirname, '..', '..', env('DATABASE_FILENAME', '.tmp/data.db')),
      },
      useNullAsDefault: true,
      pool: {
        // WAL: readers never wait for the writer, and a commit needs no fsync of the whole database
        // (synchronous=NORMAL is crash-safe in WAL mode; only the last commits can be lost on power loss).
        afterCreate(connection: any, done: (err: Error | null, connection: unknown) => void) {
          connection.pragma('journal_mode = WAL');
          connection.pragma('synchronous = NORMAL');
          connection.pragma('busy_timeout = 5000');
          cachePreparedStatements(connection);
          done(null, connection);
        },
      },
    },
  };
};
