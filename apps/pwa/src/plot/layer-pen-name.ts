import type { Layer } from '@fabdesk/shared/models/layer.ts';
import type { Pen } from '@fabdesk/shared/models/pen.ts';
import type { PlanLayer } from '@fabdesk/shared/plan/plan-motion.ts';

/**
 * The pen a plan layer needs, in words for the pen-swap prompt: the pen staff assigned to
 * the job's layer (matched by its place in the drawing, else by name), or else the layer's
 * ink colour, so the prompt always says something a person can act on.
 */
export function layerPenName(
  planLayer: Pick<PlanLayer, 'layerIndex' | 'name' | 'color'> | undefined,
  jobLayers: readonly Layer[],
  pens: readonly Pen[],
): string {
  if (!planLayer) return 'the next pen';
  const jobLayer =
    jobLayers.find((l) => l.orderIndex === planLayer.layerIndex) ??
    jobLayers.find((l) => l.name === planLayer.name);
  const pen = pens.find((p) => p.id === jobLayer?.penId);
  if (pen) return pen.name;
  const color = planLayer.color ?? jobLayer?.colorHex;
  return color ? `a ${color} pen` : 'the pen for this layer';
}
