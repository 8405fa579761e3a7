import type { Drawing, Polyline } from '../geometry/drawing.ts';

/** Length of one stroke in mm (sum of its segment lengths). */
export function polylineLengthMm(path: Polyline): number {
  let total = 0;
  for (let i = 2; i + 1 < path.length; i += 2) {
    total += Math.hypot(path[i]! - path[i - 2]!, path[i + 1]! - path[i - 1]!);
  }
  return total;
}

/**
 * Total pen-down length of a drawing in mm. Skipped (`%`) layers count too unless
 * `plottedOnly` is set, so conservation checks can compare like with like.
 */
export function drawingPenDownLengthMm(drawing: Drawing, plottedOnly = false): number {
  let total = 0;
  for (const layer of drawing.layers) {
    if (plottedOnly && layer.options.skip) continue;
    for (const path of layer.paths) total += polylineLengthMm(path);
  }
  return total;
}
