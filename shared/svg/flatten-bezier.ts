/** Upper bound of chords per curve: keeps a degenerate tolerance from exhausting memory. */
const MAX_SEGMENTS = 100_000;

/**
 * Appends a cubic Bézier, given in mm (control points already transformed: Béziers are
 * affine-invariant), to `out` as points excluding the start. Quadratics are passed
 * degree-elevated. Uniform steps: with n chords the distance from curve to chord is at most
 * max|B''| / (8n²), and max|B''| ≤ 6·max(|P0 − 2P1 + P2|, |P1 − 2P2 + P3|), so
 * n = ⌈√(3L / (4·tolerance))⌉ keeps every chord within `toleranceMm`.
 */
export function flattenCubicBezier(
  out: number[],
  toleranceMm: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  x3: number,
  y3: number,
): void {
  const l = Math.max(
    Math.hypot(x0 - 2 * x1 + x2, y0 - 2 * y1 + y2),
    Math.hypot(x1 - 2 * x2 + x3, y1 - 2 * y2 + y3),
  );
  const count = Math.min(
    MAX_SEGMENTS,
    Math.max(1, Math.ceil(Math.sqrt((3 * l) / (4 * toleranceMm)))),
  );
  for (let i = 1; i < count; i++) {
    const t = i / count;
    const s = 1 - t;
    const w0 = s * s * s;
    const w1 = 3 * s * s * t;
    const w2 = 3 * s * t * t;
    const w3 = t * t * t;
    out.push(w0 * x0 + w1 * x1 + w2 * x2 + w3 * x3, w0 * y0 + w1 * y1 + w2 * y2 + w3 * y3);
  }
  out.push(x3, y3);
}
