import type { MotionPlan } from '../plan/plan-motion.ts';
import type { ResumedPlan } from './resume-plan.ts';
import { planStart, type ResumePoint } from './resume-point.ts';

/**
 * One stretch of a plot that the driver streams in one `plot` call: the plan itself, or
 * the rest of it from a point (after an interruption, or after a pause-now), with what is
 * needed to report its progress in the plan's terms.
 */
export interface PlotRun {
  blocks: Float64Array;
  durationS: number;
  /** For each streamed block, the plan block it continues; null when streaming the plan. */
  sourceBlock: Int32Array | null;
  /** Where in the plan the run starts. */
  start: ResumePoint;
  toPlanProgress: ResumedPlan['toPlanProgress'];
  /** The run continues a plot a pause-now stopped: the carriage stands at these steps. */
  continueFromSteps?: [number, number];
}

/** The whole plan as one run. */
export function plotRun(plan: MotionPlan): PlotRun {
  return {
    blocks: plan.blocks,
    durationS: plan.durationS,
    sourceBlock: null,
    start: planStart(plan),
    toPlanProgress: (cp) => ({
      layerIndex: cp.layer,
      pathIndex: cp.pathIndex,
      penDownDistanceMm: cp.penDownDistanceMm,
      xMm: cp.xMm,
      yMm: cp.yMm,
    }),
  };
}

/** The rest of a plan from `point` (`resumePlan`'s blocks) as a run. */
export function resumedRun(
  point: ResumePoint,
  resumed: ResumedPlan,
  continueFromSteps?: [number, number],
): PlotRun {
  return {
    blocks: resumed.blocks,
    durationS: resumed.durationS,
    sourceBlock: resumed.sourceBlock,
    start: point,
    toPlanProgress: resumed.toPlanProgress,
    ...(continueFromSteps ? { continueFromSteps } : {}),
  };
}
