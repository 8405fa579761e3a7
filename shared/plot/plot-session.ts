import { AxiKinematics } from '../ebb/axidraw-kinematics.ts';
import type { PauseMode, PauseReason } from '../ebb/driver/pause-gate.ts';
import type { BoardStop } from '../ebb/driver/plot-callbacks.ts';
import type { PlotDriver } from '../ebb/driver/plot-driver.ts';
import type { DeviceProfile } from '../plan/device-profile.ts';
import { BLOCK_STRIDE, BlockKind } from '../plan/motion-block.ts';
import type { MotionPlan } from '../plan/plan-motion.ts';
import { PlotResumeError } from './plot-resume-error.ts';
import { type PlotRun, resumedRun } from './plot-run.ts';
import { type PlanProgress, resumePlan } from './resume-plan.ts';
import { locateBoardStop, type ResumePoint } from './resume-point.ts';

/** What a plot session reports, in the plan's terms whatever run is streaming. */
export interface PlotSessionCallbacks {
  /** The board accepted plan block `planBlock` (a lower bound inside a replanned stroke). */
  onProgress?(progress: { planBlock: number; xMm: number; yMm: number; penDown: boolean }): void;
  onCheckpoint?(progress: PlanProgress): void;
  /**
   * The plot waits for `resume()` with the pen up: a pen swap (`plan`), a pause at the end
   * of a path, or a pause-now, which also says where the carriage stopped.
   */
  onPause?(reason: PauseReason, stoppedAt: { xMm: number; yMm: number } | null): void;
}

/**
 * One plot on one plotter, across every pause: streams a `PlotRun` with the driver and,
 * when a pause-now stops the board mid-plan (`BoardStop`), finds that place in the plan
 * (`locateBoardStop`, even mid-stroke), waits for `resume()` and streams the rest from the
 * carriage's exact position (`resumePlan`: the interrupted stroke replanned from rest,
 * nothing skipped, nothing drawn twice) on the same step counters, so the plot still ends
 * exactly at home. Progress and checkpoints always come in the plan's terms.
 */
export class PlotSession {
  private readonly driver: PlotDriver;
  private readonly plan: MotionPlan;
  private readonly profile: DeviceProfile;
  private aborted = false;
  private waiting: (() => void) | null = null;

  constructor(driver: PlotDriver, plan: MotionPlan, profile: DeviceProfile) {
    this.driver = driver;
    this.plan = plan;
    this.profile = profile;
  }

  pause(mode: PauseMode): void {
    this.driver.pause(mode);
  }

  resume(): void {
    this.driver.resume();
    this.wake();
  }

  abort(): void {
    this.aborted = true;
    this.driver.abort();
    this.wake();
  }

  /**
   * Plot from `first` to the end; `{ completed: false }` after an abort. Rejects with the
   * driver's `EbbError`, or a `PlotResumeError` if a pause-now left the carriage off the plan.
   */
  async run(first: PlotRun, cb: PlotSessionCallbacks = {}): Promise<{ completed: boolean }> {
    this.aborted = false;
    let run = first;
    for (;;) {
      const outcome = await this.driver.plot(
        run.blocks,
        {
          onProgress: (p) =>
            cb.onProgress?.({
              planBlock: planBlockOf(run, p.blockIndex),
              xMm: p.xMm,
              yMm: p.yMm,
              penDown: p.penDown,
            }),
          onCheckpoint: (c) => cb.onCheckpoint?.(run.toPlanProgress(c)),
          onPause: (reason) => cb.onPause?.(reason, null),
        },
        run.continueFromSteps ? { continueFromSteps: run.continueFromSteps } : {},
      );
      const stop = outcome.stop;
      if (!stop) return { completed: outcome.completed };
      const [xMm, yMm] = AxiKinematics.pointMm(stop.steps[0], stop.steps[1]);
      const point = this.locate(run, stop, xMm, yMm);
      if (!(await this.hold(() => cb.onPause?.(stop.reason, { xMm, yMm })))) {
        await this.driver.goHome();
        return { completed: false };
      }
      run = resumedRun(point, resumePlan(this.plan, point, this.profile, xMm, yMm), stop.steps);
    }
  }

  /** The plan point a pause-now stopped at. */
  private locate(run: PlotRun, stop: BoardStop, xMm: number, yMm: number): ResumePoint {
    const firstDown = firstBlockOf(run.blocks, BlockKind.penDown);
    // Nothing drawn in this run yet: the carriage is on the run's own travel (replanned, so
    // not the plan's), and the run's start is still where drawing continues.
    if (stop.block < 0 || (stop.penUp && (firstDown < 0 || stop.block < firstDown)))
      return markersPassed(run, stop.block);
    const point = locateBoardStop(this.plan, run.start, xMm, yMm, stop.penUp, {
      notBeforeBlock: planBlockOf(run, stop.block),
    });
    if (!point)
      throw new PlotResumeError(
        'stop-off-plan',
        `expected the carriage on the plan after the pause (pen ${stop.penUp ? 'up' : 'down'}), got ${xMm.toFixed(3)},${yMm.toFixed(3)} mm, where the plan does not pass`,
      );
    return point;
  }

  /** Tell the caller, then wait for resume (false: aborted). Resume inside `report` counts. */
  private async hold(report: () => void): Promise<boolean> {
    let resumed = false;
    const woken = new Promise<void>((resolve) => {
      this.waiting = () => {
        resumed = true;
        resolve();
      };
    });
    report();
    if (!resumed && !this.aborted) await woken;
    this.waiting = null;
    return !this.aborted;
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }
}

function planBlockOf(run: PlotRun, block: number): number {
  return run.sourceBlock ? (run.sourceBlock[block] ?? 0) : block;
}

function firstBlockOf(blocks: Float64Array, kind: number): number {
  for (let o = 0; o < blocks.length; o += BLOCK_STRIDE)
    if (blocks[o] === kind) return o / BLOCK_STRIDE;
  return -1;
}

/**
 * The run's start, moved past the LAYER and PAUSE markers the run streamed up to `block`
 * (the first block is the run's own LAYER marker, already the start's): a pen swap the
 * user has done is not asked for again.
 */
function markersPassed(run: PlotRun, block: number): ResumePoint {
  const point = { ...run.start };
  for (let i = 1; i <= block; i++) {
    const o = i * BLOCK_STRIDE;
    const kind = run.blocks[o];
    if (kind !== BlockKind.layer && kind !== BlockKind.pause) continue;
    point.blockIndex = Math.max(point.blockIndex, planBlockOf(run, i) + 1);
    if (kind === BlockKind.layer) {
      point.layerIndex = run.blocks[o + 5] as number;
      point.pathIndex = 0;
    }
  }
  return point;
}
