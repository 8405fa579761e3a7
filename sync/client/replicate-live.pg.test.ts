import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMigrator } from '../../server/db/migrator.ts';
import { createTestDatabase } from '../../server/db/test-database.ts';
import { type LiveDevice, openLiveDevice } from '../../server/sync/live-sync-device.ts';
import {
  type LiveSyncServer,
  type PairedDevice,
  pairNewDevice,
  startLiveSyncServer,
} from '../../server/sync/live-sync-server.ts';
import { setUpLiveSync } from '../../server/sync/live-sync-test-kit.ts';
import { newPen } from '../../server/sync/pen-test-fixture.ts';
// Types `inject('pgAdminUrl')` (sync's test tsconfig does not list the file).
import type {} from '../../scripts/provided-context.ts';
import { PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION } from '../protocol-version.ts';

// Real servers (real auth, real /sync/stream with LISTEN/NOTIFY) and devices paired
// through /auth/pair: nothing here stands in for the server.

type Doc = Record<string, unknown>;

// Two "server processes" on one Postgres, live.server (server one) and two: each its own
// pool and LISTEN connection. The safety net is slowed down so a hint can only have come
// through NOTIFY.
const live = setUpLiveSync({ safetyNetMs: 60_000 });
let two: LiveSyncServer;
let root: PairedDevice;

beforeAll(async () => {
  two = await startLiveSyncServer(live.t.url, { safetyNetMs: 60_000 });
  root = await pairNewDevice(live.server, 'root', 'admin');
});
afterAll(async () => {
  await two?.close();
});

const devices: LiveDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.close();
});

async function device(who: PairedDevice, baseUrl = live.server.baseUrl, liveStream = true) {
  const d = await openLiveDevice({
    baseUrl,
    token: who.token,
    collections: ['pens', 'jobs'],
    liveStream,
  });
  devices.push(d);
  return d;
}

const syncHeaders = (token?: string) => ({
  'content-type': 'application/json',
  [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION),
  ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
});

/** Pull, push and stream with `token` (or none): every answer, status and parsed body. */
async function tryEverything(token: string | undefined) {
  const pull = await fetch(`${live.server.baseUrl}/sync/pens/pull?limit=100`, {
    headers: syncHeaders(token),
  });
  const push = await fetch(`${live.server.baseUrl}/sync/pens/push`, {
    method: 'POST',
    headers: syncHeaders(token),
    body: JSON.stringify({ rows: [{ assumedMasterState: null, newDocumentState: newPen() }] }),
  });
  const stream = await fetch(`${live.server.baseUrl}/sync/stream`, {
    headers: { ...syncHeaders(token), accept: 'text/event-stream' },
  });
  return Promise.all(
    [pull, push, stream].map(async (r) => ({ status: r.status, body: await r.json() })),
  );
}

const penCount = async () =>
  Number(
    (await sql<{ n: string }>`select count(*) as n from pens`.execute(live.t.db)).rows[0]?.n ?? 0,
  );

describe('who may sync', () => {
  it('a paired device pulls with its Bearer token; without a token or with a made-up one: 401 and no documents', async () => {
    const a = await device(live.ada);
    await a.db.pens.insert(newPen());
    await a.online().awaitInSync();
    const written = await penCount();
    expect(written).toBeGreaterThan(0);

    const ok = await fetch(`${live.server.baseUrl}/sync/pens/pull?limit=100`, {
      headers: syncHeaders(live.bea.token),
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { documents: Doc[] }).documents.length).toBe(written);

    for (const token of [undefined, 'not-a-token', `${live.ada.token}x`]) {
      for (const answer of await tryEverything(token)) {
        expect(answer.status).toBe(401);
        expect(answer.body).toEqual({
          error: { code: 'unauthorized', message: expect.any(String) },
        });
      }
    }
    expect(await penCount()).toBe(written); // the refused pushes wrote nothing
  });

  it('a revoked workstation and a signed-out token get 401 and no data; the device shows signed-out', async () => {
    const cy = await pairNewDevice(live.server, `cy ${randomUUID().slice(0, 6)}`);
    const dee = await pairNewDevice(live.server, `dee ${randomUUID().slice(0, 6)}`);
    const c = await device(cy);
    const sync = c.online();
    await sync.awaitInSync();
    expect(sync.getStatus().error).toBeNull();

    const revoke = await fetch(
      `${live.server.baseUrl}/auth/workstations/${cy.workstationId}/revoke`,
      {
        method: 'POST',
        headers: syncHeaders(root.token),
      },
    );
    expect(revoke.status).toBe(200);
    const signOut = await fetch(`${live.server.baseUrl}/auth/sign-out`, {
      method: 'POST',
      headers: syncHeaders(dee.token),
    });
    expect(signOut.status).toBe(204);

    const before = await penCount();
    for (const token of [cy.token, dee.token]) {
      for (const answer of await tryEverything(token)) {
        expect(answer.status).toBe(401);
        expect(answer.body).not.toHaveProperty('documents');
        expect(answer.body).toEqual({
          error: { code: 'unauthorized', message: expect.any(String) },
        });
      }
    }
    expect(await penCount()).toBe(before);

    // The revoked device's next pull is refused and its status says so.
    sync.resync();
    const status = await firstValueFrom(sync.status$.pipe(filter((s) => s.error !== null)));
    expect(status.error?.code).toBe('signed-out');
  });
});

