import type { Polyline } from '../geometry/drawing.ts';

/** Pen-up travel of a tour both as length and as the optimiser's travel cost. */
export interface TourCost {
  mm: number;
  cost: number;
}

/**
 * Pen-up travel of drawing `paths` as they stand (in order, each from its first point),
 * from (x, y) and, when `end` is given, on to it after the last stroke. `travelCost`
 * weighs each move (default: its length, so `cost` equals `mm`).
 */
export function tourCost(
  paths: readonly Polyline[],
  x: number,
  y: number,
  end: { x: number; y: number } | null,
  travelCost?: (distanceMm: number) => number,
): TourCost {
  const out: TourCost = { mm: 0, cost: 0 };
  const leg = (dx: number, dy: number) => {
    const mm = Math.hypot(dx, dy);
    out.mm += mm;
    out.cost += travelCost ? travelCost(mm) : mm;
  };
  let px = x;
  let py = y;
  for (const p of paths) {
    leg(p[0]! - px, p[1]! - py);
    px = p[p.length - 2]!;
    py = p[p.length - 1]!;
  }
  if (end && paths.length > 0) leg(end.x - px, end.y - py);
  return out;
}

/** True when `a` is no worse than `b` in both length and cost. */
export const noWorseTour = (a: TourCost, b: TourCost): boolean =>
  a.mm <= b.mm + 1e-9 && a.cost <= b.cost + 1e-9;
