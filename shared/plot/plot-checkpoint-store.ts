import type { PlotCheckpoint } from './plot-checkpoint.ts';

/**
 * Where checkpoints live between a plot and its resumption: RxDB `device_state` in the PWA,
 * a file per job in the CLI, memory in the tests. `save` replaces the job's previous
 * checkpoint (only the latest matters); `clear` runs when the plot completes or is aborted.
 * Implementations parse what they load with `PlotCheckpointSchema`.
 */
export interface PlotCheckpointStore {
  load(jobId: string): Promise<PlotCheckpoint | null>;
  save(checkpoint: PlotCheckpoint): Promise<void>;
  clear(jobId: string): Promise<void>;
}