describe('the live stream', () => {
  it("a pen added on Ada's device reaches Bea's through /sync/stream hints, Bea never polls", async () => {
    const [a, b] = [await device(live.ada), await device(live.bea)];
    await a.online().awaitInSync();
    await b.online().awaitInSync();
    // Quiet period: a device that polled would pull here.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const quietFrom = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const pullsOf = (d: LiveDevice, from: number) =>
      d.requests.filter((r) => r.url.includes('/pull') && r.at >= from);
    expect(pullsOf(b, quietFrom)).toEqual([]);

    const fresh = newPen();
    const pushedAt = performance.now();
    await a.db.pens.insert(fresh);
    const arrived = await firstValueFrom(
      b.db.pens.findOne(String(fresh.id)).$.pipe(filter((doc) => doc !== null)),
    );
    expect(arrived.get('name')).toBe(fresh.name);
    // Bea asked once for her stream and pulled pens only after Ada's write.
    expect(b.requests.filter((r) => r.url.endsWith('/sync/stream'))).toHaveLength(1);
    expect(pullsOf(b, pushedAt).map((r) => new URL(r.url).pathname)).toContain('/sync/pens/pull');
  });

  it('a write through a second server process reaches a device streaming from the first', async () => {
    const a = await device(live.ada, two.baseUrl); // Ada talks to server two only
    const b = await device(live.bea, live.server.baseUrl); // Bea streams from server one only
    await a.online().awaitInSync();
    await b.online().awaitInSync();

    const fresh = newPen({ name: `via server two ${randomUUID().slice(0, 6)}` });
    await a.db.pens.insert(fresh);
    const arrived = await firstValueFrom(
      b.db.pens.findOne(String(fresh.id)).$.pipe(filter((doc) => doc !== null)),
    );
    expect(arrived.get('name')).toBe(fresh.name);
    expect(a.requests.every((r) => r.url.startsWith(two.baseUrl))).toBe(true);
    expect(b.requests.every((r) => r.url.startsWith(live.server.baseUrl))).toBe(true);
  });
});

describe('a checkpoint from the future', () => {
  it('after the server data was reset, the device pulls from the start and gets the new data', async () => {
    // A database of its own: this test resets the sequence.
    const own = await createTestDatabase(inject('pgAdminUrl'));
    await createMigrator(own.db).latest();
    const server = await startLiveSyncServer(own.url);
    try {
      const cy = await pairNewDevice(server, 'cy');
      const c = await openLiveDevice({
        baseUrl: server.baseUrl,
        token: cy.token,
        collections: ['pens'],
      });
      devices.push(c);
      const before = [newPen(), newPen(), newPen()];
      await c.db.pens.bulkInsert(before);
      const first = c.online();
      await first.awaitInSync();
      first.resync(); // pull our own pens back: the checkpoint is now theirs
      await first.awaitInSync();
      await c.offline();

      // The server's data is restored from an older state: the pens are gone and the
      // sequence starts over, far behind the device's checkpoint.
      await sql`delete from pens`.execute(own.db);
      await sql`alter sequence sync_seq restart with 1`.execute(own.db);
      const direct = await fetch(`${server.baseUrl}/sync/pens/pull?seq=50&limit=10`, {
        headers: syncHeaders(cy.token),
      });
      expect(direct.status).toBe(400);
      expect(await direct.json()).toEqual({
        error: { code: 'checkpoint-ahead', message: expect.stringContaining('checkpoint 50') },
      });
      const after = newPen({ name: 'after the restore' });
      const push = await fetch(`${server.baseUrl}/sync/pens/push`, {
        method: 'POST',
        headers: syncHeaders(cy.token),
        body: JSON.stringify({ rows: [{ assumedMasterState: null, newDocumentState: after }] }),
      });
      expect(push.status).toBe(200);

      const asked = c.requests.length;
      const sync = c.online();
      const arrived = await firstValueFrom(
        c.db.pens.findOne(String(after.id)).$.pipe(filter((doc) => doc !== null)),
      );
      expect(arrived.get('name')).toBe('after the restore');
      await sync.awaitInSync();
      expect(sync.getStatus().error).toBeNull();
      const pulls = c.requests.slice(asked).filter((r) => r.url.includes('/sync/pens/pull'));
      // Asked from its old checkpoint, was told it is ahead, asked again from the start.
      expect(pulls[0]?.url).toContain('seq=');
      expect(pulls[1]?.url).not.toContain('seq=');
    } finally {
      await server.close();
      await own.drop();
    }
  });
});
