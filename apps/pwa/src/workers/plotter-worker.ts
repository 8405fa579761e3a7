/// <reference lib="webworker" />
import type { PlotHost } from '../plot/plot-host.ts';
import { PlotterWorkerHost } from '../plot/plotter-worker-host.ts';
import type { PlotterEndpoint } from '../plot/plotter-worker-protocol.ts';
import { realTimeClock } from '../plot/real-time-clock.ts';

// The plotter worker: one plotter connection's driver (and the virtual plotter), off the
// page's thread (plot/plotter-worker-host.ts). Chromium exposes Web Serial to dedicated
// workers (WorkerNavigator.serial), so a granted USB port is opened here directly.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const serial = (scope.navigator as WorkerNavigator & { serial?: PlotHost['serial'] }).serial;

const host = new PlotterWorkerHost(scope as unknown as PlotterEndpoint, {
  scope: scope.constructor.name,
  serial,
  clock: realTimeClock(),
});

// For developer tools and the e2e suite: what this worker's driver is doing right now.
(scope as unknown as { plotterDiagnostics: () => unknown }).plotterDiagnostics = () =>
  host.diagnostics();
