import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { AuthContext } from '../../server/auth/auth-context.ts';
import { createMigrator } from '../../server/db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../../server/db/test-database.ts';
import { newPen } from '../../server/sync/pen-test-fixture.ts';
import { addDevice, holdLease, newJob, syncTestApp } from '../../server/sync/sync-test-fixture.ts';
import { freePort } from '../../scripts/free-port.ts';
// Types `inject('pgAdminUrl')` (sync's test tsconfig does not list the file).
import type {} from '../../scripts/provided-context.ts';
import { createDeviceDatabase, type DeviceDatabase } from './create-device-database.ts';
import type { FetchLike } from './fetch-port.ts';
import { type DeviceReplication, startReplication } from './replicate-collections.ts';

type Doc = Record<string, unknown>;

let t: TestDatabase<unknown>;
let baseUrl: string;
let server: ReturnType<typeof serve>;
const devices = new Map<string, AuthContext>();
let requests: { method: string; url: string }[] = [];

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  await createMigrator(t.db).latest();
  for (const name of ['ada', 'bea', 'cy']) devices.set(name, await addDevice(t.db, name));
  const port = await freePort();
  server = serve({ fetch: syncTestApp(t.db, devices).fetch, port, hostname: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo | null)?.port ?? port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.drop();
});

// The server's auth module is not mounted yet: its test app takes the device from
// `x-test-device`. The token is the device's name here; the client sends it as Bearer.
const testFetch: FetchLike = async (url, init) => {
  requests.push({ method: init?.method ?? 'GET', url });
  const token = init?.headers?.authorization?.replace('Bearer ', '') ?? '';
  return fetch(url, {
    ...init,
    headers: { ...init?.headers, 'x-test-device': token },
  } as unknown as RequestInit);
};

interface Client {
  db: DeviceDatabase;
  online(): DeviceReplication;
  offline(): Promise<void>;
  sync: DeviceReplication | null;
}
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) {
    await c.offline();
    await c.db.remove();
  }
  requests = [];
});

async function client(
  token: string,
  storage: RxStorage<unknown, unknown> = getRxStorageMemory(),
  fetch: FetchLike = testFetch,
  liveStream = false,
): Promise<Client> {
  const db = await createDeviceDatabase({
    storage,
    name: `d${randomUUID().replaceAll('-', '')}`,
    collections: ['pens', 'jobs'],
  });
  const c: Client = {
    db,
    sync: null,
    online() {
      c.sync = startReplication({
        db,
        baseUrl,
        token,
        fetch,
        liveStream,
        retryTimeMs: 100,
      });
      return c.sync;
    },
    async offline() {
      await c.sync?.stop();
      c.sync = null;
    },
  };
  clients.push(c);
  return c;
}

async function serverDocs(collection: string): Promise<Doc[]> {
  const res = await testFetch(`${baseUrl}/sync/${collection}/pull?limit=2000`, {
    headers: { authorization: 'Bearer ada', 'x-fabdesk-protocol': '1' },
  });
  const body = (await res.json()) as { documents: Doc[] };
  return sortById(body.documents.filter((d) => d._deleted !== true).map(({ _deleted, ...d }) => d));
}

async function localDocs(c: Client, collection: 'pens' | 'jobs'): Promise<Doc[]> {
  const docs = await c.db[collection].find().exec();
  return sortById(docs.map((d) => d.toMutableJSON() as Doc));
}

const sortById = (docs: Doc[]) =>
  [...docs].sort((a, b) => String(a.id).localeCompare(String(b.id)));

async function patch(c: Client, collection: 'pens' | 'jobs', id: string, changes: Doc) {
  const doc = await c.db[collection].findOne(id).exec();
  await doc!.incrementalPatch({ ...changes, updatedAt: new Date().toISOString() });
}

async function losers(c: Client) {
  return (await c.db.device_state.find({ selector: { kind: 'conflict' } }).exec()).map(
    (d) => d.toMutableJSON() as Doc,
  );
}

