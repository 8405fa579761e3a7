import type { PlotHost } from './plot-host.ts';

/** Real time and timers, and a way to let queued tasks run: what a driver and the virtual plotter need. */
export type RealTimeClock = Pick<
  PlotHost,
  'nowMs' | 'setTimeout' | 'clearTimeout' | 'yieldToTasks'
>;

/**
 * The clock of the context this runs in (the plotter worker, or a page without workers):
 * `performance.now`, `setTimeout`, and a message round trip to yield (after the queued
 * tasks, without setTimeout's 4 ms clamp).
 */
export function realTimeClock(): RealTimeClock {
  return {
    nowMs: () => performance.now(),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    yieldToTasks: () =>
      new Promise<void>((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          channel.port1.close();
          resolve();
        };
        channel.port2.postMessage(null);
      }),
  };
}
