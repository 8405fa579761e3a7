import { AxiKinematics } from '../ebb/axidraw-kinematics.ts';
import { firmwareAtLeast } from '../ebb/driver/firmware-version.ts';
import type { PlotDriver } from '../ebb/driver/plot-driver.ts';
import type { DeviceProfile } from '../plan/device-profile.ts';
import type { MotionPlan } from '../plan/plan-motion.ts';
import type { PlotCheckpoint } from './plot-checkpoint.ts';
import { PlotResumeError } from './plot-resume-error.ts';
import { type ResumedPlan, resumePlan } from './resume-plan.ts';
import {
  locateBoardStop,
  planStart,
  type ResumePoint,
  resumePointFromCheckpoint,
} from './resume-point.ts';

export interface PrepareResumeArgs {
  /** A driver on the freshly reopened port (the driver itself, or the PWA's worker proxy). */
  driver: PlotDriver;
  plan: MotionPlan;
  jobId: string;
  planHash: string;
  profile: DeviceProfile;
  /** The job's last saved checkpoint; null if none was saved (nothing finished yet). */
  checkpoint: PlotCheckpoint | null;
  /**
   * The position is lost: ask the user to move the carriage to home (motors off, by hand)
   * and resolve once they confirm. The PWA shows a dialog; the CLI waits for Enter.
   */
  confirmHome(): Promise<void>;
  /** In the same process as the interrupted run: the highest plan block the board acked. */
  lastAckedBlock?: number;
}

export interface PreparedResume {
  resumed: ResumedPlan;
  point: ResumePoint;
  /** How the position was recovered: from the board's counters, or by the user. */
  positionFrom: 'board' | 'user';
}

/**
 * The resume procedure after a page reload, a crash or a pulled cable, on a reopened port:
 *
 * 1. The checkpoint must belong to this job and plan (`planHash`), and fall on a pen-up of
 *    the plan with the same pen-down distance; else `PlotResumeError` (nothing is guessed).
 * 2. Did the board keep power? A reboot switches the motors off, and the plot switched them
 *    on (`EM,1,1`), so motors enabled (`QE`, firmware ≥ 2.8.0) means the step counters are
 *    still the plot's. Older firmware cannot tell: treated as lost.
 * 3. Kept power: wait until the board has run what it had queued (it keeps going after the
 *    host is gone), read the counters (`QS`) and the pen (`QP`), find that place in the
 *    plan after the checkpoint (it may be strokes past it, even mid-stroke: also with the pen
 *    up, which the driver lifted where a fault stopped the board), lift the pen and go home
 *    (`HM`). A place the plan never passes falls back to step 4.
 * 4. Lost: the user moves the carriage home and confirms; continue from the checkpoint.
 *    (What the board drew after the checkpoint before it lost power cannot be known, so
 *    strokes after the checkpoint are drawn again in full.)
 * Then `resumePlan` from home gives the blocks to plot.
 */
export async function prepareResume(args: PrepareResumeArgs): Promise<PreparedResume> {
  const { driver, plan, checkpoint } = args;
  let from = planStart(plan);
  if (checkpoint) {
    if (checkpoint.jobId !== args.jobId || checkpoint.planHash !== args.planHash)
      throw new PlotResumeError(
        'checkpoint-mismatch',
        `expected a checkpoint of job ${args.jobId} plan ${args.planHash.slice(0, 12)}, got job ${checkpoint.jobId} plan ${checkpoint.planHash.slice(0, 12)}`,
      );
    from = resumePointFromCheckpoint(plan, checkpoint);
  }
  if (await boardKeptPower(driver)) {
    await driver.waitIdle();
    const steps = await driver.querySteps();
    const penUp = (await driver.query('QP')) === '1';
    const [x, y] = AxiKinematics.pointMm(steps[0], steps[1]);
    // After a fault the driver stopped the board (ES) and lifted the pen where it stood,
    // mid-stroke perhaps: a pen read as up may have been down when the carriage stopped.
    const stop = locateBoardStop(plan, from, x, y, penUp, {
      penMayBeLifted: true,
      ...(args.lastAckedBlock === undefined ? {} : { notBeforeBlock: args.lastAckedBlock }),
    });
    if (stop) {
      await driver.goHome();
      return {
        resumed: resumePlan(plan, stop, args.profile, 0, 0),
        point: stop,
        positionFrom: 'board',
      };
    }
  }
  await args.confirmHome();
  return { resumed: resumePlan(plan, from, args.profile, 0, 0), point: from, positionFrom: 'user' };
}

async function boardKeptPower(driver: PlotDriver): Promise<boolean> {
  if (!firmwareAtLeast(driver.firmware, 2, 8, 0)) return false;
  const m = /^(\d+),(\d+)$/.exec(await driver.query('QE'));
  return m !== null && Number(m[1]) > 0 && Number(m[2]) > 0;
}
