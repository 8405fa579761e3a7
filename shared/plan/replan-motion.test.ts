import { readFileSync } from 'node:fs';
import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createEmulatedPort } from '../ebb/emulator/create-emulated-port.ts';
import { EbbEmulator } from '../ebb/emulator/ebb-emulator.ts';
import { VirtualTimer } from '../ebb/emulator/virtual-timer.ts';
import { EbbDriver } from '../ebb/driver/ebb-driver.ts';
import type { DrawingLayer } from '../geometry/drawing.ts';
import { DEFAULT_PIPELINE_SETTINGS } from '../pipeline/pipeline-settings.ts';
import { runPipeline } from '../pipeline/run-pipeline.ts';
import { compareDrawn, type DrawnLine } from '../plot/compare-drawn.ts';
import { AXIDRAW_MOTION_BOUNDS } from './axidraw-motion-bounds.ts';
import { axidrawProfile } from './axidraw-models.ts';
import type { DeviceProfile } from './device-profile.ts';
import { BLOCK_STRIDE, BlockKind } from './motion-block.ts';
import { decodePlanBlob } from './plan-blob.ts';
import { type MotionPlan, planMotion } from './plan-motion.ts';
import { replanMotion } from './replan-motion.ts';

const corpus = new URL('../../../shared/corpus/svg/', import.meta.url);
const stock = axidrawProfile('axidraw-v3-a3');

/** The plan the server's conversion makes for a corpus file (fast preset). */
function serverPlan(file: string): MotionPlan {
  const text = readFileSync(new URL(`${file}.svg`, corpus), 'utf8');
  const result = runPipeline(
    [{ name: file, text }],
    { ...DEFAULT_PIPELINE_SETTINGS, preset: 'fast' },
    { now: () => performance.now() },
  );
  return decodePlanBlob(result.blob).plan;
}

function withLimits(
  down: Partial<DeviceProfile['penDown']>,
  up: Partial<DeviceProfile['penUp']> = {},
): DeviceProfile {
  return {
    ...stock,
    penDown: { ...stock.penDown, ...down },
    penUp: { ...stock.penUp, ...up },
  };
}

function blocksOf(plan: MotionPlan, kinds: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let o = 0; o < plan.blocks.length; o += BLOCK_STRIDE)
    if (kinds.includes(plan.blocks[o] as number))
      out.push(Array.from(plan.blocks.subarray(o, o + BLOCK_STRIDE)));
  return out;
}

function drawnLines(plan: MotionPlan): DrawnLine[] {
  return blocksOf(plan, [BlockKind.moveDown]).map(([, x0Mm, y0Mm, x1Mm, y1Mm]) => ({
    x0Mm: x0Mm as number,
    y0Mm: y0Mm as number,
    x1Mm: x1Mm as number,
    y1Mm: y1Mm as number,
  }));
}

/** Markers, pauses and pen blocks in order: what must survive a replan unchanged. */
function skeleton(plan: MotionPlan): string[] {
  return blocksOf(plan, [BlockKind.layer, BlockKind.pause, BlockKind.penDown, BlockKind.penUp]).map(
    ([kind, x, y, , , v0, , durationS]) =>
      kind === BlockKind.layer || kind === BlockKind.pause
        ? `${kind}:${v0}`
        : `${kind}:${(x as number).toFixed(6)},${(y as number).toFixed(6)},${(durationS as number).toFixed(9)}`,
  );
}

/** Every move within the profile's speed and acceleration caps (rounding aside). */
function expectWithinCaps(plan: MotionPlan, profile: DeviceProfile) {
  let moves = 0;
  for (const [kind, x0, y0, x1, y1, v0, v1] of blocksOf(plan, [
    BlockKind.moveDown,
    BlockKind.moveUp,
  ]) as number[][]) {
    const caps = kind === BlockKind.moveDown ? profile.penDown : profile.penUp;
    const length = Math.hypot((x1 as number) - (x0 as number), (y1 as number) - (y0 as number));
    expect(Math.max(v0 as number, v1 as number)).toBeLessThanOrEqual(caps.maxSpeedMmS * (1 + 1e-9));
    const accel = Math.abs((v1 as number) ** 2 - (v0 as number) ** 2) / (2 * length);
    expect(accel).toBeLessThanOrEqual(caps.accelMmS2 * (1 + 1e-6));
    moves++;
  }
  expect(moves).toBeGreaterThan(0);
}

