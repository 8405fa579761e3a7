/** `end-of-path`: finish the stroke, lift the pen, stop. `now`: E-stop where the carriage is. */
export type PauseMode = 'end-of-path' | 'now';

/** Who asked for a pause: the user (UI, CLI), the board's button, or the plan (a pen swap). */
export type PauseReason = 'user' | 'button' | 'plan';

/**
 * A plot's control state, shared by the driver's public calls (pause, resume, abort: from
 * callbacks, the UI or a signal handler, at any time) and the stream that acts on them.
 * The stream looks at `request` and `aborted` between commands; a pause-now or an abort
 * also cuts short whatever the stream is waiting for (`interrupted`), so a full queue or a
 * paced send never delays the stop.
 */
export class PauseGate {
  request: { mode: PauseMode; reason: 'user' | 'button' } | null = null;
  aborted = false;
  private resumeWaiters: (() => void)[] = [];
  private wakers: (() => void)[] = [];

  /** A new plot: forget what the last one was asked. */
  reset(): void {
    this.request = null;
    this.aborted = false;
  }

  pause(mode: PauseMode, reason: 'user' | 'button' = 'user'): void {
    this.request ??= { mode, reason };
    if (this.stopNow) this.wake();
  }

  resume(): void {
    this.request = null;
    for (const w of this.resumeWaiters.splice(0)) w();
  }

  abort(): void {
    this.aborted = true;
    this.wake();
    this.resume();
  }

  /** Must the stream stop sending at once (pause now, or abort)? */
  get stopNow(): boolean {
    return this.aborted || this.request?.mode === 'now';
  }

  /** Resolves at the next pause-now or abort (at once if one is pending); `cancel` forgets it. */
  interrupted(): { promise: Promise<void>; cancel(): void } {
    let wake = () => {};
    const promise = new Promise<void>((resolve) => {
      wake = resolve;
    });
    if (this.stopNow) wake();
    else this.wakers.push(wake);
    return {
      promise,
      cancel: () => {
        this.wakers = this.wakers.filter((w) => w !== wake);
      },
    };
  }

  /**
   * Tell the caller about a pause (`report`), then wait for `resume()` if `mustWait` still
   * holds afterwards; false if the plot was aborted. The waiter is registered before the
   * report: a resume from inside the report (a console that needs no pen change, a script)
   * must not be lost and leave the plot waiting.
   */
  async hold(report: () => void, mustWait: () => boolean): Promise<boolean> {
    let resumed = false;
    let wake = () => {};
    const woken = new Promise<void>((resolve) => {
      wake = () => {
        resumed = true;
        resolve();
      };
    });
    this.resumeWaiters.push(wake);
    report();
    if (!resumed && mustWait()) await woken;
    this.resumeWaiters = this.resumeWaiters.filter((w) => w !== wake);
    return !this.aborted;
  }

  private wake(): void {
    for (const w of this.wakers.splice(0)) w();
  }
}
