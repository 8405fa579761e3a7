import type { Drawing } from '../geometry/drawing.ts';

/**
 * The number of strokes a drawing would plot (layers marked skip excluded), so callers can
 * tell the user "nothing to plot" for an empty import instead of treating it as an error.
 */
export function countPaths(drawing: Drawing): number {
  let count = 0;
  for (const layer of drawing.layers) if (!layer.options.skip) count += layer.paths.length;
  return count;
}
