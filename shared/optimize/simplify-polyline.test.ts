import { describe, expect, it } from 'vitest';
import { simplifyPolyline } from './simplify-polyline.ts';
import { seededRandom } from './synthetic-drawing.ts';

function distanceToPolyline(x: number, y: number, p: Float64Array): number {
  let best = Infinity;
  for (let i = 0; i + 3 < p.length; i += 2) {
    const ax = p[i]!;
    const ay = p[i + 1]!;
    const dx = p[i + 2]! - ax;
    const dy = p[i + 3]! - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 ? Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}

describe('simplifyPolyline', () => {
  it.each([0.01, 0.1, 0.5])('keeps every dropped point within %f mm and the ends fixed', (tol) => {
    const rand = seededRandom(7);
    for (let trial = 0; trial < 20; trial++) {
      const n = 200 + Math.floor(rand() * 300);
      const p = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        p[2 * i] = i * 0.3;
        p[2 * i + 1] = Math.sin(i / 10) * 5 + (rand() - 0.5) * 0.2;
      }
      const s = simplifyPolyline(p, tol);
      expect(s.length).toBeLessThan(p.length);
      expect([s[0], s[1], s[s.length - 2], s[s.length - 1]]).toEqual([
        p[0],
        p[1],
        p[p.length - 2],
        p[p.length - 1],
      ]);
      for (let i = 0; i < n; i++) {
        expect(distanceToPolyline(p[2 * i]!, p[2 * i + 1]!, s)).toBeLessThanOrEqual(tol + 1e-12);
      }
    }
  });

  it('keeps the turning point of a stroke that doubles back on itself', () => {
    const p = Float64Array.from([0, 0, 5, 0, 10, 0, 5, 0, 0, 0]);
    expect(Array.from(simplifyPolyline(p, 0.1))).toEqual([0, 0, 10, 0, 0, 0]);
  });

  it('handles a 20,000-point worst case (depth 20,000) without recursion', () => {
    const n = 20_000;
    const p = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      p[2 * i] = i;
      p[2 * i + 1] = i % 2 ? 1 : 0;
    }
    expect(simplifyPolyline(p, 0.1).length).toBe(p.length);
  });
});
