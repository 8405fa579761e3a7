import type { Layer } from '../models/layer.ts';

/**
 * The job's layer for a plan layer: the conversion writes one job layer per plan layer
 * with `orderIndex` = its position in the plan's layer table (skipped `%` layers are not in
 * the plan, so the drawing's layer index would be off by them); by name if that is missing.
 */
export function jobLayerFor(
  position: number,
  name: string | undefined,
  jobLayers: readonly Layer[],
): Layer | undefined {
  return jobLayers.find((l) => l.orderIndex === position) ?? jobLayers.find((l) => l.name === name);
}
