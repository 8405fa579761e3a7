import type { EbbTimer } from '@fabdesk/shared/ebb/driver/ebb-timer.ts';
import type { PlotHost } from './plot-host.ts';

type PageTimers = Pick<PlotHost, 'nowMs' | 'setTimeout' | 'clearTimeout'>;

/**
 * The plotter worker's driver clock as the page sees it (an `EbbTimer` for the console and
 * its recorder). The worker's clock is never compared with the page's: each reading that
 * arrives says what the driver's clock showed. While the callbacks of an event run, `now` is
 * exactly that event's time, so the record of a plot holds the board's own times however
 * late the page got the message. Between readings:
 * - a driver clock that runs at real time (`rate` 1: a USB board, timed by the worker's
 *   performance.now) runs on by the page's own elapsed time;
 * - the virtual board's clock (`rate` = its speed-up) stands still: it does not run at a
 *   steady rate (it waits while the driver talks to it, and falls behind when the worker is
 *   busy), so the last reading is the best there is; the worker sends one every 50 ms.
 * `now` never goes back: the plot recorder adds up intervals between its readings.
 */
export class RemoteClock implements EbbTimer {
  private readonly page: PageTimers;
  private readonly rate: number;
  private driverMs: number;
  private pageMs: number;
  private pinned: number | null = null;
  private last = Number.NEGATIVE_INFINITY;

  constructor(page: PageTimers, rate: number, driverMs: number) {
    this.page = page;
    this.rate = rate;
    this.driverMs = driverMs;
    this.pageMs = page.nowMs();
  }

  /** A reading of the driver's clock just arrived. */
  update(driverMs: number): void {
    this.driverMs = driverMs;
    this.pageMs = this.page.nowMs();
  }

  /** Run `callback` with `now` fixed at `driverMs` (an event's own time). */
  at(driverMs: number, callback: () => void): void {
    this.update(driverMs);
    this.pinned = driverMs;
    try {
      callback();
    } finally {
      this.pinned = null;
    }
  }

  now(): number {
    const since = this.rate === 1 ? Math.max(0, this.page.nowMs() - this.pageMs) : 0;
    this.last = Math.max(this.last, this.pinned ?? this.driverMs + since);
    return this.last;
  }

  /** A page timer of `ms` on the driver's clock. */
  setTimeout(callback: () => void, ms: number): unknown {
    return this.page.setTimeout(callback, ms / this.rate);
  }

  clearTimeout(handle: unknown): void {
    this.page.clearTimeout(handle);
  }
}
