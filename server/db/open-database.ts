import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { connectDatabase } from './connect-database.ts';
import type { Database } from './database.ts';
import { startEmbeddedPostgres } from './start-embedded-postgres.ts';

/** The database the server (or the migrate CLI) works on, and how to let go of it. */
export interface OpenDatabase<DB = Database> {
  db: Kysely<DB>;
  /** The connection string, for connections outside the pool (the change stream's LISTEN). */
  url: string;
  /** Where it is, for log lines: host:port/database, never the password. */
  description: string;
  /** Closes the pool, then stops the embedded cluster if this process started it. */
  close(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise the embedded cluster in `<dataDir>/pg`, started here.
 * Either way the database has answered a query before this returns. On failure anything
 * already started is stopped again before the `StartupError` propagates.
 */
export async function openDatabase<DB = Database>(
  config: Config,
  logger: Logger,
): Promise<OpenDatabase<DB>> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: join(config.dataDir, 'pg'),
        port: config.embeddedPgPort,
        onLog: (line) => logger.debug(`postgres: ${line}`),
      });
  const url = config.databaseUrl ?? embedded!.url;
  // pg-pool's end() resolves before its connections' sockets have closed, so stopping the
  // embedded cluster right after can still cut one; that is shutdown, not a lost connection.
  let closing = false;
  try {
    const db = await connectDatabase<DB>(url, {
      connectTimeoutMs: config.databaseConnectTimeoutMs,
      onIdleError: (error) => {
        if (!closing) logger.warn(`database connection lost: ${error.message}`);
      },
    });
    const { hostname, port, pathname } = new URL(url);
    const where = `${hostname}:${port || '5432'}${pathname}`;
    return {
      db,
      url,
      description: embedded ? `embedded Postgres at ${where} (${config.dataDir}/pg)` : where,
      close: async () => {
        closing = true;
        await db.destroy();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
