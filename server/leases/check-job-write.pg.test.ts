import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createMigrator } from '../db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { acquireLease } from './acquire-lease.ts';
import { checkJobWrite } from './check-job-write.ts';
import { forceReleaseLease } from './force-release-lease.ts';
import { releaseLease } from './release-lease.ts';
import { testAuth } from './test-auth.ts';
import { insertTestJob } from './test-job.ts';

let database: TestDatabase<unknown>;
let db: Kysely<unknown>;
beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  await createMigrator(database.db).latest();
  db = database.db;
});
afterAll(async () => {
  await database?.drop();
});

const ada = testAuth('Ada');
const bo = testAuth('Bo');

function check(jobId: string, workstationId: string, fencingToken: number | null) {
  return db
    .transaction()
    .execute((trx) => checkJobWrite(trx, { jobId, workstationId, fencingToken }));
}

async function expireLease(jobId: string) {
  await sql`update job_leases set expires_at = now() - interval '1 second' where job_id = ${jobId}`.execute(
    db,
  );
}

describe('checkJobWrite', () => {
  test('a job nobody ever leased: no-lease', async () => {
    expect(await check(await insertTestJob(db), ada.workstationId, 1)).toBe('no-lease');
  });

  test('the holder with its token may write, even after its lease expired untaken', async () => {
    const jobId = await insertTestJob(db);
    await acquireLease(db, { jobId, auth: ada, ttlSeconds: 60 });
    expect(await check(jobId, ada.workstationId, 1)).toBe('ok');
    await expireLease(jobId);
    expect(await check(jobId, ada.workstationId, 1)).toBe('ok');
  });

  test('a wrong or missing token from the holder: stale-fencing-token', async () => {
    const jobId = await insertTestJob(db);
    await acquireLease(db, { jobId, auth: ada, ttlSeconds: 60 });
    expect(await check(jobId, ada.workstationId, 0)).toBe('stale-fencing-token');
    expect(await check(jobId, ada.workstationId, 2)).toBe('stale-fencing-token');
    expect(await check(jobId, ada.workstationId, null)).toBe('stale-fencing-token');
  });

  test('after another workstation took over, the old holder is held-by-other and its old token stale', async () => {
    const jobId = await insertTestJob(db);
    await acquireLease(db, { jobId, auth: ada, ttlSeconds: 60 });
    expect(await check(jobId, bo.workstationId, 1)).toBe('held-by-other');
    await expireLease(jobId);
    await acquireLease(db, { jobId, auth: bo, ttlSeconds: 60 });
    expect(await check(jobId, ada.workstationId, 1)).toBe('held-by-other');
    expect(await check(jobId, bo.workstationId, 1)).toBe('stale-fencing-token');
    expect(await check(jobId, bo.workstationId, 2)).toBe('ok');
  });

  test('released or force-released: no-lease', async () => {
    const jobId = await insertTestJob(db);
    await acquireLease(db, { jobId, auth: ada, ttlSeconds: 60 });
    await releaseLease(db, { jobId, auth: ada });
    expect(await check(jobId, ada.workstationId, 1)).toBe('no-lease');
    await acquireLease(db, { jobId, auth: ada, ttlSeconds: 60 });
    await forceReleaseLease(db, { jobId, auth: testAuth('Root', 'admin') });
    expect(await check(jobId, ada.workstationId, 2)).toBe('no-lease');
  });

  test('no one can take the job between the check and the commit of the checked write', async () => {
    const jobId = await insertTestJob(db);
    await acquireLease(db, { jobId, auth: ada, ttlSeconds: 60 });
    await expireLease(jobId);
    let commitWrite!: () => void;
    const writeMayCommit = new Promise<void>((r) => {
      commitWrite = r;
    });
    let verdict = '';
    const write = db.transaction().execute(async (trx) => {
      verdict = await checkJobWrite(trx, {
        jobId,
        workstationId: ada.workstationId,
        fencingToken: 1,
      });
      await writeMayCommit;
    });
    while (verdict === '') await new Promise((r) => setTimeout(r, 10));
    let takenOver = false;
    const takeover = acquireLease(db, { jobId, auth: bo, ttlSeconds: 60 }).then(() => {
      takenOver = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(verdict).toBe('ok');
    expect(takenOver).toBe(false);
    commitWrite();
    await write;
    await takeover;
    expect(takenOver).toBe(true);
  });
});
