import { PipelineSettings } from '@fabdesk/shared/pipeline/pipeline-settings.ts';
import { type Kysely, sql } from 'kysely';
import { readBlob } from '../blobs/put-blob.ts';
import type { Logger } from '../logger.ts';
import { failAndRetry, failConversionJob, finishRun, type RunRow } from './finish-run.ts';
import { runTransaction } from './run-transaction.ts';
import { settleConversion } from './settle-conversion.ts';
import { settleSimulation } from './settle-simulation.ts';
import { type RunProcess, spawnRunProcess, type WorkerExit } from './spawn-run-process.ts';
import { moveJob } from './system-writes.ts';
import type { WorkerMessage, WorkerStart } from './worker-messages.ts';
import type { Database } from '../db/database.ts';

/** A run this process is executing right now. */
export interface ActiveRun {
  process: RunProcess;
  /** Set by cancel: the exit that follows ends the run `cancelled`. */
  cancelledBy: string | null;
  /** Set by shutdown: the exit that follows fails the run and queues a retry. */
  stopping: boolean;
  /** Resolves when the run is settled in the database. */
  settled: Promise<void>;
}

export interface ExecuteDeps {
  db: Kysely<Database>;
  logger: Logger;
  active: Map<string, ActiveRun>;
  /** Hands a newly created run (the follow-up simulation, a retry) to the queue. */
  enqueue: (runId: string) => Promise<void>;
  /**
   * How often a running run's row is looked at, ms (default 500): written when progress or
   * log changed, and as a heartbeat once a second when nothing did (see executeRun).
   */
  progressIntervalMs?: number;
  /** True once the server is shutting down: deliveries from then on are left pending. */
  isClosing?: () => boolean;
}

const MAX_LOG_CHARS = 200_000;
/** A running run's row is written at least this often, changed or not. */
const HEARTBEAT_MS = 1000;

/**
 * Executes one pending run (a queue delivery): loads its inputs, starts its worker process,
 * claims the row (pending → running with pid/pgid; a run that is no longer pending is left
 * alone and the process killed), writes progress and log while it works, and settles the
 * row when the process exits: completed with its outputs, failed with the worker's error or
 * the crash, or cancelled with the log so far.
 *
 * Liveness contract for devices: while a run is `running` its row is written (stage,
 * progress_current/total, updated_at, a new sync_seq, under the runs lock with a notify) at
 * least once a second, at most twice a second: every 500 ms when progress changed, and a
 * heartbeat with the same figures once a second when it did not. A running run whose
 * `updatedAt` is several seconds old is therefore not being worked on (its server died;
 * recoverRuns settles it at the next start). The log is written only when it changed.
 */
