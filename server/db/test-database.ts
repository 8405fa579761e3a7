import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createDatabase } from './create-database.ts';
import type { Database } from './database.ts';

/** A database of its own for one test file; `drop()` removes it (call it in afterAll). */
export interface TestDatabase<DB = Database> {
  url: string;
  db: Kysely<DB>;
  drop(): Promise<void>;
}

/**
 * Creates a uniquely named database on the server behind `adminUrl` (the vitest
 * `pgAdminUrl`: the embedded cluster, or a plain Postgres such as CI's 15 with trust
 * auth), so test files can run in parallel without seeing each other's rows.
 */
export async function createTestDatabase<DB = Database>(
  adminUrl: string,
): Promise<TestDatabase<DB>> {
  const name = `fabdesk_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await asAdmin(adminUrl, (admin) => admin.query(`create database "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDatabase<DB>(url.href, { connectTimeoutMs: 5000, maxConnections: 4 });
  return {
    url: url.href,
    db,
    drop: async () => {
      await db.destroy();
      await asAdmin(adminUrl, async (admin) => {
        // Connections a test left open (a spawned server, a forgotten pool) would make
        // DROP DATABASE fail; end them first.
        await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [name],
        );
        await admin.query(`drop database if exists "${name}"`);
      });
    },
  };
}

async function asAdmin(adminUrl: string, work: (admin: pg.Client) => Promise<unknown>) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
}
