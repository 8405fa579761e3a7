import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_COLLECTIONS } from '../collections.ts';
import { createDeviceDatabase, type DeviceDatabase } from './create-device-database.ts';

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
