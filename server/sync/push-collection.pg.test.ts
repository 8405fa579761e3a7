import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { AuthContext } from '../auth/auth-context.ts';
import { createMigrator } from '../db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { addDevice, holdLease, newJob, syncHeaders, syncTestApp } from './sync-test-fixture.ts';
import type { Database } from '../db/database.ts';

type Doc = Record<string, unknown>;

let t: TestDatabase<Database>;
let app: ReturnType<typeof syncTestApp>;
const devices = new Map<string, AuthContext>();
let a: AuthContext;
let b: AuthContext;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  await createMigrator(t.db).latest();
  a = await addDevice(t.db, 'Ada');
  b = await addDevice(t.db, 'Bea');
  devices
    .set('a', a)
    .set('b', b)
    .set('admin', await addDevice(t.db, 'Root', 'admin'));
  app = syncTestApp(t.db, devices);
});
afterAll(() => t?.drop());

async function push(
  device: string,
  collection: string,
  rows: { assumedMasterState: Doc | null; newDocumentState: Doc }[],
) {
  const res = await app.request(`/sync/${collection}/push`, {
    method: 'POST',
    headers: syncHeaders(device),
    body: JSON.stringify({ rows }),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      conflicts: Doc[];
      reasons: Record<string, string>;
      error?: { code: string; message: string };
    },
  };
}

async function pull(device: string, collection: string, seq = 0) {
  const res = await app.request(`/sync/${collection}/pull?seq=${seq}`, {
    headers: syncHeaders(device),
  });
  return (await res.json()) as { documents: Doc[]; checkpoint: { seq: number } | null };
}

const later = (doc: Doc, changes: Doc, ms = 1): Doc => ({
  ...doc,
  ...changes,
  updatedAt: new Date(Date.parse(String(doc.updatedAt)) + ms).toISOString(),
});

/** A job the server holds in `state` (as staff and workers would have moved it), as pulled. */
async function jobIn(state: string): Promise<Doc> {
  const job = newJob();
  await push('a', 'jobs', [{ assumedMasterState: null, newDocumentState: job }]);
  await sql`update jobs set state = ${state}, sync_seq = nextval('sync_seq') where id = ${String(job.id)}`.execute(
    t.db,
  );
  const master = (await pull('a', 'jobs')).documents.find((d) => d.id === job.id);
  if (!master) throw new Error('the job was not stored');
  return master;
}

async function eventsOf(jobId: string) {
  const { rows } = await sql<{ type: string; details: Doc; by: string; ws: string }>`
    select event_type as type, details, triggered_by as by, workstation_id as ws
    from events where job_id = ${jobId} order by sync_seq`.execute(t.db);
  return rows;
}

