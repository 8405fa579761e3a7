import type { DrawingLayer } from '@fabdesk/shared/geometry/drawing.ts';
import { plotStatsRecord } from '@fabdesk/shared/plot/plot-stats-record.ts';
import { startInThreadPlotter } from './in-thread-plotter.ts';
import type { PlotController, PlotOptions, PlotPhase } from './plot-controller.ts';
import type { PlotHost } from './plot-host.ts';
import type { PlotterWorkerHost } from './plotter-worker-host.ts';
import { realTimeClock } from './real-time-clock.ts';
import type { RealTimeEmulator } from './real-time-emulator.ts';

/** Test helpers shared by the plot controller's tests: a layer, a real-time host, a phase wait. */
export const layer = (name: string, color: string, paths: number[][], pauseBefore = false) =>
  ({
    key: name,
    name,
    order: 0,
    color,
    options: { pauseBefore, skip: false },
    paths: paths.map((p) => Float64Array.from(p)),
  }) satisfies DrawingLayer;

/** Real timers, no serial, no wake lock: what the virtual plotter needs in Node. */
export const testHost: PlotHost = {
  serial: undefined,
  ...realTimeClock(),
  keepAwake: async () => () => {},
  warnBeforeLeaving: () => () => {},
  // Node has no workers: the plotter worker's host runs in this thread, on the console's
  // clock (a test that puts the console on a board's clock puts the driver there too).
  startPlotterWorker: async (clock) => {
    const link = startInThreadPlotter(clock);
    plotterHosts.push(link.host);
    return link;
  },
};

const plotterHosts: PlotterWorkerHost[] = [];

/** The virtual plotter the latest connection opened (in the in-thread plotter host). */
export function latestVirtualBoard(): RealTimeEmulator {
  const board = plotterHosts.at(-1)?.virtualBoard;
  if (!board) throw new Error('expected a connected virtual plotter');
  return board;
}

/** Resolves when the controller reaches `phase` (at once if it is there already). */
export function until(controller: PlotController, phase: PlotPhase): Promise<void> {
  return new Promise((resolve) => {
    if (controller.state.phase === phase) return resolve();
    const stop = controller.subscribe((s) => {
      if (s.phase === phase) {
        stop();
        resolve();
      }
    });
  });
}

/** A `PlotOptions.stats` for tests: the plot record of job `jobId` (no job layers). */
export const statsFor =
  (jobId: string, newId: () => string): PlotOptions['stats'] =>
  (recorder, nowMs, eventType, id) =>
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
