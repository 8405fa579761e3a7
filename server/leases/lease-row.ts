import type { JobLease } from '@fabdesk/shared/models/job-lease.ts';
import { type RawBuilder, sql } from 'kysely';

/** A `job_leases` row as pg returns it (bigint as string, timestamptz as Date). */
export interface LeaseRow {
  job_id: string;
  holder_workstation_id: string | null;
  holder_staff_id: string | null;
  holder_name: string | null;
  fencing_token: string;
  acquired_at: Date | null;
  expires_at: Date | null;
  updated_at: Date;
  /** Evaluated on the database clock in the same statement, so callers never compare clocks. */
  is_expired: boolean;
}

/** The RETURNING / SELECT list every lease statement uses, so all of them map the same way. */
export const leaseColumns: RawBuilder<unknown> = sql.raw(
  'job_id, holder_workstation_id, holder_staff_id, holder_name, fencing_token, acquired_at, expires_at, updated_at, coalesce(expires_at <= statement_timestamp(), true) as is_expired',
);

export function toJobLease(row: LeaseRow): JobLease {
  return {
    jobId: row.job_id,
    holderWorkstationId: row.holder_workstation_id,
    holderStaffId: row.holder_staff_id,
    holderName: row.holder_name,
    fencingToken: Number(row.fencing_token),
    acquiredAt: row.acquired_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
  };
}
