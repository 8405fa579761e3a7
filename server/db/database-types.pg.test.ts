import { readFile } from 'node:fs/promises';
import type { JobState } from '@fabdesk/shared/lifecycle/job-state.ts';
import type { CollectionLevel } from '@fabdesk/shared/models/collection-level.ts';
import type { StatisticsSource } from '@fabdesk/shared/models/job-statistics.ts';
import type { Orientation } from '@fabdesk/shared/models/paper.ts';
import type { RunKind, RunStatus } from '@fabdesk/shared/models/run.ts';
import type { StaffRole } from '@fabdesk/shared/models/staff.ts';
import { type Selectable, sql } from 'kysely';
import { afterAll, beforeAll, expect, expectTypeOf, inject, test } from 'vitest';
import type { Database } from './database.ts';
import { databaseTypesFile, generateDatabaseTypes } from './generate-database-types.ts';
import { createMigrator } from './migrator.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

// The server's Kysely types come from the migrations, not from memory: a migration that
// adds, drops, renames or re-types a column changes what this generates, and the server
// code type-checks against the new schema once database.ts is regenerated.

let t: TestDatabase<unknown>;
let generated: string;
beforeAll(async () => {
  t = await createTestDatabase<unknown>(inject('pgAdminUrl'));
  await createMigrator(t.db).latest();
  generated = await generateDatabaseTypes(t.db);
});
afterAll(() => t?.drop());

test('server/db/database.ts is what the migrations create', async () => {
  const committed = await readFile(databaseTypesFile, 'utf8');
  expect(
    committed,
    'server/db/database.ts does not match the migrated schema: run npm run db:types and commit it',
  ).toBe(generated);
});

test('the types list every table and column, nullable exactly where Postgres says', async () => {
  // Guards the generator itself (an exclude pattern or a serializer change that lost a
  // table or a null), which the comparison above would take over once regenerated.
  const { rows } = await sql<{ table_name: string; column_name: string; is_nullable: string }>`
    select table_name, column_name, is_nullable from information_schema.columns
    where table_schema = 'public' and table_name not like 'kysely_%'`.execute(t.db);
  const expected = rows
    .map((r) => `${r.table_name}.${r.column_name}${r.is_nullable === 'YES' ? ' null' : ''}`)
    .sort();
  expect(expected.length).toBeGreaterThan(200);
  expect(declaredColumns(generated)).toEqual(expected);
});

test("a checked column's values are its shared model's (the type checker decides)", () => {
  type Column<T extends keyof Database, C extends keyof Selectable<Database[T]>> = Selectable<
    Database[T]
  >[C];
  expectTypeOf<Column<'jobs', 'state'>>().toEqualTypeOf<JobState>();
  expectTypeOf<Column<'staff', 'role'>>().toEqualTypeOf<StaffRole>();
  expectTypeOf<Column<'runs', 'kind'>>().toEqualTypeOf<RunKind>();
  expectTypeOf<Column<'runs', 'status'>>().toEqualTypeOf<RunStatus>();
  expectTypeOf<Column<'papers', 'orientation'>>().toEqualTypeOf<Orientation>();
  expectTypeOf<Column<'job_statistics', 'source'>>().toEqualTypeOf<StatisticsSource>();
  expectTypeOf<Column<'statistics_config', 'collection_level'>>().toEqualTypeOf<CollectionLevel>();
});

/** `table.column` (plus ` null` when its type admits null) for each column of `Database`. */
function declaredColumns(source: string): string[] {
  const body = (name: string) =>
    source.match(new RegExp(`export interface ${name} \\{\\n([^}]*)\\}`))?.[1] ?? '';
  const members = (block: string) =>
    [...block.matchAll(/^ {2}(\w+):\s*([^;]*);/gm)].map(([, key, type]) => ({ key, type }));
  return members(body('Database'))
    .flatMap(({ key: table, type: tableType }) =>
      members(body(tableType!)).map(
        ({ key, type }) => `${table}.${key}${/\| null\b/.test(type!) ? ' null' : ''}`,
      ),
    )
    .sort();
}
