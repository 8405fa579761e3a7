import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BLOCK_STRIDE, BlockKind } from '../../plan/motion-block.ts';
import { createEmulatedPort } from '../emulator/create-emulated-port.ts';
import { EbbEmulator } from '../emulator/ebb-emulator.ts';
import type { EmulatedFirmware } from '../emulator/firmware-profile.ts';
import { VirtualTimer } from '../emulator/virtual-timer.ts';
import { EbbDriver } from './ebb-driver.ts';
import type { PlotCheckpoint } from './plot-callbacks.ts';
import { EbbError } from './ebb-error.ts';

const flush = async () => {
  for (let i = 0; i < 2; i++) await setImmediate();
};

type Pt = [number, number];

/** A hand-made plan: trapezoid moves (stop at every vertex) or constant-speed strokes. */
function makePlan(
  strokes: Pt[][],
  opts: { vMax?: number; accel?: number; constant?: boolean; from?: Pt } = {},
) {
  const vMax = opts.vMax ?? 60;
  const accel = opts.accel ?? 400;
  const out: number[] = [];
  const block = (k: number, a: Pt, b: Pt, v0: number, v1: number, d: number) =>
    out.push(k, a[0], a[1], b[0], b[1], v0, v1, d);
  const move = (kind: number, a: Pt, b: Pt) => {
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) return;
    const at = (s: number): Pt => [
      a[0] + ((b[0] - a[0]) * s) / len,
      a[1] + ((b[1] - a[1]) * s) / len,
    ];
    if (opts.constant && kind === BlockKind.moveDown) {
      block(kind, a, b, 20, 20, len / 20);
      return;
    }
    const vp = Math.min(vMax, Math.sqrt(accel * len));
    const ramp = (vp * vp) / (2 * accel);
    const p1 = at(ramp);
    const p2 = at(len - ramp);
    block(kind, a, p1, 0, vp, (2 * ramp) / vp);
    if (len - 2 * ramp > 1e-9) block(kind, p1, p2, vp, vp, (len - 2 * ramp) / vp);
    block(kind, p2, b, vp, 0, (2 * ramp) / vp);
  };
  let at: Pt = opts.from ?? [0, 0];
  block(BlockKind.layer, at, at, 0, 0, 0);
  for (const stroke of strokes) {
    const first = stroke[0] as Pt;
    move(BlockKind.moveUp, at, first);
    block(BlockKind.penDown, first, first, 0, 0, 0.15);
    for (let i = 1; i < stroke.length; i++)
      move(BlockKind.moveDown, stroke[i - 1] as Pt, stroke[i] as Pt);
    at = stroke[stroke.length - 1] as Pt;
    block(BlockKind.penUp, at, at, 0, 0, 0.2);
  }
  move(BlockKind.moveUp, at, [0, 0]);
  return new Float64Array(out);
}

function planDurationMs(plan: Float64Array): number {
  let s = 0;
  for (let o = 0; o < plan.length; o += BLOCK_STRIDE) s += plan[o + 7] as number;
  return s * 1000;
}

/** Pen-down polylines of the plan, as points. */
function planStrokes(plan: Float64Array): Pt[][] {
  const strokes: Pt[][] = [];
  let current: Pt[] | null = null;
  for (let o = 0; o < plan.length; o += BLOCK_STRIDE) {
    const k = plan[o];
    if (k === BlockKind.penDown) current = [[plan[o + 1] as number, plan[o + 2] as number]];
    if (k === BlockKind.moveDown) current?.push([plan[o + 3] as number, plan[o + 4] as number]);
    if (k === BlockKind.penUp && current) {
      strokes.push(current);
      current = null;
    }
  }
  return strokes;
}

/** What the emulator drew, joined into polylines. */
function drawnStrokes(emu: EbbEmulator): Pt[][] {
  const strokes: Pt[][] = [];
  let last: Pt | null = null;
  for (const s of emu.drawn) {
    if (!last || last[0] !== s.x0Mm || last[1] !== s.y0Mm) strokes.push([[s.x0Mm, s.y0Mm]]);
    (strokes[strokes.length - 1] as Pt[]).push([s.x1Mm, s.y1Mm]);
    last = [s.x1Mm, s.y1Mm];
  }
  return strokes;
}

