import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuthContext } from '../auth/auth-context.ts';
import { createMigrator } from '../db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { addDevice, holdLease, newJob, syncHeaders, syncTestApp } from './sync-test-fixture.ts';
import type { Database } from '../db/database.ts';

type Doc = Record<string, unknown>;

let t: TestDatabase<Database>;
let app: ReturnType<typeof syncTestApp>;
const devices = new Map<string, AuthContext>();
let ada: AuthContext;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  await createMigrator(t.db).latest();
  ada = await addDevice(t.db, 'Ada');
  devices.set('a', ada).set('admin', await addDevice(t.db, 'Root', 'admin'));
  app = syncTestApp(t.db, devices);
});
afterAll(() => t?.drop());

const push = async (device: string, collection: string, assumed: Doc | null, next: Doc) => {
  const res = await app.request(`/sync/${collection}/push`, {
    method: 'POST',
    headers: syncHeaders(device),
    body: JSON.stringify({ rows: [{ assumedMasterState: assumed, newDocumentState: next }] }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { conflicts: Doc[]; reasons: Record<string, string> };
};
const read = (collection: string, id: string, headers: Record<string, string> = syncHeaders('a')) =>
  app.request(`/sync/${collection}/docs/${id}`, { headers });

describe('GET /sync/:collection/docs/:id', () => {
  it('answers the document as pull sends it, layers inside, and it serves as a push’s assumed master', async () => {
    const job = newJob({ name: 'Read me' });
    expect((await push('a', 'jobs', null, job)).conflicts).toEqual([]);
    const res = await read('jobs', String(job.id));
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    const pulled = (await (
      await app.request('/sync/jobs/pull?seq=0', { headers: syncHeaders('a') })
    ).json()) as { documents: Doc[] };
    expect(doc).toEqual(pulled.documents.find((d) => d.id === job.id));
    expect(doc).toMatchObject({ name: 'Read me', state: 'NEW', _deleted: false });
    expect(doc.layers).toHaveLength(1);

    // What a non-replicating device does: read the master, change it, push it back.
    await holdLease(t.db, String(job.id), ada, 1);
    const next = {
      ...doc,
      notes: 'written from the master read',
      updatedAt: new Date(Date.parse(String(doc.updatedAt)) + 1000).toISOString(),
      leaseFencingToken: 1,
    };
    expect(await push('a', 'jobs', doc, next)).toEqual({ conflicts: [], reasons: {} });
    const after = (await (await read('jobs', String(job.id))).json()) as Doc;
    expect(after.notes).toBe('written from the master read');
  });

  it('answers a tombstone with _deleted: true', async () => {
    const job = newJob();
    await push('a', 'jobs', null, job);
    const master = (await (await read('jobs', String(job.id))).json()) as Doc;
    await holdLease(t.db, String(job.id), devices.get('admin')!, 1);
    const gone = { ...master, leaseFencingToken: 1, _deleted: true };
    expect((await push('admin', 'jobs', master, gone)).conflicts).toEqual([]);
    const doc = (await (await read('jobs', String(job.id))).json()) as Doc;
    expect(doc._deleted).toBe(true);
  });

  it('reads the settings document by its text key', async () => {
    expect((await read('settings', 'lab')).status).toBe(404);
    const now = new Date().toISOString();
    const settings = {
      id: 'lab',
      enabled: true,
      collectionLevel: 'detailed',
      retentionDays: 90,
      autoCleanup: false,
      createdAt: now,
      updatedAt: now,
      _deleted: false,
    };
    expect((await push('admin', 'settings', null, settings)).conflicts).toEqual([]);
    const res = await read('settings', 'lab');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(settings);
    expect((await read('settings', 'other')).status).toBe(400);
  });

  it('is 404 for an unknown document or collection, 400 for a malformed key', async () => {
    const id = crypto.randomUUID();
    const unknown = await read('jobs', id);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: { code: 'not-found', message: `no jobs document ${id}` },
    });
    const collection = await read('secrets', id);
    expect(collection.status).toBe(404);
    expect(((await collection.json()) as { error: { message: string } }).error.message).toBe(
      'there is no replicated collection "secrets"',
    );
    const bad = await read('jobs', 'not-a-uuid');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe(
      'id: not a jobs key: "not-a-uuid"',
    );
  });

  it('asks for the protocol header and a device, like pull', async () => {
    const id = crypto.randomUUID();
    const { 'x-test-device': _, ...noDevice } = syncHeaders('a');
    expect((await read('jobs', id, noDevice)).status).toBe(401);
    const outdated = await read('jobs', id, { 'x-test-device': 'a' });
    expect(outdated.status).toBe(426);
  });
});
