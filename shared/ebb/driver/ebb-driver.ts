import { BLOCK_STRIDE, BlockKind } from '../../plan/motion-block.ts';
import type { SerialPortLike } from '../serial-port-like.ts';
import { EbbError } from './ebb-error.ts';
import { EbbLink, type ReplyShape } from './ebb-link.ts';
import type { EbbTimer } from './ebb-timer.ts';
import { type FirmwareVersion, firmwareAtLeast, parseFirmwareVersion } from './firmware-version.ts';
import { type MotionLine, MotionWriter, type PenServo } from './motion-writer.ts';

export interface EbbDriverOptions {
  timer: EbbTimer;
  /** How long a reply may take beyond the motion queued ahead of it. */
  replyTimeoutMs?: number;
  pen?: Partial<PenServo>;
  /** Pen settle time used outside the plan (initial lift, abort), ms. */
  penLiftMs?: number;
  /** Minimum time between status polls while plotting, ms. */
  statusPollMs?: number;
}

/** Where a plot can be resumed from: written at each pen-up once the board has executed it. */
export interface PlotCheckpoint {
  layer: number;
  pathIndex: number;
  penDownDistanceMm: number;
  xMm: number;
  yMm: number;
}

export interface PlotCallbacks {
  onProgress?(progress: { blockIndex: number; xMm: number; yMm: number; penDown: boolean }): void;
  onCheckpoint?(checkpoint: PlotCheckpoint): void;
  onPause?(reason: 'user' | 'button' | 'plan'): void;
}

export type PauseMode = 'end-of-path' | 'now';

/** Oldest firmware the driver drives: SM with 24-bit arguments, QS and QM with the FIFO bit. */
const MIN_FIRMWARE = [2, 4, 4] as const;
const HOME_HZ = 2000;

/**
 * Streams a motion plan (`shared/plan/motion-block.ts`) to an EiBotBoard over a
 * `SerialPortLike`. Identifies the firmware with `V` and picks its features (LM ≥ 2.7.0,
 * else SM slices; QG ≥ 2.6.2; FIFO depth via QU,2/CU,4 and pen moves via S2 on 3.x).
 *
 * Flow control: the board acknowledges a motion command when it enters the FIFO and
 * withholds the OK while the FIFO is full, so at most depth + 1 commands are left
 * unacknowledged; status polls go out only while there is room, so they never wait behind a
 * held command. One plot at a time; pause/resume/abort may be called from callbacks or UI.
 */
export class EbbDriver {
  readonly firmware: FirmwareVersion;
  queueDepth = 1;
  /** The most commands ever unacknowledged at once (flow-control check). */
  maxUnacked = 0;
  private readonly link: EbbLink;
  private readonly timer: EbbTimer;
  private readonly pen: PenServo;
  private readonly penLiftMs: number;
  private readonly statusPollMs: number;
  private inFlight: Promise<void>[] = [];
  private busyUntilMs = 0;
  private pauseRequest: { mode: PauseMode; reason: 'user' | 'button' } | null = null;
  private aborted = false;
  private resumeWaiters: (() => void)[] = [];
  private lastPollMs = Number.NEGATIVE_INFINITY;

  private constructor(link: EbbLink, firmware: FirmwareVersion, options: EbbDriverOptions) {
    this.link = link;
    this.firmware = firmware;
    this.timer = options.timer;
    this.pen = {
      upPosition: 19800,
      downPosition: 13650,
      upRate: 300,
      downRate: 300,
      ...options.pen,
    };
    this.penLiftMs = options.penLiftMs ?? 200;
    this.statusPollMs = options.statusPollMs ?? 500;
  }

  /** Open the port and identify the board; rejects with an `EbbError`. */
  static async open(port: SerialPortLike, options: EbbDriverOptions): Promise<EbbDriver> {
    const link = new EbbLink(port, options.timer, options.replyTimeoutMs ?? 1000);
    await link.open();
    const line = await link.send('V', 'line');
    const firmware = parseFirmwareVersion(line);
    if (!firmware) {
      await link.close();
      throw new EbbError(
        'garbage',
        `expected 'EBBv13_and_above EB Firmware Version x.y.z' to 'V', got '${line}'`,
      );
    }
    if (!firmwareAtLeast(firmware, ...MIN_FIRMWARE)) {
      await link.close();
      throw new EbbError(
        'firmware-too-old',
        `expected EBB firmware ${MIN_FIRMWARE.join('.')} or newer, got '${line}'`,
      );
    }
    return new EbbDriver(link, firmware, options);
  }

  get hasLm(): boolean {
    return firmwareAtLeast(this.firmware, 2, 7, 0);
  }
  private get hasQg(): boolean {
    return firmwareAtLeast(this.firmware, 2, 6, 2);
  }
  private get v3(): boolean {
    return this.firmware.major >= 3;
  }

