import type { Drawing, DrawingLayer } from '../geometry/drawing.ts';

/**
 * Combines several imported files into one multi-layer job. Layers with the same key plot
 * together: their strokes are concatenated in file order, and the first file's name, colour,
 * order and options stand. The page is the largest width and height of all files (every file
 * is placed at the same origin); unplottable counts are summed. Layers are sorted by order,
 * ties keeping file order.
 */
export function mergeDrawings(drawings: readonly Drawing[]): Drawing {
  const layers = new Map<string, DrawingLayer>();
  const unplottable: Record<string, number> = {};
  let widthMm = 0;
  let heightMm = 0;
  for (const drawing of drawings) {
    widthMm = Math.max(widthMm, drawing.widthMm);
    heightMm = Math.max(heightMm, drawing.heightMm);
    for (const [name, count] of Object.entries(drawing.unplottable)) {
      unplottable[name] = (unplottable[name] ?? 0) + count;
    }
    for (const layer of drawing.layers) {
      const existing = layers.get(layer.key);
      if (existing === undefined) layers.set(layer.key, { ...layer, paths: [...layer.paths] });
      else for (const path of layer.paths) existing.paths.push(path);
    }
  }
  const merged = [...layers.values()].sort((a, b) => a.order - b.order);
  return { widthMm, heightMm, layers: merged, unplottable };
}
