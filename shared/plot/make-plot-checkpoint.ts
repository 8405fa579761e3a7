import { AxiKinematics } from '../ebb/axidraw-kinematics.ts';
import type { PlotCheckpoint, PlotMeasured } from './plot-checkpoint.ts';
import type { PlanProgress } from './resume-plan.ts';

/**
 * The checkpoint to store for a pen-up the board has run (progress in the plan's terms),
 * with what the plot measured so far (`PlotRecorder.measuredSoFar`).
 */
export function makePlotCheckpoint(
  jobId: string,
  planHash: string,
  at: PlanProgress,
  measured?: PlotMeasured,
): PlotCheckpoint {
  const [motor1Steps, motor2Steps] = AxiKinematics.motorSteps(at.xMm, at.yMm);
  return {
    jobId,
    planHash,
    layerIndex: at.layerIndex,
    pathIndex: at.pathIndex,
    penDownDistanceMm: at.penDownDistanceMm,
    xMm: at.xMm,
    yMm: at.yMm,
    motor1Steps,
    motor2Steps,
    ...(measured ? { measured } : {}),
  };
}
