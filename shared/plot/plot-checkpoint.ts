import { z } from 'zod';

/**
 * What a plot measured up to a checkpoint, so a plot resumed after an interruption reports
 * the whole plot's durations: plot time and each plan layer's time (by position in the
 * plan's layer table), pauses left out. Distances, pen-down/up times, paths and pen changes
 * need no carrying: they are the plan's figures for the blocks before the resume point,
 * which the resumed plot counts again from the plan.
 */
export const PlotMeasuredSchema = z.strictObject({
  elapsedS: z.number().min(0),
  layerDurationsS: z.array(z.number().min(0)).max(1000),
});
export type PlotMeasured = z.infer<typeof PlotMeasuredSchema>;

/**
 * How far a plot got, saved at every pen-up once the board has run it (the driver's
 * `onCheckpoint`). The PWA keeps the latest one per job in RxDB `device_state` (kind
 * `plot-checkpoint`); the CLI in a file per job (`$FABDESK_HOME/checkpoints/`).
 * `pathIndex` counts the paths of `layerIndex` that are finished;
 * `penDownDistanceMm` is the plan's pen-down distance up to
 * here, so a checkpoint that does not fit the plan (a different plan, a changed planner) is
 * refused instead of skipping or redrawing strokes. The position is the pen-up point, in mm
 * and as the motors' absolute step counters (AxiDraw kinematics, home = 0,0).
 */
export const PlotCheckpointSchema = z.strictObject({
  jobId: z.string().min(1),
  /** SHA-256 hex of the plan blob the plot streams. */
  planHash: z.string().regex(/^[0-9a-f]{64}$/),
  layerIndex: z.int().min(0),
  pathIndex: z.int().min(0),
  penDownDistanceMm: z.number().min(0),
  xMm: z.number(),
  yMm: z.number(),
  motor1Steps: z.int(),
  motor2Steps: z.int(),
  /** Absent in checkpoints stored before it existed: their resumes count from zero. */
  measured: PlotMeasuredSchema.optional(),
});
export type PlotCheckpoint = z.infer<typeof PlotCheckpointSchema>;
