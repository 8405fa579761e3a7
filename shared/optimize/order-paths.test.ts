import { describe, expect, it } from 'vitest';
import { improvePathOrder } from './improve-path-order.ts';
import { orderPaths } from './order-paths.ts';
import { type PathOrder, travelLengthMm } from './path-order.ts';
import { seededRandom } from './synthetic-drawing.ts';

function randomSegments(seed: number, n: number): Float64Array[] {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const x = rand() * 300;
    const y = rand() * 200;
    return Float64Array.from([x, y, x + (rand() - 0.5) * 20, y + (rand() - 0.5) * 20]);
  });
}

const identity = (n: number): PathOrder => ({
  order: Int32Array.from({ length: n }, (_, i) => i),
  reversed: new Uint8Array(n),
});

function isPermutation(order: PathOrder, n: number) {
  return (
    [...order.order].sort((a, b) => a - b).every((v, i) => v === i) && order.order.length === n
  );
}

describe('orderPaths', () => {
  it.each([1, 2, 3, 4, 5])('beats the input order on random strokes (seed %i)', (seed) => {
    const paths = randomSegments(seed, 2000);
    const order = orderPaths(paths, 0, 0);
    expect(isPermutation(order, paths.length)).toBe(true);
    const greedy = travelLengthMm(paths, order, 0, 0);
    const input = travelLengthMm(paths, identity(paths.length), 0, 0);
    expect(greedy).toBeLessThan(input * 0.2);
  });

  it('reverses a stroke whose far end is nearer', () => {
    const paths = [Float64Array.from([10, 0, 1, 0])];
    const order = orderPaths(paths, 0, 0);
    expect(order.reversed[0]).toBe(1);
    expect(travelLengthMm(paths, order, 0, 0)).toBe(1);
  });

  it('starts from where the pen is', () => {
    const paths = [Float64Array.from([0, 0, 1, 0]), Float64Array.from([100, 100, 101, 100])];
    expect(orderPaths(paths, 0, 0).order[0]).toBe(0);
    expect(orderPaths(paths, 99, 99).order[0]).toBe(1);
  });

  it('is exact against a brute-force nearest search', () => {
    const paths = randomSegments(11, 300);
    const order = orderPaths(paths, 0, 0);
    const used = new Set<number>();
    let x = 0;
    let y = 0;
    for (let k = 0; k < paths.length; k++) {
      let best = Infinity;
      for (let j = 0; j < paths.length; j++) {
        if (used.has(j)) continue;
        const p = paths[j]!;
        best = Math.min(best, Math.hypot(p[0]! - x, p[1]! - y), Math.hypot(p[2]! - x, p[3]! - y));
      }
      const j = order.order[k]!;
      const p = paths[j]!;
      const rev = order.reversed[k] === 1;
      expect(Math.hypot((rev ? p[2]! : p[0]!) - x, (rev ? p[3]! : p[1]!) - y)).toBeCloseTo(best, 9);
      used.add(j);
      x = rev ? p[0]! : p[2]!;
      y = rev ? p[1]! : p[3]!;
    }
  });
});

