import type { Layer } from '../models/layer.ts';
import type { Pen } from '../models/pen.ts';
import type { PlanLayer } from '../plan/plan-motion.ts';
import { jobLayerFor } from './job-layer-for.ts';

/**
 * The pen a plan layer needs, in words for the pen-swap prompt: the pen staff assigned to
 * the job's layer, or else the layer's ink colour, so the prompt always says something a
 * person can act on.
 */
export function layerPenName(
  position: number | null,
  planLayers: readonly Pick<PlanLayer, 'name' | 'color'>[],
  jobLayers: readonly Layer[],
  pens: readonly Pick<Pen, 'id' | 'name'>[],
): string {
  const planLayer = position === null ? undefined : planLayers[position];
  if (position === null || !planLayer) return 'the next pen';
  const jobLayer = jobLayerFor(position, planLayer.name, jobLayers);
  const pen = pens.find((p) => p.id === jobLayer?.penId);
  if (pen) return pen.name;
  const color = planLayer.color ?? jobLayer?.colorHex;
  return color ? `a ${color} pen` : 'the pen for this layer';
}
