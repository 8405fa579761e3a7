import type { JobLease } from '@fabdesk/shared/models/job-lease.ts';
import { type Kysely, sql } from 'kysely';
import type { AuthContext } from '../auth/auth-context.ts';
import { lockCollection, notifyChange } from '../sync/write-lock.ts';
import { explainRefusal } from './explain-refusal.ts';
import { leaseColumns, type LeaseRow, toJobLease } from './lease-row.ts';
import { assertLeaseTtl } from './lease-ttl.ts';
import type { Database } from '../db/database.ts';

/**
 * Extends the caller's lease to `ttlSeconds` from now (database clock). Only the holding
 * workstation may renew; a lease that expired but was not taken by anyone else is still
 * this workstation's (same rule as `acquireLease`), so renewing it succeeds and the token
 * stays. Throws `LeaseError` (`not-found`, `held-by-other`, `not-held`).
 */
export async function renewLease(
  db: Kysely<Database>,
  request: { jobId: string; auth: AuthContext; ttlSeconds: number },
): Promise<JobLease> {
  const { jobId, auth, ttlSeconds } = request;
  assertLeaseTtl(ttlSeconds);
  return db.transaction().execute(async (trx) => {
    await lockCollection(trx, 'leases');
    const { rows } = await sql<LeaseRow>`update job_leases set
        expires_at = statement_timestamp() + ${ttlSeconds}::int * interval '1 second',
        updated_at = statement_timestamp(),
        sync_seq = nextval('sync_seq'),
        server_updated_at = now()
      where job_id = ${jobId} and holder_workstation_id = ${auth.workstationId}
      returning ${leaseColumns}`.execute(trx);
    const row = rows[0];
    if (!row) throw await explainRefusal(trx, jobId, auth);
    await notifyChange(trx, 'leases');
    return toJobLease(row);
  });
}
