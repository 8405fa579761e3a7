import type { PlotDriver } from '@fabdesk/shared/ebb/driver/plot-driver.ts';
import { axidrawProfile } from '@fabdesk/shared/plan/axidraw-models.ts';
import type { MotionPlan } from '@fabdesk/shared/plan/plan-motion.ts';
import type { PlotCheckpoint, PlotMeasured } from '@fabdesk/shared/plot/plot-checkpoint.ts';
import { type PlotRun, resumedRun } from '@fabdesk/shared/plot/plot-run.ts';
import { prepareResume } from '@fabdesk/shared/plot/prepare-resume.ts';
import type { ResumePoint } from '@fabdesk/shared/plot/resume-point.ts';

/**
 * The job's plan is planned with a stock AxiDraw's limits (every stock model has the same;
 * only the travel area differs), and the CLI plots that plan as it is: the travel to where
 * drawing continues, and a stroke continued part-way, are planned with the same limits.
 */
const STOCK_AXIDRAW = axidrawProfile('axidraw-v3');

/** An interrupted plot of a job to continue: its checkpoint file, and what the user confirmed. */
export interface InterruptedPlot {
  jobId: string;
  planHash: string;
  checkpoint: PlotCheckpoint;
  /** `--carriage-home`: the carriage was moved home by hand with the motors off. */
  carriageHome: boolean;
}

/** The rest of the plot, and where it continues from. */
export interface ResumedFrom {
  run: PlotRun;
  point: ResumePoint;
  positionFrom: 'board' | 'user';
  /** What the interrupted run measured up to the checkpoint (its time, per layer). */
  earlier: PlotMeasured | null;
}

/** The position is lost and the user has not said the carriage is home: nothing can move. */
export class CarriageNotHomeError extends Error {
  constructor(virtual: boolean) {
    super(
      virtual
        ? 'the virtual plotter starts with its carriage at home and knows nothing of the interrupted plot; run this again with --carriage-home to continue from the last pen-up'
        : 'the plotter cannot tell where its carriage is (its motors are off: it was switched off, or restarted); switch it on, move the carriage home by hand (the corner where plots start) with the motors off, then run this again with --carriage-home. The strokes after the last pen-up are drawn again: what the plotter drew after it is not known',
    );
    this.name = 'CarriageNotHomeError';
  }
}

/**
 * The shared resume procedure (`prepareResume`) on the plotter just opened: a board that
 * kept power tells from its step counters where it stopped (even past the checkpoint), and
 * goes home; otherwise the carriage must be at home by the user's hand, which the CLI
 * cannot ask for in the middle of a run (it may have no terminal): `--carriage-home` says
 * so beforehand, and without it the resume is refused (`CarriageNotHomeError`) before the
 * plotter moves or anything is recorded. Also rejects with `PlotResumeError` (the
 * checkpoint does not fit the plan) and `EbbError`.
 */
export async function resumeFromCheckpoint(
  driver: PlotDriver,
  plan: MotionPlan,
  interrupted: InterruptedPlot,
  virtual: boolean,
): Promise<ResumedFrom> {
  const { resumed, point, positionFrom } = await prepareResume({
    driver,
    plan,
    jobId: interrupted.jobId,
    planHash: interrupted.planHash,
    profile: STOCK_AXIDRAW,
    checkpoint: interrupted.checkpoint,
    confirmHome: async () => {
      if (!interrupted.carriageHome) throw new CarriageNotHomeError(virtual);
    },
  });
  return {
    run: resumedRun(point, resumed),
    point,
    positionFrom,
    earlier: interrupted.checkpoint.measured ?? null,
  };
}