describe('push and pull of jobs', () => {
  it('inserts a new job, returns it on pull with its layers, and records JobCreated', async () => {
    const job = newJob();
    const res = await push('a', 'jobs', [{ assumedMasterState: null, newDocumentState: job }]);
    expect(res).toEqual({ status: 200, body: { conflicts: [], reasons: {} } });
    const pulled = await pull('b', 'jobs');
    const got = pulled.documents.find((d) => d.id === job.id);
    expect(got).toMatchObject({
      name: 'Test plot',
      state: 'NEW',
      _deleted: false,
      lastUpdatedBy: a.staffId,
    });
    expect(got?.layers).toEqual(job.layers);
    expect(pulled.checkpoint?.seq).toBeGreaterThan(0);
    expect(await eventsOf(String(job.id))).toEqual([
      { type: 'JobCreated', details: { name: 'Test plot' }, by: a.staffId, ws: a.workstationId },
    ]);
  });

  it('takes rapid consecutive edits of one document without a pull in between', async () => {
    const v1 = newJob();
    await push('a', 'jobs', [{ assumedMasterState: null, newDocumentState: v1 }]);
    await holdLease(t.db, String(v1.id), a, 1);
    let assumed = v1;
    for (let i = 0; i < 5; i++) {
      const next = later(assumed, { notes: `edit ${i}`, leaseFencingToken: 1 }, i + 1);
      const res = await push('a', 'jobs', [
        { assumedMasterState: assumed, newDocumentState: next },
      ]);
      expect(res.body).toEqual({ conflicts: [], reasons: {} });
      assumed = next;
    }
    const got = (await pull('a', 'jobs')).documents.find((d) => d.id === v1.id);
    expect(got?.notes).toBe('edit 4');
  });

  it('changes nothing when a push whose answer was lost is sent again', async () => {
    const v1 = newJob();
    await push('a', 'jobs', [{ assumedMasterState: null, newDocumentState: v1 }]);
    await holdLease(t.db, String(v1.id), a, 1);
    const v2 = later(v1, { state: 'QUEUED', leaseFencingToken: 1 });
    const row = { assumedMasterState: v1, newDocumentState: v2 };
    expect((await push('a', 'jobs', [row])).body.conflicts).toEqual([]);
    const seqBefore = (await pull('a', 'jobs')).checkpoint?.seq;
    const eventsBefore = await eventsOf(String(v1.id));
    expect((await push('a', 'jobs', [row])).body).toEqual({ conflicts: [], reasons: {} });
    expect((await pull('a', 'jobs')).checkpoint?.seq).toBe(seqBefore);
    expect(await eventsOf(String(v1.id))).toEqual(eventsBefore);
    expect(eventsBefore.map((e) => e.type)).toEqual(['JobCreated', 'StatusChanged']);
    expect(eventsBefore[1]?.details).toEqual({
      from: 'NEW',
      to: 'QUEUED',
      action: 'queue-conversion',
    });
  });

  it('returns the master as a conflict when the assumed master is out of date', async () => {
    const v1 = newJob();
    await push('a', 'jobs', [{ assumedMasterState: null, newDocumentState: v1 }]);
    await holdLease(t.db, String(v1.id), a, 1);
    const v2 = later(v1, { notes: 'from A', leaseFencingToken: 1 });
    await push('a', 'jobs', [{ assumedMasterState: v1, newDocumentState: v2 }]);
    const stale = later(v1, { notes: 'from A, stale', leaseFencingToken: 1 }, 5);
    const res = await push('a', 'jobs', [{ assumedMasterState: v1, newDocumentState: stale }]);
    expect(res.body.conflicts).toHaveLength(1);
    expect(res.body.conflicts[0]).toMatchObject({ id: v1.id, notes: 'from A' });
    expect(res.body.reasons).toEqual({ [String(v1.id)]: 'conflict' });
  });

  it.each([
    ['held-by-other', 'b', 1, { notes: 'B was here' }],
    ['stale-fencing-token', 'a', 0, { notes: 'old token' }],
    ['transition-not-allowed', 'a', 1, { state: 'PLOTTING' }],
    ['transition-not-allowed', 'a', 1, { state: 'ANALYZED' }], // the conversion worker's step
  ])(
    'refuses a write (%s) as a conflict carrying the server state',
    async (reason, device, token, change) => {
      const v1 = newJob();
      await push('a', 'jobs', [{ assumedMasterState: null, newDocumentState: v1 }]);
      await holdLease(t.db, String(v1.id), a, 1);
      const next = later(v1, { ...change, leaseFencingToken: token });
      const res = await push(device, 'jobs', [{ assumedMasterState: v1, newDocumentState: next }]);
      expect(res.status).toBe(200);
      expect(res.body.reasons).toEqual({ [String(v1.id)]: reason });
      expect(res.body.conflicts[0]).toMatchObject({ id: v1.id, state: 'NEW', notes: null });
      const stored = (await pull('a', 'jobs')).documents.find((d) => d.id === v1.id);
      expect(stored).toMatchObject({ state: 'NEW', notes: null });
    },
  );

  it('takes a plot done offline (READY → COMPLETED in one push) and records the states it went through', async () => {
    const v1 = await jobIn('READY');
    await holdLease(t.db, String(v1.id), a, 1);
    const done = later(v1, { state: 'COMPLETED', leaseFencingToken: 1 });
    const res = await push('a', 'jobs', [{ assumedMasterState: v1, newDocumentState: done }]);
    expect(res.body).toEqual({ conflicts: [], reasons: {} });
    const stored = (await pull('a', 'jobs')).documents.find((d) => d.id === v1.id);
    expect(stored?.state).toBe('COMPLETED');
    const changed = (await eventsOf(String(v1.id))).filter((e) => e.type === 'StatusChanged');
    expect(changed.at(-1)?.details).toEqual({
      from: 'READY',
      to: 'COMPLETED',
      action: null,
      via: 'ARMED → PLOTTING',
    });
  });

  it.each([
    ['READY', 'PICKED_UP'], // COMPLETED in between is not a plot state: its step is staff's own
    ['QUEUED', 'COMPLETED'], // the conversion worker's steps come first
    ['NEW', 'PLOTTING'],
  ])('still refuses %s → %s in one push', async (from, to) => {
    const v1 = await jobIn(from);
    await holdLease(t.db, String(v1.id), a, 1);
    const res = await push('a', 'jobs', [
      { assumedMasterState: v1, newDocumentState: later(v1, { state: to, leaseFencingToken: 1 }) },
    ]);
    expect(res.body.reasons).toEqual({ [String(v1.id)]: 'transition-not-allowed' });
  });

  it('refuses a job that has no lease at all, and one created in a later state', async () => {
    const v1 = newJob();
    await push('a', 'jobs', [{ assumedMasterState: null, newDocumentState: v1 }]);
    const res = await push('a', 'jobs', [
      { assumedMasterState: v1, newDocumentState: later(v1, { notes: 'x' }) },
    ]);
    expect(res.body.reasons).toEqual({ [String(v1.id)]: 'no-lease' });
    const ready = newJob({ state: 'READY' });
    const res2 = await push('a', 'jobs', [{ assumedMasterState: null, newDocumentState: ready }]);
    expect(res2.body.reasons).toEqual({ [String(ready.id)]: 'invalid-insert' });
    expect(res2.body.conflicts[0]).toMatchObject({ id: ready.id, _deleted: true });
    expect((await pull('a', 'jobs')).documents.some((d) => d.id === ready.id)).toBe(false);
  });
});

