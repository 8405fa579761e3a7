import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openBroadcastChannel, shareSyncStatus, type StatusChannel } from './share-sync-status.ts';
import { createSyncStatusStore, type SyncStatus } from './sync-status.ts';

// Tabs of one device, each a store with its own BroadcastChannel on one name (Node's
// BroadcastChannel delivers between instances in one process, as a browser's between tabs).

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function leadership() {
  let lead = () => {};
  const promise = new Promise<void>((resolve) => (lead = resolve));
  return { promise, lead };
}

function tab(name: string, leads = false) {
  const store = createSyncStatusStore();
  const elected = leadership();
  if (leads) elected.lead();
  const sharing = shareSyncStatus({
    channel: openBroadcastChannel!(name),
    store,
    leadership: elected.promise,
  });
  stops.push(sharing.stop);
  return { store, lead: elected.lead, stop: sharing.stop };
}

/** Resolves once `store` shows `expected` (BroadcastChannel delivers asynchronously). */
async function shows(store: ReturnType<typeof tab>['store'], expected: Partial<SyncStatus>) {
  for (let i = 0; i < 100; i++) {
    try {
      expect(store.get()).toMatchObject(expected);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  expect(store.get()).toMatchObject(expected);
}

const synced = (at: string): Partial<SyncStatus> => ({
  online: true,
  lastSyncedAt: at,
  pendingPushes: 0,
  error: null,
});

describe('sharing the sync status between the tabs of a device', () => {
  it('a tab that does not lead shows the leader’s status, but counts its own conflicts', async () => {
    const name = randomUUID();
    const leader = tab(name, true);
    const other = tab(name);
    other.store.update({ conflicts: 2 });
    await new Promise((resolve) => setTimeout(resolve, 10));

    leader.store.update({ ...synced('2025-05-01T10:00:00.000Z'), pendingPushes: 3, conflicts: 0 });
    await shows(other.store, { ...synced('2025-05-01T10:00:00.000Z'), pendingPushes: 3 });
    expect(other.store.get().conflicts).toBe(2);

    leader.store.update({
      online: false,
      error: { code: 'offline', message: '/sync/pens/push: no answer' },
    });
    await shows(other.store, {
      online: false,
      error: { code: 'offline', message: expect.any(String) },
    });
  });

  it('a tab opened later asks, and the leader answers with its status', async () => {
    const name = randomUUID();
    const leader = tab(name, true);
    leader.store.update({ ...synced('2025-05-01T10:00:00.000Z'), pendingPushes: 1 });
    await new Promise((resolve) => setTimeout(resolve, 10));

    const late = tab(name);
    await shows(late.store, { ...synced('2025-05-01T10:00:00.000Z'), pendingPushes: 1 });
  });

  it('when the leader closes, the next leader starts from its last status and tells the others', async () => {
    const name = randomUUID();
    const first = tab(name, true);
    const [second, third] = [tab(name), tab(name)];
    first.store.update(synced('2025-05-01T10:00:00.000Z'));
    await shows(second.store, synced('2025-05-01T10:00:00.000Z'));

    first.stop();
    second.lead();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(second.store.get()).toMatchObject(synced('2025-05-01T10:00:00.000Z'));
    second.store.update({ lastSyncedAt: '2025-05-01T10:05:00.000Z', pendingPushes: 1 });
    await shows(third.store, { lastSyncedAt: '2025-05-01T10:05:00.000Z', pendingPushes: 1 });

    // The new leader no longer takes statuses from anyone.
    const stray = openBroadcastChannel!(name);
    stray.postMessage({ kind: 'status', status: { ...second.store.get(), pendingPushes: 7 } });
    stray.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(second.store.get().pendingPushes).toBe(1);
  });

  it('messages that do not fit (another release, another sender) are ignored', async () => {
    const name = randomUUID();
    const other = tab(name);
    const shown: SyncStatus[] = [];
    other.store.status$.subscribe((status) => shown.push(status));
    const sender: StatusChannel = openBroadcastChannel!(name);
    sender.postMessage({ kind: 'status', status: { online: true, pending: 4 } });
    sender.postMessage({
      kind: 'status',
      status: { ...synced('2025-05-01T09:00:00.000Z'), conflicts: 0, pendingPushes: -1 },
    });
    sender.postMessage('hello');
    sender.postMessage({
      kind: 'status',
      status: { ...synced('2025-05-01T10:00:00.000Z'), conflicts: 0, pendingPushes: 2 },
    });
    sender.close();
    await shows(other.store, { ...synced('2025-05-01T10:00:00.000Z'), pendingPushes: 2 });
    expect(shown.map((s) => [s.online, s.pendingPushes, s.lastSyncedAt])).toEqual([
      [false, 0, null],
      [true, 2, '2025-05-01T10:00:00.000Z'],
    ]);
  });
});