describe.each<[string, () => RxStorage<unknown, unknown>]>([
  ['memory', () => getRxStorageMemory()],
  ['dexie over fake-indexeddb', () => getRxStorageDexie({ indexedDB, IDBKeyRange })],
])('replication (%s storage)', (_name, storage) => {
  it('three devices edit offline, reconnect in turn and converge with no accepted write lost', async () => {
    const [ada, bea, cy] = [
      await client('ada', storage()),
      await client('bea', storage()),
      await client('cy', storage()),
    ];
    const shared = newPen({ name: `shared ${randomUUID().slice(0, 8)}` });
    await ada.db.pens.insert(shared);
    await ada.online().awaitInSync();
    for (const c of [bea, cy]) await c.online().awaitInSync();
    expect(await localDocs(cy, 'pens')).toContainEqual(expect.objectContaining({ id: shared.id }));
    for (const c of [ada, bea, cy]) await c.offline();

    // Offline: each adds a pen; each edits a different field of the shared pen; Ada and
    // Cy both change its width.
    const own = [newPen(), newPen(), newPen()];
    for (const [i, c] of [ada, bea, cy].entries()) await c.db.pens.insert(own[i]!);
    await patch(ada, 'pens', shared.id as string, { passes: 2, widthMm: 0.3 });
    await patch(bea, 'pens', shared.id as string, { colorHex: '#ff0000' });
    await patch(cy, 'pens', shared.id as string, { pressure: 40, widthMm: 0.7 });

    // Back online in the order Cy, Ada, Bea, then everyone pulls once more.
    for (const c of [cy, ada, bea]) await c.online().awaitInSync();
    for (const c of [cy, ada, bea]) {
      c.sync!.resync();
      await c.sync!.awaitInSync();
    }

    const truth = await serverDocs('pens');
    for (const c of [ada, bea, cy]) expect(await localDocs(c, 'pens')).toEqual(truth);
    for (const p of own) expect(truth.map((d) => d.id)).toContain(p.id);
    const merged = truth.find((d) => d.id === shared.id)!;
    // Cy reconnected first, so its width was accepted; Ada's width lost to it (kept as a
    // loser), the other fields of all three survive.
    expect(merged).toMatchObject({ passes: 2, colorHex: '#ff0000', pressure: 40, widthMm: 0.7 });
    expect(await losers(ada)).toEqual([
      expect.objectContaining({
        docId: shared.id,
        lostFields: expect.arrayContaining(['widthMm']),
      }),
    ]);
    expect(await losers(cy)).toEqual([]);
  });

  it('rapid edits of one job without a pull in between raise no conflict', async () => {
    const ada = await client('ada', storage());
    const job = newJob();
    const { _deleted, ...fields } = job;
    await ada.db.jobs.insert(fields);
    const sync = ada.online();
    await sync.awaitInSync();
    await holdLease(t.db, String(job.id), devices.get('ada')!, 1);
    const conflicts: unknown[] = [];
    sync.replications.jobs!.conflict$.subscribe((c) => conflicts.push(c));
    requests = [];
    for (let i = 1; i <= 8; i++) {
      await patch(ada, 'jobs', String(job.id), { notes: `take ${i}`, leaseFencingToken: 1 });
      // Let each edit go out on its own: the server stamps lastUpdatedBy on every one, and
      // the next push still assumes the unstamped version it sent.
      await sync.replications.jobs!.awaitInSync();
    }
    await sync.awaitInSync();
    const jobRequests = requests.filter((r) => r.url.includes('/sync/jobs/'));
    expect(jobRequests.filter((r) => r.method === 'POST').length).toBe(8);
    expect(jobRequests.filter((r) => r.method === 'GET')).toEqual([]);
    expect(conflicts).toEqual([]);
    expect(await losers(ada)).toEqual([]);
    const onServer = (await serverDocs('jobs')).find((d) => d.id === job.id);
    expect(onServer).toMatchObject({ notes: 'take 8', lastUpdatedBy: devices.get('ada')!.staffId });
    expect(sync.getStatus()).toMatchObject({
      online: true,
      pendingPushes: 0,
      conflicts: 0,
      error: null,
    });
  });
});

