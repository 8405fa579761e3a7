import type { DrawingLayer } from '../geometry/drawing.ts';
import { axidrawProfile } from '../plan/axidraw-models.ts';
import { type MotionPlan, type PlanMotionOptions, planMotion } from '../plan/plan-motion.ts';
import { importSvg } from '../svg/import-svg.ts';
import type { PrepareResumeArgs } from './prepare-resume.ts';

// Test helpers shared by shared/plot's tests. Pure like the rest of shared/: the tests read
// the corpus files and supply the emulator's `flush` (Node's setImmediate) themselves.

/** The plotter the tests plan for. */
export const profile = axidrawProfile('axidraw-v3');

/** One plain layer ('a': no pause before it, not skipped) of `paths`, x/y pairs in mm. */
export const testLayer = (paths: number[][]): DrawingLayer => ({
  key: 'a',
  name: 'a',
  order: 0,
  color: null,
  options: { pauseBefore: false, skip: false },
  paths: paths.map((p) => Float64Array.from(p)),
});

/** An SVG's drawing (at the pipeline's default 0.05 mm tolerance) planned for `profile`. */
export function planSvg(svg: string, options?: PlanMotionOptions): MotionPlan {
  const drawing = importSvg(svg, { toleranceMm: 0.05 });
  return planMotion(drawing.layers, profile, options);
}

/** What a resume and its checkpoints know of the job: its plan, its ids and the plotter. */
export type ResumeJob = Pick<PrepareResumeArgs, 'plan' | 'jobId' | 'planHash' | 'profile'>;

/** The job under test, `plan` of job 'job-1' (the plan hash a stand-in unless given). */
export const resumeJob = (plan: MotionPlan, planHash = 'a'.repeat(64)): ResumeJob => ({
  plan,
  jobId: 'job-1',
  planHash,
  profile,
});
