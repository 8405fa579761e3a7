import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Drawing, Polyline } from '../geometry/drawing.ts';
import { importSvg } from '../svg/import-svg.ts';
import { clipPolyline } from './clip-polyline.ts';
import { MOTOR_STEP_MM } from './drop-short-segments.ts';
import { fitToPaper } from './fit-to-paper.ts';
import { type OptimizeOptions, optimizeDrawing } from './optimize-drawing.ts';
import { drawingPenDownLengthMm } from './polyline-length.ts';
import { syntheticDrawing } from './synthetic-drawing.ts';
import { tourCost } from './tour-cost.ts';
import { travelTimeCost } from './travel-time-s.ts';

const corpus = new URL('../../../shared/corpus/svg/', import.meta.url);
const corpusFiles = readdirSync(corpus).filter((f) => f.endsWith('.svg'));

const paper = {
  paperWidthMm: 420,
  paperHeightMm: 297,
  marginMm: 20,
  fit: 'contain',
  centre: true,
  rotateDeg: 0,
} as const;
const options: OptimizeOptions = {
  paper,
  clip: true,
  joinToleranceMm: 0.05,
  simplifyToleranceMm: 0.02,
  sort: true,
  improveBudgetMs: 200,
  now: () => performance.now(),
};
const rect = { minX: 20, minY: 20, maxX: 400, maxY: 277 };

/** The drawing as placed and clipped, before any optimisation: the reference geometry. */
function reference(d: Drawing): Polyline[] {
  const placed = fitToPaper(d, paper);
  return placed.layers
    .filter((l) => !l.options.skip)
    .flatMap((l) => l.paths.flatMap((p) => clipPolyline(p, rect)));
}

/** Segments bucketed in the grid cells they pass through, to ask "is this point near them". */
class SegmentIndex {
  readonly cell: number;
  readonly buckets = new Map<number, number[]>();
  readonly segs: Float64Array;
  constructor(paths: Polyline[], cell: number) {
    this.cell = cell;
    const flat: number[] = [];
    for (const p of paths) {
      for (let i = 0; i + 3 < p.length; i += 2) flat.push(p[i]!, p[i + 1]!, p[i + 2]!, p[i + 3]!);
    }
    this.segs = Float64Array.from(flat);
    for (let id = 0; id < this.segs.length / 4; id++) {
      const [ax, ay, bx, by] = this.segs.subarray(id * 4, id * 4 + 4) as unknown as number[];
      const steps = Math.ceil((2 * Math.hypot(bx! - ax!, by! - ay!)) / cell) + 1;
      let lastKey = Number.NaN;
      for (let k = 0; k <= steps; k++) {
        const x = ax! + ((bx! - ax!) * k) / steps;
        const y = ay! + ((by! - ay!) * k) / steps;
        const key = Math.floor(x / cell) * 100_000 + Math.floor(y / cell);
        if (key === lastKey) continue;
        lastKey = key;
        const b = this.buckets.get(key);
        if (!b) this.buckets.set(key, [id]);
        else if (b[b.length - 1] !== id) b.push(id);
      }
    }
  }
  /** Whether (x, y) is within `tol` (at most the cell size) of an indexed segment. */
  near(x: number, y: number, tol: number): boolean {
    const gx = Math.floor(x / this.cell);
    const gy = Math.floor(y / this.cell);
    const s = this.segs;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const id of this.buckets.get((gx + dx) * 100_000 + gy + dy) ?? []) {
          const ax = s[id * 4]!;
          const ay = s[id * 4 + 1]!;
          const ex = s[id * 4 + 2]! - ax;
          const ey = s[id * 4 + 3]! - ay;
          const len2 = ex * ex + ey * ey;
          const t = len2 ? Math.min(1, Math.max(0, ((x - ax) * ex + (y - ay) * ey) / len2)) : 0;
          if (Math.hypot(x - ax - t * ex, y - ay - t * ey) <= tol) return true;
        }
      }
    }
    return false;
  }
}

/** How many samples of `from`'s segments (every 0.25 mm, at most 100 per segment, and their ends) are farther than `tol` from `to`. */
function samplesAway(from: Polyline[], to: Polyline[], tol: number): number {
  const index = new SegmentIndex(to, Math.max(tol, 0.2));
  let away = 0;
  for (const p of from) {
    for (let i = 0; i + 3 < p.length; i += 2) {
      const len = Math.hypot(p[i + 2]! - p[i]!, p[i + 3]! - p[i + 1]!);
      const n = Math.min(100, Math.max(1, Math.ceil(len / 0.25)));
      for (let k = 0; k <= n; k++) {
        const x = p[i]! + ((p[i + 2]! - p[i]!) * k) / n;
        const y = p[i + 1]! + ((p[i + 3]! - p[i + 1]!) * k) / n;
        if (!index.near(x, y, tol)) away++;
      }
    }
  }
  return away;
}

