import type { Layer } from '@fabdesk/shared/models/layer.ts';
import type { Pen } from '@fabdesk/shared/models/pen.ts';
import type { MotionPlan } from '@fabdesk/shared/plan/plan-motion.ts';
import { layerPenName } from '@fabdesk/shared/plot/layer-pen-name.ts';
import type { JobServerClient } from './job-server-client.ts';

/**
 * The pen each plan layer needs, in words for the pen-swap prompt, chosen as the PWA's
 * console chooses it (`layerPenName`: the pen staff assigned to the job's layer, else the
 * layer's ink colour). The pens are read from the server before the plot, so a prompt
 * never waits on the network.
 */
export async function jobPenNames(
  server: JobServerClient,
  plan: MotionPlan,
  layers: readonly Layer[],
): Promise<(layer: number) => string> {
  const penIds = [...new Set(layers.map((l) => l.penId).filter((id): id is string => !!id))];
  const pens: Pick<Pen, 'id' | 'name'>[] = [];
  for (const id of penIds) {
    const pen = await server.readDocument('pens', id);
    if (pen && typeof pen.name === 'string') pens.push({ id, name: pen.name });
  }
  const words = plan.layers.map((_, position) => layerPenName(position, plan.layers, layers, pens));
  return (layer) => words[layer] ?? 'the pen for this layer';
}
