import { readFileSync } from 'node:fs';
import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { EbbDriver } from '../ebb/driver/ebb-driver.ts';
import { createEmulatedPort } from '../ebb/emulator/create-emulated-port.ts';
import { EbbEmulator } from '../ebb/emulator/ebb-emulator.ts';
import type { EmulatedFirmware } from '../ebb/emulator/firmware-profile.ts';
import { VirtualTimer } from '../ebb/emulator/virtual-timer.ts';
import { seededRandom } from '../optimize/synthetic-drawing.ts';
import { BLOCK_STRIDE, BlockKind } from '../plan/motion-block.ts';
import { compareDrawn } from './compare-drawn.ts';
import { plotRun } from './plot-run.ts';
import { PlotSession } from './plot-session.ts';
import { planSvg, profile } from './plot-test-kit.ts';
import type { PlanProgress } from './resume-plan.ts';

const corpus = new URL('../../../shared/corpus/svg/', import.meta.url);

// Pen swaps stay in: a pause-now right after one must not ask for it again.
const planFile = (file: string) => planSvg(readFileSync(new URL(file, corpus), 'utf8'));

/** The plan's last pen-up, as a checkpoint would name it. */
function lastPenUp(plan: Float64Array): { layerIndex: number; pathIndex: number } {
  let layerIndex = 0;
  let path = 0;
  let last = { layerIndex: 0, pathIndex: 0 };
  for (let o = 0; o < plan.length; o += BLOCK_STRIDE) {
    if (plan[o] === BlockKind.layer) {
      layerIndex = plan[o + 5] as number;
      path = 0;
    }
    if (plan[o] === BlockKind.penUp) last = { layerIndex, pathIndex: ++path };
  }
  return last;
}

/**
 * Plots `file` on the emulator and pauses it now at `pauses` random moments, resuming each
 * time. Latencies are on the emulator's clock, from the request to the board parsing `ES`
 * (the carriage stops) and to the pen being up.
 */
async function plotWithPauses(file: string, firmware: EmulatedFirmware, random: () => number) {
  const plan = planFile(file);
  const emu = new EbbEmulator(firmware);
  const timer = new VirtualTimer(emu);
  let pending: { atMs: number; log: number; stopMs: number | null; penMs: number | null } | null =
    null;
  const latencies: { stopMs: number; penMs: number }[] = [];
  // Runs after every step of virtual time: sees the board right after each reply.
  const flush = async () => {
    for (let i = 0; i < 2; i++) await setImmediate();
    if (!pending) return;
    if (pending.stopMs === null && emu.commandLog.slice(pending.log).includes('ES'))
      pending.stopMs = emu.nowMs - pending.atMs;
    if (pending.penMs === null && emu.penUp) pending.penMs = emu.nowMs - pending.atMs;
  };
  const driver = await timer.run(EbbDriver.open(createEmulatedPort(emu), { timer }), flush);
  const session = new PlotSession(driver, plan, profile);
  const pauses = 1 + Math.floor(random() * 3);
  const stops: { xMm: number; yMm: number }[] = [];
  let swaps = 0;
  let last: PlanProgress | null = null;
  const schedule = (left: number) => {
    if (left === 0) return;
    timer.setTimeout(
      () => {
        pending = { atMs: emu.nowMs, log: emu.commandLog.length, stopMs: null, penMs: null };
        session.pause('now');
      },
      random() * plan.durationS * 1000 * 0.9,
    );
  };
  let pausesLeft = pauses;
  schedule(pausesLeft);
  const outcome = await timer.run(
    session.run(plotRun(plan), {
      onCheckpoint: (p) => {
        last = p;
      },
      onPause: (reason, stoppedAt) => {
        if (reason === 'plan') swaps++;
        if (stoppedAt) {
          stops.push(stoppedAt);
          const p = pending as NonNullable<typeof pending>;
          latencies.push({ stopMs: p.stopMs ?? Number.NaN, penMs: p.penMs ?? Number.NaN });
          pending = null;
          pausesLeft--;
          schedule(pausesLeft);
        }
        void setImmediate().then(() => session.resume());
      },
    }),
    flush,
  );
  return { plan, emu, outcome, stops, latencies, swaps, last: last as PlanProgress | null };
}

describe('pause now and resume, exactly', () => {
  it.each([
    ['misc__few_circles.svg', '3.0.3', 11],
    ['misc__few_circles.svg', '2.8.1', 12],
    ['misc__multilayer.svg', '3.0.3', 13],
    ['misc__multilayer.svg', '2.8.1', 14],
    ['misc__few_beziers.svg', '3.0.3', 15],
    ['misc__few_beziers.svg', '2.8.1', 16],
  ] as const)(
    '%s on %s: stops at once, every stroke drawn once, home at the end (seed %i)',
    async (file, firmware, seed) => {
      const random = seededRandom(seed);
      let stopped = 0;
      for (let trial = 0; trial < 4; trial++) {
        const r = await plotWithPauses(file, firmware, random);
        const where = `trial ${trial}, stops at ${JSON.stringify(r.stops)}`;
        expect(r.outcome, where).toEqual({ completed: true });
        const report = compareDrawn(r.plan.blocks, r.emu.drawn);
        expect(report.strayLines, where).toBe(0);
        expect(report.missingMm, where).toBeLessThanOrEqual(1 / 80);
        expect(report.retracedMm, where).toBe(0);
        expect(r.emu.errorReplies, where).toEqual([]);
        expect(r.emu.positionSteps, where).toEqual([0, 0]);
        expect(r.emu.penUp, where).toBe(true);
        // One pen swap per pen change in the plan, however the pauses fell.
        expect(r.swaps, where).toBe(r.plan.layers.filter((l) => l.penChange).length);
        expect(r.last, where).toMatchObject(lastPenUp(r.plan.blocks));
        for (const l of r.latencies) {
          // The queue's pacing lets a command wait at most 10 ms behind a full FIFO.
          expect(l.stopMs, where).toBeLessThanOrEqual(10);
          expect(l.penMs, where).toBeLessThanOrEqual(10);
        }
        stopped += r.stops.length;
      }
      expect(stopped).toBeGreaterThanOrEqual(4);
    },
    120_000,
  );
});
