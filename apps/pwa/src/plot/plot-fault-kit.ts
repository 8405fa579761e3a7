import type { EbbEmulator } from '@fabdesk/shared/ebb/emulator/ebb-emulator.ts';
import type { FirmwareString } from '@fabdesk/shared/ebb/emulator/firmware-profile.ts';
import type { JobState } from '@fabdesk/shared/lifecycle/job-state.ts';
import { axidrawProfile } from '@fabdesk/shared/plan/axidraw-models.ts';
import { planMotion } from '@fabdesk/shared/plan/plan-motion.ts';
import { compareDrawn } from '@fabdesk/shared/plot/compare-drawn.ts';
import { type PlotCheckpoint, PlotCheckpointSchema } from '@fabdesk/shared/plot/plot-checkpoint.ts';
import type { PlotStatsDocument } from '@fabdesk/sync/plot-stats-document.ts';
import { expect } from 'vitest';
import { PlotController, type PlotRecordPort } from './plot-controller.ts';
import type { PlotHost } from './plot-host.ts';
import { layer, statsFor, testHost } from './plot-test-kit.ts';
import { DEFAULT_PLOTTER_SETTINGS } from './plotter-settings.ts';
import { RealTimeEmulator } from './real-time-emulator.ts';

// Test helpers for the plot console on a misbehaving USB plotter (plot-controller-faults
// and plot-controller-fault-resume tests). A "USB plotter" here is the emulator behind a Web
// Serial-shaped port, with the controller's clock on the board's clock (50× real time), so
// the driver's timeouts and the board's delays share one time line.

export type Move = { to: JobState; type: string; details: Record<string, unknown> };

/** An in-memory job record; `onCheckpoint` sees each checkpoint as it is stored. */
export function recordPort(onCheckpoint: (cp: PlotCheckpoint) => void = () => {}) {
  const moves: Move[] = [];
  const store: { checkpoint: PlotCheckpoint | null; cleared: boolean } = {
    checkpoint: null,
    cleared: false,
  };
  const stats: PlotStatsDocument[] = [];
  const port: PlotRecordPort = {
    moveJob: async (to, event) => void moves.push({ to, ...event }),
    saveCheckpoint: async (cp) => {
      store.checkpoint = PlotCheckpointSchema.parse(cp);
      onCheckpoint(store.checkpoint);
    },
    clearCheckpoint: async () => {
      store.checkpoint = null;
      store.cleared = true;
    },
    saveStats: async (make) => void stats.push(make(`stats-${stats.length}`)),
  };
  return { port, moves, store, stats };
}

let ids = 0;
export const newId = () => `00000000-0000-4000-a000-${String(++ids).padStart(12, '0')}`;

export const faultPlan = planMotion(
  [
    layer('black', '#000000', [
      [20, 20, 60, 20, 60, 50, 20, 50, 20, 20],
      [80, 10, 95, 33, 101, 12],
      [30, 70, 90, 70, 90, 110],
      [120, 20, 150, 60, 120, 100],
      [40, 130, 160, 130],
      // Many short moves: on 3.x (32 queued) the checkpoints before it are confirmed while
      // the board is still drawing, so the fault lands mid-plot there too.
      Array.from({ length: 121 }, (_, i) => [30 + i, 150 + (i % 2) * 5]).flat(),
    ]),
  ],
  axidrawProfile('axidraw-v3'),
);
export const plannedMm = compareDrawn(faultPlan.blocks, []).plannedMm;

const boards: RealTimeEmulator[] = [];
/** Stops every board `usbPlotter` started (each test file runs it after each test). */
export function stopBoards(): void {
  for (const b of boards.splice(0)) b.stop();
}

/** A USB plotter (the emulator behind a serial port) and a console whose clock is the board's. */
export function usbPlotter(firmware: FirmwareString = '2.8.1', versionLine?: string) {
  const board = new RealTimeEmulator(firmware, testHost, 50, versionLine ? { versionLine } : {});
  boards.push(board);
  board.start();
  // The board's USB port as the browser lists it (a test may plug in a new one).
  const socket = { port: board.port };
  const host: PlotHost = {
    ...testHost,
    nowMs: () => board.timer.now(),
    setTimeout: (cb, ms) => board.timer.setTimeout(cb, ms),
    clearTimeout: (h) => board.timer.clearTimeout(h),
    serial: { requestPort: async () => socket.port, getPorts: async () => [socket.port] },
  };
  return { board, emu: board.emulator, socket, controller: new PlotController(host) };
}

/**
 * Connects, plots `faultPlan` and injects the fault once the second checkpoint is stored (so
 * there is one to keep); resolves when the plot has ended, with what the record got.
 */
export async function plotWithFault(
  firmware: FirmwareString,
  inject: (emu: EbbEmulator, board: RealTimeEmulator) => void,
) {
  const { board, emu, socket, controller } = usbPlotter(firmware);
  await controller.connectSerial(DEFAULT_PLOTTER_SETTINGS, false);
  expect(controller.state.phase).toBe('ready');
  let injected = false;
  let drawnAtInjectMm = 0;
  const jobId = newId();
  const record = recordPort((cp) => {
    if (injected || cp.pathIndex < 2) return;
    injected = true;
    drawnAtInjectMm = drawnMm(emu);
    inject(emu, board);
  });
  await controller.plot({
    jobId,
    planHash: 'f'.repeat(64),
    plan: faultPlan,
    record: record.port,
    details: {},
    stats: statsFor(jobId, newId),
  });
  expect(injected).toBe(true);
  // Let the board finish whatever it still had (the pen lift after a resynchronisation).
  board.stop();
  emu.runUntilIdle();
  return { controller, emu, board, socket, drawnAtInjectMm, ...record };
}

export const drawnMm = (emu: EbbEmulator) =>
  emu.drawn.reduce((n, s) => n + Math.hypot(s.x1Mm - s.x0Mm, s.y1Mm - s.y0Mm), 0);
