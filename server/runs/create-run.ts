import { randomUUID } from 'node:crypto';
import type { RunInput, RunKind } from '@fabdesk/shared/models/run.ts';
import { sql, type Transaction } from 'kysely';
import { appendSystemEvent } from './system-writes.ts';
import type { Database } from '../db/database.ts';

/**
 * Inserts a pending run and its RunQueued event (when it belongs to a job). The caller
 * holds the `runs` and `events` locks and, after commit, hands the id to the queue
 * (RunQueue.enqueue): a pending run the queue never got is re-sent at server start.
 */
export async function createRun(
  trx: Transaction<Database>,
  run: {
    kind: RunKind;
    jobId: string | null;
    template: string;
    config: Record<string, unknown>;
    inputs: RunInput[];
    name?: string | null;
  },
): Promise<string> {
  const id = randomUUID();
  await sql`insert into runs (id, name, kind, job_id, template, config, inputs, status, log,
      sync_seq, server_updated_at)
    values (${id}, ${run.name ?? null}, ${run.kind}, ${run.jobId}, ${run.template},
      ${JSON.stringify(run.config)}::jsonb, ${JSON.stringify(run.inputs)}::jsonb, 'pending', '',
      nextval('sync_seq'), now())`.execute(trx);
  if (run.jobId)
    await appendSystemEvent(trx, run.jobId, 'RunQueued', {
      runId: id,
      kind: run.kind,
      template: run.template,
    });
  return id;
}
