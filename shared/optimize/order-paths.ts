import type { Polyline } from '../geometry/drawing.ts';
import { EndpointGrid } from './endpoint-grid.ts';
import type { PathOrder } from './path-order.ts';
import { PROGRESS_MASK, type ProgressCallback } from '../progress/progress-callback.ts';

/**
 * Greedy nearest-neighbour ordering: from where the pen is, repeatedly draw the stroke
 * with the nearest free end, entering at that end (so strokes are reversed when their
 * last point is nearer). Both ends of every stroke sit in a uniform grid, so the whole
 * ordering is about O(n) grid queries rather than an O(n²) scan. `onProgress` hears
 * (strokes placed, n) every 1024 strokes and once at the end.
 */
export function orderPaths(
  paths: readonly Polyline[],
  startX: number,
  startY: number,
  onProgress?: ProgressCallback,
): PathOrder {
  const n = paths.length;
  const xs = new Float64Array(2 * n);
  const ys = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const p = paths[i]!;
    xs[2 * i] = p[0]!;
    ys[2 * i] = p[1]!;
    xs[2 * i + 1] = p[p.length - 2]!;
    ys[2 * i + 1] = p[p.length - 1]!;
  }
  const grid = new EndpointGrid(xs, ys);
  const order = new Int32Array(n);
  const reversed = new Uint8Array(n);
  let x = startX;
  let y = startY;
  for (let k = 0; k < n; k++) {
    if (onProgress && (k & PROGRESS_MASK) === 0) onProgress(k, n);
    const id = grid.nearest(x, y);
    if (id < 0) throw new Error(`orderPaths: grid ran out of endpoints at ${k} of ${n}`);
    const j = id >> 1;
    grid.remove(2 * j);
    grid.remove(2 * j + 1);
    order[k] = j;
    reversed[k] = id & 1;
    const exit = id ^ 1;
    x = xs[exit]!;
    y = ys[exit]!;
  }
  onProgress?.(n, n);
  return { order, reversed };
}
