import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { columnsOf, ENTITY_TABLES } from './entity-tables.ts';
import { createMigrator } from './migrator.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import type { Database } from './database.ts';

// Pins each shared/models schema to its table: every field has its column(s), and the
// table has no column that no field (or declared bookkeeping column) accounts for.

let t: TestDatabase<Database>;
let catalog: Map<string, Set<string>>;
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  await createMigrator(t.db).latest();
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public'`.execute(t.db);
  catalog = new Map();
  for (const r of rows) {
    catalog.set(r.table_name, (catalog.get(r.table_name) ?? new Set()).add(r.column_name));
  }
});
afterAll(() => t?.drop());

describe('entity schemas and tables', () => {
  it.each(Object.entries(ENTITY_TABLES))('%s matches its table column for column', (_, entity) => {
    const actual = catalog.get(entity.table);
    expect(actual, `table ${entity.table}`).toBeDefined();
    const expected = [...columnsOf(entity), ...entity.extraColumns].sort();
    expect([...(actual ?? [])].sort()).toEqual(expected);
    for (const f of Object.values(entity.fields)) {
      if ('childTable' in f) expect(catalog.has(f.childTable)).toBe(true);
    }
  });

  it('covers every table the migrations create, except bookkeeping ones', () => {
    const mapped = new Set<string>(Object.values(ENTITY_TABLES).map((e) => e.table));
    const unmapped = [...catalog.keys()].filter(
      (name) => !mapped.has(name) && !name.startsWith('kysely_'),
    );
    // blobs: content-addressed bytes (sources, plans) fetched over HTTP, never an entity.
    expect(unmapped.sort()).toEqual([
      'blobs',
      'confirmation_tokens',
      'device_tokens',
      'staff_credentials',
    ]);
  });
});
