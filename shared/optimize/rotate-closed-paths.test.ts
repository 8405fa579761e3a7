import { describe, expect, it } from 'vitest';
import type { Polyline } from '../geometry/drawing.ts';
import { travelLengthMm } from './path-order.ts';
import { isClosedPolyline, rotateClosedPaths } from './rotate-closed-paths.ts';
import { seededRandom } from './synthetic-drawing.ts';

/** A closed square with corners (x,y) … (x+s,y+s), drawn from its top-left corner. */
const square = (x: number, y: number, s: number): Polyline =>
  Float64Array.from([x, y, x + s, y, x + s, y + s, x, y + s, x, y]);

/** A closed regular polygon, `n` vertices, starting at angle 0. */
function polygon(cx: number, cy: number, r: number, n: number): Polyline {
  const p = new Float64Array(2 * (n + 1));
  for (let i = 0; i <= n; i++) {
    const a = (2 * Math.PI * (i % n)) / n;
    p[2 * i] = cx + r * Math.cos(a);
    p[2 * i + 1] = cy + r * Math.sin(a);
  }
  return p;
}

/** The directed segments of a stroke as strings, sorted: equal sets mean the same drawing. */
function segments(p: Polyline): string[] {
  const out: string[] = [];
  for (let i = 0; i + 3 < p.length; i += 2)
    out.push([p[i], p[i + 1], p[i + 2], p[i + 3]].map((v) => v!.toFixed(9)).join(','));
  return out.sort();
}

const identity = (n: number) => ({
  order: Int32Array.from({ length: n }, (_, i) => i),
  reversed: new Uint8Array(n),
});
const travel = (paths: Polyline[], x: number, y: number, end: { x: number; y: number } | null) => {
  const last = paths[paths.length - 1]!;
  const home = end ? Math.hypot(last[last.length - 2]! - end.x, last[last.length - 1]! - end.y) : 0;
  return travelLengthMm(paths, identity(paths.length), x, y) + home;
};

describe('rotateClosedPaths', () => {
  it.each([
    {
      name: 'starts a lone square at the corner nearest the pen (open end)',
      paths: [square(10, 10, 5)],
      pen: [20, 20],
      end: null,
      starts: [[15, 15]],
    },
    {
      name: 'weighs the trip home: the corner between pen and home',
      paths: [square(10, 10, 5)],
      pen: [20, 0],
      end: { x: 0, y: 20 },
      starts: [[10, 10]],
    },
    {
      name: 'leaves a square whose start is already best',
      paths: [square(10, 10, 5)],
      pen: [0, 0],
      end: { x: 0, y: 0 },
      starts: [[10, 10]],
    },
    {
      name: 'aims each loop at the next stroke, chaining the pen through rotated loops',
      paths: [square(10, 10, 5), square(10, 30, 5), Float64Array.from([40, 32, 50, 32])],
      pen: [0, 0],
      end: null,
      starts: [
        [10, 15],
        [15, 30],
        [40, 32],
      ],
    },
    {
      name: 'never starts mid-side: a square with side midpoints starts at a corner',
      paths: [
        Float64Array.from([
          10, 10, 12.5, 10, 15, 10, 15, 12.5, 15, 15, 12.5, 15, 10, 15, 10, 12.5, 10, 10,
        ]),
      ],
      pen: [12.7, 0],
      end: null,
      starts: [[15, 10]],
    },
    {
      name: 'shortest legs in length: the corner facing the far next stroke',
      paths: [square(10, 10, 5), Float64Array.from([100, 12.5, 110, 12.5])],
      pen: [0, 12.5],
      end: null,
      starts: [
        [15, 10],
        [100, 12.5],
      ],
    },
    {
      name: 'keeps the start when length and cost (√length, like time) disagree',
      paths: [square(10, 10, 5), Float64Array.from([100, 12.5, 110, 12.5])],
      pen: [0, 12.5],
      end: null,
      travelCost: Math.sqrt,
      starts: [
        [10, 10],
        [100, 12.5],
      ],
    },
    {
      name: 'never rotates an open stroke',
      paths: [Float64Array.from([10, 10, 20, 10, 20, 20, 10, 20])],
      pen: [20, 20],
      end: null,
      starts: [[10, 10]],
    },
  ])('$name', ({ paths, pen, end, starts, travelCost }) => {
    const out = rotateClosedPaths(paths, pen[0]!, pen[1]!, {
      end,
      ...(travelCost && { travelCost }),
    });
    expect(out.map((p) => [p[0], p[1]])).toEqual(starts);
    for (let k = 0; k < paths.length; k++) {
      expect(segments(out[k]!)).toEqual(segments(paths[k]!));
      expect(isClosedPolyline(out[k]!)).toBe(isClosedPolyline(paths[k]!));
    }
  });

  it.each([1, 2, 3, 4])(
    'keeps every segment and never lengthens travel on random loops (seed %i)',
    (seed) => {
      const rand = seededRandom(seed);
      const paths = Array.from({ length: 200 }, () =>
        rand() < 0.7
          ? polygon(rand() * 300, rand() * 200, 1 + rand() * 20, 3 + Math.floor(rand() * 40))
          : Float64Array.from([rand() * 300, rand() * 200, rand() * 300, rand() * 200]),
      );
      const end = { x: 0, y: 0 };
      const out = rotateClosedPaths(paths, 0, 0, { end });
      for (let k = 0; k < paths.length; k++) expect(segments(out[k]!)).toEqual(segments(paths[k]!));
      const before = travel(paths, 0, 0, end);
      const after = travel(out, 0, 0, end);
      expect(after).toBeLessThan(before * 0.95);
    },
  );
});
