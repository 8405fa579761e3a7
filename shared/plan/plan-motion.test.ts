import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DrawingLayer, Polyline } from '../geometry/drawing.ts';
import { optimizeDrawing } from '../optimize/optimize-drawing.ts';
import { drawingPenDownLengthMm } from '../optimize/polyline-length.ts';
import { syntheticDrawing } from '../optimize/synthetic-drawing.ts';
import { importSvg } from '../svg/import-svg.ts';
import { axidrawProfile } from './axidraw-models.ts';
import type { DeviceProfile } from './device-profile.ts';
import { BLOCK_STRIDE, BlockKind } from './motion-block.ts';
import { type MotionPlan, planMotion } from './plan-motion.ts';
import { summarizePlan } from './summarize-plan.ts';

const corpus = new URL('../../../shared/corpus/svg/', import.meta.url);
const EPS = 1e-7;

function layer(
  paths: number[][],
  options: Partial<DrawingLayer['options']> = {},
  color: string | null = '#000000',
): DrawingLayer {
  return {
    key: Math.random().toString(36),
    name: 'l',
    order: 0,
    color,
    options: { pauseBefore: false, skip: false, ...options },
    paths: paths.map((p) => Float64Array.from(p)),
  };
}

function corpusLayers(file: string): DrawingLayer[] {
  const d = importSvg(readFileSync(new URL(file, corpus), 'utf8'), { toleranceMm: 0.01 });
  return optimizeDrawing(d, {
    paper: {
      paperWidthMm: 420,
      paperHeightMm: 297,
      marginMm: 20,
      fit: 'contain',
      centre: true,
      rotateDeg: 0,
    },
    clip: true,
    joinToleranceMm: 0.05,
    simplifyToleranceMm: 0.02,
    sort: true,
    improveBudgetMs: 0,
    now: () => 0,
  }).drawing.layers;
}

const fast: DeviceProfile = {
  ...axidrawProfile('axidraw-v3'),
  penDown: { maxSpeedMmS: 120, accelMmS2: 1000, corneringMm: 0.5 },
};

const cases: { name: string; layers: () => DrawingLayer[]; profile: DeviceProfile }[] = [
  {
    name: 'a square',
    layers: () => [layer([[10, 10, 50, 10, 50, 50, 10, 50, 10, 10]])],
    profile: axidrawProfile('axidraw-v3'),
  },
  {
    name: 'a zigzag with reversals',
    layers: () => [layer([[0, 0, 10, 0, 0, 0.001, 10, 0.002, 10, 5]])],
    profile: axidrawProfile('axidraw-v3'),
  },
  {
    name: 'a dot and a one-segment stroke',
    layers: () => [
      layer([
        [5, 5, 5, 5],
        [7, 7, 7.01, 7],
      ]),
    ],
    profile: axidrawProfile('axidraw-v3'),
  },
  {
    name: 'a fine circle (many short segments)',
    layers: () => [
      layer([
        Array.from({ length: 2001 }, (_, i) => [
          100 + 50 * Math.cos(i / 318.3),
          100 + 50 * Math.sin(i / 318.3),
        ]).flat(),
      ]),
    ],
    profile: axidrawProfile('axidraw-v3-a3'),
  },
  {
    name: 'random synthetic, two layers, fast profile',
    layers: () =>
      syntheticDrawing({
        seed: 4,
        layers: 2,
        paths: 300,
        maxPoints: 80,
        widthMm: 280,
        heightMm: 200,
      }).layers,
    profile: fast,
  },
  {
    name: 'layers with pause, skip and half speed',
    layers: () => [
      layer([[10, 10, 20, 20]]),
      layer([[30, 30, 40, 30]], { pauseBefore: true }),
      layer([[50, 50, 60, 50]], { skip: true }),
      layer([[70, 70, 90, 70, 90, 90]], { speedPercent: 50, penDownDelayMs: 100 }),
    ],
    profile: axidrawProfile('axidraw-v3'),
  },
  {
    name: 'corpus multi_skull',
    layers: () => corpusLayers('benchmark__multi_skull.svg'),
    profile: axidrawProfile('axidraw-v3-a3'),
  },
  {
    name: 'corpus paint_well multilayer',
    layers: () => corpusLayers('vpy__paint_well_svgs__multilayer.svg'),
    profile: axidrawProfile('axidraw-v3-a3'),
  },
];

