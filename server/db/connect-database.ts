import { type Kysely, sql } from 'kysely';
import { StartupError } from '../startup-error.ts';
import { type CreateDatabaseOptions, createDatabase } from './create-database.ts';
import type { Database } from './database.ts';

/**
 * Creates the pool and proves the database answers before the server goes on, so a
 * wrong DATABASE_URL is one clear sentence at start rather than a 500 on the first
 * request. The message names host:port and database, never the password.
 */
export async function connectDatabase<DB = Database>(
  url: string,
  options: CreateDatabaseOptions,
): Promise<Kysely<DB>> {
  const db = createDatabase<DB>(url, options);
  try {
    await sql`select 1`.execute(db);
    return db;
  } catch (error) {
    await db.destroy().catch(() => {});
    throw new StartupError(
      'database',
      describeConnectFailure(url, error, options.connectTimeoutMs),
    );
  }
}

function describeConnectFailure(url: string, error: unknown, timeoutMs: number): string {
  const { hostname, port, pathname, username } = new URL(url);
  const where = `${hostname}:${port || '5432'}`;
  const database = decodeURIComponent(pathname.slice(1)) || username;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return `the database at ${where} did not answer (${String(code)}); start it or fix DATABASE_URL`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `the database host ${hostname} in DATABASE_URL could not be resolved (${String(code)})`;
  }
  if (/timeout/i.test(message)) {
    return `the database at ${where} did not answer within ${timeoutMs} ms; start it or fix DATABASE_URL`;
  }
  // Postgres answered but refused: wrong password (28P01), unknown role (28000) or
  // missing database (3D000). Its own message says which.
  return `the database at ${where} refused the connection to database "${database}": ${message}`;
}