  /** Stop at the end of the current path, or as soon as what was sent has run. */
  pause(mode: PauseMode = 'end-of-path'): void {
    this.pauseRequest ??= { mode, reason: 'user' };
  }

  resume(): void {
    this.pauseRequest = null;
    for (const w of this.resumeWaiters.splice(0)) w();
  }

  /** Stop the plot: clear the board's queue, lift the pen and go home. */
  abort(): void {
    this.aborted = true;
    this.resume();
  }

  /**
   * New pen servo settings (the console's calibration); they take effect from the next pen
   * move, `movePen` or plot, so a connected board is recalibrated without reopening the port.
   */
  setPen(pen: Partial<PenServo>): void {
    Object.assign(this.pen, pen);
  }

  /**
   * Raise or lower the pen outside a plot with the current settings (the live calibration
   * test), and wait until the servo has moved.
   */
  async movePen(up: boolean): Promise<void> {
    await this.waitIdle();
    await this.link.send(`SC,4,${this.pen.upPosition}`);
    await this.link.send(`SC,5,${this.pen.downPosition}`);
    if (!this.v3) {
      await this.link.send(`SC,11,${this.pen.upRate}`);
      await this.link.send(`SC,12,${this.pen.downRate}`);
    }
    await this.sendMotion(this.penLine(up, this.penLiftMs));
    await this.waitIdle();
  }

  async close(): Promise<void> {
    await this.link.close();
  }

  /**
   * One query outside a plot (QS, QP, QE… after a reconnect, to learn what the board kept);
   * rejects with an `EbbError`. Not for motion commands: those go through `plot`/`goHome`.
   */
  query(command: string, shape: ReplyShape = 'line-ok'): Promise<string> {
    return this.link.send(command, shape);
  }

  /**
   * Pen up and back to where the step counters are zero (where the last plot started), then
   * wait until the board is idle: HM from 2.6.2, else an SM move from `QS`.
   */
  async goHome(): Promise<void> {
    await this.waitIdle();
    await this.sendMotion(this.penLine(true, this.penLiftMs));
    if (firmwareAtLeast(this.firmware, 2, 6, 2)) {
      await this.sendMotion({ text: `HM,${HOME_HZ}`, ticks: 0 });
    } else {
      const writer = new MotionWriter(false, false, this.pen);
      writer.steps = await this.querySteps();
      for (const line of writer.settleAt(0, 0)) await this.sendMotion(line);
    }
    await this.waitIdle();
  }

  /** The motors' step counters (`QS`). */
  async querySteps(): Promise<[number, number]> {
    const at = await this.link.send('QS', 'line-ok');
    const m = /^(-?\d+),(-?\d+)$/.exec(at);
    if (!m) throw new EbbError('garbage', `expected '<steps1>,<steps2>' to 'QS', got '${at}'`);
    return [Number(m[1]), Number(m[2])];
  }

  /**
   * Plot a motion plan; resolves `{ completed: false }` after an abort. Home is where the
   * carriage stands when the plot starts (`EM` zeroes the step counters).
   */
  async plot(plan: Float64Array, callbacks: PlotCallbacks = {}): Promise<{ completed: boolean }> {
    this.aborted = false;
    const writer = new MotionWriter(this.hasLm, this.v3, this.pen);
    try {
      await this.setUp();
      const completed = await this.stream(plan, writer, callbacks);
      if (!completed) {
        await this.abortMotion();
        return { completed: false };
      }
      await this.finish(writer);
      return { completed: true };
    } catch (e) {
      await this.liftAfterFailure();
      throw e;
    }
  }

  private async setUp(): Promise<void> {
    if (this.v3) {
      // The FIFO depth resets to 1 on every reboot, so it is set for every plot.
      const reply = await this.link.send('QU,2', 'line-ok');
      const m = /^QU,2,(\d+)$/.exec(reply);
      if (!m) throw new EbbError('garbage', `expected 'QU,2,<depth>' to 'QU,2', got '${reply}'`);
      this.queueDepth = Math.max(1, Number(m[1]));
      await this.link.send(`CU,4,${this.queueDepth}`);
    } else {
      this.queueDepth = 1;
    }
    await this.link.send('EM,1,1');
    await this.link.send(`SC,4,${this.pen.upPosition}`);
    await this.link.send(`SC,5,${this.pen.downPosition}`);
    if (!this.v3) {
      await this.link.send(`SC,11,${this.pen.upRate}`);
      await this.link.send(`SC,12,${this.pen.downRate}`);
    }
    const penUp = await this.link.send('QP', 'line-ok');
    if (penUp !== '1' && penUp !== '0')
      throw new EbbError('garbage', `expected 0 or 1 to 'QP', got '${penUp}'`);
    if (penUp === '0') await this.sendMotion(this.penLine(true, this.penLiftMs));
  }

