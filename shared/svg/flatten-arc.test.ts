import { describe, expect, it } from 'vitest';
import { flattenArc } from './flatten-arc.ts';
import type { Matrix } from './matrix.ts';

const arc = (matrix: Matrix, tol: number, args: [number, number, number, boolean, boolean]) => {
  const out: number[] = [];
  const [rx, ry, rot, large, sweep] = args;
  flattenArc(out, matrix, tol, 0, 0, rx, ry, rot, large, sweep, 10, 0);
  return out;
};
const ys = (points: number[]) => points.filter((_, i) => i % 2 === 1);
const identity: Matrix = [1, 0, 0, 1, 0, 0];

describe('flattenArc', () => {
  // From (0, 0) to (10, 0) with r = 10: centres (5, ±8.66). y points down, sweep 1 = clockwise.
  it.each([
    [false, true, -1.34, 0],
    [true, true, -18.66, 0],
    [false, false, 0, 1.34],
    [true, false, 0, 18.66],
  ])('large-arc %s, sweep %s spans y from %f to %f', (large, sweep, minY, maxY) => {
    const points = arc(identity, 0.001, [10, 10, 0, large, sweep]);
    expect(Math.min(0, ...ys(points))).toBeCloseTo(minY, 2);
    expect(Math.max(0, ...ys(points))).toBeCloseTo(maxY, 2);
    expect(points.slice(-2)).toEqual([10, 0]);
  });

  it('scales radii that are too small to reach the end point up to a half ellipse', () => {
    const points = arc(identity, 0.001, [1, 1, 0, false, true]);
    for (let i = 0; i < points.length; i += 2) {
      expect(Math.hypot((points[i] ?? 0) - 5, points[i + 1] ?? 0)).toBeCloseTo(5, 9);
    }
    expect(Math.min(...ys(points))).toBeCloseTo(-5, 2);
  });

  it('draws a straight line for a zero radius', () => {
    expect(arc(identity, 0.01, [0, 5, 0, false, true])).toEqual([10, 0]);
  });

  it.each([0.5, 0.05, 0.001])(
    'keeps every chord within %f mm of a rotated ellipse under a skewing transform',
    (tolerance) => {
      const matrix: Matrix = [2, 0.3, 0.8, 0.5, 7, -3];
      const [, , , , e, f] = matrix;
      const rx = 8;
      const ry = 3;
      const points = arc(matrix, tolerance, [rx, ry, 30, true, false]);
      // Chord error against a dense sampling of the exact transformed curve.
      const dense: number[] = [];
      flattenArc(dense, matrix, 1e-6, 0, 0, rx, ry, 30, true, false, 10, 0);
      const start = [e, f];
      const all = [...start, ...points];
      let worst = 0;
      for (let i = 0; i < dense.length; i += 2) {
        const px = dense[i] ?? 0;
        const py = dense[i + 1] ?? 0;
        let nearest = Number.POSITIVE_INFINITY;
        for (let j = 2; j < all.length; j += 2) {
          nearest = Math.min(
            nearest,
            segmentDistance(px, py, all[j - 2] ?? 0, all[j - 1] ?? 0, all[j] ?? 0, all[j + 1] ?? 0),
          );
        }
        worst = Math.max(worst, nearest);
      }
      expect(worst).toBeLessThanOrEqual(tolerance);
      // and not wastefully fine: a tenth of the tolerance would need far more points
      expect(worst).toBeGreaterThan(tolerance / 10);
    },
  );
});

function segmentDistance(
  px: number,
  py: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const lengthSquared = dx * dx + dy * dy;
  const t =
    lengthSquared === 0
      ? 0
      : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / lengthSquared));
  return Math.hypot(px - x0 - t * dx, py - y0 - t * dy);
}
