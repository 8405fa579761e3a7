import type { PlotterWorkerLink } from './plotter-channel.ts';

/**
 * A new plotter worker (one per plotter connection; `RemoteEbbDriver.close` stops it).
 * Created here rather than in main.tsx, whose bundle is the initial one: this module loads
 * with the console, and Vite bundles the worker as a chunk of its own. The worker keeps time
 * with its own performance.now and timers. (Node tests have no `Worker`: they plug in
 * `startInThreadPlotter` through `PlotHost.startPlotterWorker`.)
 */
export async function startPlotterWorker(): Promise<PlotterWorkerLink> {
  const worker = new Worker(new URL('../workers/plotter-worker.ts', import.meta.url), {
    type: 'module',
    name: 'plotter',
  });
  return {
    endpoint: worker,
    terminate: () => worker.terminate(),
    onFailure(listener) {
      worker.onerror = (event) => {
        event.preventDefault();
        listener(new Error(`The plotter worker failed: ${event.message || 'it could not start'}`));
      };
    },
  };
}
