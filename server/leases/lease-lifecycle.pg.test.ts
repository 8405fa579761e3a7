import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createMigrator } from '../db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { acquireLease } from './acquire-lease.ts';
import { forceReleaseLease } from './force-release-lease.ts';
import { releaseLease } from './release-lease.ts';
import { renewLease } from './renew-lease.ts';
import { testAuth } from './test-auth.ts';
import { insertTestJob } from './test-job.ts';

let database: TestDatabase<unknown>;
beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  await createMigrator(database.db).latest();
});
afterAll(async () => {
  await database?.drop();
});

const ada = testAuth('Ada');
const bo = testAuth('Bo');
const admin = testAuth('Root', 'admin');

async function leasedJob(ttlSeconds = 60) {
  const jobId = await insertTestJob(database.db);
  await acquireLease(database.db, { jobId, auth: ada, ttlSeconds });
  return jobId;
}

async function expireLease(jobId: string) {
  await sql`update job_leases set expires_at = now() - interval '1 second' where job_id = ${jobId}`.execute(
    database.db,
  );
}

describe('renewLease', () => {
  test('the holder extends the expiry from the database clock; the token stays', async () => {
    const jobId = await leasedJob(5);
    const renewed = await renewLease(database.db, { jobId, auth: ada, ttlSeconds: 600 });
    const { rows } = await sql<{ left_s: number }>`select extract(epoch from
      ${renewed.expiresAt}::timestamptz - now())::float8 as left_s`.execute(database.db);
    expect(rows[0]!.left_s).toBeGreaterThan(590);
    expect(renewed.fencingToken).toBe(1);
  });

  test('another workstation cannot renew it: held-by-other while it runs, not-held once free', async () => {
    const jobId = await leasedJob();
    await expect(
      renewLease(database.db, { jobId, auth: bo, ttlSeconds: 60 }),
    ).rejects.toMatchObject({
      code: 'held-by-other',
      holder: { name: 'Ada' },
    });
    await expireLease(jobId);
    await expect(
      renewLease(database.db, { jobId, auth: bo, ttlSeconds: 60 }),
    ).rejects.toMatchObject({
      code: 'not-held',
    });
    // Refusals changed nothing: Ada still holds it and, nobody having taken it, may renew.
    const renewed = await renewLease(database.db, { jobId, auth: ada, ttlSeconds: 60 });
    expect(renewed).toMatchObject({ holderWorkstationId: ada.workstationId, fencingToken: 1 });
  });
});

describe('releaseLease', () => {
  test('frees the job but keeps the token; the next holder gets a higher one', async () => {
    const jobId = await leasedJob();
    const released = await releaseLease(database.db, { jobId, auth: ada });
    expect(released).toMatchObject({
      holderWorkstationId: null,
      holderName: null,
      expiresAt: null,
      fencingToken: 1,
    });
    const next = await acquireLease(database.db, { jobId, auth: bo, ttlSeconds: 60 });
    expect(next.fencingToken).toBe(2);
  });

  test('only the holder may release; releasing a free lease again is a no-op', async () => {
    const jobId = await leasedJob();
    await expect(releaseLease(database.db, { jobId, auth: bo })).rejects.toMatchObject({
      code: 'held-by-other',
    });
    const first = await releaseLease(database.db, { jobId, auth: ada });
    const again = await releaseLease(database.db, { jobId, auth: ada });
    expect(again).toEqual(first);
  });
});

describe('forceReleaseLease', () => {
  async function forceEvents(jobId: string) {
    const { rows } = await sql`select triggered_by, triggered_by_name, workstation_id, details,
      occurred_at is not null as has_time from events
      where job_id = ${jobId} and event_type = 'LeaseForceReleased'`.execute(database.db);
    return rows;
  }

  test('is refused to staff who are not admins, and changes nothing', async () => {
    const jobId = await leasedJob();
    await expect(forceReleaseLease(database.db, { jobId, auth: bo })).rejects.toMatchObject({
      code: 'not-admin',
    });
    const lease = await renewLease(database.db, { jobId, auth: ada, ttlSeconds: 60 });
    expect(lease.holderWorkstationId).toBe(ada.workstationId);
    expect(await forceEvents(jobId)).toEqual([]);
  });

  test('an admin frees the job, keeps the token, and exactly one audit event names who and whom', async () => {
    const jobId = await leasedJob();
    const freed = await forceReleaseLease(database.db, { jobId, auth: admin });
    expect(freed).toMatchObject({ holderWorkstationId: null, fencingToken: 1 });
    // A second force on a free lease records nothing more.
    await forceReleaseLease(database.db, { jobId, auth: admin });
    expect(await forceEvents(jobId)).toEqual([
      {
        triggered_by: admin.staffId,
        triggered_by_name: 'Root',
        workstation_id: admin.workstationId,
        has_time: true,
        details: expect.objectContaining({
          previousHolderName: 'Ada',
          previousHolderWorkstationId: ada.workstationId,
          fencingToken: 1,
        }),
      },
    ]);
    await expect(
      renewLease(database.db, { jobId, auth: ada, ttlSeconds: 60 }),
    ).rejects.toMatchObject({ code: 'not-held' });
  });

  test('a job that never had a lease is not-found', async () => {
    const jobId = await insertTestJob(database.db);
    await expect(forceReleaseLease(database.db, { jobId, auth: admin })).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});
