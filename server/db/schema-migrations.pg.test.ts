import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMigrator } from './migrator.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import type { Database } from './database.ts';

// The repository's real migrations against a real Postgres (embedded, and CI's 15).

let t: TestDatabase<Database>;
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(() => t?.drop());

async function tables(): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%' order by table_name`.execute(
    t.db,
  );
  return rows.map((r) => r.table_name);
}

describe('the migrations', () => {
  it('go all the way up, all the way down, and up again', async () => {
    const migrator = createMigrator(t.db);
    const applied = await migrator.latest();
    expect(applied.length).toBeGreaterThanOrEqual(2);
    expect(await tables()).toEqual(
      expect.arrayContaining(['jobs', 'layers', 'events', 'runs', 'job_leases', 'staff', 'pens']),
    );
    expect((await migrator.status()).pending).toEqual([]);

    for (let i = 0; i < applied.length; i++) await migrator.down();
    expect(await tables()).toEqual([]);
    expect((await migrator.status()).applied).toEqual([]);

    expect(await migrator.latest()).toEqual(applied);
    expect((await migrator.status()).applied).toEqual(applied);
  });

  it("create the seed's indexes", async () => {
    await createMigrator(t.db).latest();
    const { rows } = await sql<{ indexdef: string }>`
      select indexdef from pg_indexes where schemaname = 'public'`.execute(t.db);
    const defs = rows.map((r) => r.indexdef).join('\n');
    for (const expected of [
      /ON public\.jobs USING btree \(state\)/,
      /ON public\.jobs USING btree \(file_hash\)/,
      /ON public\.jobs USING btree \(created_at\)/,
      /ON public\.events USING btree \(job_id, occurred_at\)/,
      /ON public\.events USING btree \(occurred_at\)/,
      /ON public\.events USING btree \(triggered_by\)/,
      /ON public\.runs USING btree \(status, created_at\)/,
    ]) {
      expect(defs).toMatch(expected);
    }
  });
});

describe('the events table', () => {
  const jobId = '00000000-0000-4000-8000-000000000001';
  beforeAll(async () => {
    await createMigrator(t.db).latest();
    await sql`insert into events (id, job_id, event_type, occurred_at)
      values (gen_random_uuid(), ${jobId}, 'JobCreated', now())`.execute(t.db);
  });

  it('accepts new events', async () => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from events`.execute(t.db);
    expect(rows[0]?.n).toBe(1);
  });

  it.each([
    ['UPDATE', sql`update events set event_type = 'Forged'`],
    ['DELETE', sql`delete from events`],
    ['TRUNCATE', sql`truncate events`],
  ])('refuses %s in Postgres itself, with a clear error', async (op, statement) => {
    await expect(statement.execute(t.db)).rejects.toThrow(
      `events are append-only: ${op} on events is not allowed`,
    );
    const { rows } = await sql<{ type: string }>`select event_type as type from events`.execute(
      t.db,
    );
    expect(rows).toEqual([{ type: 'JobCreated' }]);
  });
});
