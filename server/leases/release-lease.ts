import type { JobLease } from '@fabdesk/shared/models/job-lease.ts';
import { type Kysely, sql } from 'kysely';
import type { AuthContext } from '../auth/auth-context.ts';
import { lockCollection, notifyChange } from '../sync/write-lock.ts';
import { explainRefusal } from './explain-refusal.ts';
import { leaseColumns, type LeaseRow, toJobLease } from './lease-row.ts';
import type { Database } from '../db/database.ts';

/**
 * Gives the caller's lease up: the holder becomes null and the fencing token stays, so
 * it never goes back and the next acquire (by anyone) raises it. Releasing a lease that
 * is already free is a no-op that returns it (a client retrying after a lost answer must
 * not see an error). Throws `LeaseError` (`not-found`, `held-by-other`, `not-held`).
 * Not audited; see `acquireLease`.
 */
export async function releaseLease(
  db: Kysely<Database>,
  request: { jobId: string; auth: AuthContext },
): Promise<JobLease> {
  const { jobId, auth } = request;
  return db.transaction().execute(async (trx) => {
    await lockCollection(trx, 'leases');
    const { rows } = await sql<LeaseRow>`update job_leases set
        holder_workstation_id = null, holder_staff_id = null, holder_name = null,
        acquired_at = null, expires_at = null,
        updated_at = statement_timestamp(),
        sync_seq = nextval('sync_seq'),
        server_updated_at = now()
      where job_id = ${jobId} and holder_workstation_id = ${auth.workstationId}
      returning ${leaseColumns}`.execute(trx);
    const row = rows[0];
    if (row) {
      await notifyChange(trx, 'leases');
      return toJobLease(row);
    }
    const free = await sql<LeaseRow>`select ${leaseColumns} from job_leases
      where job_id = ${jobId} and holder_workstation_id is null`.execute(trx);
    if (free.rows[0]) return toJobLease(free.rows[0]);
    throw await explainRefusal(trx, jobId, auth);
  });
}
