import { PgBoss } from 'pg-boss';
import type { Logger } from '../logger.ts';

const QUEUE = 'fabdesk-runs';

/** Delivers run ids to this process's executor, at most `concurrency` at a time. */
export interface RunQueue {
  enqueue(runId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The run queue on pg-boss (Postgres, SKIP LOCKED; its own `pgboss` schema in the same
 * database). It only carries run ids: the `runs` row stays the one truth of a run's state.
 * The concurrency limit is pg-boss's `localConcurrency` (that many polling workers, each
 * taking one job and awaiting `execute` before the next), so no more than that many run
 * processes ever exist at once. pg-boss's own retries are off: a run that fails is
 * settled by the executor; a server that died mid-run is handled by recoverRuns.
 */
export async function startRunQueue(options: {
  url: string;
  concurrency: number;
  logger: Logger;
  execute: (runId: string) => Promise<void>;
}): Promise<RunQueue> {
  const boss = new PgBoss({ connectionString: options.url, max: 3 });
  boss.on('error', (error) => options.logger.error(`run queue: ${error.message}`));
  await boss.start();
  await boss.createQueue(QUEUE, { retryLimit: 0, expireInSeconds: 3600 });
  await boss.work<{ runId: string }>(
    QUEUE,
    { localConcurrency: options.concurrency, batchSize: 1, pollingIntervalSeconds: 0.5 },
    async ([job]) => {
      if (job) await options.execute(job.data.runId);
    },
  );
  return {
    enqueue: async (runId) => {
      await boss.send(QUEUE, { runId });
    },
    close: () => boss.stop({ graceful: true, timeout: 10_000, close: true }),
  };
}
