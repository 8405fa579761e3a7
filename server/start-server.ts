import type { Server } from 'node:http';
import { createApp } from './app.ts';
import { prepareFirstAdmin } from './auth/prepare-first-admin.ts';
import type { Config } from './config.ts';
import { createMigrator } from './db/migrator.ts';
import { openDatabase } from './db/open-database.ts';
import { listen } from './listen.ts';
import type { Logger } from './logger.ts';
import { type RunService, startRunService } from './runs/run-service.ts';
import { type ChangeHub, startChangeHub } from './stream/change-hub.ts';

/** A listening server; `close` undoes everything `startServer` did, in reverse. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** In-flight requests get this long to finish on shutdown before their sockets are cut. */
const drainMs = 5000;

/**
 * Database (DATABASE_URL or the embedded cluster) → migrations to latest → change hub
 * (the live stream's LISTEN connection) → listen.
 * Any step that fails undoes the earlier ones (pool closed, embedded cluster stopped)
 * before its `StartupError` reaches `main.ts`, so a failed start leaves nothing running.
 */
export async function startServer(
  config: Config,
  logger: Logger,
  version: string,
): Promise<RunningServer> {
  const database = await openDatabase(config, logger);
  let server: Server;
  let changeHub: ChangeHub | undefined;
  let runs: RunService | undefined;
  try {
    logger.info(`database: ${database.description}`);
    const migrator = createMigrator(database.db);
    for (const name of await migrator.latest()) logger.info(`migration applied: ${name}`);
    const firstAdminSetup = await prepareFirstAdmin(database.db, config, logger);
    changeHub = await startChangeHub({ url: database.url, db: database.db, logger });
    // runs: settle runs a dead server left running, then start the queue (server/runs/).
    runs = await startRunService({
      db: database.db,
      url: database.url,
      logger,
      concurrency: config.runConcurrency,
      cancelGraceMs: config.runCancelGraceMs,
    });
    const app = createApp({
      db: database.db,
      migrator,
      version,
      logger,
      firstAdminSetup,
      changeHub,
      runs: { service: runs, maxUploadBytes: config.maxUploadBytes },
      pwaDir: config.pwaDir,
    });
    server = await listen(app.fetch, config.host, config.port);
  } catch (error) {
    await runs?.close();
    await changeHub?.close();
    await database.close();
    throw error;
  }
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${config.port}`;
  logger.info(`fabdesk ${version} listening on ${url}`);
  return {
    url,
    close: async () => {
      // The hub first: it ends the open change streams, which would otherwise hold the
      // HTTP server open for the whole drain time.
      await changeHub?.close();
      await closeServer(server);
      await runs?.close();
      await database.close();
    },
  };
}

/** Stops accepting, lets in-flight requests finish (bounded), then resolves. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), drainMs);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    // close() waits for keep-alive sockets too; idle ones carry no request, end them now.
    server.closeIdleConnections();
  });
}
