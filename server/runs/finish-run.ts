import type { RunInput, RunStatus } from '@fabdesk/shared/models/run.ts';
import { type Selectable, sql, type Transaction } from 'kysely';
import { createRun } from './create-run.ts';
import { appendSystemEvent, lockJobState, moveJob } from './system-writes.ts';
import type { Database, RunsTable } from '../db/database.ts';

/**
 * The run row fields the settling code needs. The jsonb columns hold what `createRun`
 * wrote (a settings object, the inputs list); the table type leaves jsonb `unknown`.
 */
export type RunRow = Pick<
  Selectable<RunsTable>,
  'id' | 'kind' | 'job_id' | 'template' | 'status' | 'pid' | 'pgid'
> & {
  config: Record<string, unknown>;
  inputs: RunInput[];
};

/**
 * Ends a run: final status, log, error, output, ended_at, and a RunFinished event on its
 * job. Only a run that is not final yet is changed (returns false otherwise), so two
 * settlers (a cancel and the process exit) cannot both write. Caller holds runs + events.
 */
export async function finishRun(
  trx: Transaction<Database>,
  run: RunRow,
  end: {
    status: Exclude<RunStatus, 'pending' | 'running'>;
    log?: string;
    errorMessage?: string | null;
    output?: string | null;
  },
): Promise<boolean> {
  const done = await sql`update runs set status = ${end.status},
      log = coalesce(${end.log ?? null}, log),
      error_message = ${end.errorMessage ?? null},
      output = coalesce(${end.output ?? null}, output),
      ended_at = now(), updated_at = now(),
      sync_seq = nextval('sync_seq'), server_updated_at = now()
    where id = ${run.id} and status in ('pending', 'running')`.execute(trx);
  if (Number(done.numAffectedRows ?? 0) === 0) return false;
  if (run.job_id)
    await appendSystemEvent(trx, run.job_id, 'RunFinished', {
      runId: run.id,
      kind: run.kind,
      status: end.status,
      errorMessage: end.errorMessage ?? null,
    });
  return true;
}

/**
 * A conversion that will not produce a plan: its job leaves intake for FAILED (from QUEUED
 * or ANALYZED; a job staff already moved elsewhere is left alone). Caller holds jobs + events.
 */
export async function failConversionJob(
  trx: Transaction<Database>,
  run: RunRow,
  reason: string,
): Promise<void> {
  if (run.kind !== 'conversion' || !run.job_id) return;
  const state = await lockJobState(trx, run.job_id);
  if (state === 'QUEUED' || state === 'ANALYZED')
    await moveJob(trx, run.job_id, state, 'FAILED', {
      runId: run.id,
      reason: reason.slice(0, 500),
    });
}

/**
 * Fails a run whose process died with the server (a restart or a shutdown) and, if it was
 * not itself a retry, queues one retry with the same inputs; otherwise its job fails.
 * Returns the retry's id (for the queue, after commit). Caller holds jobs, runs, events.
 */
export async function failAndRetry(
  trx: Transaction<Database>,
  run: RunRow,
  message: string,
  log?: string,
): Promise<string | null> {
  if (
    !(await finishRun(trx, run, {
      status: 'failed',
      errorMessage: message,
      ...(log === undefined ? {} : { log }),
    }))
  )
    return null;
  if (typeof run.config.retryOf === 'string') {
    await failConversionJob(trx, run, message);
    return null;
  }
  return createRun(trx, {
    kind: run.kind as 'conversion' | 'simulation',
    jobId: run.job_id,
    template: run.template,
    config: { ...run.config, retryOf: run.id },
    inputs: run.inputs,
    name: null,
  });
}
