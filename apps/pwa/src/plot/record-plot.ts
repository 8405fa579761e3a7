import { AxiKinematics } from '@fabdesk/shared/ebb/axidraw-kinematics.ts';
import { describeEbbError } from '@fabdesk/shared/ebb/driver/describe-ebb-error.ts';
import { EbbError, type EbbErrorCode } from '@fabdesk/shared/ebb/driver/ebb-error.ts';
import type { JobState } from '@fabdesk/shared/lifecycle/job-state.ts';
import { makePlotCheckpoint } from '@fabdesk/shared/plot/make-plot-checkpoint.ts';
import type { PlotRecorder } from '@fabdesk/shared/plot/plot-recorder.ts';
import type { PlotRun } from '@fabdesk/shared/plot/plot-run.ts';
import type { PlotSession } from '@fabdesk/shared/plot/plot-session.ts';
import type { PlotDetails, PlotOptions } from './plot-options.ts';
import type { PlotterConnection } from './plotter-connection.ts';

/** The parts of the console's snapshot a running plot changes. */
export interface PlotProgressChange {
  phase?: 'plotting' | 'paused' | 'pen-swap' | 'completed' | 'aborted' | 'stopped' | 'failed';
  message?: string | null;
  penDown?: boolean | null;
  position?: { xMm: number; yMm: number } | null;
  elapsedS?: number;
  remainingS?: number | null;
  swapLayer?: number | null;
}

/** What `recordPlot` works with; the controller owns them and keeps them for pause/resume. */
export interface PlotRecording {
  connection: PlotterConnection;
  options: PlotOptions;
  session: PlotSession;
  recorder: PlotRecorder;
  run: PlotRun;
  /** Record the start (job moves with their events); queued like every record write. */
  start(): Promise<void>;
  set(change: PlotProgressChange): void;
  /** Queue a record write; writes run one at a time, in order. */
  record(work: () => Promise<void>): void;
}

const tenths = (s: number) => Math.round(s * 10) / 10;
const xyMm = ([xMm, yMm]: readonly [number, number]) => ({ xMm, yMm });

/**
 * Runs a plot session and turns what it reports into the job's record: progress into the
 * recorder, a checkpoint (with what was measured so far) at every pen-up the board has run,
 * PAUSED with a PlotPaused event at every pause, and at the end the statistics and the final
 * move (COMPLETED, ABORTED, or FAILED with the message; a failed plot keeps its checkpoint,
 * which is where a resume starts). A plot the plotter broke off (an `EbbError`: garbage, no
 * reply, a lost board, a refused command) once a checkpoint exists is PAUSED instead, with a
 * PlotPaused event (reason 'fault'), so "Resume from the last pen-up" continues it: FAILED
 * would send the job back to READY and every stroke would be drawn again. Resolves with how
 * the plot ended and the fault's code, if the plotter's.
 */
export async function recordPlot(p: PlotRecording): Promise<{
  result: 'completed' | 'aborted' | 'failed';
  failure: string;
  fault: EbbErrorCode | null;
}> {
  const { connection: c, options, recorder, session, run } = p;
  const { record, plan } = options;
  const now = () => c.timer.now();
  recorder.start(now());
  if (run.start.blockIndex > 0) recorder.reached(run.start.blockIndex - 1, now());
  p.set({
    phase: 'plotting',
    message: null,
    elapsedS: recorder.elapsedS(now()),
    remainingS: run.durationS,
  });
  p.record(p.start);
  let result: 'completed' | 'aborted' | 'failed' = 'failed';
  let error: unknown = null;
  // A resume needs a checkpoint: one this run stored, or the one a resumed run started from
  // (a run from a checkpoint starts past the plan's first block; it stays stored until the
  // plot completes or is aborted).
  let checkpointed = run.start.blockIndex > 0;
  try {
    const { completed } = await session.run(run, {
      onProgress: (at) => {
        recorder.reached(at.planBlock, now());
        if (!c.board) p.set({ position: { xMm: at.xMm, yMm: at.yMm }, penDown: at.penDown });
      },
      onCheckpoint: (progress) => {
        checkpointed = true;
        const saved = makePlotCheckpoint(
          options.jobId,
          options.planHash,
          progress,
          recorder.measuredSoFar(now()),
        );
        p.record(() => record.saveCheckpoint(saved));
      },
      onPause: (reason, stoppedAt) => {
        const t = now();
        recorder.paused(t);
        const swapLayer = reason === 'plan' ? recorder.upcomingLayer() : null;
        p.set({
          phase: reason === 'plan' ? 'pen-swap' : 'paused',
          swapLayer,
          elapsedS: recorder.elapsedS(t),
          ...(stoppedAt && !c.board ? { position: stoppedAt, penDown: false } : {}),
        });
        p.record(() =>
          record.moveJob('PAUSED', {
            type: 'PlotPaused',
            details: {
              reason: reason === 'plan' ? 'pen-swap' : reason,
              layer: swapLayer === null ? null : (plan.layers[swapLayer]?.name ?? null),
              elapsedS: tenths(recorder.elapsedS(t)),
              ...(stoppedAt ? { immediate: true } : {}),
            },
          }),
        );
      },
    });
    result = completed ? 'completed' : 'aborted';
  } catch (e) {
    error = e;
  }
  const fault = error instanceof EbbError ? error.code : null;
  const paused = fault !== null && checkpointed;
  const failure = error === null ? '' : describeEbbError(error);
  const t = now();
  const layer = recorder.currentLayer;
  recorder.finish(t, result === 'completed');
  const eventType =
    result === 'completed' ? 'PlotCompleted' : result === 'aborted' ? 'PlotAborted' : 'PlotFailed';
  const to: JobState =
    result === 'completed' ? 'COMPLETED' : result === 'aborted' ? 'ABORTED' : 'FAILED';
  const endDetails: PlotDetails = {
    durationS: tenths(recorder.elapsedS(t)),
    estimatedS: tenths(plan.durationS),
    layersCompleted: recorder.layerRecords.filter((l) => l.completed).length,
    ...(c.board ? { underruns: c.board.underruns } : {}),
    ...(failure ? { message: failure.slice(0, 500) } : {}),
  };
  // A fault that paused the job records the part plotted as a paused run, not a failed one.
  const statsType = paused ? 'PlotPaused' : eventType;
  p.record(() => record.saveStats((id) => options.stats(recorder, t, statsType, id)));
  if (paused)
    p.record(() =>
      record.moveJob('PAUSED', {
        type: 'PlotPaused',
        details: {
          reason: 'fault',
          fault,
          layer: layer === null ? null : (plan.layers[layer]?.name ?? null),
          elapsedS: endDetails.durationS ?? null,
          ...endDetails,
        },
      }),
    );
  else p.record(() => record.moveJob(to, { type: eventType, details: endDetails }));
  if (result !== 'failed') p.record(() => record.clearCheckpoint());
  // The virtual board's pen where the plot left it (the ticker would show it 200 ms later).
  const board = c.board;
  p.set({
    ...(board
      ? {
          position: xyMm(AxiKinematics.pointMm(board.steps[0], board.steps[1])),
          penDown: !board.penUp,
        }
      : {}),
    phase: paused ? 'stopped' : result,
    swapLayer: null,
    elapsedS: recorder.elapsedS(t),
    remainingS: result === 'completed' ? 0 : recorder.remainingS(),
    message: failure
      ? `The plot stopped: ${failure}${paused ? ' The job is paused: resume it from the last pen-up.' : ''}`
      : null,
  });
  return { result, failure, fault };
}
