import type { Layer } from '@fabdesk/shared/models/layer.ts';
import { axidrawProfile } from '@fabdesk/shared/plan/axidraw-models.ts';
import { planMotion } from '@fabdesk/shared/plan/plan-motion.ts';
import { compareDrawn } from '@fabdesk/shared/plot/compare-drawn.ts';
import type { PlotStatsDocument } from '@fabdesk/sync/plot-stats-document.ts';
import { describe, expect, it } from 'vitest';
import { PlotController, type PlotRecordPort } from './plot-controller.ts';
import type { PlotHost } from './plot-host.ts';
import { latestVirtualBoard, layer, statsFor, testHost, until } from './plot-test-kit.ts';
import { plotStatsRecord } from '@fabdesk/shared/plot/plot-stats-record.ts';
import { DEFAULT_PLOTTER_SETTINGS } from './plotter-settings.ts';
import { RealTimeEmulator } from './real-time-emulator.ts';

function recordPort() {
  const moves: string[] = [];
  const checkpoints: number[] = [];
  const stats: PlotStatsDocument[] = [];
  const port: PlotRecordPort = {
    moveJob: async (to, event) => void moves.push(`${to}:${event.type}`),
    saveCheckpoint: async (cp) => void checkpoints.push(cp.pathIndex),
    clearCheckpoint: async () => void moves.push('clear'),
    saveStats: async (make) => void stats.push(make(`stats-${stats.length}`)),
  };
  return { port, moves, checkpoints, stats };
}

let ids = 0;
const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

