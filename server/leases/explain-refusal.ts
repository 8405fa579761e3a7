import { sql, type Transaction } from 'kysely';
import type { AuthContext } from '../auth/auth-context.ts';
import { LeaseError } from './lease-error.ts';
import { leaseColumns, type LeaseRow } from './lease-row.ts';
import type { Database } from '../db/database.ts';

/**
 * Builds the error for a lease statement that changed no row. Runs in the same
 * transaction, under the `leases` lock, so the row it reads is the one the statement saw.
 */
export async function explainRefusal(
  trx: Transaction<Database>,
  jobId: string,
  auth: AuthContext,
): Promise<LeaseError> {
  const job = await sql`select 1 from jobs where id = ${jobId} and not is_deleted`.execute(trx);
  if (job.rows.length === 0) return new LeaseError('not-found', `no job ${jobId} on the server`);
  const { rows } = await sql<LeaseRow>`select ${leaseColumns} from job_leases
    where job_id = ${jobId}`.execute(trx);
  const lease = rows[0];
  if (
    lease?.holder_workstation_id &&
    lease.holder_workstation_id !== auth.workstationId &&
    !lease.is_expired
  ) {
    const name = lease.holder_name ?? 'another workstation';
    const expiresAt = lease.expires_at!.toISOString();
    return new LeaseError('held-by-other', `held by ${name} until ${expiresAt}`, {
      name,
      workstationId: lease.holder_workstation_id,
      expiresAt,
    });
  }
  return new LeaseError(
    'not-held',
    `${auth.workstationName} does not hold the lease on job ${jobId}`,
  );
}
