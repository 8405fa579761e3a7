import { describe, expect, it } from 'vitest';
import { flattenCubicBezier } from './flatten-bezier.ts';

const curve = [0, 0, 40, -30, -10, 60, 50, 20] as const;
const point = (t: number) => {
  const [x0, y0, x1, y1, x2, y2, x3, y3] = curve;
  const s = 1 - t;
  return [
    s * s * s * x0 + 3 * s * s * t * x1 + 3 * s * t * t * x2 + t * t * t * x3,
    s * s * s * y0 + 3 * s * s * t * y1 + 3 * s * t * t * y2 + t * t * t * y3,
  ];
};

describe('flattenCubicBezier', () => {
  it.each([1, 0.05, 0.001])('keeps the curve within %f mm of its chords', (tolerance) => {
    const out: number[] = [];
    flattenCubicBezier(out, tolerance, ...curve);
    const all = [curve[0], curve[1], ...out];
    expect(all.slice(-2)).toEqual([50, 20]);
    const chords = all.length / 2 - 1;
    let worst = 0;
    for (let i = 0; i <= 4000; i++) {
      const t = i / 4000;
      // uniform steps: sample t lies on chord k = floor(t · chords)
      const k = Math.min(chords - 1, Math.floor(t * chords));
      const [px = 0, py = 0] = point(t);
      const x0 = all[2 * k] ?? 0;
      const y0 = all[2 * k + 1] ?? 0;
      const dx = (all[2 * k + 2] ?? 0) - x0;
      const dy = (all[2 * k + 3] ?? 0) - y0;
      const u = Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy)));
      worst = Math.max(worst, Math.hypot(px - x0 - u * dx, py - y0 - u * dy));
    }
    expect(worst).toBeLessThanOrEqual(tolerance);
  });

  it('takes more chords for a bigger curve at the same tolerance', () => {
    const small: number[] = [];
    const big: number[] = [];
    flattenCubicBezier(small, 0.05, 0, 0, 1, 1, 2, -1, 3, 0);
    flattenCubicBezier(big, 0.05, 0, 0, 100, 100, 200, -100, 300, 0);
    expect(big.length).toBeGreaterThan(5 * small.length);
  });

  it('draws a straight Bézier as one chord', () => {
    const out: number[] = [];
    flattenCubicBezier(out, 0.05, 0, 0, 1, 0, 2, 0, 3, 0);
    expect(out).toEqual([3, 0]);
  });
});