describe('write access per collection', () => {
  const settings = {
    id: 'lab',
    enabled: true,
    collectionLevel: 'basic',
    retentionDays: 365,
    autoCleanup: true,
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    _deleted: false,
  };

  it('lets only admins write settings', async () => {
    const res = await push('a', 'settings', [
      { assumedMasterState: null, newDocumentState: settings },
    ]);
    expect(res.body.reasons).toEqual({ lab: 'no-permission' });
    const ok = await push('admin', 'settings', [
      { assumedMasterState: null, newDocumentState: settings },
    ]);
    expect(ok.body.conflicts).toEqual([]);
    expect((await pull('a', 'settings')).documents).toEqual([settings]);
  });

  it('keeps events append-only and stamps their receive time', async () => {
    const event = {
      id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      jobId: '7c9e6679-7425-40de-944b-e07fc1f90ae8',
      type: 'NotesUpdated',
      details: { length: 12 },
      triggeredBy: a.staffId,
      triggeredByName: 'Ada',
      workstationId: a.workstationId,
      occurredAt: '2026-11-20T08:00:00.000Z',
      receivedAt: null,
      _deleted: false,
    };
    expect(
      (await push('a', 'events', [{ assumedMasterState: null, newDocumentState: event }])).body
        .conflicts,
    ).toEqual([]);
    const stored = (await pull('a', 'events')).documents.find((d) => d.id === event.id)!;
    expect(stored.occurredAt).toBe('2026-11-20T08:00:00.000Z');
    expect(Date.parse(String(stored.receivedAt))).toBeGreaterThan(
      Date.parse('2026-11-21T00:00:00Z'),
    );
    const forged = { ...event, details: { length: 0 } };
    const res = await push('a', 'events', [
      { assumedMasterState: stored, newDocumentState: forged },
    ]);
    expect(res.body.reasons).toEqual({ [event.id]: 'append-only' });
    const other = {
      ...event,
      id: '7c9e6679-7425-40de-944b-e07fc1f90ae9',
      workstationId: b.workstationId,
    };
    expect(
      (await push('a', 'events', [{ assumedMasterState: null, newDocumentState: other }])).body
        .reasons,
    ).toEqual({ [other.id]: 'no-permission' });
  });

  it('keeps runs and leases read-only on devices', async () => {
    const lease = {
      jobId: '7c9e6679-7425-40de-944b-e07fc1f90a00',
      holderWorkstationId: a.workstationId,
      holderStaffId: a.staffId,
      holderName: 'Ada',
      fencingToken: 99,
      acquiredAt: null,
      expiresAt: null,
      updatedAt: '2026-11-23T10:00:00.000Z',
      _deleted: false,
    };
    const res = await push('admin', 'leases', [
      { assumedMasterState: null, newDocumentState: lease },
    ]);
    expect(res.body.reasons).toEqual({ [lease.jobId]: 'read-only' });
  });
});

