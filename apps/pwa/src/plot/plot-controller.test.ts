import type { Layer } from '@fabdesk/shared/models/layer.ts';
import { axidrawProfile } from '@fabdesk/shared/plan/axidraw-models.ts';
import { planMotion } from '@fabdesk/shared/plan/plan-motion.ts';
import type { PlotStatsDocument } from '@fabdesk/sync/plot-stats-document.ts';
import { describe, expect, it } from 'vitest';
import { PlotController, type PlotRecordPort } from './plot-controller.ts';
import type { PlotHost } from './plot-host.ts';
import { layer, testHost, until } from './plot-test-kit.ts';
import { plotStatsRecord } from './plot-stats-record.ts';
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

  const stats =
    (jobId: string) =>
    (
      recorder: Parameters<typeof plotStatsRecord>[0]['recorder'],
      nowMs: number,
      eventType: 'PlotCompleted' | 'PlotAborted' | 'PlotFailed',
      id: string,
    ) =>
      plotStatsRecord({
        id,
        jobId,
        eventType,
        recorder,
        nowMs,
        at: new Date(),
        jobLayers: [],
        newId,
        metadata: {},
      });

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
      stats: stats(jobId),
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

  it('a plotter that vanishes mid-plot fails the job with a message and keeps the checkpoint', async () => {
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
      stats: stats(jobId),
    });
    await until(controller, 'pen-swap');
    controller.resume();
    board.emulator.disconnect();
    await done;
    expect(controller.state.phase).toBe('failed');
    expect(controller.state.message).toMatch(/^The plot stopped: /);
    expect(moves.at(-1)).toBe('FAILED:PlotFailed');
    expect(moves).not.toContain('clear');
    expect(checkpoints.length).toBeGreaterThan(0);
    await controller.disconnect();
    board.stop();
  });
});
