import { EbbError } from './ebb-error.ts';
import type { EbbLink } from './ebb-link.ts';
import type { EbbTimer } from './ebb-timer.ts';
import type { MotionQueue } from './motion-queue.ts';
import type { PauseGate } from './pause-gate.ts';

/**
 * The board's status as the driver polls it, by firmware: `QG` (from 2.6.2: button latch
 * 0x20, command executing 0x08, FIFO not empty 0x01) or, before it, `QB` for the button
 * and `QM` for motion. Polls go out only while no command is held (a held command's OK is
 * withheld and nothing behind it is parsed), and the button at most every `pollMs`.
 */
export class BoardStatus {
  private readonly link: EbbLink;
  private readonly timer: EbbTimer;
  private readonly queue: MotionQueue<unknown>;
  private readonly gate: PauseGate;
  private readonly hasQg: boolean;
  private readonly pollMs: number;
  private lastPollMs = Number.NEGATIVE_INFINITY;

  constructor(
    link: EbbLink,
    timer: EbbTimer,
    queue: MotionQueue<unknown>,
    gate: PauseGate,
    options: { hasQg: boolean; pollMs: number },
  ) {
    this.link = link;
    this.timer = timer;
    this.queue = queue;
    this.gate = gate;
    this.hasQg = options.hasQg;
    this.pollMs = options.pollMs;
  }

  /** Poll the button latch (rate-limited); a press asks for a pause at the end of the path. */
  async pollButton(): Promise<void> {
    const now = this.timer.now();
    if (now - this.lastPollMs < this.pollMs) return;
    this.lastPollMs = now;
    if (!(await this.queue.settle(this.gate))) return;
    const pressed = this.hasQg
      ? (statusByte(await this.link.send('QG', 'line')) & 0x20) !== 0
      : (await this.link.send('QB', 'line-ok')) === '1';
    if (pressed) this.gate.pause('end-of-path', 'button');
  }

  /**
   * Wait until the board has run everything it was sent; `interruptible`: a pause-now or
   * abort ends the wait early (false). Sleeps as long as the timing model says the board
   * is busy, at most 250 ms between polls.
   */
  async waitIdle(interruptible = false): Promise<boolean> {
    await this.queue.drainAcks();
    for (;;) {
      const busy = this.hasQg
        ? (statusByte(await this.link.send('QG', 'line')) & 0x09) !== 0
        : !/^QM,0,/.test(await this.link.send('QM', 'line'));
      if (!busy) {
        this.queue.boardIdle();
        return true;
      }
      if (interruptible && this.gate.stopNow) return false;
      const left = this.queue.busyUntil - this.timer.now();
      await this.sleep(Math.min(250, Math.max(5, left)), interruptible);
      if (interruptible && this.gate.stopNow) return false;
    }
  }

  private async sleep(ms: number, interruptible: boolean): Promise<void> {
    const stop = interruptible ? this.gate.interrupted() : null;
    let handle: unknown = null;
    await Promise.race([
      new Promise<void>((resolve) => {
        handle = this.timer.setTimeout(resolve, ms);
      }),
      ...(stop ? [stop.promise] : []),
    ]);
    stop?.cancel();
    this.timer.clearTimeout(handle);
  }
}

function statusByte(line: string): number {
  if (!/^[0-9A-Fa-f]{2}$/.test(line))
    throw new EbbError('garbage', `expected a hex status byte to 'QG', got '${line}'`);
  return Number.parseInt(line, 16);
}