describe('PlotController on the virtual plotter', () => {
  const plan = planMotion(
    [
      layer('black', '#000000', [
        [20, 20, 40, 20, 40, 40],
        [50, 20, 70, 30],
      ]),
      layer('red', '#ff0000', [[20, 60, 60, 60]]),
    ],
    axidrawProfile('axidraw-v3'),
  );

  it.each(['3.0.3', '2.8.1'] as const)(
    'plots two layers on %s with a pen-swap prompt, a pause and the record of it all',
    async (firmware) => {
      const controller = new PlotController(testHost);
      await controller.connectVirtual(DEFAULT_PLOTTER_SETTINGS, firmware, 200);
      expect(controller.state.phase).toBe('ready');
      await controller.testPen(DEFAULT_PLOTTER_SETTINGS, false);
      expect(controller.state.penDown).toBe(true);
      await controller.testPen(DEFAULT_PLOTTER_SETTINGS, true);
      expect(controller.state.penDown).toBe(false);

      const { port, moves, checkpoints, stats } = recordPort();
      // The conversion's job layers: one per plan layer, in plan order, the second in reverse
      // id order so a match by id order would show.
      const jobLayers = [
        { id: newId(), orderIndex: 1, name: 'red', penId: newId() },
        { id: newId(), orderIndex: 0, name: 'black', penId: null },
      ] as Layer[];
      const done = controller.plot({
        jobId: newId(),
        planHash: 'a'.repeat(64),
        plan,
        record: port,
        details: {},
        stats: (recorder, nowMs, eventType, id) =>
          plotStatsRecord({
            id,
            jobId: newId(),
            eventType,
            recorder,
            nowMs,
            at: new Date(),
            jobLayers,
            newId,
            metadata: {},
          }),
      });
      await until(controller, 'pen-swap');
      expect(controller.state.swapLayer).toBe(1);
      controller.resume();
      controller.pause('now');
      await until(controller, 'paused');
      controller.resume();
      await done;
      await controller.disconnect();

      expect(controller.state.phase).toBe('disconnected');
      expect(moves).toEqual([
        'PLOTTING:PlotStarted',
        'PAUSED:PlotPaused',
        'PLOTTING:PlotResumed',
        'PAUSED:PlotPaused',
        'PLOTTING:PlotResumed',
        'COMPLETED:PlotCompleted',
        'clear',
      ]);
      expect(checkpoints).toEqual([1, 2, 1]);
      const s = stats[0];
      expect(s?.source).toBe('actual');
      expect(s?.layersCompleted).toBe(2);
      expect(s?.penChanges).toBe(1);
      expect(s?.distancePlottedMm).toBeCloseTo(20 + 20 + Math.hypot(20, 10) + 40, 6);
      // Real time on the board's clock, pauses left out: close to the plan's estimate.
      expect(s?.durationS).toBeGreaterThan(plan.durationS * 0.95);
      expect(s?.durationS).toBeLessThan(plan.durationS * 1.2);
      expect(s?.layers.map((l) => l.pathCount)).toEqual([2, 1]);
      expect(s?.layers.map((l) => [l.layerId, l.penId])).toEqual([
        [jobLayers[1]?.id, null],
        [jobLayers[0]?.id, jobLayers[0]?.penId],
      ]);
    },
    20_000,
  );

  it.each(['3.0.3', '2.8.1'] as const)(
    'pauses now mid-stroke on %s and resumes from that point with the given profile: one plot, drawn once',
    async (firmware) => {
      const controller = new PlotController(testHost);
      await controller.connectVirtual(DEFAULT_PLOTTER_SETTINGS, firmware, 200);
      const board = latestVirtualBoard();
      const line = planMotion(
        [layer('black', '#000000', [[20, 20, 180, 20]])],
        axidrawProfile('axidraw-v3'),
      );
      const stock = axidrawProfile('axidraw-v3');
      const slow = { ...stock, penDown: { ...stock.penDown, maxSpeedMmS: 5 } };
      const { port, moves, stats: saved } = recordPort();
      const jobId = newId();
      const done = controller.plot({
        jobId,
        planHash: 'e'.repeat(64),
        plan: line,
        record: port,
        details: {},
        stats: statsFor(jobId, newId),
        profile: slow,
      });
      // Half-way through the drawing, on the board's clock.
      const downAt = (line.durationS * 1000) / 2;
      let stoppedAtMs = 0;
      board.timer.setTimeout(() => {
        stoppedAtMs = board.emulator.nowMs;
        controller.pause('now');
      }, downAt);
      await until(controller, 'paused');
      const drawnBefore = board.emulator.drawn.length;
      expect(board.emulator.penUp).toBe(true);
      // Stopped mid-stroke: the line is partly drawn.
      const partMm = compareDrawn(line.blocks, board.emulator.drawn).coveredMm;
      expect(partMm).toBeGreaterThan(5);
      expect(partMm).toBeLessThan(155);
      controller.resume();
      await done;
      expect(controller.state.phase).toBe('completed');
      const report = compareDrawn(line.blocks, board.emulator.drawn);
      expect(report.missingMm).toBeLessThanOrEqual(1 / 80);
      expect(report.retracedMm).toBe(0);
      expect(report.strayLines).toBe(0);
      expect(board.emulator.positionSteps).toEqual([0, 0]);
      // The rest of the stroke was replanned with the plotter's own (slow) pen-down speed.
      const rest = board.emulator.drawn.slice(drawnBefore);
      expect(rest.length).toBeGreaterThan(0);
      for (const sgm of rest) {
        const mm = Math.hypot(sgm.x1Mm - sgm.x0Mm, sgm.y1Mm - sgm.y0Mm);
        expect(mm / ((sgm.endMs - sgm.startMs) / 1000)).toBeLessThanOrEqual(5.05);
      }
      expect(rest[0]?.startMs).toBeGreaterThan(stoppedAtMs);
      expect(moves).toEqual([
        'PLOTTING:PlotStarted',
        'PAUSED:PlotPaused',
        'PLOTTING:PlotResumed',
        'COMPLETED:PlotCompleted',
        'clear',
      ]);
      // One plot, one record: the whole line's distance and its one path.
      expect(saved).toHaveLength(1);
      expect(saved[0]?.distancePlottedMm).toBeCloseTo(160, 6);
      expect(saved[0]?.layers.map((l) => l.pathCount)).toEqual([1]);
      await controller.disconnect();
    },
    20_000,
  );

  it('aborts from a pen swap: pen up, home, ABORTED with its figures, checkpoint cleared', async () => {
    const controller = new PlotController(testHost);
    await controller.connectVirtual(DEFAULT_PLOTTER_SETTINGS, '3.0.3', 200);
    const { port, moves, stats: saved } = recordPort();
    const jobId = newId();
    const done = controller.plot({
      jobId,
      planHash: 'b'.repeat(64),
      plan,
      record: port,
      details: {},
      stats: statsFor(jobId, newId),
    });
    await until(controller, 'pen-swap');
    controller.abort();
    await done;
    expect(controller.state.phase).toBe('aborted');
    expect(controller.state.position).toEqual({ xMm: 0, yMm: 0 });
    expect(controller.state.penDown).toBe(false);
    expect(moves).toContain('ABORTED:PlotAborted');
    expect(moves.at(-1)).toBe('clear');
    expect(saved[0]?.eventType).toBe('PlotAborted');
    expect(saved[0]?.layersCompleted).toBe(1);
    await controller.disconnect();
  });

  it('connects over Web Serial with the AxiDraw filter, and later without a prompt', async () => {
    const board = new RealTimeEmulator('3.0.3', testHost, 1);
    board.start();
    const asked: unknown[] = [];
    let granted = false;
    const serialHost: PlotHost = {
      ...testHost,
      serial: {
        requestPort: async (options) => {
          asked.push(options);
          granted = true;
          return board.port;
        },
        getPorts: async () => (granted ? [board.port] : []),
      },
    };
    const controller = new PlotController(serialHost);
    await controller.connectSerial(DEFAULT_PLOTTER_SETTINGS, false);
    expect(controller.state.phase).toBe('disconnected');
    expect(controller.state.message).toMatch(/No plotter has been allowed/);
    await controller.connectSerial(DEFAULT_PLOTTER_SETTINGS, true);
    expect(asked).toEqual([{ filters: [{ usbVendorId: 0x04d8, usbProductId: 0xfd92 }] }]);
    expect(controller.state.connection).toBe('AxiDraw on USB (firmware 3.0.3)');
    expect(await controller.grantedPort()).toBe(board.port);
    await controller.disconnect();
    board.stop();
  });

  it('a plotter that vanishes mid-plot pauses the job with a message and keeps the checkpoint', async () => {
    const board = new RealTimeEmulator('3.0.3', testHost, 50);
    board.start();
    const serialHost: PlotHost = {
      ...testHost,
      serial: { requestPort: async () => board.port, getPorts: async () => [board.port] },
    };
    const controller = new PlotController(serialHost);
    await controller.connectSerial(DEFAULT_PLOTTER_SETTINGS, false);
    const { port, moves, checkpoints } = recordPort();
    const jobId = newId();
    const done = controller.plot({
      jobId,
      planHash: 'c'.repeat(64),
      plan,
      record: port,
      details: {},
      stats: statsFor(jobId, newId),
    });
    await until(controller, 'pen-swap');
    controller.resume();
    board.emulator.disconnect();
    await done;
    // The board is gone: the console lets it go and offers to connect (then resume).
    expect(controller.state.phase).toBe('disconnected');
    expect(controller.state.connection).toBeNull();
    expect(controller.state.message).toMatch(
      /^The plot stopped: the plotter is no longer connected .* The job is paused: resume it from the last pen-up\.$/,
    );
    expect(moves.at(-1)).toBe('PAUSED:PlotPaused');
    expect(moves).not.toContain('clear');
    expect(checkpoints.length).toBeGreaterThan(0);
    await controller.disconnect();
    board.stop();
  });
});