async function setUp(firmware: EmulatedFirmware) {
  const emu = new EbbEmulator(firmware);
  const timer = new VirtualTimer(emu);
  const driver = await timer.run(EbbDriver.open(createEmulatedPort(emu), { timer }), flush);
  return { emu, timer, driver };
}

const square: Pt[] = [
  [20, 20],
  [60, 20],
  [60, 50],
  [20, 50],
  [20, 20],
];
const zigzag: Pt[] = [
  [80.013, 10.007],
  [95.5, 33.3],
  [101.25, 12.1],
];
const circle: Pt[] = Array.from({ length: 181 }, (_, i) => [
  120 + 15 * Math.cos((i * Math.PI) / 90),
  60 + 15 * Math.sin((i * Math.PI) / 90),
]);

describe.each([
  ['2.8.1', 1],
  ['3.0.3', 32],
  ['2.5.3', 1],
] as const)('EbbDriver against the emulator, firmware %s', (firmware, depth) => {
  it.each([
    ['trapezoid strokes', makePlan([square, zigzag])],
    ['a circle of 0.5 mm constant-speed blocks', makePlan([circle], { constant: true })],
  ])('draws %s as planned, in the planned time', async (_name, plan) => {
    const { emu, timer, driver } = await setUp(firmware);
    const result = await timer.run(driver.plot(plan), flush);
    expect(result.completed).toBe(true);
    expect(emu.errorReplies).toEqual([]);
    expect(driver.queueDepth).toBe(depth);
    expect(emu.fifoDepth).toBe(depth);
    expect(driver.maxUnacked).toBeLessThanOrEqual(depth + 1);
    expect(emu.underruns).toBe(0);
    // Same strokes, point for point, within one motor step.
    const want = planStrokes(plan);
    const got = drawnStrokes(emu);
    expect(got.length).toBe(want.length);
    const step = 1 / 80;
    for (const [i, stroke] of want.entries()) {
      const g = got[i] as Pt[];
      const endpoints = firmware === '2.5.3' ? [g[0], g[g.length - 1]] : g;
      const expected = firmware === '2.5.3' ? [stroke[0], stroke[stroke.length - 1]] : stroke;
      expect(endpoints.length).toBe(expected.length);
      for (const [j, p] of expected.entries()) {
        const q = endpoints[j] as Pt;
        expect(Math.abs(q[0] - (p as Pt)[0])).toBeLessThanOrEqual(step);
        expect(Math.abs(q[1] - (p as Pt)[1])).toBeLessThanOrEqual(step);
      }
    }
    expect(emu.positionSteps).toEqual([0, 0]);
    expect(emu.penUp).toBe(true);
    const planned = planDurationMs(plan);
    expect(Math.abs((emu.idleSinceMs ?? 0) - planned) / planned).toBeLessThan(0.005);
  });

  it('reports checkpoints at pen-ups once the board has run them', async () => {
    const { emu, timer, driver } = await setUp(firmware);
    const checkpoints: { at: PlotCheckpoint; penUp: boolean; nowMs: number }[] = [];
    const plan = makePlan([square, zigzag]);
    await timer.run(
      driver.plot(plan, {
        onCheckpoint: (c) => checkpoints.push({ at: c, penUp: emu.penUp, nowMs: emu.nowMs }),
      }),
      flush,
    );
    expect(checkpoints.map((c) => c.at.pathIndex)).toEqual([1, 2]);
    expect(checkpoints[0]?.at.penDownDistanceMm).toBeCloseTo(140, 6);
    expect(checkpoints[0]?.at.xMm).toBe(20);
  });

  it('never reports a checkpoint before the board has drawn what it claims, not even the last', async () => {
    const { emu, timer, driver } = await setUp(firmware);
    const drawnWhenReported: { claimedMm: number; drawnMm: number }[] = [];
    const drawnMm = () =>
      emu.drawn.reduce((n, s) => n + Math.hypot(s.x1Mm - s.x0Mm, s.y1Mm - s.y0Mm), 0);
    await timer.run(
      driver.plot(makePlan([square, zigzag, circle]), {
        onCheckpoint: (c) =>
          drawnWhenReported.push({ claimedMm: c.penDownDistanceMm, drawnMm: drawnMm() }),
      }),
      flush,
    );
    expect(drawnWhenReported).toHaveLength(3);
    for (const r of drawnWhenReported) expect(r.drawnMm).toBeGreaterThanOrEqual(r.claimedMm - 0.05);
  });
});

