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

/** Where the tour must end, and what a pen-up move costs. */
export interface RotateClosedPathsOptions {
  /** Where the pen goes after the last stroke (the trip home); null: anywhere. */
  end: { x: number; y: number } | null;
  /** Cost of a pen-up move of a given length, increasing (default: the length). */
  travelCost?: (distanceMm: number) => number;
}

/**
 * A loop can be drawn starting from any of its points, and the pen then leaves from that
 * same point: the ordering only sees the point the loop happened to start at. Walking the
 * strokes in plot order, each closed stroke is started at the vertex that makes the trip
 * in (from where the pen is) plus the trip out (to the next stroke's start, or to `end`)
 * shorter and cheaper: better in length or in `travelCost` and no worse in the other. Each
 * change cuts its two legs with everything else fixed, so neither pen-up length nor cost
 * ever grows; a rotated loop keeps every segment (same
 * points, same cyclic order). Only vertices that turn at least as sharply as the current
 * start are candidates: the pen stops where a loop starts, and a stop costs least where
 * the pen had to slow down anyway (any point of a circle, a square's corners, never the
 * middle of a straight side). Returns a new array; unmoved strokes are the same objects.
 */
export function rotateClosedPaths(
  paths: readonly Polyline[],
  startX: number,
  startY: number,
  options: RotateClosedPathsOptions,
): Polyline[] {
  const { end } = options;
  const f = options.travelCost ?? ((mm: number) => mm);
  const out = paths.slice();
  let x = startX;
  let y = startY;
  for (let k = 0; k < out.length; k++) {
    let p = out[k]!;
    if (isClosedPolyline(p)) {
      const next = out[k + 1];
      const nx = next ? next[0]! : end?.x;
      const ny = next ? next[1]! : end?.y;
      const legIn = (i: number) => Math.hypot(p[2 * i]! - x, p[2 * i + 1]! - y);
      const legOut = (i: number) =>
        nx === undefined || ny === undefined ? 0 : Math.hypot(p[2 * i]! - nx, p[2 * i + 1]! - ny);
      const vertices = (p.length >> 1) - 1;
      const minTurn = turnAt(p, 0) * (1 - TURN_SLACK);
      let best = 0;
      let bestMm = legIn(0) + legOut(0);
      let bestCost = f(legIn(0)) + f(legOut(0));
      for (let i = 1; i < vertices; i++) {
        if (turnAt(p, i) < minTurn) continue;
        const a = legIn(i);
        const b = legOut(i);
        const mm = a + b;
        const c = f(a) + f(b);
        // Better in one measure and no worse in the other (length and cost disagree when
        // the cost is time: it grows like √length).
        if (
          mm <= bestMm + 1e-9 &&
          c <= bestCost + 1e-9 &&
          (mm < bestMm - 1e-9 || c < bestCost - 1e-9)
        ) {
          best = i;
          bestMm = mm;
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

/** Relative slack on "turns at least as sharply", so equal turns of a circle compare equal. */
const TURN_SLACK = 0.01;

/** Angle in radians the loop `p` (first point = last point) turns at its vertex `i`. */
function turnAt(p: Polyline, i: number): number {
  const vertices = (p.length >> 1) - 1;
  const a = (i + vertices - 1) % vertices;
  const b = (i + 1) % vertices;
  const ux = p[2 * i]! - p[2 * a]!;
  const uy = p[2 * i + 1]! - p[2 * a + 1]!;
  const vx = p[2 * b]! - p[2 * i]!;
  const vy = p[2 * b + 1]! - p[2 * i + 1]!;
  return Math.abs(Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy));
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
