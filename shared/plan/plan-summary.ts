import { z } from 'zod';

/**
 * Per-layer statistics of a plan. Field for field the vfab seed's LayerStatistics
 * (duration_seconds, distance_plotted_mm, distance_travel_mm, pen_down_time_seconds,
 * pen_up_time_seconds, path_count, point_count) in camelCase, plus what identifies the layer.
 */
export const LayerSummarySchema = z.object({
  layerIndex: z.number().int().nonnegative(),
  key: z.string(),
  name: z.string(),
  color: z.string().nullable(),
  durationSeconds: z.number().nonnegative(),
  /** Pen-down distance. */
  distancePlottedMm: z.number().nonnegative(),
  /** Pen-up travel distance. */
  distanceTravelMm: z.number().nonnegative(),
  /** Time spent drawing (pen-down moves). */
  penDownTimeSeconds: z.number().nonnegative(),
  /** Everything else: pen-up travel and the servo's raise and lower times. */
  penUpTimeSeconds: z.number().nonnegative(),
  pathCount: z.number().int().nonnegative(),
  pointCount: z.number().int().nonnegative(),
  penLifts: z.number().int().nonnegative(),
  penChange: z.boolean(),
});
export type LayerSummary = z.infer<typeof LayerSummarySchema>;

/**
 * Whole-plan statistics; the vfab seed's JobStatistics fields (duration_seconds,
 * distance_plotted_mm, distance_travel_mm, pen_down_time_seconds, pen_up_time_seconds,
 * pen_changes, layers) in camelCase, plus counts the UI shows. Durations are the plan's
 * exact block durations, so `durationSeconds` equals the sum over `layers`.
 */
export const PlanSummarySchema = z.object({
  durationSeconds: z.number().nonnegative(),
  distancePlottedMm: z.number().nonnegative(),
  distanceTravelMm: z.number().nonnegative(),
  penDownTimeSeconds: z.number().nonnegative(),
  penUpTimeSeconds: z.number().nonnegative(),
  penLifts: z.number().int().nonnegative(),
  penChanges: z.number().int().nonnegative(),
  pauses: z.number().int().nonnegative(),
  pathCount: z.number().int().nonnegative(),
  pointCount: z.number().int().nonnegative(),
  blockCount: z.number().int().nonnegative(),
  layers: z.array(LayerSummarySchema),
});
export type PlanSummary = z.infer<typeof PlanSummarySchema>;
