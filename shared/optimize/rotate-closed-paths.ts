import type { Polyline } from '../geometry/drawing.ts';

/** Ends closer than this (mm) make a stroke a loop; well below a motor step (~0.0125 mm). */
const CLOSED_EPS_MM = 1e-6;

/** True when the stroke ends where it starts (and has a segment to spare for rotating). */
export function isClosedPolyline(p: Polyline): boolean {
  const last = p.length - 2;
  return (
    p.length >= 8 &&
    Math.abs(p[0]! - p[last]!) <= CLOSED_EPS_MM &&
    Math.abs(p[1]! - p[last + 1]!) <= CLOSED_EPS_MM
  );
}

/**
 * A loop can be drawn starting from any of its points, and the pen then leaves from that
 * same point: the ordering only sees the point the loop happened to start at. Walking the
 * strokes in plot order, each closed stroke is started at the vertex that makes the trip
 * in (from where the pen is) plus the trip out (to the next stroke's start, or to
 * `end` when the tour must finish there) shortest, if that beats its current start. Each
 * change shortens its two legs with everything else fixed, so the pen-up travel never
 * grows; a rotated loop keeps every segment (same points, same cyclic order).
 * Returns a new array; strokes that do not move are the same objects.
 */
export function rotateClosedPaths(
  paths: readonly Polyline[],
  startX: number,
  startY: number,
  end: { x: number; y: number } | null,
): Polyline[] {
  const out = paths.slice();
  let x = startX;
  let y = startY;
  for (let k = 0; k < out.length; k++) {
    let p = out[k]!;
    if (isClosedPolyline(p)) {
      const next = out[k + 1];
      const nx = next ? next[0]! : end?.x;
      const ny = next ? next[1]! : end?.y;
      const cost = (i: number) =>
        Math.hypot(p[2 * i]! - x, p[2 * i + 1]! - y) +
        (nx === undefined || ny === undefined ? 0 : Math.hypot(p[2 * i]! - nx, p[2 * i + 1]! - ny));
      const vertices = (p.length >> 1) - 1;
      let best = 0;
      let bestCost = cost(0);
      for (let i = 1; i < vertices; i++) {
        const c = cost(i);
        if (c < bestCost - 1e-9) {
          best = i;
          bestCost = c;
        }
      }
      if (best > 0) {
        p = rotateLoop(p, best);
        out[k] = p;
      }
    }
    x = p[p.length - 2]!;
    y = p[p.length - 1]!;
  }
  return out;
}

/** The loop `p` (first point = last point) redrawn from its vertex `start`. */
function rotateLoop(p: Polyline, start: number): Polyline {
  const vertices = (p.length >> 1) - 1;
  const out = new Float64Array(p.length);
  for (let i = 0; i <= vertices; i++) {
    const v = (start + i) % vertices;
    out[2 * i] = p[2 * v]!;
    out[2 * i + 1] = p[2 * v + 1]!;
  }
  return out;
}