describe('EbbDriver control', () => {
  it('reports every pen-up that has run before it waits at a plan pause', async () => {
    const { timer, driver } = await setUp('3.0.3');
    // A second layer after the second stroke, behind a PAUSE block.
    const all = makePlan([square, zigzag, circle]);
    const penUps: number[] = [];
    for (let i = 0; i < all.length; i += BLOCK_STRIDE)
      if (all[i] === BlockKind.penUp) penUps.push(i + BLOCK_STRIDE);
    const cut = penUps[1] as number;
    const at = [...all.subarray(cut - 5, cut - 3)]; // the pen-up point (x1, y1)
    const plan = new Float64Array([
      ...all.subarray(0, cut),
      ...[BlockKind.layer, ...at, ...at, 1, 0, 0],
      ...[BlockKind.pause, ...at, ...at, 1, 0, 0],
      ...all.subarray(cut),
    ]);
    const seen: number[] = [];
    let atPause: number[] = [];
    await timer.run(
      driver.plot(plan, {
        onCheckpoint: (c) => seen.push(c.pathIndex),
        onPause: () => {
          atPause = [...seen];
          driver.resume();
        },
      }),
      flush,
    );
    expect(atPause).toEqual([1, 2]);
    expect(seen).toEqual([1, 2, 1]);
  });

  it('pauses at the end of the path when the button is pressed, and resumes', async () => {
    const { emu, timer, driver } = await setUp('2.8.1');
    const pauses: string[] = [];
    let penUpAtPause = false;
    emu.pressButton();
    const plan = makePlan([square, zigzag]);
    const done = driver.plot(plan, {
      onPause: (reason) => {
        pauses.push(reason);
        penUpAtPause = emu.penUp && !emu.busy;
        driver.resume();
      },
    });
    await timer.run(done, flush);
    expect(pauses).toEqual(['button']);
    expect(penUpAtPause).toBe(true);
    expect(drawnStrokes(emu).length).toBe(2);
  });

  it.each(['2.8.1', '3.0.3'] as const)(
    'calibrates the pen outside a plot with new heights on %s',
    async (firmware) => {
      const { emu, timer, driver } = await setUp(firmware);
      driver.setPen({ upPosition: 21000, downPosition: 12500 });
      await timer.run(driver.movePen(false), flush);
      expect(emu.penUp).toBe(false);
      expect(emu.commandLog).toContain('SC,5,12500');
      await timer.run(driver.movePen(true), flush);
      expect(emu.penUp).toBe(true);
      expect(emu.commandLog).toContain('SC,4,21000');
      expect(emu.errorReplies).toEqual([]);
      // The plot that follows uses the calibrated heights too.
      const log = emu.commandLog.length;
      await timer.run(driver.plot(makePlan([square])), flush);
      expect(emu.commandLog.slice(log)).toContain('SC,5,12500');
    },
  );

  it.each(['2.8.1', '3.0.3'] as const)(
    'pauses now on %s: ES stops the carriage mid-stroke, the pen goes up there, and a continued plot keeps the counters',
    async (firmware) => {
      const { emu, timer, driver } = await setUp(firmware);
      const plan = makePlan([square, zigzag]);
      let askedAtMs = -1;
      // 60 mm into the square's first edge (20 mm/s ramps, 60 mm/s cruise): mid-stroke.
      timer.setTimeout(() => {
        askedAtMs = emu.nowMs;
        driver.pause('now');
      }, 1200);
      const first = await timer.run(driver.plot(plan), flush);
      expect(first.completed).toBe(false);
      const stop = first.stop;
      expect(stop).not.toBeNull();
      if (!stop) return;
      expect(stop.reason).toBe('user');
      expect(stop.penUp).toBe(false);
      expect(stop.steps).toEqual(emu.positionSteps);
      expect(emu.penUp).toBe(true);
      expect(emu.commandLog).toContain('ES');
      // Drawing stopped when the pause was asked for (no command was held at this depth).
      const lastLine = emu.drawn.at(-1);
      expect((lastLine?.endMs ?? 0) - askedAtMs).toBeLessThanOrEqual(10);
      // The stop names the block it was in: a pen-down move of the first stroke.
      expect(plan[stop.block * BLOCK_STRIDE]).toBe(BlockKind.moveDown);

      // Continue with the rest of the square from where it stopped, then go home.
      const [x, y] = [(stop.steps[0] + stop.steps[1]) / 160, (stop.steps[0] - stop.steps[1]) / 160];
      const rest = makePlan([[[x, y], ...square.slice(1)]], { from: [x, y] });
      const log = emu.commandLog.length;
      const second = await timer.run(
        driver.plot(rest, {}, { continueFromSteps: stop.steps }),
        flush,
      );
      expect(second).toEqual({ completed: true, stop: null });
      expect(emu.commandLog.slice(log).some((c) => c.startsWith('EM'))).toBe(false);
      expect(emu.positionSteps).toEqual([0, 0]);
      expect(emu.errorReplies).toEqual([]);
      // The square's first edge: drawn once, in two parts that meet at the stop.
      const edge = emu.drawn.filter((s) => s.y0Mm === 20 && s.y1Mm === 20);
      const covered = edge.reduce((n, s) => n + Math.abs(s.x1Mm - s.x0Mm), 0);
      expect(covered).toBeCloseTo(40, 1);
    },
  );

  it('aborts: stops, lifts the pen and goes home', async () => {
    const { emu, timer, driver } = await setUp('3.0.3');
    const plan = makePlan([square, zigzag]);
    const result = await timer.run(
      driver.plot(plan, {
        onProgress: (p) => {
          if (p.blockIndex === 12) driver.abort();
        },
      }),
      flush,
    );
    expect(result.completed).toBe(false);
    emu.runUntilIdle();
    expect(emu.penUp).toBe(true);
    expect(emu.positionSteps).toEqual([0, 0]);
    expect(emu.commandLog).toContain('ES');
  });

  it('turns a rejected command into board-error and still lifts the pen', async () => {
    const { emu, timer, driver } = await setUp('2.8.1');
    let armed = false;
    const plot = driver.plot(makePlan([square]), {
      onProgress: (p) => {
        if (p.penDown && !armed) {
          armed = true;
          emu.rejectNext('LM');
        }
      },
    });
    const error = await timer.run(plot, flush).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EbbError);
    expect((error as EbbError).code).toBe('board-error');
    expect((error as EbbError).message).toMatch(
      /^expected OK to 'LM,.*', the board answered '!6 Err: Invalid paramter value'$/,
    );
    emu.runUntilIdle();
    expect(emu.penUp).toBe(true);
  });

  it('reports a board that vanishes mid-plot as disconnected', async () => {
    const { emu, timer, driver } = await setUp('3.0.3');
    const plot = driver.plot(makePlan([square]), {
      onProgress: (p) => {
        if (p.blockIndex === 8) emu.disconnect();
      },
    });
    const error = await timer.run(plot, flush).catch((e: unknown) => e);
    expect((error as EbbError).code).toBe('disconnected');
  });

  it('sets the deep queue again after a power loss', async () => {
    const { emu, timer, driver } = await setUp('3.0.3');
    const plot = driver.plot(makePlan([square]), {
      onProgress: (p) => {
        if (p.blockIndex === 8) emu.powerLoss();
      },
    });
    expect(((await timer.run(plot, flush).catch((e: unknown) => e)) as EbbError).code).toBe(
      'disconnected',
    );
    expect(emu.fifoDepth).toBe(1);
    const again = await timer.run(EbbDriver.open(createEmulatedPort(emu), { timer }), flush);
    await timer.run(again.plot(makePlan([zigzag])), flush);
    expect(emu.fifoDepth).toBe(32);
    expect(emu.positionSteps).toEqual([0, 0]);
  });
});
