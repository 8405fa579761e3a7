import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDatabase } from '../db/create-database.ts';
import { createMigrator } from '../db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { lockCollection } from '../sync/write-lock.ts';
import { acquireLease } from './acquire-lease.ts';
import { LeaseError } from './lease-error.ts';
import { releaseLease } from './release-lease.ts';
import { testAuth } from './test-auth.ts';
import { insertTestJob } from './test-job.ts';

let database: TestDatabase<unknown>;
/** A pool wide enough that racing acquires really run on different connections. */
let wide: Kysely<unknown>;

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  await createMigrator(database.db).latest();
  wide = createDatabase(database.url, { connectTimeoutMs: 5000, maxConnections: 20 });
});
afterAll(async () => {
  await wide?.destroy();
  await database?.drop();
});

async function expireLease(jobId: string) {
  await sql`update job_leases set expires_at = now() - interval '1 second' where job_id = ${jobId}`.execute(
    database.db,
  );
}

async function eventsOf(jobId: string, type: string) {
  const { rows } = await sql<{ triggered_by_name: string; details: { fencingToken: number } }>`
    select triggered_by_name, details from events where job_id = ${jobId} and event_type = ${type}
    order by sync_seq`.execute(database.db);
  return rows;
}

describe('acquireLease', () => {
  test('50 devices racing for one job: exactly one wins, the 49 others are told who holds it', async () => {
    const jobId = await insertTestJob(wide);
    const devices = Array.from({ length: 50 }, (_, i) => testAuth(`Device ${i}`));
    const results = await Promise.allSettled(
      devices.map((auth) => acquireLease(wide, { jobId, auth, ttlSeconds: 120 })),
    );
    const won = results.flatMap((r, i) =>
      r.status === 'fulfilled' ? [{ lease: r.value, i }] : [],
    );
    expect(won).toHaveLength(1);
    const winner = devices[won[0]!.i]!;
    expect(won[0]!.lease).toMatchObject({
      holderWorkstationId: winner.workstationId,
      holderName: winner.staffName,
      fencingToken: 1,
    });
    const refusals = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(refusals).toHaveLength(49);
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(LeaseError);
      expect(refusal).toMatchObject({
        code: 'held-by-other',
        holder: { name: winner.staffName, workstationId: winner.workstationId },
      });
      expect(refusal.message).toMatch(new RegExp(`^held by ${winner.staffName} until \\d{4}-`));
    }
    expect(await eventsOf(jobId, 'LeaseAcquired')).toEqual([
      { triggered_by_name: winner.staffName, details: { fencingToken: 1 } },
    ]);
  });

  test('the fencing token rises per different holder, not when the same workstation re-acquires', async () => {
    const jobId = await insertTestJob(database.db);
    const a = testAuth('Ada');
    const b = testAuth('Bo');
    const take = async (auth: typeof a) =>
      (await acquireLease(database.db, { jobId, auth, ttlSeconds: 60 })).fencingToken;

    expect(await take(a)).toBe(1);
    expect(await take(a)).toBe(1); // still holding: a re-acquire is a renewal
    await expireLease(jobId);
    expect(await take(a)).toBe(1); // offline past expiry, nobody took it: keeps its work
    await expireLease(jobId);
    expect(await take(b)).toBe(2);
    expect(await take(b)).toBe(2);
    await expireLease(jobId);
    expect(await take(a)).toBe(3);
    await releaseLease(database.db, { jobId, auth: a });
    expect(await take(a)).toBe(4); // after a release the holder is unknown: always a new token
    expect((await eventsOf(jobId, 'LeaseAcquired')).map((e) => e.details.fencingToken)).toEqual([
      1, 2, 3, 4,
    ]);
  });

  test('expiry is judged on the database clock: a 1 s lease can be taken by another after it', async () => {
    const jobId = await insertTestJob(database.db);
    const a = testAuth('Ada');
    const b = testAuth('Bo');
    const lease = await acquireLease(database.db, { jobId, auth: a, ttlSeconds: 1 });
    expect(Date.parse(lease.expiresAt!) - Date.parse(lease.acquiredAt!)).toBe(1000);
    await expect(
      acquireLease(database.db, { jobId, auth: b, ttlSeconds: 1 }),
    ).rejects.toMatchObject({ code: 'held-by-other' });
    // Wait until the DATABASE says the lease is over (not this process's clock).
    const until = Date.now() + 5000;
    while (Date.now() < until) {
      const { rows } = await sql<{
        over: boolean;
      }>`select ${lease.expiresAt}::timestamptz <= now() as over`.execute(database.db);
      if (rows[0]!.over) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const taken = await acquireLease(database.db, { jobId, auth: b, ttlSeconds: 1 });
    expect(taken).toMatchObject({ holderWorkstationId: b.workstationId, fencingToken: 2 });
  });

  test('a job the server does not have (or has deleted) cannot be leased', async () => {
    const a = testAuth('Ada');
    await expect(
      acquireLease(database.db, { jobId: crypto.randomUUID(), auth: a, ttlSeconds: 60 }),
    ).rejects.toMatchObject({ code: 'not-found' });
    const jobId = await insertTestJob(database.db);
    await sql`update jobs set is_deleted = true where id = ${jobId}`.execute(database.db);
    await expect(
      acquireLease(database.db, { jobId, auth: a, ttlSeconds: 60 }),
    ).rejects.toMatchObject({ code: 'not-found' });
  });

  test('a TTL outside 1 s..1 h is a bug in the caller', async () => {
    const jobId = await insertTestJob(database.db);
    await expect(
      acquireLease(database.db, { jobId, auth: testAuth('Ada'), ttlSeconds: 3601 }),
    ).rejects.toThrow(RangeError);
  });
});

