import { afterEach, describe, expect, it } from 'vitest';
import { type LiveDevice, openLiveDevice } from '../../server/sync/live-sync-device.ts';
import type { PairedDevice } from '../../server/sync/live-sync-server.ts';
import { setUpLiveSync } from '../../server/sync/live-sync-test-kit.ts';
import { newJob } from '../../server/sync/sync-test-fixture.ts';
import { PROTOCOL_HEADER, SYNC_PROTOCOL_VERSION } from '../protocol-version.ts';

// Job leases taken over HTTP and job edits replicated by RxDB clients, against the real
// server with real device tokens: who holds the lease decides whose edit the server keeps.

type Doc = Record<string, unknown>;

const live = setUpLiveSync();

const devices: LiveDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.close();
});

async function device(who: PairedDevice) {
  // No live stream: each test says when a device pulls, so every step is deterministic.
  const d = await openLiveDevice({
    baseUrl: live.server.baseUrl,
    token: who.token,
    collections: ['jobs'],
    liveStream: false,
  });
  devices.push(d);
  return d;
}

async function lease(who: PairedDevice, jobId: string, action: string, ttlSeconds?: number) {
  const response = await fetch(`${live.server.baseUrl}/leases/${jobId}/${action}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/json' },
    ...(ttlSeconds === undefined ? {} : { body: JSON.stringify({ ttlSeconds }) }),
  });
  return { status: response.status, body: (await response.json()) as Doc };
}

async function serverJob(id: string): Promise<Doc> {
  const response = await fetch(`${live.server.baseUrl}/sync/jobs/pull?limit=2000`, {
    headers: {
      authorization: `Bearer ${live.ada.token}`,
      [PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION),
    },
  });
  const { documents } = (await response.json()) as { documents: Doc[] };
  const { _deleted, ...job } = documents.find((d) => d.id === id)!;
  return job;
}

async function localJob(d: LiveDevice, id: string): Promise<Doc> {
  return (await d.db.jobs.findOne(id).exec())!.toMutableJSON() as Doc;
}

async function edit(d: LiveDevice, id: string, changes: Doc) {
  const doc = await d.db.jobs.findOne(id).exec();
  await doc!.incrementalPatch({ ...changes, updatedAt: new Date().toISOString() });
}

async function losers(d: LiveDevice) {
  return (await d.db.device_state.find({ selector: { kind: 'conflict' } }).exec()).map(
    (e) => e.toMutableJSON() as Doc,
  );
}

/** Goes online, pushes what it has, pulls what the server has. */
async function syncNow(d: LiveDevice) {
  const sync = d.sync ?? d.online();
  await sync.awaitInSync();
  sync.resync();
  await sync.awaitInSync();
}

/** A new job, created on Ada's device and on the server, known to both devices. */
async function sharedJob(a: LiveDevice, b: LiveDevice): Promise<string> {
  const { _deleted, ...job } = newJob({ notes: 'as created' });
  await a.db.jobs.insert(job);
  await syncNow(a);
  await syncNow(b);
  return String(job.id);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('job leases through replication', () => {
  it("the holder's edits are kept, others' come back as conflicts; after a hand-over the old holder's stale edit is refused", async () => {
    const [a, b] = [await device(live.ada), await device(live.bea)];
    const id = await sharedJob(a, b);

    const taken = await lease(live.ada, id, 'acquire');
    expect(taken).toMatchObject({ status: 200, body: { fencingToken: 1 } });
    await edit(a, id, { notes: 'Ada holds it', leaseFencingToken: 1 });
    await syncNow(a);
    expect(await serverJob(id)).toMatchObject({ notes: 'Ada holds it', leaseFencingToken: 1 });
    expect(await losers(a)).toEqual([]);

    // Bea has no lease: her edit is refused; she ends with the server's job and her
    // version is kept as a loser.
    await syncNow(b);
    await edit(b, id, { priority: 2 });
    await syncNow(b);
    expect(await serverJob(id)).toMatchObject({ notes: 'Ada holds it', priority: 0 });
    expect(await localJob(b, id)).toEqual(await serverJob(id));
    expect(await losers(b)).toEqual([
      expect.objectContaining({
        docId: id,
        ours: expect.objectContaining({ priority: 2 }),
        lostFields: expect.arrayContaining(['priority']),
      }),
    ]);

    // Ada releases; Ada's device, offline since, still edits with token 1.
    expect((await lease(live.ada, id, 'release')).status).toBe(200);
    await a.offline();
    await edit(a, id, { notes: 'Ada, too late', leaseFencingToken: 1 });

    // Bea takes the job: the token rises and her edit goes through.
    const handedOver = await lease(live.bea, id, 'acquire');
    expect(handedOver).toMatchObject({ status: 200, body: { fencingToken: 2 } });
    await edit(b, id, { priority: 3, leaseFencingToken: 2 });
    await syncNow(b);
    expect(await serverJob(id)).toMatchObject({ priority: 3, leaseFencingToken: 2 });

    // Ada comes back: her stale edit is refused, she ends with Bea's job and keeps hers.
    await syncNow(a);
    const truth = await serverJob(id);
    expect(truth).toMatchObject({ notes: 'Ada holds it', priority: 3, leaseFencingToken: 2 });
    expect(await localJob(a, id)).toEqual(truth);
    expect(await losers(a)).toContainEqual(
      expect.objectContaining({
        docId: id,
        ours: expect.objectContaining({ notes: 'Ada, too late' }),
      }),
    );
  });

  it("the new holder's edit of a copy older than the last holder's write is kept (the merge goes out under the new lease)", async () => {
    const [a, b] = [await device(live.ada), await device(live.bea)];
    const id = await sharedJob(a, b);

    // Ada takes the job and writes under lease 1; Bea's copy does not have that write yet.
    expect(await lease(live.ada, id, 'acquire')).toMatchObject({ body: { fencingToken: 1 } });
    await edit(a, id, { staffViewedAt: new Date().toISOString(), leaseFencingToken: 1 });
    await syncNow(a);
    expect(await serverJob(id)).toMatchObject({ leaseFencingToken: 1 });
    expect((await lease(live.ada, id, 'release')).status).toBe(200);

    // Bea takes it over (lease 2) and edits her older copy, as the PWA does on taking a
    // job nobody has opened yet and then writing the notes.
    expect(await lease(live.bea, id, 'acquire')).toMatchObject({ body: { fencingToken: 2 } });
    await edit(b, id, {
      staffViewedAt: new Date().toISOString(),
      notes: 'Bea: plot on A4 bristol',
      leaseFencingToken: 2,
    });
    await syncNow(b);

    // Her push met Ada's write: the merge keeps her notes and carries her token, so the
    // server takes it. (With Ada's token it was refused and her notes became a loser.)
    const truth = await serverJob(id);
    expect(truth).toMatchObject({ notes: 'Bea: plot on A4 bristol', leaseFencingToken: 2 });
    expect(await localJob(b, id)).toEqual(truth);
    expect(await losers(b)).toEqual([]);
    expect(b.sync!.getStatus()).toMatchObject({ pendingPushes: 0, conflicts: 0, error: null });
  });

  it('a tablet whose lease expired while it was offline keeps its work when nobody took the job', async () => {
    const [a, b] = [await device(live.ada), await device(live.bea)];
    const id = await sharedJob(a, b);
    expect(await lease(live.ada, id, 'acquire', 1)).toMatchObject({ body: { fencingToken: 1 } });
    await a.offline();

    await edit(a, id, { notes: 'offline, step 1', leaseFencingToken: 1 });
    await edit(a, id, { notes: 'offline, step 2', priority: 2 });
    await sleep(1500); // the lease expired meanwhile (1 s TTL, database clock)

    // Back online: re-acquiring keeps the token, and the queued edits are accepted.
    expect(await lease(live.ada, id, 'acquire')).toMatchObject({
      status: 200,
      body: { fencingToken: 1 },
    });
    await syncNow(a);
    expect(await serverJob(id)).toMatchObject({ notes: 'offline, step 2', priority: 2 });
    expect(await losers(a)).toEqual([]);
    expect(a.sync!.getStatus()).toMatchObject({ pendingPushes: 0, conflicts: 0, error: null });
  });

  it('if another tablet took the job meanwhile, the returning edits come back as conflicts and are kept as losers', async () => {
    const [a, b] = [await device(live.ada), await device(live.bea)];
    const id = await sharedJob(a, b);
    expect(await lease(live.ada, id, 'acquire', 1)).toMatchObject({ body: { fencingToken: 1 } });
    await a.offline();
    await edit(a, id, { notes: 'Ada, offline', priority: 3, leaseFencingToken: 1 });
    await sleep(1500);

    expect(await lease(live.bea, id, 'acquire')).toMatchObject({ body: { fencingToken: 2 } });
    await edit(b, id, { notes: 'Bea took over', leaseFencingToken: 2 });
    await syncNow(b);

    expect(await lease(live.ada, id, 'acquire')).toMatchObject({
      status: 409,
      body: { error: { code: 'lease-held' } },
    });
    await syncNow(a);
    const truth = await serverJob(id);
    expect(truth).toMatchObject({ notes: 'Bea took over', priority: 0, leaseFencingToken: 2 });
    expect(await localJob(a, id)).toEqual(truth);
    // Nothing Ada wrote is lost: her version is on her device, where the UI shows it.
    const kept = await losers(a);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.map((l) => l.ours)).toContainEqual(
      expect.objectContaining({ priority: 3, notes: expect.stringContaining('Ada, offline') }),
    );
    expect(a.sync!.getStatus()).toMatchObject({ pendingPushes: 0, error: null });
  });
});