  private async stream(
    plan: Float64Array,
    writer: MotionWriter,
    cb: PlotCallbacks,
  ): Promise<boolean> {
    let layer = 0;
    let pathIndex = 0;
    let penDown = false;
    let drawnMm = 0;
    const checkpoints: { afterCommand: number; checkpoint: PlotCheckpoint }[] = [];
    let sent = 0;
    const confirm = (acked: number) => {
      // A command acked at index k entered a FIFO of `depth`; everything sent depth + 1
      // commands before it has finished executing.
      while (checkpoints[0] && checkpoints[0].afterCommand <= acked - (this.queueDepth + 1)) {
        const done = checkpoints.shift() as { checkpoint: PlotCheckpoint };
        cb.onCheckpoint?.(done.checkpoint);
      }
    };
    // Once the board is idle (a pause), every pen-up sent so far has run: report them all
    // before waiting, so a plot left paused still has its latest checkpoint saved.
    const settled = () => {
      for (const c of checkpoints.splice(0)) cb.onCheckpoint?.(c.checkpoint);
    };
    const send = async (line: MotionLine, onAck?: () => void) => {
      const index = sent++;
      await this.sendMotion(line, () => {
        onAck?.();
        confirm(index);
      });
    };

    for (let i = 0; i * BLOCK_STRIDE < plan.length; i++) {
      const o = i * BLOCK_STRIDE;
      const kind = plan[o] as number;
      const [x0, y0, x1, y1, v0, v1, dur] = Array.from(plan.subarray(o + 1, o + BLOCK_STRIDE));
      if (this.aborted) return false;
      if (this.pauseRequest?.mode === 'now') {
        if (
          !(await this.pauseHere(
            writer,
            penDown,
            x0 ?? 0,
            y0 ?? 0,
            this.pauseRequest.reason,
            cb,
            settled,
          ))
        )
          return false;
      }
      const progress = (down: boolean) => () =>
        cb.onProgress?.({ blockIndex: i, xMm: x1 ?? 0, yMm: y1 ?? 0, penDown: down });
      switch (kind) {
        case BlockKind.layer:
          layer = v0 ?? 0;
          pathIndex = 0;
          break;
        case BlockKind.pause:
          if (!(await this.pauseHere(writer, false, x1 ?? 0, y1 ?? 0, 'plan', cb, settled)))
            return false;
          break;
        case BlockKind.penDown:
          penDown = true;
          for (const line of writer.penMove(false, x1 ?? 0, y1 ?? 0, dur ?? 0))
            await send(line, progress(true));
          break;
        case BlockKind.penUp: {
          penDown = false;
          for (const line of writer.penMove(true, x1 ?? 0, y1 ?? 0, dur ?? 0))
            await send(line, progress(false));
          pathIndex++;
          checkpoints.push({
            afterCommand: sent - 1,
            checkpoint: {
              layer,
              pathIndex,
              penDownDistanceMm: drawnMm,
              xMm: x1 ?? 0,
              yMm: y1 ?? 0,
            },
          });
          await this.pollButton();
          if (this.pauseRequest?.mode === 'end-of-path') {
            if (
              !(await this.pauseHere(
                writer,
                false,
                x1 ?? 0,
                y1 ?? 0,
                this.pauseRequest.reason,
                cb,
                settled,
              ))
            )
              return false;
          }
          break;
        }
        case BlockKind.moveDown:
        case BlockKind.moveUp: {
          if (kind === BlockKind.moveDown)
            drawnMm += Math.hypot((x1 ?? 0) - (x0 ?? 0), (y1 ?? 0) - (y0 ?? 0));
          const lines = writer.move(x0 ?? 0, y0 ?? 0, x1 ?? 0, y1 ?? 0, v0 ?? 0, v1 ?? 0, dur ?? 0);
          for (const line of lines) await send(line, progress(kind === BlockKind.moveDown));
          break;
        }
      }
    }
    // An acknowledged command may still wait in the board's queue: report the last pen-ups
    // only once the board is idle, or a power cut now would leave a checkpoint that claims
    // strokes the board never drew (and a resume would skip them).
    await this.waitIdle();
    settled();
    return !this.aborted;
  }

  /** Wait for room (≤ depth + 1 unacknowledged), then send a motion command. */
  private async sendMotion(line: MotionLine, onAck?: () => void): Promise<void> {
    while (this.link.unacked >= this.queueDepth + 1 && this.inFlight.length > 0) {
      await this.inFlight.shift();
    }
    const now = this.timer.now();
    const timeout = this.link.replyTimeoutMs + Math.max(0, this.busyUntilMs - now);
    this.busyUntilMs = Math.max(now, this.busyUntilMs) + line.ticks / 25;
    const tracked = this.link.send(line.text, 'ok', timeout).then(() => onAck?.());
    tracked.catch(() => {});
    this.inFlight.push(tracked);
    this.maxUnacked = Math.max(this.maxUnacked, this.link.unacked);
  }

