import type { Kysely } from 'kysely';
import type { Logger } from '../logger.ts';
import { failAndRetry, type RunRow } from './finish-run.ts';
import { runTransaction } from './run-transaction.ts';
import { isRunWorker } from './worker-process-alive.ts';
import type { Database } from '../db/database.ts';

/**
 * At server start, before the queue delivers anything: every run still `running` was
 * left by a server process that is gone (this one has started none yet), so none can ever
 * finish. A worker of it that somehow survived is killed (only if its pid is still a run
 * worker, never an unrelated process that reused the pid); the run is failed with the
 * reason and retried once (a retry that dies too fails its job). Returns the ids to queue:
 * the retries and every run still pending (one the queue may never have received).
 */
export async function recoverRuns(db: Kysely<Database>, logger: Logger): Promise<string[]> {
  const stale = (await db
    .selectFrom('runs')
    .selectAll()
    .where('status', '=', 'running')
    .execute()) as RunRow[];
  for (const run of stale) {
    if (run.pgid && run.pid && isRunWorker(run.pid)) {
      try {
        process.kill(-run.pgid, 'SIGKILL');
      } catch {}
    }
    const message = `the server stopped while this run was running (worker pid ${run.pid ?? 'unknown'} is gone)`;
    const retry = await runTransaction(db, ['jobs', 'runs', 'events'], (trx) =>
      failAndRetry(trx, run, message),
    );
    logger.warn(
      `run ${run.id} (${run.kind}) was left running: failed${retry ? `, retry ${retry} queued` : ''}`,
    );
  }
  const pending = await db
    .selectFrom('runs')
    .select('id')
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .execute();
  return pending.map((r) => r.id as string);
}
