import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { improvePathOrder } from '../optimize/improve-path-order.ts';
import { joinPaths } from '../optimize/join-paths.ts';
import { type OptimizeStep, optimizeDrawing } from '../optimize/optimize-drawing.ts';
import { orderPaths } from '../optimize/order-paths.ts';
import { seededRandom, syntheticDrawing } from '../optimize/synthetic-drawing.ts';
import { DEFAULT_PIPELINE_SETTINGS } from '../pipeline/pipeline-settings.ts';
import { runPipeline } from '../pipeline/run-pipeline.ts';
import { axidrawProfile } from '../plan/axidraw-models.ts';
import { planMotion } from '../plan/plan-motion.ts';
import { importSvg } from '../svg/import-svg.ts';
import { PROGRESS_MASK } from './progress-callback.ts';

// Every long loop that takes a progress callback keeps its contract: it starts at 0, only
// moves forward, ends at its total, and calls at a rate bounded by iterations (one call per
// 1024), never by how fast the machine is. Without a callback the result is unchanged.

type Call = [current: number, total: number];
const EVERY = PROGRESS_MASK + 1;

function expectWellFormed(calls: Call[], total: number) {
  expect(calls.length).toBeGreaterThan(1);
  expect(calls[0]).toEqual([0, total]);
  expect(calls.at(-1)).toEqual([total, total]);
  for (let i = 1; i < calls.length; i++) {
    expect(calls[i]![1]).toBe(total);
    expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0]);
    expect(calls[i]![0]).toBeLessThanOrEqual(total);
  }
}

function shortStrokes(seed: number, n: number): Float64Array[] {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const x = rand() * 300;
    const y = rand() * 200;
    return Float64Array.from([x, y, x + rand() * 2, y + rand() * 2]);
  });
}

/** Element-wise equality of two typed arrays (toEqual on big typed arrays is slow). */
function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** A clock that moves only when read: 0.01 ms per read. */
function fakeClock() {
  let t = 0;
  return () => {
    t += 0.01;
    return t;
  };
}

