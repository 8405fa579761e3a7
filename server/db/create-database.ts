import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

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
export function createDatabase<DB>(url: string, options: CreateDatabaseOptions): Kysely<DB> {
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs,
    max: options.maxConnections ?? 10,
  });
  pool.on('error', options.onIdleError ?? (() => {}));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
