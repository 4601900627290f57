import { z } from 'zod';
import type { Strapi } from './types';
import { toIso } from './time';

/** True for a unique-constraint violation on SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const err = error as { code?: string; message?: string } | null;
  if (!err) return false;
  return (
    err.code === '23505' ||
    err.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed|duplicate key value/i.test(err.message ?? '')
  );
}

/** Runs a whole transaction again once when it lost a race on a unique index. */
export async function retryOnUniqueViolation<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return run();
  }
}

/** An index the plugin's set-based SQL relies on (columns are snake_case column names). */
export interface IndexSpec {
  name: string;
  table: string;
  columns: string[];
  unique?: boolean;
}

/**
 * Creates indexes with IF NOT EXISTS (SQLite and PostgreSQL); Strapi's schema sync leaves indexes
 * it never created alone. Each part creates its own tables' indexes in its bootstrap.
 */
export async function ensureIndexes(strapi: Strapi, indexes: IndexSpec[]): Promise<void> {
  const knex = strapi.db.connection;
  for (const index of indexes) {
    const columns = index.columns.map((column) => `"${column}"`).join(', ');
    await knex.raw(`CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS "${index.name}" ON "${index.table}" (${columns})`);
  }
}

/*
 * Rows read from the database are parsed once, where they are read, by the row schema of their table
 * (kept next to the table's owner as `<table>Rows = rowsOf(...)`). The column types below turn what
 * either dialect hands back — through knex or through Strapi's Query Engine — into one value.
 * Where the dialects agree (text, integer columns) they are plain zod types, which zod checks
 * without a function call per value; the rest reads what differs: SQLite gives 0/1 for booleans,
 * ISO text or epoch milliseconds for times and JSON as text; PostgreSQL gives booleans, Date
 * objects, JSON as text (Strapi turns off pg's JSONB parsing) and bigint counts and sums as strings.
 */

/** A column reader: `read` returns undefined for a value it does not accept. */
function column<T>(expected: string, read: (value: unknown) => T | undefined) {
  return z.unknown().transform((value, ctx): T => {
    const out = read(value);
    if (out !== undefined) return out;
    // The type only, never the value: a row can hold an address, and this message reaches the log.
    ctx.issues.push({ code: 'custom', message: `expected ${expected}, got ${value === null ? 'null' : typeof value}`, input: value });
    return z.NEVER;
  });
}

const orNull =
  <T>(read: (value: unknown) => T | undefined) =>
  (value: unknown): T | null | undefined =>
    value === null || value === undefined ? null : read(value);

