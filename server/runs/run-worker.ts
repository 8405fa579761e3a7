import { runPipeline } from '@fabdesk/shared/pipeline/run-pipeline.ts';
import { decodePlanBlob } from '@fabdesk/shared/plan/plan-blob.ts';
import { summarizePlan } from '@fabdesk/shared/plan/summarize-plan.ts';
import { countPaths } from '@fabdesk/shared/svg/count-paths.ts';
import type { WorkerMessage, WorkerStart } from './worker-messages.ts';

// One run's worker process: spawned by spawn-run-process.ts in a process group of its own,
// it gets one `start` message, does the work and reports back over IPC. It never touches
// the database. If the server goes away (the IPC channel closes) it exits at once, so a
// killed server leaves no orphaned worker grinding on.

function send(message: WorkerMessage, then?: () => void): void {
  process.send?.(message, undefined, {}, then);
}

/**
 * At most ten progress messages a second per step: the pipeline reports every 1024
 * iterations (hundreds a second), the parent writes at most twice a second. A new step is
 * always sent at once, so the stage the parent shows is never stale.
 */
const PROGRESS_MIN_INTERVAL_MS = 100;
let lastProgress = { stage: '', atMs: 0 };
function sendProgress(stage: string, current: number, total: number): void {
  const atMs = performance.now();
  if (stage === lastProgress.stage && atMs - lastProgress.atMs < PROGRESS_MIN_INTERVAL_MS) return;
  lastProgress = { stage, atMs };
  send({ type: 'progress', stage, current, total });
}

let finished = false;
process.on('disconnect', () => {
  if (!finished) process.exit(2);
});

process.once('message', (message: WorkerStart) => {
  try {
    if (message.kind === 'conversion') convert(message);
    else simulate(message.plan);
  } catch (error) {
    finished = true;
    const code =
      error instanceof Error && 'code' in error && typeof error.code === 'string'
        ? error.code
        : 'worker-error';
    send(
      {
        type: 'failed',
        code,
        message: error instanceof Error ? error.message : String(error),
      },
      () => process.exit(0),
    );
  }
});

function convert(message: Extract<WorkerStart, { kind: 'conversion' }>): void {
  const files = message.sources.map((s) => s.name).join(', ');
  send({ type: 'log', line: `conversion of ${files} (${message.settings.preset})` });
  const result = runPipeline(message.sources, message.settings, {
    now: () => performance.now(),
    // Stage boundaries go to the log; the bar follows the steps inside them.
    onStage: (stage, current, total) => {
      send({ type: 'log', line: `${stage} ${current + 1}/${total}` });
    },
    onProgress: sendProgress,
    onImported: (drawing, importMs) =>
      send({
        type: 'analyzed',
        pathCount: countPaths(drawing),
        layerCount: drawing.layers.length,
        unplottable: drawing.unplottable,
        importMs,
      }),
  });
  const t = result.timingsMs;
  send({
    type: 'log',
    line: `paths ${result.pathsIn} → ${result.pathsOut}, pen-up ${result.summary.distanceTravelMm.toFixed(0)} mm, plan ${result.summary.durationSeconds.toFixed(1)} s; import ${t.import.toFixed(0)} ms, optimize ${t.optimize.toFixed(0)} ms, plan ${t.plan.toFixed(0)} ms`,
  });
  finished = true;
  // Exit once the (large) result has been handed to the IPC channel.
  send({ type: 'result', kind: 'conversion', result }, () => process.exit(0));
}

function simulate(bytes: Uint8Array): void {
  const t0 = performance.now();
  send({ type: 'progress', stage: 'simulate', current: 0, total: 1 });
  const { plan } = decodePlanBlob(bytes);
  const summary = summarizePlan(plan);
  send({
    type: 'log',
    line: `simulated ${summary.blockCount} blocks: ${summary.durationSeconds.toFixed(1)} s`,
  });
  finished = true;
  send({ type: 'result', kind: 'simulation', summary, durationMs: performance.now() - t0 }, () =>
    process.exit(0),
  );
}