describe('replanMotion', () => {
  const files = ['misc__multilayer', 'misc__few_circles', 'vpy__paint_well_svgs__multilayer'];

  it.each(files)('%s: the same profile gives the same plan, block for block', (file) => {
    const plan = serverPlan(file);
    const again = replanMotion(plan, stock, stock);
    expect(again.layers).toEqual(plan.layers);
    expect(again.blocks.length).toBe(plan.blocks.length);
    let worst = 0;
    for (let i = 0; i < plan.blocks.length; i++)
      worst = Math.max(worst, Math.abs((again.blocks[i] as number) - (plan.blocks[i] as number)));
    expect(worst).toBeLessThan(1e-9);
    expect(again.durationS).toBeCloseTo(plan.durationS, 9);
  });

  it.each(files)(
    '%s: slower or faster limits draw the same strokes, take longer or shorter, stay within the caps',
    (file) => {
      const plan = serverPlan(file);
      const cases = [
        { profile: withLimits({ maxSpeedMmS: 20 }), slower: true },
        {
          profile: withLimits({ accelMmS2: 50 }, { maxSpeedMmS: 80, accelMmS2: 100 }),
          slower: true,
        },
        {
          profile: withLimits({ maxSpeedMmS: 120, accelMmS2: 800, corneringMm: 0.3 }),
          slower: false,
        },
        { profile: withLimits({}, { maxSpeedMmS: 210, accelMmS2: 1500 }), slower: false },
      ];
      for (const { profile, slower } of cases) {
        const replanned = replanMotion(plan, stock, profile);
        const cmp = compareDrawn(plan.blocks, drawnLines(replanned));
        expect(cmp.missingMm).toBe(0);
        expect(cmp.retracedMm).toBe(0);
        expect(cmp.strayLines).toBe(0);
        expect(cmp.coveredMm).toBeCloseTo(cmp.plannedMm, 6);
        expect(skeleton(replanned)).toEqual(skeleton(plan));
        expect(replanned.layers.map(({ firstBlock, blockCount, ...l }) => l)).toEqual(
          plan.layers.map(({ firstBlock, blockCount, ...l }) => l),
        );
        for (const l of replanned.layers) {
          expect(replanned.blocks[l.firstBlock * BLOCK_STRIDE]).toBe(BlockKind.layer);
          expect(replanned.blocks[l.firstBlock * BLOCK_STRIDE + 5]).toBe(l.layerIndex);
        }
        if (slower) expect(replanned.durationS).toBeGreaterThan(plan.durationS);
        else expect(replanned.durationS).toBeLessThan(plan.durationS);
        expectWithinCaps(replanned, profile);
        // Ends where the original ends (home).
        const last = replanned.blocks.length - BLOCK_STRIDE;
        expect([replanned.blocks[last + 3], replanned.blocks[last + 4]]).toEqual([0, 0]);
      }
    },
  );

  it('keeps a slower layer (+s) at its share of the new cap, and skipped layer indices', () => {
    const square = (x: number) => new Float64Array([x, 20, x + 60, 20, x + 60, 80, x, 80, x, 20]);
    const layer = (key: string, options: DrawingLayer['options'], x: number): DrawingLayer => ({
      key,
      name: key,
      order: 0,
      color: key === 'slow' ? '#ff0000' : '#000000',
      options,
      paths: [square(x)],
    });
    const plan = planMotion(
      [
        layer('normal', { pauseBefore: false, skip: false }, 10),
        layer('notes', { pauseBefore: false, skip: true }, 10),
        layer(
          'slow',
          { pauseBefore: true, skip: false, speedPercent: 40, penDownDelayMs: 250 },
          90,
        ),
      ],
      stock,
    );
    const faster = withLimits({ maxSpeedMmS: 100 });
    const replanned = replanMotion(plan, stock, faster);
    expect(skeleton(replanned)).toEqual(skeleton(plan));
    const peak = (p: MotionPlan, layerIndex: number) => {
      const l = p.layers.find((x) => x.layerIndex === layerIndex)!;
      let v = 0;
      for (let i = l.firstBlock; i < l.firstBlock + l.blockCount; i++)
        if (p.blocks[i * BLOCK_STRIDE] === BlockKind.moveDown)
          v = Math.max(v, p.blocks[i * BLOCK_STRIDE + 5] as number);
      return v;
    };
    expect(peak(plan, 0)).toBeCloseTo(50, 9);
    expect(peak(plan, 2)).toBeCloseTo(20, 9);
    expect(peak(replanned, 0)).toBeCloseTo(100, 9);
    expect(peak(replanned, 2)).toBeCloseTo(40, 9);
    expect(replanned.layers.map((l) => l.layerIndex)).toEqual([0, 2]);
  });

  it('an empty plan stays empty', () => {
    const plan = planMotion([], stock);
    expect(replanMotion(plan, stock, withLimits({ maxSpeedMmS: 10 }))).toEqual(plan);
  });

  it.each(['2.8.1', '3.0.3'] as const)(
    'a plan at the highest AxiDraw limits runs on the emulated EBB %s without a refused command',
    async (firmware) => {
      const b = AXIDRAW_MOTION_BOUNDS;
      const fastest = withLimits(
        {
          maxSpeedMmS: b.penDownSpeedMmS.max,
          accelMmS2: b.penDownAccelMmS2.max,
          corneringMm: b.corneringMm.max,
        },
        { maxSpeedMmS: b.penUpSpeedMmS.max, accelMmS2: b.penUpAccelMmS2.max },
      );
      const plan = serverPlan('misc__few_circles');
      const replanned = replanMotion(plan, stock, fastest);
      const emu = new EbbEmulator(firmware);
      const timer = new VirtualTimer(emu);
      const flush = async () => {
        for (let i = 0; i < 2; i++) await setImmediate();
      };
      const driver = await timer.run(EbbDriver.open(createEmulatedPort(emu), { timer }), flush);
      const result = await timer.run(driver.plot(replanned.blocks), flush);
      expect(result.completed).toBe(true);
      expect(emu.errorReplies).toEqual([]);
      const cmp = compareDrawn(plan.blocks, emu.drawn);
      expect(cmp.missingMm).toBe(0);
      expect(cmp.strayLines).toBe(0);
      const plannedMs = replanned.durationS * 1000;
      expect(Math.abs((emu.idleSinceMs ?? 0) - plannedMs) / plannedMs).toBeLessThan(0.005);
    },
    60_000,
  );
});
