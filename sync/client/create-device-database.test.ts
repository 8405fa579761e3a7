import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_COLLECTIONS } from '../collections.ts';
import { createDeviceDatabase, type DeviceDatabase } from './create-device-database.ts';
import { DeviceWriteError } from './device-write-error.ts';

const open: DeviceDatabase[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

const job = {
  id: '5d1c1f0e-3f0a-4c55-8d7e-0e2b8f9a1c11',
  name: 'Voronoi poster',
  displayName: null,
  state: 'QUOTED',
  priority: 1,
  dueAt: null,
  paperId: null,
  plotterId: null,
  sourceFiles: [],
  fileHash: null,
  planHash: null,
  color: null,
  material: null,
  timings: null,
  metrics: null,
  media: null,
  requester: null,
  quote: { weightG: null, timeHours: 1.5, costUsd: '12.50', acknowledgedMinimumCharge: true },
  confirmation: null,
  rejectReasons: null,
  notes: null,
  staffViewedAt: null,
  lastUpdatedBy: null,
  leaseFencingToken: null,
  layers: [],
  createdAt: '2026-11-23T09:00:00.000Z',
  updatedAt: '2026-11-23T09:30:00.000Z',
};

describe('createDeviceDatabase', () => {
  it('opens all twelve collections on the memory storage', async () => {
    const db = await createDeviceDatabase({ storage: getRxStorageMemory(), name: 'device-a' });
    open.push(db);
    expect(Object.keys(db.collections).sort()).toEqual([...ALL_COLLECTIONS].sort());
  });

  it('stores a job and finds it by the state index, newest first', async () => {
    const db = await createDeviceDatabase({ storage: getRxStorageMemory(), name: 'device-b' });
    open.push(db);
    await db.jobs.insert(job);
    await db.jobs.insert({
      ...job,
      id: '6e2d2f1f-4f1b-4d66-9e8f-1f3c9a0b2d22',
      updatedAt: '2026-11-23T10:00:00.000Z',
    });
    await db.jobs.insert({ ...job, id: '7f3e3a2a-5a2c-4e77-8f9a-2a4d0b1c3e33', state: 'READY' });
    const quoted = await db.jobs
      .find({ selector: { state: 'QUOTED' }, sort: [{ updatedAt: 'desc' }] })
      .exec();
    expect(quoted.map((d) => d.id)).toEqual(['6e2d2f1f-4f1b-4d66-9e8f-1f3c9a0b2d22', job.id]);
  });

  it('keeps an outbox file as an attachment', async () => {
    const db = await createDeviceDatabase({ storage: getRxStorageMemory(), name: 'device-c' });
    open.push(db);
    const entry = await db.outbox.insert({
      id: '8a4f4b3b-6b3d-4f88-9a0b-3b5e1c2d4f44',
      jobId: null,
      fileName: 'voronoi.svg',
      mediaType: 'image/svg+xml',
      sizeBytes: 5,
      createdAt: '2026-11-23T09:00:00.000Z',
      attempts: 0,
      lastError: null,
    });
    await entry.putAttachment({ id: 'file', data: new Blob(['<svg/>']), type: 'image/svg+xml' });
    const stored = await db.outbox.findOne(entry.primary).exec();
    const text = await stored?.getAttachment('file')?.getStringData();
    expect(text).toBe('<svg/>');
  });
});

describe('local writes that fail the schema', () => {
  it('refuses an insert with the zod message and stores nothing', async () => {
    const db = await createDeviceDatabase({ storage: getRxStorageMemory(), name: 'device-d' });
    open.push(db);
    const write = db.jobs.insert({ ...job, priority: 5 });
    await expect(write).rejects.toBeInstanceOf(DeviceWriteError);
    await expect(write).rejects.toThrow(/jobs: priority: .*3/);
    expect(await db.jobs.count().exec()).toBe(0);
  });

  it('refuses a patch, a bulk insert and an upsert; the stored document is unchanged', async () => {
    const db = await createDeviceDatabase({ storage: getRxStorageMemory(), name: 'device-e' });
    open.push(db);
    const doc = await db.jobs.insert(job);
    await expect(doc.incrementalPatch({ priority: 5 })).rejects.toThrow(/priority/);
    await expect(doc.patch({ name: '' })).rejects.toThrow(/jobs: name/);
    await expect(db.jobs.upsert({ ...job, state: 'FLYING' })).rejects.toThrow(/jobs: state/);
    const bulk = await db.jobs
      .bulkInsert([{ ...job, id: '6e2d2f1f-4f1b-4d66-9e8f-1f3c9a0b2d22', surprise: 1 }])
      .catch((e: unknown) => e);
    expect(bulk).toBeInstanceOf(DeviceWriteError);
    const stored = await db.jobs.findOne(job.id).exec();
    expect(stored?.toJSON()).toMatchObject({ priority: 1, name: job.name, state: 'QUOTED' });
    expect(await db.jobs.count().exec()).toBe(1);
    // A good edit still goes through.
    await doc.getLatest().incrementalPatch({ priority: 3 });
    expect((await db.jobs.findOne(job.id).exec())?.get('priority')).toBe(3);
  });

  it('checks device-only collections too', async () => {
    const db = await createDeviceDatabase({ storage: getRxStorageMemory(), name: 'device-f' });
    open.push(db);
    await expect(
      db.device_state.insert({
        id: 'x',
        kind: 'surprise',
        collectionName: null,
        docId: null,
        ours: null,
        theirs: null,
        lostFields: [],
        data: null,
        at: '2026-11-23T09:00:00.000Z',
      }),
    ).rejects.toThrow(/device_state: kind/);
  });
});
