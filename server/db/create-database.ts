import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';

export interface CreateDatabaseOptions {
  /** How long a new pool connection may take before the query fails. */
  connectTimeoutMs: number;
  /** Connections the pool may hold; the server is one process on a lab machine. */
  maxConnections?: number;
  /**
   * Errors on idle pooled connections (the database restarted, the network dropped).
   * pg emits them as 'error' events, which would crash the process if nobody listened.
   */
  onIdleError?: (error: Error) => void;
}

/**
 * A Kysely instance over a `pg.Pool`. Nothing connects until the first query; use
 * `connectDatabase` to find out at start whether the database answers. `db.destroy()`
 * closes the pool.
 */
// bigint (int8) columns hold sequence numbers and fencing tokens, far below 2^53: read
// them as numbers, not pg's default strings. Everything else keeps pg's parsers.
const typeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === pg.types.builtins.INT8 && format !== 'binary'
    ? (value: string) => Number(value)
    : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser;

export function createDatabase<DB = Database>(
  url: string,
  options: CreateDatabaseOptions,
): Kysely<DB> {
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs,
    max: options.maxConnections ?? 10,
    types: { getTypeParser: typeParser },
  });
  pool.on('error', options.onIdleError ?? (() => {}));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
