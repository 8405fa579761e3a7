import { describe, expect, it } from 'vitest';
import { joinPaths } from './join-paths.ts';
import { reversePolyline } from './path-order.ts';
import { polylineLengthMm } from './polyline-length.ts';
import { seededRandom } from './synthetic-drawing.ts';

describe('joinPaths', () => {
  it('rebuilds a stroke cut into shuffled, partly reversed pieces', () => {
    const rand = seededRandom(3);
    const n = 401;
    const whole = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      whole[2 * i] = 50 + 40 * Math.cos(i / 20);
      whole[2 * i + 1] = 50 + 40 * Math.sin(i / 37);
    }
    const pieces: Float64Array[] = [];
    for (let i = 0; i < n - 1; i += 10) {
      const piece = whole.slice(2 * i, 2 * Math.min(n, i + 11));
      pieces.push(rand() < 0.5 ? reversePolyline(piece) : piece);
    }
    pieces.sort(() => rand() - 0.5);
    const joined = joinPaths(pieces, 0.01);
    expect(joined).toHaveLength(1);
    expect(polylineLengthMm(joined[0]!)).toBeCloseTo(polylineLengthMm(whole), 9);
    expect(joined[0]!.length).toBe(whole.length);
  });

  it('joins within the tolerance and not beyond it', () => {
    const a = Float64Array.from([0, 0, 10, 0]);
    const b = Float64Array.from([10.05, 0, 20, 0]);
    const c = Float64Array.from([20.5, 0, 30, 0]);
    const joined = joinPaths([a, b, c], 0.1);
    expect(joined.map((p) => Array.from(p))).toEqual([
      [0, 0, 10, 0, 10.05, 0, 20, 0],
      [20.5, 0, 30, 0],
    ]);
  });

  it('leaves strokes alone when joining is off', () => {
    const a = Float64Array.from([0, 0, 1, 0]);
    const b = Float64Array.from([1, 0, 2, 0]);
    expect(joinPaths([a, b], 0)).toEqual([a, b]);
  });
});