/** Checks every planner invariant on one plan; returns counts for case-specific checks. */
function checkPlan(plan: MotionPlan, layers: DrawingLayer[], profile: DeviceProfile) {
  const b = plan.blocks;
  const n = b.length / BLOCK_STRIDE;
  expect(b.length % BLOCK_STRIDE).toBe(0);
  let x = 0;
  let y = 0;
  let v = 0; // speed at the end of the previous block
  let penDown = false;
  let sum = 0;
  let layerIndex = -1;
  let pathInLayer = 0;
  let path: Polyline | null = null;
  let seg = 0; // current segment of the stroke being drawn
  let prevDir: [number, number] | null = null;
  let junctionChecks = 0;
  for (let i = 0; i < n; i++) {
    const o = i * BLOCK_STRIDE;
    const [kind, x0, y0, x1, y1, v0, v1, dur] = b.subarray(
      o,
      o + BLOCK_STRIDE,
    ) as unknown as number[];
    sum += dur!;
    // Positions are continuous from home.
    expect(Math.hypot(x0! - x, y0! - y)).toBeLessThan(EPS);
    if (kind === BlockKind.moveUp || kind === BlockKind.moveDown) {
      expect(kind === BlockKind.moveDown).toBe(penDown);
      const len = Math.hypot(x1! - x0!, y1! - y0!);
      expect(len).toBeGreaterThan(0);
      // Speed continuity between consecutive blocks.
      expect(Math.abs(v0! - v)).toBeLessThan(EPS);
      const speedCap =
        kind === BlockKind.moveUp
          ? profile.penUp.maxSpeedMmS
          : profile.penDown.maxSpeedMmS *
            Math.min(1, (layers[layerIndex]!.options.speedPercent ?? 100) / 100);
      expect(Math.max(v0!, v1!)).toBeLessThanOrEqual(speedCap + EPS);
      const accelCap =
        kind === BlockKind.moveUp ? profile.penUp.accelMmS2 : profile.penDown.accelMmS2;
      expect(Math.abs(v1! * v1! - v0! * v0!) / (2 * len)).toBeLessThanOrEqual(
        accelCap * (1 + 1e-9) + EPS,
      );
      expect(dur!).toBeCloseTo((2 * len) / (v0! + v1!), 9);
      if (kind === BlockKind.moveDown) {
        const dir: [number, number] = [(x1! - x0!) / len, (y1! - y0!) / len];
        if (prevDir) {
          const cosTheta = -(prevDir[0] * dir[0] + prevDir[1] * dir[1]);
          if (cosTheta > -0.999) {
            // A corner: the speed through it obeys the junction deviation limit.
            const sinHalf = Math.sqrt(0.5 * (1 - cosTheta));
            const limit2 =
              (profile.penDown.accelMmS2 * profile.penDown.corneringMm * sinHalf) / (1 - sinHalf);
            expect(v0! * v0!).toBeLessThanOrEqual(limit2 * (1 + 1e-6) + EPS);
            junctionChecks++;
          }
        }
        prevDir = dir;
        // The block lies on the stroke being drawn, walking its segments in order.
        const p = path!;
        const onSeg = (k: number, px: number, py: number) => {
          const ax = p[2 * k]!;
          const ay = p[2 * k + 1]!;
          const ex = p[2 * k + 2]! - ax;
          const ey = p[2 * k + 3]! - ay;
          const l2 = ex * ex + ey * ey;
          const t = l2 ? Math.min(1, Math.max(0, ((px - ax) * ex + (py - ay) * ey) / l2)) : 0;
          return Math.hypot(px - ax - t * ex, py - ay - t * ey) < 1e-6;
        };
        while (seg < p.length / 2 - 1 && !(onSeg(seg, x0!, y0!) && onSeg(seg, x1!, y1!))) seg++;
        expect(seg).toBeLessThan(p.length / 2 - 1);
      }
      v = v1!;
    } else {
      // Pen moves, pauses and markers happen at rest.
      expect(v).toBe(0);
      expect([x1, y1]).toEqual([x0, y0]);
      if (kind === BlockKind.penDown) {
        expect(penDown).toBe(false);
        penDown = true;
        path = layers[layerIndex]!.paths[pathInLayer++]!;
        seg = 0;
        prevDir = null;
        expect(Math.hypot(path[0]! - x0!, path[1]! - y0!)).toBeLessThan(EPS);
        expect(dur).toBeCloseTo(
          profile.penLowerS + (layers[layerIndex]!.options.penDownDelayMs ?? 0) / 1000,
          12,
        );
      } else if (kind === BlockKind.penUp) {
        expect(penDown).toBe(true);
        penDown = false;
        const p = path!;
        expect(Math.hypot(p[p.length - 2]! - x0!, p[p.length - 1]! - y0!)).toBeLessThan(EPS);
        expect(dur).toBe(profile.penRaiseS);
      } else if (kind === BlockKind.layer) {
        expect(penDown).toBe(false);
        layerIndex = v0!;
        pathInLayer = 0;
        expect(layers[layerIndex]!.options.skip).toBe(false);
      } else {
        expect(kind).toBe(BlockKind.pause);
        expect(dur).toBe(0);
      }
    }
    x = x1!;
    y = y1!;
  }
  // Ends at rest, at home, pen up; the block durations are the plan's time.
  expect(v).toBe(0);
  expect(penDown).toBe(false);
  expect(Math.hypot(x, y)).toBeLessThan(EPS);
  expect(plan.durationS).toBeCloseTo(sum, 9);
  return { junctionChecks };
}

