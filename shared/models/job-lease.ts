import { z } from 'zod';
import { EntityId } from './entity-id.ts';
import { IsoTime } from './iso-time.ts';

/**
 * The lock on a job, granted by the server only: which workstation (and which staff
 * member on it) may edit or run the job until `expiresAt` (database clock). `fencingToken`
 * rises each time a different holder takes the job; a write carrying an older token is
 * refused. A released or expired lease keeps its row (holder null) so the token never
 * goes back. Devices receive leases read-only.
 */
export const JobLease = z.strictObject({
  jobId: EntityId,
  holderWorkstationId: EntityId.nullable(),
  holderStaffId: EntityId.nullable(),
  holderName: z.string().max(200).nullable(),
  fencingToken: z.int().min(0),
  acquiredAt: IsoTime.nullable(),
  expiresAt: IsoTime.nullable(),
  updatedAt: IsoTime,
});
export type JobLease = z.infer<typeof JobLease>;
