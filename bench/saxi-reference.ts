import type { Drawing, DrawingLayer, Polyline } from '../shared/geometry/drawing.ts';
import { orderPaths } from '../shared/optimize/order-paths.ts';
import { applyPathOrder } from '../shared/optimize/path-order.ts';

/**
 * What saxi 0.17.1 does to a drawing before planning, modelled from its documented
 * behaviour (our own code; saxi is AGPL and is read as a specification only), so the bench
 * can give a saxi figure for every corpus file, not only the three the issue quotes:
 * - its CLI plots every path with one pen (layer mode "all"): layers are merged, in order;
 * - fit-to-paper scales the strokes' bounding box (as ours does);
 * - ordering is greedy nearest neighbour with reversal, starting with the first path drawn
 *   forwards (not from home), with no improvement pass;
 * - then consecutive paths whose gap is at most the path-join radius (0.5 mm by default)
 *   are merged, the pen staying down across the gap.
 * Planned with our planner (same motion model), this reproduces the quoted figures exactly
 * for `benchmark__7k_lines` (13,660 mm, 22,811 s) and `vpy__paint_well_svgs__multilayer`
 * (4,621 mm, 2,080 s) and within 1% for `benchmark__multi_skull`, whose curves saxi
 * flattens differently.
 */
export function saxiReferenceDrawing(placed: Drawing, pathJoinRadiusMm: number): Drawing {
  const all = oneLayer(placed);
  const paths = all.paths;
  if (paths.length === 0) return { ...placed, layers: [all] };
  const first = paths[0]!;
  const rest = paths.slice(1);
  const order = orderPaths(rest, first[first.length - 2]!, first[first.length - 1]!);
  const ordered = [first, ...applyPathOrder(rest, order)];
  return { ...placed, layers: [{ ...all, paths: mergeAdjacent(ordered, pathJoinRadiusMm) }] };
}

/** Every plotted layer's strokes as one layer (one pen), in layer order. */
export function oneLayer(drawing: Drawing): DrawingLayer {
  const layers = drawing.layers.filter((l) => !l.options.skip).sort((a, b) => a.order - b.order);
  return {
    key: 'all',
    name: 'all layers, one pen',
    order: 0,
    color: null,
    options: { pauseBefore: false, skip: false },
    paths: layers.flatMap((l) => l.paths),
  };
}

/** Merges each stroke into the previous one when it starts within `r` of its end. */
function mergeAdjacent(paths: readonly Polyline[], r: number): Polyline[] {
  const out: number[][] = [];
  const r2 = r * r;
  for (const p of paths) {
    const last = out[out.length - 1];
    const n = p.length >> 1;
    if (last) {
      const ex = last[last.length - 2]!;
      const ey = last[last.length - 1]!;
      const near = (i: number) => (p[2 * i]! - ex) ** 2 + (p[2 * i + 1]! - ey) ** 2 <= r2;
      if (near(0)) {
        let i = 0;
        while (i < n && near(i)) i++;
        for (; i < n; i++) last.push(p[2 * i]!, p[2 * i + 1]!);
        continue;
      }
    }
    out.push(Array.from(p));
  }
  return out.map((p) => Float64Array.from(p));
}
