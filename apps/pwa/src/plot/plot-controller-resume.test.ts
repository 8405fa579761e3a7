import { axidrawProfile } from '@fabdesk/shared/plan/axidraw-models.ts';
import { planMotion } from '@fabdesk/shared/plan/plan-motion.ts';
import { compareDrawn } from '@fabdesk/shared/plot/compare-drawn.ts';
import { type PlotCheckpoint, PlotCheckpointSchema } from '@fabdesk/shared/plot/plot-checkpoint.ts';
import type { PlotStatsDocument } from '@fabdesk/sync/plot-stats-document.ts';
import { describe, expect, it } from 'vitest';
import { PlotController, type PlotRecordPort } from './plot-controller.ts';
import { latestVirtualBoard, layer, statsFor, testHost, until } from './plot-test-kit.ts';
import { DEFAULT_PLOTTER_SETTINGS } from './plotter-settings.ts';
import { RealTimeEmulator } from './real-time-emulator.ts';

/** An in-memory job record: the moves, the stored checkpoint (validated like RxDB's), stats. */
function recordPort(onCheckpoint: (cp: PlotCheckpoint) => void = () => {}) {
  const moves: string[] = [];
  const store: { checkpoint: PlotCheckpoint | null } = { checkpoint: null };
  const stats: PlotStatsDocument[] = [];
  const port: PlotRecordPort = {
    moveJob: async (to, event) => void moves.push(`${to}:${event.type}`),
    saveCheckpoint: async (cp) => {
      store.checkpoint = PlotCheckpointSchema.parse(cp);
      onCheckpoint(store.checkpoint);
    },
    clearCheckpoint: async () => {
      moves.push('clear');
      store.checkpoint = null;
    },
    saveStats: async (make) => void stats.push(make(`stats-${stats.length}`)),
  };
  return { port, moves, store, stats };
}

