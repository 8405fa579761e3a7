import type { Polyline } from '../geometry/drawing.ts';

/**
 * A plotting order for one layer's strokes: `order[k]` is the index of the k-th stroke to
 * draw and `reversed[k]` says whether it is drawn from its last point to its first.
 */
export interface PathOrder {
  order: Int32Array;
  reversed: Uint8Array;
}

/** Pen-up distance in mm of drawing `paths` in `order`, starting from (startX, startY). */
export function travelLengthMm(
  paths: readonly Polyline[],
  order: PathOrder,
  startX: number,
  startY: number,
): number {
  let x = startX;
  let y = startY;
  let total = 0;
  for (let k = 0; k < order.order.length; k++) {
    const p = paths[order.order[k]!]!;
    const last = p.length - 2;
    const rev = order.reversed[k] === 1;
    const sx = rev ? p[last]! : p[0]!;
    const sy = rev ? p[last + 1]! : p[1]!;
    total += Math.hypot(sx - x, sy - y);
    x = rev ? p[0]! : p[last]!;
    y = rev ? p[1]! : p[last + 1]!;
  }
  return total;
}

/** The strokes in plotting order, reversed copies where the order says so. */
export function applyPathOrder(paths: readonly Polyline[], order: PathOrder): Polyline[] {
  const out: Polyline[] = new Array(order.order.length);
  for (let k = 0; k < order.order.length; k++) {
    const p = paths[order.order[k]!]!;
    out[k] = order.reversed[k] === 1 ? reversePolyline(p) : p;
  }
  return out;
}

export function reversePolyline(p: Polyline): Polyline {
  const n = p.length >> 1;
  const out = new Float64Array(p.length);
  for (let i = 0; i < n; i++) {
    out[2 * i] = p[2 * (n - 1 - i)]!;
    out[2 * i + 1] = p[2 * (n - 1 - i) + 1]!;
  }
  return out;
}
