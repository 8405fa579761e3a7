import type { Polyline } from '../geometry/drawing.ts';

/**
 * Ramer–Douglas–Peucker, iterative (an explicit stack, so a 100,000-point stroke cannot
 * overflow the call stack). Every removed point lies within `toleranceMm` of the chord that
 * replaces it, so the drawn line moves by at most the tolerance. Endpoints are kept.
 * Returns the input itself when nothing can be removed.
 */
export function simplifyPolyline(path: Polyline, toleranceMm: number): Polyline {
  const n = path.length >> 1;
  if (n <= 2 || toleranceMm <= 0) return path;
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: number[] = [0, n - 1];
  const tol2 = toleranceMm * toleranceMm;
  while (stack.length > 0) {
    const last = stack.pop()!;
    const first = stack.pop()!;
    if (last - first < 2) continue;
    const ax = path[2 * first]!;
    const ay = path[2 * first + 1]!;
    const dx = path[2 * last]! - ax;
    const dy = path[2 * last + 1]! - ay;
    const len2 = dx * dx + dy * dy;
    let worst = -1;
    let worstD2 = tol2;
    for (let i = first + 1; i < last; i++) {
      const px = path[2 * i]! - ax;
      const py = path[2 * i + 1]! - ay;
      let d2: number;
      if (len2 === 0) {
        d2 = px * px + py * py;
      } else {
        // Distance to the segment (not the infinite line), so backtracking strokes keep
        // their turning points.
        let t = (px * dx + py * dy) / len2;
        t = Math.min(1, Math.max(0, t));
        const ex = px - t * dx;
        const ey = py - t * dy;
        d2 = ex * ex + ey * ey;
      }
      if (d2 > worstD2) {
        worstD2 = d2;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push(first, worst, worst, last);
    }
  }
  let kept = 0;
  for (let i = 0; i < n; i++) kept += keep[i]!;
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
