import { sql } from 'kysely';
import { describe, expect, inject, test } from 'vitest';
import { freePort } from '../../scripts/free-port.ts';
import { StartupError } from '../startup-error.ts';
import { connectDatabase } from './connect-database.ts';

async function failure(url: string): Promise<StartupError> {
  const error = await connectDatabase(url, { connectTimeoutMs: 2000 }).then(
    async (db) => {
      await db.destroy();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StartupError);
  return error as StartupError;
}

describe('connectDatabase', () => {
  test('returns a working database when the server answers', async () => {
    const db = await connectDatabase(inject('pgAdminUrl'), { connectTimeoutMs: 2000 });
    try {
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await db.destroy();
    }
  });

  test('a closed port is named by host:port, without the password', async () => {
    const port = await freePort();
    const error = await failure(`postgres://fab:hunter2@127.0.0.1:${port}/fabdesk`);
    expect(error.code).toBe('database');
    expect(error.message).toBe(
      `the database at 127.0.0.1:${port} did not answer (ECONNREFUSED); start it or fix DATABASE_URL`,
    );
  });

  test('a missing database is reported with what Postgres said', async () => {
    const url = new URL(inject('pgAdminUrl'));
    url.pathname = '/no_such_database_here';
    const error = await failure(url.href);
    expect(error.message).toMatch(
      /^the database at .+ refused the connection to database "no_such_database_here": .*does not exist/,
    );
    expect(error.message).not.toContain(url.password || '\u0000');
  });
});