const pointCount = (paths: Polyline[]) => paths.reduce((n, p) => n + p.length / 2, 0);

function checkConservation(input: Drawing) {
  const ref = reference(input);
  const { drawing, stats } = optimizeDrawing(input, options);
  const out = drawing.layers.filter((l) => !l.options.skip).flatMap((l) => l.paths);
  const before = ref.reduce((s, p) => s + drawingPenDownLengthMm(single(p)), 0);
  const after = drawingPenDownLengthMm(drawing, true);
  // Each join adds at most its gap. Each removed point shortens the stroke by at most twice
  // its distance from the chord that replaces it (triangle inequality), i.e. 2·tolerance.
  const joins = ref.length - out.length;
  const removed = pointCount(ref) - pointCount(out) + joins;
  const pointTol = Math.max(options.simplifyToleranceMm, MOTOR_STEP_MM);
  expect(after).toBeLessThanOrEqual(before + joins * options.joinToleranceMm + 1e-6);
  expect(after).toBeGreaterThanOrEqual(before - 2 * pointTol * removed - 1e-6);
  const tol = options.simplifyToleranceMm + MOTOR_STEP_MM + 1e-6;
  // Every input segment is still drawn, and nothing is drawn that was not in the input.
  expect(samplesAway(ref, out, tol)).toBe(0);
  expect(samplesAway(out, ref, tol + options.joinToleranceMm)).toBe(0);
  expect(stats.travelAfterMm).toBeLessThanOrEqual(stats.travelBeforeMm + 1e-6);
}

function single(p: Polyline): Drawing {
  return {
    widthMm: 0,
    heightMm: 0,
    unplottable: {},
    layers: [
      {
        key: '',
        name: '',
        order: 0,
        color: null,
        options: { pauseBefore: false, skip: false },
        paths: [p],
      },
    ],
  };
}

describe('optimizeDrawing keeps the pen-down geometry', () => {
  it.each([1, 2, 3])('random synthetic drawing (seed %i)', (seed) => {
    checkConservation(
      syntheticDrawing({ seed, layers: 2, paths: 400, maxPoints: 60, widthMm: 300, heightMm: 200 }),
    );
  });

  it.each(corpusFiles)(
    'corpus %s',
    (file) => {
      const svg = readFileSync(new URL(file, corpus), 'utf8');
      checkConservation(importSvg(svg, { toleranceMm: 0.01 }));
    },
    60_000,
  );
});

describe('optimizeDrawing', () => {
  it('orders layers by their plot order and chains the pen position between them', () => {
    const d = syntheticDrawing({
      seed: 5,
      layers: 2,
      paths: 50,
      maxPoints: 5,
      widthMm: 100,
      heightMm: 100,
    });
    d.layers[0]!.order = 2;
    d.layers[1]!.order = 1;
    const { drawing } = optimizeDrawing(d, { ...options, paper: null, clip: false });
    expect(drawing.layers.map((l) => l.key)).toEqual(['layer-1', 'layer-0']);
  });

  it('cuts pen-up travel below the input order', () => {
    const d = syntheticDrawing({
      seed: 8,
      layers: 1,
      paths: 2000,
      maxPoints: 10,
      widthMm: 300,
      heightMm: 200,
    });
    const { stats } = optimizeDrawing(d, options);
    expect(stats.travelAfterMm).toBeLessThan(stats.travelBeforeMm * 0.1);
  });
});

describe('optimizeDrawing counts the trip home', () => {
  // The planner's pen-up moves: 200 mm/s, 400 mm/s² (the bench's saxi comparison settings).
  const travelCost = travelTimeCost({ maxSpeedMmS: 200, accelMmS2: 400 });
  const tour = (d: Drawing) =>
    tourCost(
      d.layers.filter((l) => !l.options.skip).flatMap((l) => l.paths),
      0,
      0,
      { x: 0, y: 0 },
      travelCost,
    );
  it.each([
    // On few_circles and 500_circles the tour that closes on home is shorter but slower
    // (moves cost like √length): the guard must keep the open order there.
    { file: 'misc__few_circles.svg' },
    { file: 'vpy__cmyk_svgs__file1.svg' },
    { file: 'misc__all_shapes.svg' },
    { file: 'benchmark__500_circles.svg' },
  ])('$file: no longer nor slower than ignoring it', ({ file }) => {
    const input = importSvg(readFileSync(new URL(file, corpus), 'utf8'), { toleranceMm: 0.01 });
    const opts = { ...options, travelCost, improveBudgetMs: 10_000 };
    const home = tour(optimizeDrawing(input, opts).drawing);
    const open = tour(optimizeDrawing(input, { ...opts, returnHome: false }).drawing);
    expect(home.mm).toBeLessThanOrEqual(open.mm + 1e-6);
    expect(home.cost).toBeLessThanOrEqual(open.cost + 1e-6);
  });
});
