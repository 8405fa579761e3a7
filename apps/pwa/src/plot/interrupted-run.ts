import type { JobState } from '@fabdesk/shared/lifecycle/job-state.ts';
import type { DeviceProfile } from '@fabdesk/shared/plan/device-profile.ts';
import type { PlotCheckpoint, PlotMeasured } from '@fabdesk/shared/plot/plot-checkpoint.ts';
import { type PlotRun, resumedRun } from '@fabdesk/shared/plot/plot-run.ts';
import { prepareResume } from '@fabdesk/shared/plot/prepare-resume.ts';
import type { PlotOptions } from './plot-options.ts';
import type { PlotterConnection } from './plotter-connection.ts';

/** What `PlotController.resumeInterrupted` takes besides the plot's own options. */
export interface InterruptedPlot {
  checkpoint: PlotCheckpoint | null;
  /** The job's state now: a PLOTTING job is first recorded as PAUSED by the interruption. */
  jobState: JobState;
  confirmHome(): Promise<void>;
}

/**
 * The rest of an interrupted plot as a run: `prepareResume` finds where the board stopped
 * (it kept power) or has the user home the carriage (`confirmHome`: power lost, always so
 * for a new virtual plotter), and the run starts there. `start` records the resumption (a
 * PLOTTING job first becomes PAUSED by the interruption, then PLOTTING with PlotResumed
 * saying from where); `earlier` is what the first run measured up to the checkpoint.
 * Rejects (`PlotResumeError`, `EbbError`) before anything is recorded.
 */
export async function interruptedRun(
  c: PlotterConnection,
  options: PlotOptions & InterruptedPlot,
  profile: DeviceProfile,
): Promise<{ run: PlotRun; earlier: PlotMeasured | null; start: () => Promise<void> }> {
  const { resumed, point, positionFrom } = await prepareResume({
    driver: c.driver,
    plan: options.plan,
    jobId: options.jobId,
    planHash: options.planHash,
    profile,
    checkpoint: options.checkpoint,
    confirmHome: options.confirmHome,
  });
  const { record } = options;
  return {
    run: resumedRun(point, resumed),
    earlier: options.checkpoint?.measured ?? null,
    async start() {
      if (options.jobState === 'PLOTTING')
        await record.moveJob('PAUSED', {
          type: 'PlotPaused',
          details: { reason: 'interrupted', layer: null, elapsedS: null },
        });
      await record.moveJob('PLOTTING', {
        type: 'PlotResumed',
        details: {
          after: 'interruption',
          positionFrom,
          layer: options.plan.layers.find((l) => l.layerIndex === point.layerIndex)?.name ?? null,
          pathIndex: point.pathIndex,
          plotter: c.label,
          estimatedS: Math.round(resumed.durationS * 10) / 10,
        },
      });
    },
  };
}
