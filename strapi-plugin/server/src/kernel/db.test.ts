import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { col, rowsOf } from './db';

const things = rowsOf('things', z.object({ id: col.int, on: col.bool, at: col.time, seen: col.timeOrNull, data: col.json(), n: col.count, name: col.textOrNull }));

describe('rowsOf: one shape for what SQLite and PostgreSQL hand back', () => {
  const at = '2026-05-01T10:00:00.000Z';

  it('reads a SQLite row through knex: 0/1 booleans, epoch-millisecond times, JSON as text', () => {
    expect(things.one({ id: 3, on: 1, at: Date.parse(at), seen: null, data: '{"a":[1]}', n: 2, name: 'x' })).toEqual({
      id: 3, on: true, at, seen: null, data: { a: [1] }, n: 2, name: 'x',
    });
    expect(things.one({ id: 3, on: 0, at: String(Date.parse(at)), seen: at, data: null, n: null, name: null })).toMatchObject({ on: false, at, seen: at, data: null, n: 0 });
  });

  it('reads a PostgreSQL row: booleans, Date objects, JSON as text, bigint counts as strings', () => {
    expect(things.one({ id: 7, on: true, at: new Date(at), seen: new Date(at), data: '{"a":1}', n: '12', name: null })).toEqual({
      id: 7, on: true, at, seen: at, data: { a: 1 }, n: 12, name: null,
    });
  });

  it('keeps only the declared columns, and a picked parser only the selected ones', () => {
    expect(Object.keys(things.one({ id: 1, on: true, at, seen: null, data: null, n: 0, name: null, documentId: 'd', extra: 1 })!)).toEqual([
      'id', 'on', 'at', 'seen', 'data', 'n', 'name',
    ]);
    expect(things.pick('id', 'at').many([{ id: 1, at }])).toEqual([{ id: 1, at }]);
    expect(things.pick('id', 'at')).toBe(things.pick('id', 'at'));
  });

  it('null in, null out; a missing row that must exist, or a row of another shape, is an error naming the table and not the value', () => {
    expect(things.one(null)).toBeNull();
    expect(() => things.existing(undefined)).toThrow('expected a row of things, found none');
    const wrong = () => things.one({ id: 'x@example.org', on: 2, at: 'never', seen: null, data: null, n: 0, name: null });
    expect(wrong).toThrow(
      'a row of things is not what the code expects (id: Invalid input: expected number, received string; on: expected a boolean, got number; at: expected a time, got string)',
    );
    expect(wrong).not.toThrow(/example/);
    expect(() => things.one({ id: 1.5, on: true, at, seen: null, data: null, n: 0, name: null })).toThrow(/id: .*int/);
    expect(() => things.one({ id: 1, on: true, at, seen: null, data: null, n: '1.5', name: null })).toThrow('n: expected a count, got string');
    expect(() => things.many({})).toThrow('expected a list of things rows');
  });
});

describe('rowsOf(...).sql: knex rows by column name, in the Query Engine shape', () => {
  const people = rowsOf('people', z.object({ id: col.int, firstName: col.textOrNull, createdAt: col.time }));

  it('selects snake_case columns and hands back attribute names', () => {
    const listed = people.sql('id', 'firstName', 'createdAt');
    expect(listed.select).toEqual(['id', 'first_name', 'created_at']);
    expect(listed.one({ id: 4, first_name: 'Ada', created_at: 1_777_629_600_000, email: 'x' })).toEqual({
      id: 4, firstName: 'Ada', createdAt: new Date(1_777_629_600_000).toISOString(),
    });
    expect(people.pick('firstName').select).toEqual(['firstName']);
  });
});
