import type { PauseReason } from './pause-gate.ts';

/** Where a plot can be resumed from: written at each pen-up once the board has executed it. */
export interface PlotCheckpoint {
  layer: number;
  pathIndex: number;
  penDownDistanceMm: number;
  xMm: number;
  yMm: number;
}

/** What `EbbDriver.plot` tells its caller while it streams. */
export interface PlotCallbacks {
  /** The board accepted the commands of block `blockIndex` (it runs them next). */
  onProgress?(progress: { blockIndex: number; xMm: number; yMm: number; penDown: boolean }): void;
  onCheckpoint?(checkpoint: PlotCheckpoint): void;
  /** The plot waits for `resume()` with the pen up: a pen swap, or a pause at a path's end. */
  onPause?(reason: PauseReason): void;
}

/**
 * Where a pause-now stopped the board (`ES`): the pen has been lifted there and the step
 * counters are the plot's, so the plot can continue from exactly this point
 * (`EbbDriver.plot` with `continueFromSteps`).
 */
export interface BoardStop {
  reason: 'user' | 'button';
  /** The motors' step counters where the carriage stands. */
  steps: [number, number];
  /** Was the pen up when motion stopped (before the driver lifted it)? */
  penUp: boolean;
  /**
   * The block whose commands the board was running when it stopped, or the block it had
   * reached if it stood still (-1: nothing of this plot had run). The same point can lie on
   * several blocks (a closed stroke starts and ends there): this says which one.
   */
  block: number;
}

/** How `EbbDriver.plot` ended: completed, aborted (`stop` null), or stopped by a pause-now. */
export interface PlotOutcome {
  completed: boolean;
  stop: BoardStop | null;
}
