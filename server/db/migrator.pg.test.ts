import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { StartupError } from '../startup-error.ts';
import { createMigrator, repoMigrationsDir } from './migrator.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

// Scratch migrations, so these tests do not depend on what migrations/ holds today.
const scratch: Record<string, string> = {
  '0001_create_widget.ts': `
    export async function up(db) { await db.schema.createTable('widget').addColumn('id', 'integer', (c) => c.primaryKey()).execute(); }
    export async function down(db) { await db.schema.dropTable('widget').execute(); }`,
  '0002_add_widget_name.ts': `
    export async function up(db) { await db.schema.alterTable('widget').addColumn('name', 'text').execute(); }
    export async function down(db) { await db.schema.alterTable('widget').dropColumn('name').execute(); }`,
  'README.md': 'not a migration',
  'helper.ts': 'export const notAMigration = true;',
};

let dir: string;
let database: TestDatabase<unknown>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fabdesk-migrations-'));
  for (const [name, text] of Object.entries(scratch)) await writeFile(join(dir, name), text);
  database = await createTestDatabase(inject('pgAdminUrl'));
});

afterAll(async () => {
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function widgetColumns(): Promise<string[]> {
  const { rows } = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_name = 'widget' order by ordinal_position`.execute(database.db);
  return rows.map((r) => r.column_name);
}

describe('createMigrator over a folder', () => {
  test('status, up, latest and down move one step at a time, in name order', async () => {
    const migrator = createMigrator(database.db, dir);
    expect(await migrator.status()).toEqual({
      applied: [],
      pending: ['0001_create_widget', '0002_add_widget_name'],
    });

    expect(await migrator.up()).toEqual(['0001_create_widget']);
    expect(await widgetColumns()).toEqual(['id']);
    expect(await migrator.status()).toEqual({
      applied: ['0001_create_widget'],
      pending: ['0002_add_widget_name'],
    });

    expect(await migrator.latest()).toEqual(['0002_add_widget_name']);
    expect(await widgetColumns()).toEqual(['id', 'name']);
    expect(await migrator.latest()).toEqual([]);

    expect(await migrator.down()).toEqual(['0002_add_widget_name']);
    expect(await widgetColumns()).toEqual(['id']);
    expect(await migrator.down()).toEqual(['0001_create_widget']);
    expect(await widgetColumns()).toEqual([]);
    expect(await migrator.down()).toEqual([]);
  });

  test('a failing migration is named in a StartupError and the whole batch is rolled back', async () => {
    const badDir = await mkdtemp(join(tmpdir(), 'fabdesk-migrations-bad-'));
    await writeFile(
      join(badDir, '0001_create_gadget.ts'),
      scratch['0001_create_widget.ts']!.replaceAll('widget', 'gadget'),
    );
    await writeFile(
      join(badDir, '0002_broken.ts'),
      `export async function up(db) { await db.schema.alterTable('no_such_table').addColumn('x', 'text').execute(); }`,
    );
    try {
      const migrator = createMigrator(database.db, badDir);
      const failure = await migrator.latest().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(StartupError);
      expect((failure as StartupError).code).toBe('migrations');
      expect((failure as StartupError).message).toMatch(
        /^migration 0002_broken \(up\) failed: .*no_such_table/,
      );
      // Postgres has transactional DDL, so kysely runs the batch in one transaction.
      expect(await migrator.status()).toEqual({
        applied: [],
        pending: ['0001_create_gadget', '0002_broken'],
      });
      const { rows } = await sql`select to_regclass('gadget') as t`.execute(database.db);
      expect(rows).toEqual([{ t: null }]);
    } finally {
      await rm(badDir, { recursive: true, force: true });
    }
  });
});

describe("the repository's migrations", () => {
  test('apply to a fresh database, revert one by one, and apply again', async () => {
    const fresh = await createTestDatabase(inject('pgAdminUrl'));
    try {
      const migrator = createMigrator(fresh.db, repoMigrationsDir);
      const { pending } = await migrator.status();
      expect(await migrator.latest()).toEqual(pending);
      expect(await migrator.status()).toEqual({ applied: pending, pending: [] });
      for (const name of [...pending].reverse()) expect(await migrator.down()).toEqual([name]);
      expect(await migrator.latest()).toEqual(pending);
    } finally {
      await fresh.drop();
    }
  });
});