  private async drainAcks(): Promise<void> {
    while (this.inFlight.length > 0) await this.inFlight.shift();
  }

  /** Poll the button latch (QG bit 5, or QB before 2.6.2) at most every `statusPollMs`. */
  private async pollButton(): Promise<void> {
    const now = this.timer.now();
    if (now - this.lastPollMs < this.statusPollMs) return;
    this.lastPollMs = now;
    // Wait until nothing is held: every sent command is then in the board's FIFO (up to
    // `depth` of them plus the running one), so the query is parsed at once instead of
    // queueing behind a motion command whose OK the board withholds.
    while (this.link.unacked > 0 && this.inFlight.length > 0) await this.inFlight.shift();
    const pressed = this.hasQg
      ? (this.parseStatus(await this.link.send('QG', 'line')) & 0x20) !== 0
      : (await this.link.send('QB', 'line-ok')) === '1';
    if (pressed) this.pauseRequest ??= { mode: 'end-of-path', reason: 'button' };
  }

  private parseStatus(line: string): number {
    if (!/^[0-9A-Fa-f]{2}$/.test(line))
      throw new EbbError('garbage', `expected a hex status byte to 'QG', got '${line}'`);
    return Number.parseInt(line, 16);
  }

  /** Wait until the board has run everything it was sent (polls QG, or QM before 2.6.2). */
  async waitIdle(): Promise<void> {
    await this.drainAcks();
    for (;;) {
      const busy = this.hasQg
        ? (this.parseStatus(await this.link.send('QG', 'line')) & 0x09) !== 0
        : !/^QM,0,/.test(await this.link.send('QM', 'line'));
      if (!busy) return;
      const left = this.busyUntilMs - this.timer.now();
      await this.sleep(Math.min(250, Math.max(5, left)));
    }
  }

  /** Drain, lift the pen if it is down, report, wait for resume; false if aborted. */
  private async pauseHere(
    writer: MotionWriter,
    penDown: boolean,
    x: number,
    y: number,
    reason: 'user' | 'button' | 'plan',
    cb: PlotCallbacks,
    settled: () => void,
  ): Promise<boolean> {
    if (penDown)
      for (const line of writer.penMove(true, x, y, this.penLiftMs / 1000))
        await this.sendMotion(line);
    await this.waitIdle();
    settled();
    // Listen for resume before telling the caller: a resume from inside onPause (a console
    // that needs no pen change, a script) must not be lost and leave the plot waiting.
    let resumed = false;
    let wake = () => {};
    const woken = new Promise<void>((resolve) => {
      wake = () => {
        resumed = true;
        resolve();
      };
    });
    this.resumeWaiters.push(wake);
    cb.onPause?.(reason);
    if (!resumed && (this.pauseRequest || reason === 'plan')) await woken;
    this.resumeWaiters = this.resumeWaiters.filter((w) => w !== wake);
    if (this.aborted) return false;
    if (penDown)
      for (const line of writer.penMove(false, x, y, this.penLiftMs / 1000))
        await this.sendMotion(line);
    return true;
  }

  private penLine(up: boolean, delayMs: number): MotionLine {
    const position = up ? this.pen.upPosition : this.pen.downPosition;
    const text = this.v3
      ? `S2,${position},4,${up ? this.pen.upRate : this.pen.downRate},${delayMs}`
      : `SP,${up ? 1 : 0},${delayMs}`;
    return { text, ticks: delayMs * 25 };
  }

  /** Pen up and back to home, then wait until the board is idle. */
  private async finish(writer: MotionWriter): Promise<void> {
    if (writer.steps[0] !== 0 || writer.steps[1] !== 0) {
      await this.sendMotion(this.penLine(true, this.penLiftMs));
      for (const line of writer.settleAt(0, 0)) await this.sendMotion(line);
    }
    await this.waitIdle();
  }

  private async abortMotion(): Promise<void> {
    await this.drainAcks().catch(() => {});
    await this.link.send('ES', 'line-ok');
    await this.goHome();
  }

  /** After an error: resynchronise if the board is still there, stop and lift the pen. */
  private async liftAfterFailure(): Promise<void> {
    this.inFlight = [];
    try {
      await this.link.recover();
      await this.link.send('ES', 'line-ok');
      await this.link.send(this.penLine(true, this.penLiftMs).text);
    } catch {
      // The board is gone or still failing: the original error is what the caller needs.
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.timer.setTimeout(resolve, ms));
  }
}
