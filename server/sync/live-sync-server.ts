import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StaffRole } from '@fabdesk/shared/models/staff.ts';
import type { Kysely } from 'kysely';
import { createApp } from '../app.ts';
import { createStaff } from '../auth/create-staff.ts';
import type { ScryptCost } from '../auth/scrypt-cost.ts';
import { createDatabase } from '../db/create-database.ts';
import { createMigrator } from '../db/migrator.ts';
import { listen } from '../listen.ts';
import { createLogger } from '../logger.ts';
import { startChangeHub } from '../stream/change-hub.ts';
import type { Database } from '../db/database.ts';

/** One server process's worth of sync server: its own pool, change hub and HTTP socket. */
export interface LiveSyncServer {
  baseUrl: string;
  db: Kysely<Database>;
  close(): Promise<void>;
}

/**
 * For replication tests and `bench/sync.ts`: the real app (real auth, sync, leases and
 * `/sync/stream`) on a loopback port, wired like `startServer` but on an existing,
 * migrated database. Starting it twice on the same URL gives two "server processes"
 * that share nothing but Postgres: separate pools, separate LISTEN connections.
 */
export async function startLiveSyncServer(
  databaseUrl: string,
  options: { safetyNetMs?: number; maxConnections?: number; heartbeatMs?: number } = {},
): Promise<LiveSyncServer> {
  const logger = createLogger('error', { out: () => {}, err: (l) => console.error(l) });
  const db = createDatabase(databaseUrl, {
    connectTimeoutMs: 5000,
    maxConnections: options.maxConnections ?? 6,
  });
  const changeHub = await startChangeHub({
    url: databaseUrl,
    db,
    logger,
    ...(options.safetyNetMs === undefined ? {} : { safetyNetMs: options.safetyNetMs }),
  });
  const app = createApp({
    db,
    migrator: createMigrator(db),
    version: 'test',
    logger,
    changeHub,
    ...(options.heartbeatMs === undefined ? {} : { stream: { heartbeatMs: options.heartbeatMs } }),
  });
  let server: Server;
  try {
    server = await listen(app.fetch, '127.0.0.1', 0);
  } catch (error) {
    await changeHub.close();
    await db.destroy();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    async close() {
      await changeHub.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db.destroy();
    },
  };
}

/** scrypt at a test-friendly cost (the real algorithm; stored hashes carry their cost). */
const cheapCost: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };

/** A staff member paired on a new workstation through `POST /auth/pair`. */
export interface PairedDevice {
  token: string;
  staffId: string;
  workstationId: string;
}

/**
 * Creates a staff member (as `npm run staff:add` would) and pairs a workstation for them
 * over HTTP, the way a device does: the token comes from the real `/auth/pair`.
 */
export async function pairNewDevice(
  server: LiveSyncServer,
  name: string,
  role: StaffRole = 'staff',
): Promise<PairedDevice> {
  const password = `${name} has a long password`;
  await createStaff(server.db, { name, email: null, role, password }, cheapCost);
  return pairDevice(server.baseUrl, name, password, `${name}'s tablet`);
}

/** `POST /auth/pair` for an existing staff member. */
export async function pairDevice(
  baseUrl: string,
  name: string,
  password: string,
  deviceName: string,
): Promise<PairedDevice> {
  const response = await fetch(`${baseUrl}/auth/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password, deviceName }),
  });
  if (response.status !== 201)
    throw new Error(`pairing ${name} answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as {
    token: string;
    workstation: { id: string };
    staff: { id: string };
  };
  return { token: body.token, staffId: body.staff.id, workstationId: body.workstation.id };
}
