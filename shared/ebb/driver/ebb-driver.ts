import type { SerialPortLike } from '../serial-port-like.ts';
import { EbbError } from './ebb-error.ts';
import { EbbLink, type ReplyShape } from './ebb-link.ts';
import type { EbbTimer } from './ebb-timer.ts';
import { type FirmwareVersion, firmwareAtLeast, parseFirmwareVersion } from './firmware-version.ts';
import { BoardStatus } from './board-status.ts';
import { MotionQueue } from './motion-queue.ts';
import { type MotionLine, MotionWriter, type PenServo } from './motion-writer.ts';
import { PauseGate, type PauseMode } from './pause-gate.ts';
import type { PlotCallbacks, PlotOutcome } from './plot-callbacks.ts';
import type { PlotDriver } from './plot-driver.ts';
import { printableReply } from './printable-reply.ts';
import { stopBoard } from './stop-board.ts';
import { type CommandTag, streamPlan } from './stream-plan.ts';

export interface EbbDriverOptions {
  timer: EbbTimer;
  /** How long a reply may take beyond the motion queued ahead of it. */
  replyTimeoutMs?: number;
  pen?: Partial<PenServo>;
  /** Pen settle time used outside the plan (initial lift, pause-now, abort), ms. */
  penLiftMs?: number;
  /** Minimum time between status polls while plotting, ms. */
  statusPollMs?: number;
  /**
   * How long a motion command may wait unparsed behind a full FIFO (`MotionQueue`), ms:
   * the most a pause-now's `ES` can be delayed by the stream's own commands.
   */
  backlogMs?: number;
}

/** Oldest firmware the driver drives: SM with 24-bit arguments, QS and QM with the FIFO bit. */
const MIN_FIRMWARE = [2, 4, 4] as const;
const HOME_HZ = 2000;

/**
 * Streams a motion plan (`shared/plan/motion-block.ts`) to an EiBotBoard over a
 * `SerialPortLike`. Identifies the firmware with `V` and picks its features (LM ≥ 2.7.0,
 * else SM slices; QG ≥ 2.6.2; FIFO depth via QU,2/CU,4 and pen moves via S2 on 3.x).
 *
 * Flow control (`MotionQueue`): at most depth + 1 commands unacknowledged, paced so that
 * hardly anything waits unparsed behind a full FIFO; status polls go out only while
 * nothing is held, so they never wait behind a held command. A pause at the end of a path
 * lets the board run dry at the next pen-up; a pause now stops it at once with `ES` and
 * ends the plot with where it stopped, which a later `plot(…, { continueFromSteps })`
 * continues from. One plot at a time; pause/resume/abort may be called from callbacks or UI.
 */