let ids = 0;
const newId = () => `00000000-0000-4000-9000-${String(++ids).padStart(12, '0')}`;
describe('PlotController resuming an interrupted plot', () => {
  // Two layers with a pen swap between them. The red layer's first stroke has many short
  // segments, so the power cut lands while that stroke is still being drawn.
  const zigzag = Array.from({ length: 81 }, (_, i) => [20 + i * 1.25, 140 + (i % 2) * 6]).flat();
  const plan = planMotion(
    [
      layer('black', '#000000', [
        [20, 20, 80, 20, 80, 60],
        [100, 20, 160, 50, 100, 80],
        [20, 100, 80, 100],
      ]),
      layer('red', '#ff0000', [zigzag, [130, 140, 130, 180]]),
    ],
    axidrawProfile('axidraw-v3'),
  );
  const planHash = 'd'.repeat(64);
  const plannedMm = compareDrawn(plan.blocks, []).plannedMm;

  it('power lost after a checkpoint: a new controller resumes from the stored one, the user confirms home, the two drawings make the plan', async () => {
    const jobId = newId();
    // Run 1: a USB plotter that loses power part-way through the red layer. The board has
    // run the whole black layer by the pen swap, so its checkpoints are stored by then.
    const speedUp = 10;
    const board1 = new RealTimeEmulator('3.0.3', testHost, speedUp);
    board1.start();
    let allowedRetraceMm = 0;
    const first = recordPort();
    // The console's clock is the board's, so run 1 measures board time like run 2 does.
    const c1 = new PlotController({
      ...testHost,
      nowMs: () => board1.timer.now(),
      setTimeout: (cb, ms) => board1.timer.setTimeout(cb, ms),
      clearTimeout: (h) => board1.timer.clearTimeout(h),
      serial: { requestPort: async () => board1.port, getPorts: async () => [board1.port] },
    });
    await c1.connectSerial(DEFAULT_PLOTTER_SETTINGS, false);
    const run1 = c1.plot({
      jobId,
      planHash,
      plan,
      record: first.port,
      details: {},
      stats: statsFor(jobId, newId),
    });
    await until(c1, 'pen-swap');
    c1.resume();
    // 1.5 s later on the board's clock: past the travel, inside the red layer's first stroke.
    board1.timer.setTimeout(() => {
      const cp = first.store.checkpoint;
      board1.emulator.powerLoss();
      // What was drawn past the stored checkpoint is drawn again; each end within a step.
      const drawnMm = compareDrawn(plan.blocks, board1.emulator.drawn).coveredMm;
      allowedRetraceMm = Math.max(0, drawnMm - (cp?.penDownDistanceMm ?? 0)) + 2 / 80;
    }, 1500);
    await run1;
    // The lost board is let go; the job is PAUSED at the fault (below).
    expect(c1.state.phase).toBe('disconnected');
    await c1.disconnect();
    board1.stop();
    const stored = first.store.checkpoint;
    expect(stored).not.toBeNull();
    // The cut came before the plot was over: the plan is not drawn yet.
    expect(stored?.penDownDistanceMm).toBeLessThan(plannedMm);
    expect(compareDrawn(plan.blocks, board1.emulator.drawn).missingMm).toBeGreaterThan(1);

    // Run 2: after a page reload, a new controller on a new virtual plotter (power lost).
    const c2 = new PlotController(testHost);
    await c2.connectVirtual(DEFAULT_PLOTTER_SETTINGS, '3.0.3', 50);
    const second = recordPort();
    second.store.checkpoint = stored;
    let confirmations = 0;
    const done = c2.resumeInterrupted({
      jobId,
      planHash,
      plan,
      record: second.port,
      details: {},
      stats: statsFor(jobId, newId),
      checkpoint: stored,
      jobState: 'PAUSED',
      confirmHome: async () => {
        confirmations++;
        expect(c2.state.phase).toBe('resuming');
      },
    });
    // The stored checkpoint is the black layer's last pen-up: the red pen's prompt comes
    // again (the pen may have been taken out meanwhile), and pausing works as in any plot.
    expect(stored).toMatchObject({ layerIndex: 0, pathIndex: 3 });
    await until(c2, 'pen-swap');
    expect(c2.state.swapLayer).toBe(1);
    c2.resume();
    c2.pause('now');
    await until(c2, 'paused');
    c2.resume();
    await done;
    expect(c2.state.phase).toBe('completed');
    // What run 2's virtual board drew (in the plotter host the controller started).
    const board2 = latestVirtualBoard();
    const drawn2 = board2.emulator.drawn;
    await c2.disconnect();

    expect(confirmations).toBe(1);
    expect(first.moves).toEqual([
      'PLOTTING:PlotStarted',
      'PAUSED:PlotPaused',
      'PLOTTING:PlotResumed',
      'PAUSED:PlotPaused',
    ]);
    // The fault left the job PAUSED: the resume starts from there.
    expect(second.moves).toEqual([
      'PLOTTING:PlotResumed',
      'PAUSED:PlotPaused',
      'PLOTTING:PlotResumed',
      'PAUSED:PlotPaused',
      'PLOTTING:PlotResumed',
      'COMPLETED:PlotCompleted',
      'clear',
    ]);
    const report = compareDrawn(plan.blocks, [...board1.emulator.drawn, ...drawn2]);
    expect(report.strayLines).toBe(0);
    expect(report.missingMm).toBeLessThanOrEqual(1 / 80);
    expect(report.retracedMm).toBeLessThanOrEqual(allowedRetraceMm);
    // Run 2 alone starts where the checkpoint was: nothing before it is drawn again.
    expect(compareDrawn(plan.blocks, drawn2).coveredMm).toBeCloseTo(
      plannedMm - (stored?.penDownDistanceMm ?? 0),
      1,
    );
    // Statistics add up across the interruption: the whole plan's distance and paths.
    const s = second.stats[0];
    expect(s?.eventType).toBe('PlotCompleted');
    expect(s?.layersCompleted).toBe(2);
    expect(s?.distancePlottedMm).toBeCloseTo(plannedMm, 6);
    expect(s?.layers.map((l) => l.pathCount)).toEqual([3, 2]);
    // Durations too: the checkpoint carried what run 1 measured up to it (the black layer),
    // run 2 measured the rest, so the plot's time is the plan's, not only run 2's.
    const measured = stored?.measured;
    expect(measured?.elapsedS).toBeGreaterThan(0);
    expect(measured?.layerDurationsS[0]).toBeGreaterThan(0);
    expect(s?.durationS).toBeGreaterThan((measured?.elapsedS ?? 0) + 1);
    expect(s?.durationS).toBeGreaterThan(plan.durationS * 0.95);
    expect(s?.durationS).toBeLessThan(plan.durationS * 1.3);
    // Run 2 adds to the black layer only the moments before its first move (setting up).
    expect(s?.layers[0]?.durationS).toBeGreaterThanOrEqual(measured?.layerDurationsS[0] ?? 99);
    expect(s?.layers[0]?.durationS).toBeLessThan((measured?.layerDurationsS[0] ?? 0) + 0.5);
    const layersS = (s?.layers ?? []).reduce((n, l) => n + (l.durationS ?? 0), 0);
    expect(layersS).toBeCloseTo(s?.durationS ?? -1, 1);
  }, 30_000);

  it('refuses a checkpoint of another plan and leaves the job record alone', async () => {
    const jobId = newId();
    const c = new PlotController(testHost);
    await c.connectVirtual(DEFAULT_PLOTTER_SETTINGS, '3.0.3', 50);
    const { port, moves } = recordPort();
    let confirmations = 0;
    await c.resumeInterrupted({
      jobId,
      planHash,
      plan,
      record: port,
      details: {},
      stats: statsFor(jobId, newId),
      checkpoint: {
        jobId,
        planHash: 'e'.repeat(64),
        layerIndex: 0,
        pathIndex: 1,
        penDownDistanceMm: 100,
        xMm: 80,
        yMm: 60,
        motor1Steps: 0,
        motor2Steps: 0,
      },
      jobState: 'PAUSED',
      confirmHome: async () => void confirmations++,
    });
    expect(c.state.phase).toBe('ready');
    expect(c.state.message).toMatch(/^The plot cannot be resumed: /);
    expect(moves).toEqual([]);
    expect(confirmations).toBe(0);
    await c.disconnect();
  });
});
