import type { SerialPortLike } from '@fabdesk/shared/ebb/serial-port-like.ts';
import type { PlotterWorkerLink } from './plotter-channel.ts';

/** The Web Serial calls the console makes (a subset of `navigator.serial`). */
export interface SerialAccess {
  requestPort(options: {
    filters: { usbVendorId: number; usbProductId: number }[];
  }): Promise<SerialPortLike>;
  getPorts(): Promise<SerialPortLike[]>;
}

/**
 * What the plot console takes from the browser, built in main.tsx (the one place that
 * touches browser globals): the serial ports, a monotonic clock and timers for the driver
 * and the virtual plotter, a way to let pending promise work run, the screen wake lock and
 * the leave-page warning.
 */
export interface PlotHost {
  /** Undefined where the browser has no Web Serial (Firefox, Safari, insecure origins). */
  serial: SerialAccess | undefined;
  nowMs(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Resolves after the tasks queued so far (replies read, driver reactions) have run. */
  yieldToTasks(): Promise<void>;
  /** Keep the screen on; the returned function lets it sleep again. Null if the browser cannot. */
  keepAwake(): Promise<(() => void) | null>;
  /** Ask before the page is left or reloaded; the returned function stops asking. */
  warnBeforeLeaving(): () => void;
  /**
   * Where the plotter's driver runs. Unset in the app: a dedicated worker per connection
   * (`startPlotterWorker`). Node tests, which have no workers, run the worker's host in
   * their own thread on `clock` (`startInThreadPlotter`).
   */
  startPlotterWorker?(
    clock: Pick<PlotHost, 'nowMs' | 'setTimeout' | 'clearTimeout' | 'yieldToTasks'>,
  ): Promise<PlotterWorkerLink>;
}
