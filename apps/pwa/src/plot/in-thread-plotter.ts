import type { PlotterWorkerLink } from './plotter-channel.ts';
import { PlotterWorkerHost, type PlotterWorkerEnv } from './plotter-worker-host.ts';
import type { RealTimeClock } from './real-time-clock.ts';

/**
 * The plotter worker's host in this thread, behind a real `MessageChannel`: what tests in
 * Node (no `Worker` there) plug in as `PlotHost.startPlotterWorker`, so every call still
 * crosses the same protocol. `host` is there for tests to look at the virtual board.
 */
export function startInThreadPlotter(
  clock: RealTimeClock,
  env: Partial<Omit<PlotterWorkerEnv, 'clock'>> = {},
): PlotterWorkerLink & { host: PlotterWorkerHost } {
  const { port1, port2 } = new MessageChannel();
  const host = new PlotterWorkerHost(port2, {
    scope: 'in-thread',
    serial: undefined,
    clock,
    ...env,
  });
  return {
    host,
    endpoint: port1,
    terminate() {
      void host.shutDown().finally(() => port2.close());
      port1.close();
    },
    onFailure: () => undefined,
  };
}