export class EbbDriver implements PlotDriver {
  readonly firmware: FirmwareVersion;
  private readonly link: EbbLink;
  private readonly timer: EbbTimer;
  private readonly pen: PenServo;
  private readonly penLiftMs: number;
  private readonly queue: MotionQueue<CommandTag>;
  private readonly gate = new PauseGate();
  private readonly status: BoardStatus;

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
    this.queue = new MotionQueue(link, options.timer, options.backlogMs ?? 10);
    this.status = new BoardStatus(link, options.timer, this.queue, this.gate, {
      hasQg: firmwareAtLeast(firmware, 2, 6, 2),
      pollMs: options.statusPollMs ?? 500,
    });
  }

  /** Open the port and identify the board; rejects with an `EbbError`. */
  static async open(port: SerialPortLike, options: EbbDriverOptions): Promise<EbbDriver> {
    const link = new EbbLink(port, options.timer, options.replyTimeoutMs ?? 1000);
    await link.open();
    let line: string;
    try {
      line = await link.send('V', 'line');
    } catch (e) {
      // Close the port: Web Serial refuses to open a port that is still open, so the next
      // Connect (once the board answers) would fail with InvalidStateError.
      await link.close();
      throw e;
    }
    const firmware = parseFirmwareVersion(line);
    if (!firmware) {
      await link.close();
      throw new EbbError(
        'garbage',
        `expected 'EBBv13_and_above EB Firmware Version x.y.z' to 'V', got '${printableReply(line)}'`,
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
  private get v3(): boolean {
    return this.firmware.major >= 3;
  }
  /** The motion FIFO's depth for this plot (1 before 3.x). */
  get queueDepth(): number {
    return this.queue.depth;
  }
  /** The most commands ever unacknowledged at once (flow-control check). */
  get maxUnacked(): number {
    return this.queue.maxUnacked;
  }

  /**
   * Stop at the end of the current path, or now: `ES` stops the carriage where it is, the
   * pen is lifted there and `plot` resolves with the stop (`PlotOutcome.stop`).
   */
  pause(mode: PauseMode = 'end-of-path'): void {
    this.gate.pause(mode);
  }

  resume(): void {
    this.gate.resume();
  }

  /** Stop the plot: clear the board's queue, lift the pen and go home. */
  abort(): void {
    this.gate.abort();
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
    await this.sendServoSettings();
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
   * Pen up and back to where the step counters are zero (where the plot started), then
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
   * Plot a motion plan. Home is where the carriage stands when the plot starts (`EM`
   * zeroes the step counters), unless `continueFromSteps` says this plot continues one a
   * pause-now stopped: then the counters are kept (the carriage stands at those steps and
   * the final return home is to the first plot's start). Resolves `{ completed: false }`
   * after an abort, or with `stop` after a pause-now.
   */
  async plot(
    plan: Float64Array,
    callbacks: PlotCallbacks = {},
    options: { continueFromSteps?: [number, number] } = {},
  ): Promise<PlotOutcome> {
    this.gate.reset();
    const writer = new MotionWriter(this.hasLm, this.v3, this.pen);
    const from = options.continueFromSteps;
    if (from) writer.steps = [from[0], from[1]];
    try {
      await this.setUp(from === undefined);
      const end = await streamPlan(
        {
          queue: this.queue,
          gate: this.gate,
          writer,
          pollButton: () => this.status.pollButton(),
          waitIdle: (interruptible) => this.status.waitIdle(interruptible),
          stop: () =>
            stopBoard(
              this.link,
              this.timer,
              this.penLine(true, this.penLiftMs),
              this.queue.busyUntil - this.timer.now(),
            ),
        },
        plan,
        callbacks,
      );
      if (end === 'aborted') {
        await this.abortMotion();
        return { completed: false, stop: null };
      }
      if (end !== 'completed') return { completed: false, stop: end };
      await this.finish(writer);
      return { completed: true, stop: null };
    } catch (e) {
      await this.liftAfterFailure();
      throw e;
    }
  }

  private async setUp(zeroCounters: boolean): Promise<void> {
    if (this.v3) {
      // The FIFO depth resets to 1 on every reboot, so it is set for every plot.
      const reply = await this.link.send('QU,2', 'line-ok');
      const m = /^QU,2,(\d+)$/.exec(reply);
      if (!m) throw new EbbError('garbage', `expected 'QU,2,<depth>' to 'QU,2', got '${reply}'`);
      this.queue.depth = Math.max(1, Number(m[1]));
      await this.link.send(`CU,4,${this.queue.depth}`);
    } else {
      this.queue.depth = 1;
    }
    // EM zeroes the step counters (EBB ref, EM, from 2.6.2): home is here. A continued
    // plot keeps them; its motors are still on from the plot it continues.
    if (zeroCounters) await this.link.send('EM,1,1');
    await this.sendServoSettings();
    const penUp = await this.link.send('QP', 'line-ok');
    if (penUp !== '1' && penUp !== '0')
      throw new EbbError('garbage', `expected 0 or 1 to 'QP', got '${penUp}'`);
    if (penUp === '0') await this.sendMotion(this.penLine(true, this.penLiftMs));
  }

  private async sendServoSettings(): Promise<void> {
    await this.link.send(`SC,4,${this.pen.upPosition}`);
    await this.link.send(`SC,5,${this.pen.downPosition}`);
    if (!this.v3) {
      await this.link.send(`SC,11,${this.pen.upRate}`);
      await this.link.send(`SC,12,${this.pen.downRate}`);
    }
  }

  /** A motion command outside a plot's stream (pen moves, homing): flow control only. */
  private async sendMotion(line: MotionLine): Promise<void> {
    await this.queue.send(line, { block: -1, from: [0, 0], to: [0, 0], penDown: false });
  }

  /** Wait until the board has run everything it was sent (`BoardStatus.waitIdle`). */
  waitIdle(interruptible = false): Promise<boolean> {
    return this.status.waitIdle(interruptible);
  }

  private penLine(up: boolean, delayMs: number): MotionLine {
    const position = up ? this.pen.upPosition : this.pen.downPosition;
    const text = this.v3
      ? `S2,${position},4,${up ? this.pen.upRate : this.pen.downRate},${delayMs}`
      : `SP,${up ? 1 : 0},${delayMs}`;
    return { text, ticks: delayMs * 25, delta: [0, 0], penUp: up };
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
    await this.queue.drainAcks().catch(() => {});
    await this.link.send('ES', 'line-ok');
    this.queue.boardIdle();
    await this.goHome();
  }

  /** After an error: resynchronise if the board is still there, stop and lift the pen. */
  private async liftAfterFailure(): Promise<void> {
    this.queue.reset();
    try {
      await this.link.recover();
      await this.link.send('ES', 'line-ok');
      this.queue.boardIdle();
      await this.link.send(this.penLine(true, this.penLiftMs).text);
    } catch {
      // The board is gone or still failing: the original error is what the caller needs.
    }
  }
}