/** A count or sum: a number (SQLite), a bigint as a string (PostgreSQL), or null for SUM over no rows. */
const asCount = (value: unknown): number | undefined => {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : undefined;
};
const asBool = (value: unknown): boolean | undefined => {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 't' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'f' || value === 'false') return false;
  return undefined;
};
/** What toIso makes: the Query Engine's times already are, and stay as they are (no Date per value). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const asTime = (value: unknown): string | undefined =>
  typeof value === 'string' && ISO_TIME.test(value) ? value : toIso(value) ?? undefined;
/** JSON as text (knex) is parsed; what is no JSON text stays as it is (as Strapi reads it). */
const asJson = (value: unknown): unknown => {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

/** Column types for row schemas. Times come out as ISO strings (as the Query Engine gives them). */
export const col = {
  /** Ids and integer columns: a number in both dialects (int4; a bigint would be a `count`). */
  int: z.int(),
  intOrNull: z.int().nullable(),
  count: column('a count', asCount),
  bool: column('a boolean', asBool),
  text: z.string(),
  textOrNull: z.string().nullable(),
  time: column('a time', asTime),
  timeOrNull: column('a time or null', orNull(asTime)),
  /** A JSON column, parsed; `shape` checks (and may default) what it holds. */
  json<T = unknown>(shape?: z.ZodType<T, unknown>): z.ZodType<T, unknown> {
    const parsed = z.unknown().transform(asJson);
    return (shape ? parsed.pipe(shape) : parsed) as z.ZodType<T, unknown>;
  },
};

const totals = rowsOf('a count', z.object({ total: col.count }));

/** The `count({ total: '*' })` of a knex query, 0 for none (PostgreSQL answers a count as a string). */
export function totalOf(row: unknown): number {
  return totals.one(row)?.total ?? 0;
}

/** The parser of one table's rows (or of one query's rows over it). */
export interface Rows<T> {
  /** The row schema, for a relation populated into another table's row. */
  readonly schema: z.ZodType<T, unknown>;
  /** What to select for the rows this parser reads: attribute names, or column names for `sql` parsers. */
  readonly select: string[];
  /** One row, or null when the query found none. */
  one(row: unknown): T | null;
  many(rows: unknown): T[];
  /** A row that must be there (just written, or locked): none is a bug. */
  existing(row: unknown): T;
  /** The parser of Query Engine rows that select only these attributes (made once, then reused). */
  pick<K extends keyof T & string>(...attributes: K[]): Rows<Pick<T, K>>;
  /**
   * The parser of knex rows that select these attributes by their column names (Strapi's
   * snake_case: `firstName` → `first_name`): the same shape as the Query Engine's.
   */
  sql<K extends keyof T & string>(...attributes: K[]): Rows<Pick<T, K>>;
}

export type RowOf<R> = R extends Rows<infer T> ? T : never;

/** The column Strapi makes of an attribute name. */
export const columnName = (attribute: string): string => attribute.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The parse boundary of a table: every read of it goes through `one`, `many` or `existing`. */
export function rowsOf<S extends z.ZodObject>(table: string, schema: S): Rows<z.output<S>> {
  return parser<z.output<S>>(table, schema, Object.keys(schema.shape), schema.shape);
}

/**
 * `schema` parses to T (the one place where that is taken on trust) after `rename`; `shape` is there
 * for a table's own parser.
 */
function parser<T>(
  table: string,
  schema: z.ZodType,
  select: string[],
  shape?: Record<string, z.ZodType>,
  rename?: (row: Record<string, unknown>) => Record<string, unknown>,
): Rows<T> {
  const variants = new Map<string, Rows<any>>();
  const variant = (key: string, make: () => Rows<any>) => {
    let made = variants.get(key);
    if (!made) variants.set(key, (made = make()));
    return made;
  };
  const parse = (row: unknown): T => {
    const result = schema.safeParse(row);
    if (result.success) return (rename ? rename(result.data as Record<string, unknown>) : result.data) as T;
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`).join('; ');
    throw new Error(`civic-dialog: a row of ${table} is not what the code expects (${problems})`);
  };
  const columnsOf = () => {
    if (!shape) throw new Error(`civic-dialog: pick and sql work on a table's own parser (${table})`);
    return shape;
  };
  return {
    schema: schema as z.ZodType<T, unknown>,
    select,
    one: (row) => (row === null || row === undefined ? null : parse(row)),
    many: (rows) => {
      if (!Array.isArray(rows)) throw new Error(`civic-dialog: expected a list of ${table} rows`);
      return rows.map(parse);
    },
    existing: (row) => {
      if (row === null || row === undefined) throw new Error(`civic-dialog: expected a row of ${table}, found none`);
      return parse(row);
    },
    pick: (...attributes) =>
      variant(`pick:${attributes.join(',')}`, () =>
        parser(table, z.object(Object.fromEntries(attributes.map((name) => [name, columnsOf()[name]!]))), attributes),
      ),
    sql: (...attributes) =>
      variant(`sql:${attributes.join(',')}`, () => {
        const columns = attributes.map(columnName);
        const read = z.object(Object.fromEntries(attributes.map((name, index) => [columns[index]!, columnsOf()[name]!])));
        // A plain loop, not a zod transform: this runs for every row of an export.
        const rename = (row: Record<string, unknown>) => {
          const out: Record<string, unknown> = {};
          for (let index = 0; index < columns.length; index++) out[attributes[index]!] = row[columns[index]!];
          return out;
        };
        return parser(table, read, columns, undefined, rename);
      }),
  };
}