describe('progress callbacks', () => {
  test('orderPaths reports every 1024 strokes: 0, 1024, 2048, … then n', () => {
    const paths = shortStrokes(1, 10_000);
    const calls: Call[] = [];
    const order = orderPaths(paths, 0, 0, (c, t) => calls.push([c, t]));
    expectWellFormed(calls, 10_000);
    expect(calls.map(([c]) => c)).toEqual([
      ...Array.from({ length: Math.ceil(10_000 / EVERY) }, (_, i) => i * EVERY),
      10_000,
    ]);
    expect(orderPaths(paths, 0, 0)).toEqual(order);
  });

  test('joinPaths reports every 1024 seeds and joins exactly as without a callback', () => {
    // Chains of touching strokes, so joining really happens and seeds are skipped.
    const paths = shortStrokes(2, 5000).map((p, i) =>
      i % 2 === 1 ? Float64Array.from([p[0]!, p[1]!, p[0]! + 1, p[1]!]) : p,
    );
    const calls: Call[] = [];
    const joined = joinPaths(paths, 0.5, (c, t) => calls.push([c, t]));
    expectWellFormed(calls, 5000);
    expect(calls.length).toBe(Math.ceil(5000 / EVERY) + 1);
    expect(joinPaths(paths, 0.5)).toEqual(joined);
  });

  test('improvePathOrder reports milliseconds of its budget, once per 1024 sweep positions', () => {
    const paths = shortStrokes(3, 20_000);
    const calls: Call[] = [];
    let reads = 0;
    const clock = fakeClock();
    const now = () => {
      reads++;
      return clock();
    };
    improvePathOrder(paths, orderPaths(paths, 0, 0), {
      startX: 0,
      startY: 0,
      budgetMs: 50,
      now,
      onProgress: (c, t) => calls.push([c, t]),
    });
    expect(calls[0]![1]).toBe(50);
    expect(calls.at(-1)).toEqual([50, 50]);
    for (let i = 1; i < calls.length; i++)
      expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0]);
    // The clock is read at most once per 32 positions; a report is one read in 32 of those.
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.length).toBeLessThanOrEqual(Math.ceil(reads / 32) + 1);
    // The whole budget was spent (5000 clock reads), and progress moved through it.
    expect(new Set(calls.map(([c]) => Math.floor(c / 10))).size).toBeGreaterThanOrEqual(5);
  });

  test('improvePathOrder without a callback reads the clock exactly as often as with one', () => {
    const paths = shortStrokes(4, 3000);
    const count = (withCallback: boolean) => {
      let reads = 0;
      let t = 0;
      const order = orderPaths(paths, 0, 0);
      const stats = improvePathOrder(paths, order, {
        startX: 0,
        startY: 0,
        budgetMs: 20,
        now: () => {
          reads++;
          t += 0.001;
          return t;
        },
        ...(withCallback && { onProgress: () => {} }),
      });
      return { reads, stats, order };
    };
    const without = count(false);
    const withIt = count(true);
    // One extra read at the end to report the time spent; the search itself is identical.
    expect(withIt.reads).toBe(without.reads + 1);
    expect(withIt.stats).toEqual(without.stats);
    expect(sameValues(withIt.order.order, without.order.order)).toBe(true);
    expect(sameValues(withIt.order.reversed, without.order.reversed)).toBe(true);
  });

  test('planMotion reports segments planned, at most once per 1024 of them', () => {
    const drawing = syntheticDrawing({
      seed: 5,
      layers: 2,
      paths: 3000,
      maxPoints: 12,
      widthMm: 300,
      heightMm: 200,
    });
    let segments = 0;
    for (const l of drawing.layers) for (const p of l.paths) segments += p.length / 2 - 1;
    const calls: Call[] = [];
    const profile = axidrawProfile('axidraw-v3-a3');
    const plan = planMotion(drawing.layers, profile, { onProgress: (c, t) => calls.push([c, t]) });
    expectWellFormed(calls, segments);
    expect(calls.length).toBeLessThanOrEqual(Math.floor(segments / EVERY) + 2);
    expect(calls.length).toBeGreaterThanOrEqual(Math.floor(segments / (EVERY + 12)));
    const without = planMotion(drawing.layers, profile);
    expect(sameValues(without.blocks, plan.blocks)).toBe(true);
    expect(without.layers).toEqual(plan.layers);
  });

  test('importSvg reports parse progress in characters, then shapes in elements', () => {
    const svg = readFileSync(
      new URL('../../../shared/corpus/svg/benchmark__7k_lines.svg', import.meta.url),
      'utf8',
    );
    const calls: [string, number, number][] = [];
    const drawing = importSvg(svg, { onProgress: (phase, c, t) => calls.push([phase, c, t]) });
    const parse = calls.filter(([p]) => p === 'parse').map(([, c, t]): Call => [c, t]);
    const shapes = calls.filter(([p]) => p === 'shapes').map(([, c, t]): Call => [c, t]);
    expect(calls.findIndex(([p]) => p === 'shapes')).toBe(parse.length);
    expectWellFormed(parse, svg.length);
    const elements = shapes[0]![1];
    expect(elements).toBeGreaterThan(7000);
    expectWellFormed(shapes, elements);
    expect(shapes.length).toBeLessThanOrEqual(Math.ceil(elements / EVERY) + 2);
    expect(importSvg(svg)).toEqual(drawing);
  });

  test('optimizeDrawing carries counts across layers: one total per step, never backwards', () => {
    const drawing = syntheticDrawing({
      seed: 6,
      layers: 3,
      paths: 2500,
      maxPoints: 6,
      widthMm: 300,
      heightMm: 200,
    });
    const calls: [OptimizeStep, number, number][] = [];
    const options = {
      paper: null,
      clip: false,
      joinToleranceMm: 0.05,
      simplifyToleranceMm: 0.02,
      sort: true,
      improveBudgetMs: 30,
      now: fakeClock(),
    };
    optimizeDrawing(drawing, { ...options, onProgress: (s, c, t) => calls.push([s, c, t]) });
    for (const step of ['join', 'order', 'improve'] as const) {
      const of = calls.filter(([s]) => s === step).map(([, c, t]): Call => [c, t]);
      const total = step === 'join' ? 7500 : step === 'improve' ? 30 : of[0]![1];
      // The improvement budget's clock starts before ordering, so its first report is later.
      if (step === 'improve') expect(of[0]![0]).toBeLessThan(total);
      else expect(of[0]).toEqual([0, total]);
      expect(of.at(-1)![0]).toBe(total);
      for (let i = 1; i < of.length; i++) {
        expect(of[i]![1]).toBe(total);
        expect(of[i]![0]).toBeGreaterThanOrEqual(of[i - 1]![0]);
      }
    }
    // Layer by layer: order, then improve, three times.
    const runs = calls.map(([s]) => s).filter((s, i, all) => s !== all[i - 1]);
    expect(runs).toEqual(['join', 'order', 'improve', 'order', 'improve', 'order', 'improve']);
  });

  test('runPipeline: every step reports, and the plan is byte-identical without a callback', () => {
    const source = {
      name: '7k.svg',
      text: readFileSync(
        new URL('../../../shared/corpus/svg/benchmark__7k_lines.svg', import.meta.url),
        'utf8',
      ),
    };
    const settings = { ...DEFAULT_PIPELINE_SETTINGS, preset: 'fast' as const };
    const now = () => performance.now();
    const stages: string[] = [];
    const counts: Record<string, number> = {};
    const withIt = runPipeline([source], settings, {
      now,
      onProgress: (stage) => {
        if (stages.at(-1) !== stage) stages.push(stage);
        counts[stage] = (counts[stage] ?? 0) + 1;
      },
    });
    expect(stages).toEqual([
      'import: parse',
      'import: shapes',
      'optimize: join',
      'optimize: order',
      'plan',
      'encode',
    ]);
    // 7,000 strokes: a handful of calls per step, not one per stroke.
    for (const stage of stages) expect(counts[stage]).toBeLessThanOrEqual(12);
    expect(counts['optimize: order']).toBeGreaterThanOrEqual(7);
    const without = runPipeline([source], settings, { now });
    expect(sameValues(without.blob, withIt.blob)).toBe(true);
  });
});
