import type { PlotRecorder } from '@fabdesk/shared/plot/plot-recorder.ts';
import type { ResumePoint } from '@fabdesk/shared/plot/resume-point.ts';

/**
 * How a plot ended: the plan ran out, it was stopped (Ctrl-C, a lost lease), it broke, or
 * the plotter broke it off after a checkpoint (`paused`: the job can continue from there).
 */
export type PlotResult = 'completed' | 'aborted' | 'failed' | 'paused';

/** A plot that continues an interrupted one: from where, found how, and its own estimate. */
export interface PlotResumption {
  point: ResumePoint;
  /** The board's step counters told where the carriage stopped, or the user homed it. */
  positionFrom: 'board' | 'user';
  /** The plan's time for the rest, s. */
  estimatedS: number;
}

/**
 * What `plotPlan` tells the job's record as the plot goes. Times are on the plot's clock
 * (the emulator's for the virtual plotter), the same clock `recorder` was fed with.
 * Every call returns at once: whatever it writes is queued, the plot never waits for it.
 */
export interface PlotObserver {
  /**
   * The plotter is connected and the first block is about to stream; `resumed` when the
   * plot continues an interrupted one from its checkpoint.
   */
  started(recorder: PlotRecorder, plotter: string, nowMs: number, resumed?: PlotResumption): void;
  /** The board stopped: `plan` is a pause block of the plan (a pen swap before `layer`). */
  paused(reason: 'user' | 'button' | 'plan', layer: number | null, nowMs: number): void;
  resumed(after: 'pen-swap' | 'pause', nowMs: number): void;
  ended(
    result: PlotResult,
    nowMs: number,
    extra: { underruns?: number; message?: string; fault?: string },
  ): void;
}