describe('planMotion invariants', () => {
  it.each(cases)('$name', ({ layers: make, profile }) => {
    const layers = make();
    const plan = planMotion(layers, profile);
    checkPlan(plan, layers, profile);
    const summary = summarizePlan(plan);
    const plotted = layers.filter((l) => !l.options.skip);
    const paths = plotted.reduce((s, l) => s + l.paths.length, 0);
    expect(summary.penLifts).toBe(paths);
    expect(summary.pathCount).toBe(paths);
    expect(summary.distancePlottedMm).toBeCloseTo(
      drawingPenDownLengthMm({ widthMm: 0, heightMm: 0, unplottable: {}, layers: plotted }),
      6,
    );
    expect(summary.durationSeconds).toBeCloseTo(plan.durationS, 9);
    expect(summary.layers.reduce((s, l) => s + l.durationSeconds, 0)).toBeCloseTo(
      plan.durationS,
      9,
    );
  });

  it('slows for sharp corners and not for straight continuations', () => {
    const profile = axidrawProfile('axidraw-v3');
    const straight = planMotion([layer([[0, 0, 50, 0, 100, 0]])], profile);
    const corner = planMotion([layer([[0, 0, 50, 0, 50, 50]])], profile);
    expect(
      checkPlan(corner, [layer([[0, 0, 50, 0, 50, 50]])], profile).junctionChecks,
    ).toBeGreaterThan(0);
    const speedAt = (plan: MotionPlan, x: number, y: number) => {
      for (let i = 0; i < plan.blocks.length; i += BLOCK_STRIDE) {
        if (
          plan.blocks[i] === BlockKind.moveDown &&
          plan.blocks[i + 3] === x &&
          plan.blocks[i + 4] === y
        ) {
          return plan.blocks[i + 6]!;
        }
      }
      return Number.NaN;
    };
    expect(speedAt(straight, 50, 0)).toBe(profile.penDown.maxSpeedMmS);
    // 90°: v = √(a·δ·sin45°/(1 − sin45°)) = √(200·0.127·2.414) ≈ 7.83 mm/s.
    expect(speedAt(corner, 50, 0)).toBeCloseTo(
      Math.sqrt((200 * 0.127 * Math.SQRT1_2) / (1 - Math.SQRT1_2)),
      6,
    );
  });

  it('takes the textbook trapezoid time for a long pen-up move', () => {
    const profile = axidrawProfile('axidraw-v3');
    const plan = planMotion([], profile, { startXMm: 300, startYMm: 0 });
    // 300 mm at 200 mm/s, 400 mm/s²: 0.5 s to accelerate over 50 mm, each way; 200 mm cruise.
    expect(plan.durationS).toBeCloseTo(0.5 + 1 + 0.5, 12);
    expect(plan.blocks.length / BLOCK_STRIDE).toBe(3);
  });

  it('pauses for ! layers and pen changes, and skips % layers', () => {
    const layers = [
      layer([[10, 10, 20, 20]], {}, '#ff0000'),
      layer([[30, 30, 40, 30]], {}, '#ff0000'),
      layer([[50, 50, 60, 50]], { skip: true }),
      layer([[70, 70, 90, 70]], {}, '#0000ff'),
      layer([[75, 75, 95, 75]], { pauseBefore: true }, '#0000ff'),
    ];
    const plan = planMotion(layers, axidrawProfile('axidraw-v3'));
    const kinds = [];
    for (let i = 0; i < plan.blocks.length; i += BLOCK_STRIDE) {
      if (plan.blocks[i] === BlockKind.layer || plan.blocks[i] === BlockKind.pause) {
        kinds.push(`${plan.blocks[i] === BlockKind.layer ? 'L' : 'P'}${plan.blocks[i + 5]}`);
      }
    }
    expect(kinds).toEqual(['L0', 'L1', 'L3', 'P3', 'L4', 'P4']);
    expect(summarizePlan(plan).penChanges).toBe(1);
  });
});
