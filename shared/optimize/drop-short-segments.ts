import type { Polyline } from '../geometry/drawing.ts';

/** One motor step of an AxiDraw at 16× microstepping: 1/80 mm. */
export const MOTOR_STEP_MM = 1 / 80;

/**
 * Removes interior points closer than `minSegmentMm` to the last kept point, so no segment
 * is shorter than one motor step (the driver could not move it, and its block would be
 * dominated by step rounding). The last point is always kept, so a stroke's ends never move;
 * a stroke shorter than the minimum becomes a two-point dot-like stroke.
 */
export function dropShortSegments(path: Polyline, minSegmentMm = MOTOR_STEP_MM): Polyline {
  const n = path.length >> 1;
  if (n <= 2) return path;
  const min2 = minSegmentMm * minSegmentMm;
  const keep = new Uint8Array(n);
  keep[0] = 1;
  let lastX = path[0]!;
  let lastY = path[1]!;
  let lastKept = 0;
  let kept = 1;
  for (let i = 1; i < n - 1; i++) {
    const dx = path[2 * i]! - lastX;
    const dy = path[2 * i + 1]! - lastY;
    if (dx * dx + dy * dy >= min2) {
      keep[i] = 1;
      lastKept = i;
      kept++;
      lastX = path[2 * i]!;
      lastY = path[2 * i + 1]!;
    }
  }
  // The final point must stay; if it is too close to the last kept interior point, drop that one.
  const ex = path[2 * n - 2]! - lastX;
  const ey = path[2 * n - 1]! - lastY;
  if (lastKept > 0 && ex * ex + ey * ey < min2) {
    keep[lastKept] = 0;
    kept--;
  }
  keep[n - 1] = 1;
  kept++;
  if (kept === n) return path;
  const out = new Float64Array(kept * 2);
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (keep[i]) {
      out[j++] = path[2 * i]!;
      out[j++] = path[2 * i + 1]!;
    }
  }
  return out;
}
