import { randomUUID } from 'node:crypto';
import { assertTransition } from '@fabdesk/shared/lifecycle/job-lifecycle.ts';
import type { EventType } from '@fabdesk/shared/models/event.ts';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';

// Writes the run machinery makes on its own behalf (triggered_by null: the system). Each
// needs the caller's transaction to hold the collection locks (lock-collections.ts) of
// what it writes: events for appendSystemEvent, jobs + events for moveJob.

/** Records one audit event; the caller holds the `events` lock. */
export async function appendSystemEvent(
  trx: Transaction<Database>,
  jobId: string,
  type: EventType,
  details: Record<string, string | number | boolean | null>,
): Promise<void> {
  await sql`insert into events (id, job_id, event_type, details, triggered_by, triggered_by_name,
      workstation_id, occurred_at, sync_seq, server_updated_at)
    values (${randomUUID()}, ${jobId}, ${type}, ${JSON.stringify(details)}::jsonb, null, 'fabdesk',
      null, now(), nextval('sync_seq'), now())`.execute(trx);
}

/**
 * Moves a job along the lifecycle as the system (assertTransition refuses a step the table
 * does not allow) and records a StatusChanged event. Returns false, changing nothing, when
 * the job is gone or no longer in `from` (staff moved it meanwhile).
 */
export async function moveJob(
  trx: Transaction<Database>,
  jobId: string,
  from: string,
  to: string,
  details: Record<string, string | number | boolean | null> = {},
): Promise<boolean> {
  assertTransition(from, to, 'system');
  const moved = await sql`update jobs set state = ${to}, updated_at = now(),
      sync_seq = nextval('sync_seq'), server_updated_at = now()
    where id = ${jobId} and state = ${from} and not is_deleted`.execute(trx);
  if (Number(moved.numAffectedRows ?? 0) === 0) return false;
  await appendSystemEvent(trx, jobId, 'StatusChanged', { from, to, ...details });
  return true;
}

/** The job's current state, row-locked for the transaction; null when it does not exist. */
export async function lockJobState(
  trx: Transaction<Database>,
  jobId: string,
): Promise<string | null> {
  const row = await trx
    .selectFrom('jobs')
    .select('state')
    .where('id', '=', jobId)
    .forUpdate()
    .executeTakeFirst();
  return (row?.state as string | undefined) ?? null;
}
