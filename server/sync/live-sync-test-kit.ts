import { afterAll, beforeAll, inject } from 'vitest';
import { createMigrator } from '../db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import {
  type LiveSyncServer,
  type PairedDevice,
  pairNewDevice,
  startLiveSyncServer,
} from './live-sync-server.ts';

/** A test file's live sync set-up, as `setUpLiveSync` fills it before the file's tests. */
export interface LiveSync {
  /** The file's own migrated database. */
  t: TestDatabase;
  /** A live sync server on it: real auth, sync routes and stream, on a port. */
  server: LiveSyncServer;
  /** Devices paired through `server` (/auth/pair), each its staff member's workstation. */
  ada: PairedDevice;
  bea: PairedDevice;
}

/**
 * For the device-side `.pg.test.ts` files (sync/client): a database of their own, a live
 * sync server on it and the devices Ada and Bea, created before the file's tests and closed
 * after them. A test file writes `const live = setUpLiveSync()` at its top and reads
 * `live.server`, `live.ada` in its tests; the object is empty until beforeAll has filled it.
 */
export function setUpLiveSync(options: Parameters<typeof startLiveSyncServer>[1] = {}): LiveSync {
  const live = {} as LiveSync;
  beforeAll(async () => {
    live.t = await createTestDatabase(inject('pgAdminUrl'));
    await createMigrator(live.t.db).latest();
    live.server = await startLiveSyncServer(live.t.url, options);
    live.ada = await pairNewDevice(live.server, 'ada');
    live.bea = await pairNewDevice(live.server, 'bea');
  });
  afterAll(async () => {
    await live.server?.close();
    await live.t?.drop();
  });
  return live;
}
