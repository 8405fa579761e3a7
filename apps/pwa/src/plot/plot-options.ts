import type { JobState } from '@fabdesk/shared/lifecycle/job-state.ts';
import type { EventType } from '@fabdesk/shared/models/event.ts';
import type { DeviceProfile } from '@fabdesk/shared/plan/device-profile.ts';
import type { MotionPlan } from '@fabdesk/shared/plan/plan-motion.ts';
import type { PlotCheckpoint } from '@fabdesk/shared/plot/plot-checkpoint.ts';
import type { PlotRecorder } from '@fabdesk/shared/plot/plot-recorder.ts';
import type { PlotStatsDocument } from '@fabdesk/sync/plot-stats-document.ts';

export type PlotDetails = Record<string, string | number | boolean | null>;

/** Where a plot's record goes: job moves with their events, checkpoints, the statistics. */
export interface PlotRecordPort {
  moveJob(to: JobState, event: { type: EventType; details: PlotDetails }): Promise<void>;
  saveCheckpoint(checkpoint: PlotCheckpoint): Promise<void>;
  clearCheckpoint(): Promise<void>;
  saveStats(make: (id: string) => PlotStatsDocument): Promise<void>;
}

export type StatsEvent = 'PlotCompleted' | 'PlotAborted' | 'PlotFailed' | 'PlotPaused';

/** What a plot or a resumed plot streams and where its record goes. */
export interface PlotOptions {
  jobId: string;
  planHash: string;
  plan: MotionPlan;
  record: PlotRecordPort;
  details: PlotDetails;
  stats: (
    recorder: PlotRecorder,
    nowMs: number,
    eventType: StatsEvent,
    id: string,
  ) => PlotStatsDocument;
  /**
   * The plotter's motion limits, for the strokes replanned when a plot continues from
   * where it stopped (a pause-now, an interruption); default a stock AxiDraw V3 (every
   * stock model has the same limits, only the travel area differs).
   */
  profile?: DeviceProfile;
}