describe('bad input', () => {
  async function raw(path: string, init: RequestInit & { device?: string } = {}) {
    const res = await app.request(path, {
      ...init,
      headers: { ...syncHeaders(init.device ?? 'a'), ...(init.headers as Record<string, string>) },
    });
    return {
      status: res.status,
      body: (await res.json()) as { error?: { code: string; message: string } },
    };
  }
  const count = async () =>
    Number((await sql<{ n: string }>`select count(*) as n from jobs`.execute(t.db)).rows[0]?.n);

  it.each([
    ['malformed JSON', '{"rows": [', /not JSON/],
    ['no rows', '{"rows": []}', /rows/],
    [
      'a row without newDocumentState',
      '{"rows": [{"assumedMasterState": null}]}',
      /newDocumentState/,
    ],
  ])('answers 400 for %s', async (_, body, message) => {
    const before = await count();
    const res = await raw('/sync/jobs/push', { method: 'POST', body });
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toMatch(message);
    expect(await count()).toBe(before);
  });

  it('answers 400 naming the field of a document that fails the schema, and writes none of the batch', async () => {
    const before = await count();
    const good = newJob();
    const bad = newJob({ priority: 9 });
    const res = await raw('/sync/jobs/push', {
      method: 'POST',
      body: JSON.stringify({
        rows: [good, bad].map((d) => ({ assumedMasterState: null, newDocumentState: d })),
      }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toMatch(/rows\[1\]\.newDocumentState\.priority/);
    expect(await count()).toBe(before);
  });

  it('answers 400 for an oversized batch', async () => {
    const rows = Array.from({ length: 501 }, () => ({
      assumedMasterState: null,
      newDocumentState: newJob(),
    }));
    const res = await raw('/sync/jobs/push', { method: 'POST', body: JSON.stringify({ rows }) });
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toMatch(/rows/);
  });

  it('answers 400 for a checkpoint from the future or garbage', async () => {
    const future = await raw('/sync/jobs/pull?seq=999999999');
    expect(future.status).toBe(400);
    expect(future.body.error?.message).toMatch(/checkpoint 999999999 is ahead of this server/);
    expect(future.body.error?.code).toBe('checkpoint-ahead');
    const garbage = await raw('/sync/jobs/pull?seq=abc');
    expect(garbage.status).toBe(400);
  });

  it('answers 404 for an unknown collection and 426 for another protocol version', async () => {
    expect((await raw('/sync/constructor/pull')).status).toBe(404);
    const old = await raw('/sync/jobs/pull', { headers: { 'x-fabdesk-protocol': '0' } });
    expect(old.status).toBe(426);
    expect(old.body.error?.code).toBe('protocol-outdated');
  });

  it('keeps serving after all that', async () => {
    expect((await pull('a', 'jobs')).documents.length).toBeGreaterThan(0);
  });
});
