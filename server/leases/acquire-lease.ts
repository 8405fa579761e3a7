import type { JobLease } from '@fabdesk/shared/models/job-lease.ts';
import { type Kysely, sql } from 'kysely';
import type { AuthContext } from '../auth/auth-context.ts';
import { lockCollection, notifyChange } from '../sync/write-lock.ts';
import { appendLeaseEvent } from './append-lease-event.ts';
import { explainRefusal } from './explain-refusal.ts';
import { leaseColumns, type LeaseRow, toJobLease } from './lease-row.ts';
import { assertLeaseTtl } from './lease-ttl.ts';
import type { Database } from '../db/database.ts';

/**
 * Takes the lease on a job for the caller's workstation, or throws `LeaseError`
 * (`not-found`, `held-by-other`).
 *
 * One INSERT … ON CONFLICT DO UPDATE … WHERE decides, so two racing devices cannot both
 * win: the lease is granted when it is free (released), expired (on the DATABASE clock,
 * never a device's), or already this workstation's.
 *
 * Fencing token: it rises by one each time a DIFFERENT workstation takes the job (and on
 * the first acquire, 0 → 1). The same workstation re-acquiring keeps its token. This is
 * how a tablet that went offline mid-plot keeps its work: its lease expires while it is
 * away, but as long as nobody else took the job, its re-acquire (or its queued writes,
 * see `checkJobWrite`) still carry the current token and are accepted. Once another
 * workstation takes the job the token moves on and the old tablet's writes are refused.
 * After a release the holder is unknown, so the next acquire always raises the token.
 *
 * Audit: a `LeaseAcquired` event is written only when the holder changes (the token
 * rose): that is a hand-over worth a line in the job's history. Re-acquires and renewals
 * by the holder (every minute or so while a job is open) and releases are not recorded;
 * they would bury the trail in noise, and expiry is silent anyway, so release events would
 * give an incomplete picture. Force-release is always recorded (`forceReleaseLease`).
 *
 * Times use `statement_timestamp()`, not `now()`: the transaction may have waited on the
 * `leases` lock, and `now()` is when it began.
 */
export async function acquireLease(
  db: Kysely<Database>,
  request: { jobId: string; auth: AuthContext; ttlSeconds: number },
): Promise<JobLease> {
  const { jobId, auth, ttlSeconds } = request;
  assertLeaseTtl(ttlSeconds);
  return db.transaction().execute(async (trx) => {
    await lockCollection(trx, 'leases');
    const { rows } = await sql<LeaseRow & { previous_token: string | null }>`
      with prev as (select fencing_token from job_leases where job_id = ${jobId})
      insert into job_leases as l (job_id, holder_workstation_id, holder_staff_id, holder_name,
        fencing_token, acquired_at, expires_at, updated_at, is_deleted, sync_seq, server_updated_at)
      select j.id, ${auth.workstationId}, ${auth.staffId}, ${auth.staffName}, 1,
        statement_timestamp(), statement_timestamp() + ${ttlSeconds}::int * interval '1 second',
        statement_timestamp(), false, nextval('sync_seq'), now()
      from jobs j where j.id = ${jobId} and not j.is_deleted
      on conflict (job_id) do update set
        fencing_token = case when l.holder_workstation_id = excluded.holder_workstation_id
          then l.fencing_token else l.fencing_token + 1 end,
        acquired_at = case when l.holder_workstation_id = excluded.holder_workstation_id
          then l.acquired_at else excluded.acquired_at end,
        holder_workstation_id = excluded.holder_workstation_id,
        holder_staff_id = excluded.holder_staff_id,
        holder_name = excluded.holder_name,
        expires_at = excluded.expires_at,
        updated_at = excluded.updated_at,
        is_deleted = false,
        sync_seq = excluded.sync_seq,
        server_updated_at = excluded.server_updated_at
      where l.holder_workstation_id is null
        or l.expires_at <= statement_timestamp()
        or l.holder_workstation_id = excluded.holder_workstation_id
      returning ${leaseColumns}, (select fencing_token from prev) as previous_token
    `.execute(trx);
    const row = rows[0];
    if (!row) throw await explainRefusal(trx, jobId, auth);
    await notifyChange(trx, 'leases');
    if (row.previous_token === null || row.previous_token !== row.fencing_token) {
      await appendLeaseEvent(trx, {
        jobId,
        type: 'LeaseAcquired',
        auth,
        details: { fencingToken: Number(row.fencing_token) },
      });
    }
    return toJobLease(row);
  });
}