export async function executeRun(deps: ExecuteDeps, runId: string): Promise<void> {
  const { db } = deps;
  const run = (await db
    .selectFrom('runs')
    .selectAll()
    .where('id', '=', runId)
    .executeTakeFirst()) as RunRow | undefined;
  if (run?.status !== 'pending' || deps.isClosing?.()) return;

  let log = '';
  const appendLog = (line: string) => {
    log = `${log}${new Date().toISOString()} ${line}\n`.slice(-MAX_LOG_CHARS);
    dirty = true;
  };
  let progress = { stage: 'starting', current: 0, total: 1 };
  let dirty = false;
  let result: Extract<WorkerMessage, { type: 'result' }> | null = null;
  let failure: Extract<WorkerMessage, { type: 'failed' }> | null = null;
  // Database writes from messages run one after another, in message order.
  let writes: Promise<unknown> = Promise.resolve();
  const queueWrite = (write: () => Promise<unknown>) => {
    writes = writes.then(write).catch((error) => deps.logger.error(`run ${runId}: ${error}`));
  };

  let start: WorkerStart;
  try {
    start = await startMessage(db, run);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await runTransaction(db, ['jobs', 'runs', 'events'], async (trx) => {
      if (await finishRun(trx, run, { status: 'failed', errorMessage: message }))
        await failConversionJob(trx, run, message);
    });
    return;
  }

  const onMessage = (message: WorkerMessage) => {
    if (message.type === 'progress') {
      progress = { stage: message.stage, current: message.current, total: message.total };
      dirty = true;
    } else if (message.type === 'log') appendLog(message.line);
    else if (message.type === 'result') result = message;
    else if (message.type === 'failed') failure = message;
    else if (message.type === 'analyzed' && run.job_id) {
      const jobId = run.job_id;
      appendLog(
        `analyzed: ${message.pathCount} paths in ${message.layerCount} layers` +
          (Object.keys(message.unplottable).length
            ? `; not plottable: ${Object.entries(message.unplottable)
                .map(([k, n]) => `${n} ${k}`)
                .join(', ')}`
            : ''),
      );
      queueWrite(() =>
        runTransaction(db, ['jobs', 'events'], (trx) =>
          moveJob(trx, jobId, 'QUEUED', 'ANALYZED', {
            runId,
            pathCount: message.pathCount,
            layerCount: message.layerCount,
          }),
        ),
      );
    }
  };

  const proc = spawnRunProcess(onMessage);
  let settle!: () => void;
  const entry: ActiveRun = {
    process: proc,
    cancelledBy: null,
    stopping: false,
    settled: new Promise<void>((resolve) => {
      settle = resolve;
    }),
  };
  deps.active.set(runId, entry);
  try {
    const claimed = await runTransaction(db, ['runs'], async (trx) => {
      const r = await trx
        .updateTable('runs')
        .set({
          status: 'running',
          pid: proc.pid,
          pgid: proc.pgid,
          stage: 'starting',
          started_at: new Date(),
          updated_at: new Date(),
          sync_seq: sqlNextSeq,
          server_updated_at: new Date(),
        })
        .where('id', '=', runId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    });
    if (!claimed) {
      proc.signalGroup('SIGKILL');
      await proc.exited;
      return;
    }
    appendLog(`worker pid ${proc.pid} (process group ${proc.pgid})`);
    proc.start(start);

    const intervalMs = deps.progressIntervalMs ?? 500;
    const heartbeatTicks = Math.max(1, Math.round(HEARTBEAT_MS / intervalMs));
    let ticksSinceWrite = 0;
    let writing = false;
    let writtenLog = '';
    const flush = () => {
      ticksSinceWrite++;
      // A write still under way (a slow database) is not queued behind: the next tick
      // writes the newest figures instead.
      if (writing || !(dirty || ticksSinceWrite >= heartbeatTicks)) return;
      dirty = false;
      ticksSinceWrite = 0;
      writing = true;
      const snapshot = { ...progress, log: log === writtenLog ? null : log };
      writtenLog = log;
      queueWrite(() =>
        runTransaction(db, ['runs'], (trx) =>
          trx
            .updateTable('runs')
            .set({
              stage: snapshot.stage,
              progress_current: snapshot.current,
              progress_total: snapshot.total,
              ...(snapshot.log === null ? {} : { log: snapshot.log }),
              updated_at: new Date(),
              sync_seq: sqlNextSeq,
              server_updated_at: new Date(),
            })
            .where('id', '=', runId)
            .where('status', '=', 'running')
            .execute(),
        ).finally(() => {
          writing = false;
        }),
      );
    };
    const timer = setInterval(flush, intervalMs);
    const exit = await proc.exited;
    clearInterval(timer);
    await writes;
    await settleExit(deps, run, entry, exit, { result, failure, log: () => log, appendLog });
  } finally {
    deps.active.delete(runId);
    settle();
  }
}

async function settleExit(
  deps: ExecuteDeps,
  run: RunRow,
  entry: ActiveRun,
  exit: WorkerExit,
  outcome: {
    result: Extract<WorkerMessage, { type: 'result' }> | null;
    failure: Extract<WorkerMessage, { type: 'failed' }> | null;
    log: () => string;
    appendLog: (line: string) => void;
  },
): Promise<void> {
  const { db } = deps;
  const { result, failure } = outcome;
  if (entry.cancelledBy !== null) {
    outcome.appendLog(`cancelled by ${entry.cancelledBy} (exit ${exit.signal ?? exit.code})`);
    const reason = `cancelled by ${entry.cancelledBy}`;
    await runTransaction(db, ['jobs', 'runs', 'events'], async (trx) => {
      if (
        await finishRun(trx, run, { status: 'cancelled', log: outcome.log(), errorMessage: reason })
      )
        await failConversionJob(trx, run, `conversion ${reason}`);
    });
    return;
  }
  if (entry.stopping && !result) {
    outcome.appendLog('the server stopped during the run');
    const retry = await runTransaction(db, ['jobs', 'runs', 'events'], (trx) =>
      failAndRetry(trx, run, 'the server stopped during the run', outcome.log()),
    );
    if (retry) deps.logger.info(`run ${run.id} will be retried as ${retry} at the next start`);
    return;
  }
  if (result?.kind === 'conversion') {
    const simulation = await runTransaction(db, ['jobs', 'runs', 'events'], (trx) =>
      settleConversion(trx, run, result.result, outcome.log()),
    );
    if (simulation) await deps.enqueue(simulation);
    return;
  }
  if (result?.kind === 'simulation') {
    await runTransaction(db, ['runs', 'plot_stats', 'events'], (trx) =>
      settleSimulation(trx, run, result.summary, outcome.log()),
    );
    return;
  }
  const message = failure
    ? failure.message
    : `the worker process ended without a result (${exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`})${lastLine(exit.stderrTail)}`;
  outcome.appendLog(`failed: ${message}`);
  await runTransaction(db, ['jobs', 'runs', 'events'], async (trx) => {
    if (
      await finishRun(trx, run, {
        status: 'failed',
        log: outcome.log(),
        errorMessage: message.slice(0, 10_000),
      })
    )
      await failConversionJob(trx, run, message);
  });
}

function lastLine(stderr: string): string {
  const lines = stderr
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '');
  const error = lines.find((l) => /Error/.test(l)) ?? lines.at(-1);
  return error ? `: ${error.trim().slice(0, 500)}` : '';
}

async function startMessage(db: Kysely<Database>, run: RunRow): Promise<WorkerStart> {
  const blobs = await Promise.all(
    run.inputs.map(async (input) => {
      const blob = await readBlob(db, input.blobHash);
      if (!blob) throw new Error(`input ${input.name} (blob ${input.blobHash}) is missing`);
      return { name: input.name, data: blob.data };
    }),
  );
  if (run.kind === 'simulation') {
    const plan = blobs[0];
    if (!plan) throw new Error('a simulation needs a plan blob as its input');
    return { type: 'start', kind: 'simulation', plan: plan.data };
  }
  if (run.kind !== 'conversion') throw new Error(`runs of kind ${run.kind} are not executed here`);
  const decoder = new TextDecoder('utf-8');
  return {
    type: 'start',
    kind: 'conversion',
    sources: blobs.map((b) => ({ name: b.name, text: decoder.decode(b.data) })),
    settings: PipelineSettings.parse(run.config.settings),
  };
}

const sqlNextSeq = sql<number>`nextval('sync_seq')`;