describe('refusals', () => {
  it('a refused write comes back as a conflict: the server state stays, ours is kept, no retry loop', async () => {
    const [ada, bea] = [await client('ada'), await client('bea')];
    const { _deleted, ...job } = newJob({ notes: 'original' });
    await ada.db.jobs.insert(job);
    await ada.online().awaitInSync();
    await holdLease(t.db, String(job.id), devices.get('ada')!, 1);
    const beaSync = bea.online();
    await beaSync.awaitInSync();
    const mine = async () => (await localDocs(bea, 'jobs')).filter((d) => d.id === job.id);
    const before = await mine();
    expect(before).toHaveLength(1);

    // Bea does not hold the job's lease: the server refuses her edit without changing it.
    await patch(bea, 'jobs', String(job.id), { notes: 'Bea was here', priority: 3 });
    await beaSync.awaitInSync();

    expect(await mine()).toEqual(before);
    expect(await losers(bea)).toEqual([
      expect.objectContaining({
        collectionName: 'jobs',
        docId: job.id,
        ours: expect.objectContaining({ notes: 'Bea was here', priority: 3 }),
        theirs: expect.objectContaining({ notes: 'original', priority: 0 }),
        lostFields: expect.arrayContaining(['notes', 'priority']),
      }),
    ]);
    expect((await serverDocs('jobs')).find((d) => d.id === job.id)).toMatchObject({
      notes: 'original',
    });
    expect(beaSync.getStatus()).toMatchObject({ conflicts: 1, pendingPushes: 0, error: null });

    const pushes = () => requests.filter((r) => r.method === 'POST').length;
    const settled = pushes();
    await new Promise((resolve) => setTimeout(resolve, 500)); // five retry periods
    expect(pushes()).toBe(settled);
  });

  it('an unknown device token shows "signed-out" and stops asking', async () => {
    const stranger = await client('nobody');
    const sync = stranger.online();
    const status = await firstValueFrom(sync.status$.pipe(filter((s) => s.error !== null)));
    expect(status.error?.code).toBe('signed-out');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const asked = requests.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requests.length).toBe(asked);
  });

  it('a server on another protocol version shows "outdated-client" with its message', async () => {
    const oldClient: FetchLike = (url, init) =>
      testFetch(url, { ...init, headers: { ...init?.headers, 'x-fabdesk-protocol': '0' } });
    const old = await client('ada', getRxStorageMemory(), oldClient);
    const sync = old.online();
    const status = await firstValueFrom(sync.status$.pipe(filter((s) => s.error !== null)));
    expect(status.error).toEqual({
      code: 'outdated-client',
      message: expect.stringContaining('reload the app'),
    });
  });
});

describe('the live stream', () => {
  it('a change hint for pens makes a device pull pens at once', async () => {
    // The server's /sync/stream is not mounted yet: this device's stream is a stand-in
    // body the test writes server-sent events into.
    let send: (text: string) => void = () => {};
    const withStream: FetchLike = async (url, init) => {
      if (!url.endsWith('/sync/stream')) return testFetch(url, init);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          send = (text) => controller.enqueue(new TextEncoder().encode(text));
        },
      });
      return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
    };
    const [ada, bea] = [
      await client('ada'),
      await client('bea', getRxStorageMemory(), withStream, true),
    ];
    const beaSync = bea.online();
    await ada.online().awaitInSync();
    await beaSync.awaitInSync();
    const fresh = newPen();
    await ada.db.pens.insert(fresh);
    await ada.sync!.awaitInSync();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await bea.db.pens.findOne(String(fresh.id)).exec()).toBeNull();

    send('event: change\ndata: {"collections":["pens"]}\n\n');
    const arrived = await firstValueFrom(
      bea.db.pens.findOne(String(fresh.id)).$.pipe(filter((doc) => doc !== null)),
    );
    expect(arrived.get('name')).toBe(fresh.name);
    expect(beaSync.getStatus().online).toBe(true);
  });
});