describe('sync_seq of leases', () => {
  test('an acquire waits for the leases lock, so its sequence number comes after a writer that holds it', async () => {
    const blockerJob = await insertTestJob(wide);
    const jobId = await insertTestJob(wide);
    let releaseBlocker!: () => void;
    const blockerMayCommit = new Promise<void>((r) => {
      releaseBlocker = r;
    });
    let blockerSeq = 0;
    const blocker = wide.transaction().execute(async (trx) => {
      await lockCollection(trx, 'leases');
      const { rows } = await sql<{ sync_seq: string }>`insert into job_leases (job_id, sync_seq)
        values (${blockerJob}, nextval('sync_seq')) returning sync_seq`.execute(trx);
      blockerSeq = Number(rows[0]!.sync_seq);
      await blockerMayCommit;
    });
    await new Promise((r) => setTimeout(r, 50));
    let acquired = false;
    const acquiring = acquireLease(wide, { jobId, auth: testAuth('Ada'), ttlSeconds: 60 }).then(
      (lease) => {
        acquired = true;
        return lease;
      },
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(acquired).toBe(false);
    releaseBlocker();
    await blocker;
    await acquiring;
    const { rows } = await sql<{ sync_seq: string }>`select sync_seq from job_leases
      where job_id = ${jobId}`.execute(wide);
    expect(Number(rows[0]!.sync_seq)).toBeGreaterThan(blockerSeq);
  });

  test('a puller that advances its checkpoint while 50 acquires commit sees every one of them', async () => {
    const jobs = await Promise.all(Array.from({ length: 50 }, () => insertTestJob(wide)));
    const { rows: start } = await sql<{ seq: string | null }>`select max(sync_seq) as seq
      from job_leases`.execute(wide);
    let checkpoint = Number(start[0]!.seq ?? 0);
    const seen = new Set<string>();
    const pull = async () => {
      const { rows } = await sql<{ job_id: string; sync_seq: string }>`select job_id, sync_seq
        from job_leases where sync_seq > ${checkpoint} order by sync_seq`.execute(wide);
      for (const row of rows) seen.add(row.job_id);
      if (rows.length > 0) checkpoint = Number(rows.at(-1)!.sync_seq);
    };
    let done = false;
    const puller = (async () => {
      while (!done) await pull();
    })();
    await Promise.all(
      jobs.map((jobId, i) =>
        acquireLease(wide, { jobId, auth: testAuth(`D${i}`), ttlSeconds: 60 }),
      ),
    );
    done = true;
    await puller;
    await pull();
    expect(seen.size).toBe(50);
  });
});
