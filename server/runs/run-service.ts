import type { Kysely } from 'kysely';
import type { Logger } from '../logger.ts';
import { type ActiveRun, executeRun } from './execute-run.ts';
import { failConversionJob, finishRun, type RunRow } from './finish-run.ts';
import { recoverRuns } from './recover-runs.ts';
import { type RunQueue, startRunQueue } from './run-queue.ts';
import { runTransaction } from './run-transaction.ts';
import { isRunWorker } from './worker-process-alive.ts';
import type { Database } from '../db/database.ts';

/** The server's runs: queue them, cancel them, stop them all on shutdown. */
export interface RunService {
  /** Hands a committed pending run to the queue. */
  enqueue(runId: string): Promise<void>;
  /**
   * Cancels a pending or running run and resolves once it is settled: a running one's
   * process group gets SIGTERM, then SIGKILL after the grace period. Returns false when
   * the run was already final (or does not exist).
   */
  cancel(runId: string, by: string): Promise<boolean>;
  /** How many worker processes this server has right now. */
  activeCount(): number;
  close(): Promise<void>;
}

/**
 * Starts the run machinery: settles runs a dead server left running (recoverRuns), starts
 * the pg-boss queue with the concurrency limit, and re-queues pending runs.
 */
export async function startRunService(options: {
  db: Kysely<Database>;
  url: string;
  logger: Logger;
  concurrency: number;
  cancelGraceMs: number;
  progressIntervalMs?: number;
}): Promise<RunService> {
  const { db, logger } = options;
  const active = new Map<string, ActiveRun>();
  const toQueue = await recoverRuns(db, logger);
  let queue: RunQueue | undefined;
  let closing = false;
  const enqueue = async (runId: string) => {
    await queue?.enqueue(runId);
  };
  const deps = {
    db,
    logger,
    active,
    enqueue,
    isClosing: () => closing,
    ...(options.progressIntervalMs === undefined
      ? {}
      : { progressIntervalMs: options.progressIntervalMs }),
  };
  queue = await startRunQueue({
    url: options.url,
    concurrency: options.concurrency,
    logger,
    execute: (runId) => executeRun(deps, runId),
  });
  for (const id of toQueue) await queue.enqueue(id);

  const killAfterGrace = (entry: ActiveRun) => {
    entry.process.signalGroup('SIGTERM');
    const timer = setTimeout(() => entry.process.signalGroup('SIGKILL'), options.cancelGraceMs);
    void entry.settled.then(() => {
      clearTimeout(timer);
      // Anything the worker started in its group dies with it.
      entry.process.signalGroup('SIGKILL');
    });
  };

  return {
    enqueue,
    activeCount: () => active.size,
    cancel: async (runId, by) => {
      const entry = active.get(runId);
      if (entry) {
        entry.cancelledBy = by;
        killAfterGrace(entry);
        await entry.settled;
        return true;
      }
      const run = (await db
        .selectFrom('runs')
        .selectAll()
        .where('id', '=', runId)
        .executeTakeFirst()) as RunRow | undefined;
      if (!run || (run.status !== 'pending' && run.status !== 'running')) return false;
      // Pending (not started yet), or running without a process here: settle it directly.
      if (run.status === 'running' && run.pgid && run.pid && isRunWorker(run.pid)) {
        try {
          process.kill(-run.pgid, 'SIGKILL');
        } catch {}
      }
      const reason = `cancelled by ${by}`;
      return runTransaction(db, ['jobs', 'runs', 'events'], async (trx) => {
        if (!(await finishRun(trx, run, { status: 'cancelled', errorMessage: reason })))
          return false;
        await failConversionJob(trx, run, `conversion ${reason}`);
        return true;
      });
    },
    close: async () => {
      closing = true;
      // Running workers are stopped and their runs failed with a retry queued for the
      // next start; then the queue stops (its handlers return as the runs settle).
      for (const entry of active.values()) {
        entry.stopping = true;
        entry.process.signalGroup('SIGKILL');
      }
      await Promise.all([...active.values()].map((e) => e.settled));
      await queue?.close();
    },
  };
}
