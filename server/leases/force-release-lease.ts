import type { JobLease } from '@fabdesk/shared/models/job-lease.ts';
import { type Kysely, sql } from 'kysely';
import type { AuthContext } from '../auth/auth-context.ts';
import { lockCollection, notifyChange } from '../sync/write-lock.ts';
import { appendLeaseEvent } from './append-lease-event.ts';
import { LeaseError } from './lease-error.ts';
import { leaseColumns, type LeaseRow, toJobLease } from './lease-row.ts';
import type { Database } from '../db/database.ts';

/**
 * An admin takes a lease away from whoever holds it (a tablet left in a drawer). The
 * holder becomes null and the token stays, so the old holder's later writes are refused
 * (`checkJobWrite` → `no-lease`, then `stale-fencing-token` once someone re-acquires).
 * Always audited: a `LeaseForceReleased` event naming the previous holder is written in
 * the same transaction. Forcing a lease that is already free changes nothing and records
 * nothing. Throws `LeaseError` (`not-admin`, `not-found`).
 */
export async function forceReleaseLease(
  db: Kysely<Database>,
  request: { jobId: string; auth: AuthContext },
): Promise<JobLease> {
  const { jobId, auth } = request;
  // Security: the role is checked before anything is read or locked.
  if (auth.role !== 'admin')
    throw new LeaseError('not-admin', 'only an admin may force-release a lease');
  return db.transaction().execute(async (trx) => {
    await lockCollection(trx, 'leases');
    const { rows } = await sql<
      LeaseRow & {
        previous_workstation_id: string;
        previous_staff_id: string | null;
        previous_name: string | null;
        previous_expires_at: Date | null;
      }
    >`with prev as (select * from job_leases where job_id = ${jobId})
      update job_leases set
        holder_workstation_id = null, holder_staff_id = null, holder_name = null,
        acquired_at = null, expires_at = null,
        updated_at = statement_timestamp(),
        sync_seq = nextval('sync_seq'),
        server_updated_at = now()
      where job_id = ${jobId} and holder_workstation_id is not null
      returning ${leaseColumns},
        (select holder_workstation_id from prev) as previous_workstation_id,
        (select holder_staff_id from prev) as previous_staff_id,
        (select holder_name from prev) as previous_name,
        (select expires_at from prev) as previous_expires_at`.execute(trx);
    const row = rows[0];
    if (!row) {
      const current = await sql<LeaseRow>`select ${leaseColumns} from job_leases
        where job_id = ${jobId}`.execute(trx);
      if (current.rows[0]) return toJobLease(current.rows[0]);
      throw new LeaseError('not-found', `job ${jobId} has no lease`);
    }
    await notifyChange(trx, 'leases');
    await appendLeaseEvent(trx, {
      jobId,
      type: 'LeaseForceReleased',
      auth,
      details: {
        previousHolderWorkstationId: row.previous_workstation_id,
        previousHolderStaffId: row.previous_staff_id,
        previousHolderName: row.previous_name,
        previousExpiresAt: row.previous_expires_at?.toISOString() ?? null,
        fencingToken: Number(row.fencing_token),
      },
    });
    return toJobLease(row);
  });
}