describe('improvePathOrder', () => {
  it.each([1, 2, 3])('shortens the greedy order and keeps a permutation (seed %i)', (seed) => {
    const paths = randomSegments(seed, 3000);
    const order = orderPaths(paths, 0, 0);
    const greedy = travelLengthMm(paths, order, 0, 0);
    const stats = improvePathOrder(paths, order, {
      startX: 0,
      startY: 0,
      budgetMs: 60_000,
      now: () => performance.now(),
      maxFailedKicks: 0,
    });
    expect(stats.converged).toBe(true);
    expect(stats.kicks).toBe(0);
    expect(isPermutation(order, paths.length)).toBe(true);
    expect(travelLengthMm(paths, order, 0, 0)).toBeLessThan(greedy * 0.95);
  });

  it.each([
    [1, 0, 0],
    [2, 150, 40],
    [3, -20, 300],
  ])(
    'perturbation rounds only ever shorten the local optimum, keeping every stroke once (seed %i)',
    (seed, startX, startY) => {
      const paths = randomSegments(seed, 600);
      const local = orderPaths(paths, startX, startY);
      improvePathOrder(paths, local, {
        startX,
        startY,
        budgetMs: 60_000,
        now: () => performance.now(),
        maxFailedKicks: 0,
      });
      const kicked = orderPaths(paths, startX, startY);
      const stats = improvePathOrder(paths, kicked, {
        startX,
        startY,
        budgetMs: 60_000,
        now: () => performance.now(),
        maxFailedKicks: 300,
        seed,
      });
      expect(stats.kicks).toBeGreaterThanOrEqual(300);
      expect(stats.keptKicks).toBeGreaterThan(0);
      expect(isPermutation(kicked, paths.length)).toBe(true);
      const localMm = travelLengthMm(paths, local, startX, startY);
      expect(travelLengthMm(paths, kicked, startX, startY)).toBeLessThan(localMm * 0.98);
    },
  );

  it('puts a run of strokes drawn out of place back into its gap', () => {
    // Strokes along y = 0 from x −20 to 50, with the run x 0→30 drawn last and backwards
    // after a detour to (60,100): the best order draws the row left to right, then detours.
    const seg = (x0: number, x1: number, y = 0) => Float64Array.from([x0, y, x1, y]);
    const paths = [
      seg(-20, -10),
      seg(40, 50),
      seg(60, 70, 100),
      seg(20, 30),
      seg(10, 20),
      seg(0, 10),
    ];
    const order: PathOrder = {
      order: Int32Array.from([0, 1, 2, 3, 4, 5]),
      reversed: new Uint8Array(6),
    };
    const before = travelLengthMm(paths, order, -20, 0);
    improvePathOrder(paths, order, {
      startX: -20,
      startY: 0,
      budgetMs: 60_000,
      now: () => performance.now(),
      maxFailedKicks: 0,
    });
    expect(isPermutation(order, 6)).toBe(true);
    // Best: −20→−10, 0→10, 10→20, 20→30, 40→50, then up to (60,100): 10+10+√(10²+100²).
    expect(travelLengthMm(paths, order, -20, 0)).toBeCloseTo(20 + Math.hypot(10, 100), 6);
    expect(travelLengthMm(paths, order, -20, 0)).toBeLessThan(before);
  });

  it('stops when the injected clock says the budget is spent', () => {
    const paths = randomSegments(9, 5000);
    const order = orderPaths(paths, 0, 0);
    const greedy = travelLengthMm(paths, order, 0, 0);
    let t = 0;
    let calls = 0;
    // Every clock read advances time by 1 ms: a 20 ms budget allows about 20 checks.
    const stats = improvePathOrder(paths, order, {
      startX: 0,
      startY: 0,
      budgetMs: 20,
      now: () => {
        calls++;
        return t++;
      },
    });
    expect(stats.converged).toBe(false);
    expect(calls).toBeLessThanOrEqual(22);
    expect(isPermutation(order, paths.length)).toBe(true);
    expect(travelLengthMm(paths, order, 0, 0)).toBeLessThanOrEqual(greedy + 1e-6);
  });

  /** Pen-up travel of `order` from (x, y), plus the trip to `end` after the last stroke. */
  const tourMm = (paths: Float64Array[], order: PathOrder, x: number, y: number, end: number[]) => {
    const k = order.order.length - 1;
    const last = paths[order.order[k]!]!;
    const i = order.reversed[k] ? 0 : last.length - 2;
    return (
      travelLengthMm(paths, order, x, y) + Math.hypot(last[i]! - end[0]!, last[i + 1]! - end[1]!)
    );
  };

  it.each([
    {
      // Greedy and the best open tour go 10,0 → 10,5 → 100,0 and end 100 mm from home;
      // going out along y=0 and back by 10,5 saves the long trip home.
      name: 'a tiny drawing whose greedy order ends far from home',
      paths: [
        [10, 0],
        [100, 0],
        [10, 5],
      ].map(([x, y]) => Float64Array.from([x!, y!, x! + 0.01, y!])),
      start: [0, 0],
      end: [0, 0],
      expectedMm: 201.3,
    },
    {
      name: 'random strokes, home at the origin',
      paths: randomSegments(7, 500),
      start: [0, 0],
      end: [0, 0],
      expectedMm: null,
    },
    {
      name: 'random strokes, ending somewhere else than the start',
      paths: randomSegments(8, 500),
      start: [150, 100],
      end: [300, 0],
      expectedMm: null,
    },
  ])('counts the trip to a fixed end: $name', ({ paths, start, end, expectedMm }) => {
    const [x, y] = start as [number, number];
    const greedy = orderPaths(paths, x, y);
    const open = orderPaths(paths, x, y);
    const closed = orderPaths(paths, x, y);
    const run = (order: PathOrder, withEnd: boolean) =>
      improvePathOrder(paths, order, {
        startX: x,
        startY: y,
        ...(withEnd && { endX: end[0]!, endY: end[1]! }),
        budgetMs: 60_000,
        now: () => performance.now(),
        maxFailedKicks: 50,
      });
    run(open, false);
    run(closed, true);
    expect(isPermutation(closed, paths.length)).toBe(true);
    const greedyMm = tourMm(paths, greedy, x, y, end);
    const closedMm = tourMm(paths, closed, x, y, end);
    // Never worse than greedy, and better than optimising the open tour then going home.
    expect(closedMm).toBeLessThanOrEqual(greedyMm + 1e-9);
    expect(closedMm).toBeLessThan(tourMm(paths, open, x, y, end) - 0.5);
    if (expectedMm !== null) expect(closedMm).toBeCloseTo(expectedMm, 1);
  });

  it('does nothing with no budget', () => {
    const paths = randomSegments(4, 100);
    const order = orderPaths(paths, 0, 0);
    const before = Array.from(order.order);
    const stats = improvePathOrder(paths, order, {
      startX: 0,
      startY: 0,
      budgetMs: 0,
      now: () => 0,
    });
    expect(stats.moves).toBe(0);
    expect(Array.from(order.order)).toEqual(before);
  });
});
