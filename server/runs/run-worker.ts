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
    onStage: (stage, current, total) => {
      send({ type: 'progress', stage, current, total });
      send({ type: 'log', line: `${stage} ${current + 1}/${total}` });
    },
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
