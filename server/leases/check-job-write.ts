import { sql, type Transaction } from 'kysely';
import { lockCollection } from '../sync/write-lock.ts';
import type { Database } from '../db/database.ts';

/** Why a device's write to a job is refused, or `ok`. */
export const JobWriteVerdict = {
  ok: 'ok',
  /** Nobody holds the job (never leased, released, or force-released). */
  noLease: 'no-lease',
  /** Another workstation holds it (even if its lease has expired: it may come back). */
  heldByOther: 'held-by-other',
  /** This workstation holds it but the write carries another token (an older session). */
  staleFencingToken: 'stale-fencing-token',
} as const;
export type JobWriteVerdict = (typeof JobWriteVerdict)[keyof typeof JobWriteVerdict];

/**
 * May this workstation write this job with this fencing token? Yes when it is the
 * lease's holder and the token equals the lease's, even if the lease has expired: expiry
 * only lets someone ELSE take the job, and as long as nobody did, an offline tablet's
 * queued writes are still its own (see `acquireLease`).
 *
 * Runs inside the caller's write transaction and takes the `leases` lock, so no acquire
 * or force-release can commit between this check and the caller's commit. Lock order:
 * call it after taking `jobs` and before taking `events` (`sync/write-lock.ts`).
 */
export async function checkJobWrite(
  trx: Transaction<Database>,
  write: { jobId: string; workstationId: string; fencingToken: number | null },
): Promise<JobWriteVerdict> {
  await lockCollection(trx, 'leases');
  const { rows } = await sql<{ holder_workstation_id: string | null; fencing_token: string }>`
    select holder_workstation_id, fencing_token from job_leases
    where job_id = ${write.jobId}`.execute(trx);
  const lease = rows[0];
  if (!lease?.holder_workstation_id) return 'no-lease';
  if (lease.holder_workstation_id !== write.workstationId) return 'held-by-other';
  if (write.fencingToken === null || Number(lease.fencing_token) !== write.fencingToken)
    return 'stale-fencing-token';
  return 'ok';
}
