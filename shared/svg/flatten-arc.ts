import type { Matrix } from './matrix.ts';
import { maxScale } from './max-scale.ts';

/** Upper bound of chords per curve: keeps a degenerate tolerance from exhausting memory. */
const MAX_SEGMENTS = 100_000;

/**
 * Appends the flattened elliptical arc from (x0, y0) to (x1, y1) (SVG path `A` parameters, user
 * units) to `out` as mm points through `matrix`, excluding the start point. Follows the
 * endpoint-to-centre conversion of SVG 1.1 Appendix F.6.5, with out-of-range radii scaled up
 * (F.6.6) and zero radii drawn as a straight line (F.6.2).
 *
 * The chord count comes from the arc's size in mm: the transformed ellipse is the image of a
 * unit circle under K = matrix·R(φ)·diag(rx, ry); a chord spanning Δt of the unit circle
 * deviates by at most 1 − cos(Δt/2), so through K by at most σmax(K)·(1 − cos(Δt/2)), which
 * is kept ≤ toleranceMm.
 */
export function flattenArc(
  out: number[],
  matrix: Matrix,
  toleranceMm: number,
  x0: number,
  y0: number,
  rxIn: number,
  ryIn: number,
  rotationDeg: number,
  largeArc: boolean,
  sweep: boolean,
  x1: number,
  y1: number,
): void {
  const [a, b, c, d, e, f] = matrix;
  if (x0 === x1 && y0 === y1) return;
  let rx = Math.abs(rxIn);
  let ry = Math.abs(ryIn);
  if (rx === 0 || ry === 0) {
    out.push(a * x1 + c * y1 + e, b * x1 + d * y1 + f);
    return;
  }
  const phi = (rotationDeg * Math.PI) / 180;
  const cos = Math.cos(phi);
  const sin = Math.sin(phi);
  const dx = (x0 - x1) / 2;
  const dy = (y0 - y1) / 2;
  const xp = cos * dx + sin * dy;
  const yp = -sin * dx + cos * dy;
  const lambda = (xp * xp) / (rx * rx) + (yp * yp) / (ry * ry);
  if (lambda > 1) {
    const grow = Math.sqrt(lambda);
    rx *= grow;
    ry *= grow;
  }
  const num = rx * rx * ry * ry - rx * rx * yp * yp - ry * ry * xp * xp;
  const den = rx * rx * yp * yp + ry * ry * xp * xp;
  const root = Math.sqrt(Math.max(0, num / den)) * (largeArc === sweep ? -1 : 1);
  const cxp = (root * rx * yp) / ry;
  const cyp = (-root * ry * xp) / rx;
  const cx = cos * cxp - sin * cyp + (x0 + x1) / 2;
  const cy = sin * cxp + cos * cyp + (y0 + y1) / 2;
  const theta0 = Math.atan2((yp - cyp) / ry, (xp - cxp) / rx);
  let delta = Math.atan2((-yp - cyp) / ry, (-xp - cxp) / rx) - theta0;
  if (sweep && delta < 0) delta += 2 * Math.PI;
  if (!sweep && delta > 0) delta -= 2 * Math.PI;

  // K = linear(matrix) · R(φ) · diag(rx, ry)
  const k00 = (a * cos + c * sin) * rx;
  const k01 = (-a * sin + c * cos) * ry;
  const k10 = (b * cos + d * sin) * rx;
  const k11 = (-b * sin + d * cos) * ry;
  const radiusMm = maxScale(k00, k01, k10, k11);
  const maxStep = radiusMm <= toleranceMm ? Math.PI : 2 * Math.acos(1 - toleranceMm / radiusMm);
  const count = Math.min(MAX_SEGMENTS, Math.max(1, Math.ceil(Math.abs(delta) / maxStep)));
  const ox = a * cx + c * cy + e;
  const oy = b * cx + d * cy + f;
  for (let i = 1; i < count; i++) {
    const t = theta0 + (delta * i) / count;
    const u = Math.cos(t);
    const v = Math.sin(t);
    out.push(ox + k00 * u + k01 * v, oy + k10 * u + k11 * v);
  }
  // The end point is the command's own, not a computed one, so consecutive arcs join exactly.
  out.push(a * x1 + c * y1 + e, b * x1 + d * y1 + f);
}
