import { sql } from 'kysely';
import pg from 'pg';
import { expect, inject, test } from 'vitest';
import { createTestDatabase } from './test-database.ts';

async function databaseExists(name: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    return rowCount === 1;
  } finally {
    await admin.end();
  }
}

test('createTestDatabase gives each caller its own database and drop removes it despite open connections', async () => {
  const a = await createTestDatabase(inject('pgAdminUrl'));
  const b = await createTestDatabase(inject('pgAdminUrl'));
  const nameA = new URL(a.url).pathname.slice(1);
  expect(nameA).not.toBe(new URL(b.url).pathname.slice(1));

  await sql`create table note (body text)`.execute(a.db);
  await sql`insert into note values ('only in a')`.execute(a.db);
  const { rows } = await sql`select to_regclass('note') as t`.execute(b.db);
  expect(rows).toEqual([{ t: null }]);

  // A connection the test forgot to close must not stop the drop.
  const leftover = new pg.Client({ connectionString: a.url });
  leftover.on('error', () => {});
  await leftover.connect();
  await a.drop();
  expect(await databaseExists(nameA)).toBe(false);
  await leftover.end().catch(() => {});
  await b.drop();
});
