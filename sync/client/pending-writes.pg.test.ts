import { randomUUID } from 'node:crypto';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { PairedDevice } from '../../server/sync/live-sync-server.ts';
import { setUpLiveSync } from '../../server/sync/live-sync-test-kit.ts';
import { newPen } from '../../server/sync/pen-test-fixture.ts';
import { createDeviceDatabase, type DeviceDatabase } from './create-device-database.ts';
import type { FetchLike } from './fetch-port.ts';
import { type DeviceReplication, startReplication } from './replicate-collections.ts';

// The status's pending count against the real server: a local write counts from the moment
// it is stored until a push of that version succeeded, however the network behaves.

type Doc = Record<string, unknown>;

const live = setUpLiveSync();

/** The device's network: it can go offline, and it can hold pushes until a test lets them go. */
function network() {
  let offline = false;
  let holding = false;
  const held: (() => void)[] = [];
  let heldOne: (() => void) | null = null;
  const fetchLike: FetchLike = async (url, init) => {
    if (offline) throw new TypeError('fetch failed');
    if (holding && init?.method === 'POST') {
      await new Promise<void>((release) => {
        held.push(release);
        heldOne?.();
      });
    }
    return fetch(url, init as RequestInit) as unknown as ReturnType<FetchLike>;
  };
  return {
    fetch: fetchLike,
    setOffline: (value: boolean) => {
      offline = value;
    },
    holdPushes: (value: boolean) => {
      holding = value;
    },
    /** Resolves with the release of the next push the network holds. */
    async heldPush(): Promise<() => void> {
      while (held.length === 0) await new Promise<void>((resolve) => (heldOne = resolve));
      return held.shift()!;
    },
  };
}

interface Device {
  db: DeviceDatabase;
  net: ReturnType<typeof network>;
  sync: DeviceReplication;
  /** Every pending count the status showed, in order. */
  counts: number[];
}
const opened: Device[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) {
    await d.sync.stop();
    await d.db.remove();
  }
});

async function device(who: PairedDevice, storage: RxStorage<unknown, unknown>): Promise<Device> {
  const db = await createDeviceDatabase({
    storage,
    name: `d${randomUUID().replaceAll('-', '')}`,
    collections: ['pens'],
  });
  const net = network();
  const sync = startReplication({
    db,
    baseUrl: live.server.baseUrl,
    token: who.token,
    fetch: net.fetch,
    liveStream: false,
    retryTimeMs: 100,
  });
  const d: Device = { db, net, sync, counts: [] };
  sync.status$.subscribe((s) => d.counts.push(s.pendingPushes));
  opened.push(d);
  await sync.awaitInSync();
  return d;
}

async function serverPen(id: unknown): Promise<Doc | undefined> {
  const response = await fetch(`${live.server.baseUrl}/sync/pens/pull?limit=2000`, {
    headers: { authorization: `Bearer ${live.ada.token}`, 'x-fabdesk-protocol': '1' },
  });
  const { documents } = (await response.json()) as { documents: Doc[] };
  return documents.find((d) => d.id === id);
}

const pending = (d: Device) => d.sync.getStatus().pendingPushes;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each<[string, () => RxStorage<unknown, unknown>]>([
  ['memory', () => getRxStorageMemory()],
  ['dexie over fake-indexeddb', () => getRxStorageDexie({ indexedDB, IDBKeyRange })],
])('pending writes (%s storage)', (_name, storage) => {
  it('a write counts the moment it is stored and stops counting when its push succeeded', async () => {
    const d = await device(live.ada, storage());
    d.net.holdPushes(true);
    const fresh = newPen();
    await d.db.pens.insert(fresh);
    expect(pending(d)).toBe(1);

    const release = await d.net.heldPush();
    expect(pending(d)).toBe(1);
    d.net.holdPushes(false);
    release();
    await d.sync.awaitInSync();
    expect(pending(d)).toBe(0);
    expect(await serverPen(fresh.id)).toMatchObject({ name: fresh.name });
  });

  it('a write stays counted while the device is offline, through the retries, until it is sent', async () => {
    const d = await device(live.ada, storage());
    d.net.setOffline(true);
    const fresh = newPen();
    await d.db.pens.insert(fresh);
    await sleep(600); // six retry periods
    expect(d.sync.getStatus()).toMatchObject({ online: false, pendingPushes: 1 });
    expect(d.counts.slice(d.counts.lastIndexOf(1))).toEqual([1]);

    d.net.setOffline(false);
    await d.sync.awaitInSync();
    expect(d.sync.getStatus()).toMatchObject({ online: true, pendingPushes: 0 });
    expect(await serverPen(fresh.id)).toMatchObject({ name: fresh.name });
  });

  it('a version written while an older one is being pushed stays counted after that push', async () => {
    const d = await device(live.ada, storage());
    const fresh = newPen({ passes: 1 });
    d.net.holdPushes(true);
    await d.db.pens.insert(fresh);
    const releaseFirst = await d.net.heldPush();
    const doc = await d.db.pens.findOne(String(fresh.id)).exec();
    await doc!.incrementalPatch({ passes: 2, updatedAt: new Date().toISOString() });
    const since = d.counts.length;

    releaseFirst();
    // The second push carries passes 2; until it succeeds the pen still counts.
    const releaseSecond = await d.net.heldPush();
    expect(await serverPen(fresh.id)).toMatchObject({ passes: 1 });
    expect(pending(d)).toBe(1);
    d.net.holdPushes(false);
    releaseSecond();
    await d.sync.awaitInSync();
    expect(pending(d)).toBe(0);
    expect(d.counts.slice(since, -1)).not.toContain(0);
    expect(await serverPen(fresh.id)).toMatchObject({ passes: 2 });
  });

  it('documents the pull brings and a write back to what the server has do not count', async () => {
    const [a, b] = [await device(live.ada, storage()), await device(live.bea, storage())];
    const theirs = newPen();
    await b.db.pens.insert(theirs);
    await b.sync.awaitInSync();
    const since = a.counts.length;
    a.sync.resync();
    await a.sync.awaitInSync();
    expect(await a.db.pens.findOne(String(theirs.id)).exec()).not.toBeNull();
    expect(a.counts.slice(since)).not.toContain(1);

    // While a push of another pen is held, the pulled pen is changed and changed back:
    // nothing of it is left to send, and RxDB sends nothing.
    a.net.holdPushes(true);
    await a.db.pens.insert(newPen());
    const release = await a.net.heldPush();
    const doc = await a.db.pens.findOne(String(theirs.id)).exec();
    const changed = await doc!.incrementalPatch({
      name: 'renamed',
      updatedAt: new Date().toISOString(),
    });
    await changed.incrementalPatch({ name: theirs.name, updatedAt: theirs.updatedAt });
    expect(pending(a)).toBe(2);
    a.net.holdPushes(false);
    release();
    await a.sync.awaitInSync();
    expect(pending(a)).toBe(0);
    expect(await serverPen(theirs.id)).toMatchObject({ name: theirs.name });
  });
});
