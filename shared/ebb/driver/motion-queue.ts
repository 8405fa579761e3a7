import type { EbbLink } from './ebb-link.ts';
import type { EbbTimer } from './ebb-timer.ts';
import type { MotionLine } from './motion-writer.ts';
import type { PauseGate } from './pause-gate.ts';

/** A motion command sent to the board, with when the model expects it to run. */
export interface QueuedCommand<Tag> {
  /** Position in the order motion commands were sent (0 = the first of this queue). */
  index: number;
  startMs: number;
  endMs: number;
  tag: Tag;
}

interface InFlight {
  done: Promise<void>;
  /** Accepted (a failed command stays: the link's failure is what surfaces). */
  accepted: boolean;
}

/**
 * Flow control for motion commands (EBB ref, "FIFO"): the board acknowledges a motion
 * command when it enters the motion FIFO and, while the FIFO is full, withholds that OK and
 * parses nothing else. Two limits keep the stream fed without hiding commands from `ES`:
 *
 * - at most depth + 1 commands unacknowledged, as the flow control asks;
 * - a timing model (each command starts when the one before it ends, or when sent if the
 *   board is idle) paces the sends so that a new command is parsed no later than
 *   `backlogMs` after it is sent. Everything beyond the FIFO waits unparsed in front of
 *   any later command, so without this an `ES` for a pause-now would wait for up to
 *   depth + 1 moves to enter the FIFO first (about 1.5 s at depth 32).
 *
 * The model can only drift late against a board that runs faster than planned; every OK
 * bounds that (the command `index − depth` must have started when command `index` entered
 * the FIFO) and pulls the model back. A board slower than the model lets the backlog grow
 * by that drift. Commands not yet known to have finished are kept (`unfinished`) so an
 * E-stop can tell which one the carriage stopped in.
 */
export class MotionQueue<Tag> {
  depth = 1;
  /** The most commands ever unacknowledged at once (flow-control check). */
  maxUnacked = 0;
  private readonly link: EbbLink;
  private readonly timer: EbbTimer;
  private readonly backlogMs: number;
  private inFlight: InFlight[] = [];
  private busyUntilMs = 0;
  private nextIndex = 0;
  private recent: QueuedCommand<Tag>[] = [];
  private ackWaiters: (() => void)[] = [];

  constructor(link: EbbLink, timer: EbbTimer, backlogMs: number) {
    this.link = link;
    this.timer = timer;
    this.backlogMs = backlogMs;
  }

  /** When the model expects the board to have run everything sent. */
  get busyUntil(): number {
    return this.busyUntilMs;
  }

  /** Sent commands not yet known to have finished, oldest first (the first may have). */
  get unfinished(): readonly QueuedCommand<Tag>[] {
    return this.recent;
  }

  /**
   * Wait for room, then send `line`; resolves to its index once it is written, or null
   * without sending if `gate` asks to stop first. `onAck` runs when the board accepts it.
   * Rejects with the link's error if an earlier command failed.
   */
  async send(
    line: MotionLine,
    tag: Tag,
    onAck?: (index: number) => void,
    gate?: PauseGate,
  ): Promise<number | null> {
    for (;;) {
      if (this.link.failed) throw this.link.failed;
      if (gate?.stopNow) return null;
      const waitMs = this.roomInMs();
      if (waitMs <= 0) break;
      await this.waitFor(waitMs, gate);
    }
    const now = this.timer.now();
    const startMs = Math.max(now, this.busyUntilMs);
    const timeout = this.link.replyTimeoutMs + (startMs - now);
    this.busyUntilMs = startMs + line.ticks / 25;
    const index = this.nextIndex++;
    this.recent.push({ index, startMs, endMs: this.busyUntilMs, tag });
    const done = this.link.send(line.text, 'ok', timeout).then(
      () => {
        this.acked(index);
        onAck?.(index);
        this.wakeAckWaiters();
      },
      (e: unknown) => {
        this.wakeAckWaiters();
        throw e;
      },
    );
    const entry: InFlight = { done, accepted: false };
    done.then(
      () => {
        entry.accepted = true;
      },
      () => {},
    );
    this.inFlight.push(entry);
    this.maxUnacked = Math.max(this.maxUnacked, this.link.unacked);
    return index;
  }

  /** Wait until every command sent has been accepted; rejects with the first failure. */
  async drainAcks(): Promise<void> {
    while (this.inFlight.length > 0) await this.inFlight.shift()?.done;
  }

  /**
   * Like `drainAcks`, but a pause-now or abort cuts it short (false). With nothing held,
   * every sent command is in the board's FIFO, so a query is answered at once instead of
   * queueing behind a command whose OK the board withholds.
   */
  async settle(gate: PauseGate): Promise<boolean> {
    while (this.inFlight.length > 0) {
      if (gate.stopNow) return false;
      const stop = gate.interrupted();
      const oldest = this.inFlight[0] as InFlight;
      let settled = false;
      await Promise.race([oldest.done.then(() => (settled = true)), stop.promise]);
      stop.cancel();
      if (settled) this.inFlight.shift();
    }
    return true;
  }

  /** The board is idle (it said so, or an `ES` emptied it): nothing sent is still to run. */
  boardIdle(): void {
    this.busyUntilMs = Math.min(this.busyUntilMs, this.timer.now());
    this.recent = [];
  }

  /** After a link failure: what was in flight will never be answered. */
  reset(): void {
    this.inFlight = [];
    this.boardIdle();
    this.wakeAckWaiters();
  }

  /** How long until the next command may go out (0: now; Infinity: at the next OK). */
  private roomInMs(): number {
    this.inFlight = this.inFlight.filter((f) => !f.accepted);
    if (this.link.unacked >= this.depth + 1 && this.inFlight.length > 0)
      return Number.POSITIVE_INFINITY;
    // The new command enters the FIFO once command `next − depth` has started.
    const gatekeeper = this.recent.find((c) => c.index === this.nextIndex - this.depth);
    if (!gatekeeper) return 0;
    return gatekeeper.startMs - this.backlogMs - this.timer.now();
  }

  /** Sleep up to `ms` (forever if infinite), waking early on an OK or an interruption. */
  private async waitFor(ms: number, gate: PauseGate | undefined): Promise<void> {
    const stop = gate?.interrupted();
    let handle: unknown = null;
    const wakes: Promise<void>[] = [new Promise<void>((resolve) => this.ackWaiters.push(resolve))];
    if (stop) wakes.push(stop.promise);
    if (Number.isFinite(ms))
      wakes.push(
        new Promise<void>((resolve) => {
          handle = this.timer.setTimeout(resolve, ms);
        }),
      );
    await Promise.race(wakes);
    stop?.cancel();
    if (handle !== null) this.timer.clearTimeout(handle);
  }

  private wakeAckWaiters(): void {
    for (const w of this.ackWaiters.splice(0)) w();
  }

  /**
   * Command `index` entered the FIFO now: so command `index − depth` has started (no room
   * otherwise) and every earlier one has finished. A model that still has it waiting is
   * late by at least the difference.
   */
  private acked(index: number): void {
    const now = this.timer.now();
    const gatekeeper = this.recent.find((c) => c.index === index - this.depth);
    const lateMs = gatekeeper ? gatekeeper.startMs - now : 0;
    if (lateMs > 0) {
      for (const c of this.recent) {
        c.startMs -= lateMs;
        c.endMs -= lateMs;
      }
      this.busyUntilMs -= lateMs;
    }
    this.recent = this.recent.filter((c) => c.index >= index - this.depth);
  }
}
