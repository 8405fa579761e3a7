import type { PlotRecorder } from '@fabdesk/shared/plot/plot-recorder.ts';

/** How a plot ended: the plan ran out, it was stopped (Ctrl-C, a lost lease), or it broke. */
export type PlotResult = 'completed' | 'aborted' | 'failed';

/**
 * What `plotPlan` tells the job's record as the plot goes. Times are on the plot's clock
 * (the emulator's for the virtual plotter), the same clock `recorder` was fed with.
 * Every call returns at once: whatever it writes is queued, the plot never waits for it.
 */
export interface PlotObserver {
  /** The plotter is connected and the first block is about to stream. */
  started(recorder: PlotRecorder, plotter: string, nowMs: number): void;
  /** The board stopped: `plan` is a pause block of the plan (a pen swap before `layer`). */
  paused(reason: 'user' | 'button' | 'plan', layer: number | null, nowMs: number): void;
  resumed(after: 'pen-swap' | 'pause', nowMs: number): void;
  ended(result: PlotResult, nowMs: number, extra: { underruns?: number; message?: string }): void;
}
