import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createMigrator } from '../db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import {
  type LiveSyncServer,
  type PairedDevice,
  pairNewDevice,
  startLiveSyncServer,
} from '../sync/live-sync-server.ts';
import { readSse } from './sse-test-reader.ts';

// The real app (requireAuth, /sync/stream) with a 100 ms heartbeat: a stream opened with a
// device token ends once that token no longer signs the device in.

let t: TestDatabase<unknown>;
let server: LiveSyncServer;
let root: PairedDevice;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  await createMigrator(t.db).latest();
  server = await startLiveSyncServer(t.url, { safetyNetMs: 60_000, heartbeatMs: 100 });
  root = await pairNewDevice(server, 'root', 'admin');
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

const call = (method: string, path: string, token: string, body?: unknown) =>
  fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function openStream(token: string) {
  const response = await call('GET', '/sync/stream', token);
  expect(response.status).toBe(200);
  const sse = readSse(response);
  expect((await sse.next()).event).toBe('resync');
  return sse;
}

/** Reads events until the server ends the stream; how many heartbeats came before (11: it did not end). */
async function heartbeatsUntilEnd(sse: ReturnType<typeof readSse>, timeoutMs = 3000) {
  let heartbeats = 0;
  for (;;) {
    try {
      const e = await sse.next(timeoutMs);
      if (e.event === 'heartbeat') heartbeats++;
      // Ten heartbeats (1 s) after the revocation: the stream is not going to end.
      if (heartbeats > 10) return heartbeats;
    } catch (error) {
      if ((error as Error).message === 'the stream ended') return heartbeats;
      throw error;
    }
  }
}

describe('GET /sync/stream after the device was signed out', () => {
  test('signing out ends the stream at its next heartbeat; the reconnect is refused', async () => {
    const ada = await pairNewDevice(server, 'ada');
    const sse = await openStream(ada.token);
    expect((await sse.nextOf('heartbeat', 1000)).event).toBe('heartbeat');
    expect((await call('POST', '/auth/sign-out', ada.token)).status).toBe(204);
    // At most the heartbeat already on its way, then the end.
    expect(await heartbeatsUntilEnd(sse)).toBeLessThanOrEqual(1);
    expect((await call('GET', '/sync/stream', ada.token)).status).toBe(401);
  });

  test('a revoked workstation and a deactivated staff member end theirs; others keep streaming', async () => {
    const bea = await pairNewDevice(server, 'bea');
    const cai = await pairNewDevice(server, 'cai');
    const dee = await pairNewDevice(server, 'dee');
    const beaStream = await openStream(bea.token);
    const caiStream = await openStream(cai.token);
    const deeStream = await openStream(dee.token);
    const revoke = await call('POST', `/auth/workstations/${bea.workstationId}/revoke`, root.token);
    expect(revoke.status).toBe(200);
    const deactivate = await call('POST', `/staff/${cai.staffId}/deactivate`, root.token);
    expect(deactivate.status).toBe(200);
    expect(await heartbeatsUntilEnd(beaStream)).toBeLessThanOrEqual(1);
    expect(await heartbeatsUntilEnd(caiStream)).toBeLessThanOrEqual(1);
    // Dee is still signed in: her stream goes on beating.
    for (let i = 0; i < 3; i++)
      expect((await deeStream.nextOf('heartbeat', 1000)).event).toBe('heartbeat');
    await deeStream.cancel();
  });
});
