import type { DrawingLayer } from '@fabdesk/shared/geometry/drawing.ts';
import type { PlotController, PlotPhase } from './plot-controller.ts';
import type { PlotHost } from './plot-host.ts';

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
  nowMs: () => performance.now(),
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  // A message round trip: one task later, not clamped like setTimeout(0).
  yieldToTasks: () =>
    new Promise<void>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    }),
  keepAwake: async () => () => {},
  warnBeforeLeaving: () => () => {},
};

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
