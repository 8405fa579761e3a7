import { randomUUID } from 'node:crypto';
import type { EventType } from '@fabdesk/shared/models/event.ts';
import { sql, type Transaction } from 'kysely';
import type { AuthContext } from '../auth/auth-context.ts';
import { lockCollection, notifyChange } from '../sync/write-lock.ts';
import type { Database } from '../db/database.ts';

/**
 * Records a lease event in the caller's transaction, so the audit record exists exactly
 * when the lease change it describes commits. Takes the `events` lock: the caller must
 * already hold `leases` (lock order jobs → leases → events, see `sync/write-lock.ts`).
 */
export async function appendLeaseEvent(
  trx: Transaction<Database>,
  event: {
    jobId: string;
    type: EventType;
    auth: AuthContext;
    details: Record<string, string | number | null>;
  },
): Promise<void> {
  await lockCollection(trx, 'events');
  await sql`insert into events (id, job_id, event_type, details, triggered_by, triggered_by_name,
      workstation_id, occurred_at, sync_seq, server_updated_at)
    values (${randomUUID()}, ${event.jobId}, ${event.type}, ${JSON.stringify(event.details)}::jsonb,
      ${event.auth.staffId}, ${event.auth.staffName}, ${event.auth.workstationId}, now(),
      nextval('sync_seq'), now())`.execute(trx);
  await notifyChange(trx, 'events');
}
