import { AxiKinematics } from '../axidraw-kinematics.ts';
import type { DrawnSegment } from './drawn-segment.ts';
import type { MotionCommand } from './motion-command.ts';

const TWO_31 = 2 ** 31;
const TICKS_PER_S = 25_000;

interface LmAxis {
  rate: number;
  accel: number;
  left: number;
  dir: number;
}

interface Running {
  cmd: MotionCommand;
  startTick: number;
  start: [number, number];
  penDown: boolean;
  /** LM: per-axis state. */
  axes: LmAxis[] | null;
  /** SM/HM/pen: total ticks, ticks done, steps of the whole move. */
  ticks: number;
  elapsed: number;
  steps: [number, number];
}

/**
 * The EBB's motion side: the FIFO, the executing command and the 25 kHz step ISR, on a
 * virtual tick clock. A finished command hands over to the next one on the same tick, so
 * a back-to-back stream takes exactly the sum of its commands' ticks.
 *
 * Underrun (the emulator's definition): the engine went idle after a command that ended
 * with the pen down or with a motor still running (an SM/XM/HM with steps, or an LM whose
 * last rate was at least one step/s), and the next motion command arrived one or more ticks
 * later. Those are the gaps a user sees as blobs or jerks; idling with the pen up after a
 * stop is not an underrun.
 */
export class MotionEngine {
  readonly fifo: MotionCommand[] = [];
  fifoDepth = 1;
  nowTick = 0;
  position: [number, number] = [0, 0];
  accumulator: [number, number] = [0, 0];
  penUp = true;
  motorEnable: [number, number] = [0, 0];
  microstepMode = 1;
  underruns = 0;
  /** Shared with the engine that replaces this one after a power loss (the paper keeps it). */
  readonly drawn: DrawnSegment[];
  /** LM axes that could never finish (no rate and no positive acceleration). */
  stalls = 0;
  private running: Running | null = null;
  private idleSinceTick: number | null = null;
  private endedMoving = false;

  constructor(drawn: DrawnSegment[] = []) {
    this.drawn = drawn;
  }

  get busy(): boolean {
    return this.running !== null || this.fifo.length > 0;
  }

  /** QG/QM motor bits: does this motor still have steps to take in the running command? */
  motorMoving(axis: 0 | 1): boolean {
    const r = this.running;
    if (!r) return false;
    if (r.axes) return (r.axes[axis]?.left ?? 0) > 0;
    return r.ticks > r.elapsed && r.steps[axis] !== 0;
  }

  /** When the engine last ran out of work, in ticks (null while busy). */
  get idleSince(): number | null {
    return this.idleSinceTick;
  }

  get executing(): boolean {
    return this.running !== null;
  }

  hasRoom(): boolean {
    return this.fifo.length < this.fifoDepth;
  }

  /** Put a command in the FIFO (the caller checked `hasRoom`); idle engines start it now. */
  enqueue(cmd: MotionCommand): void {
    if (this.idleSinceTick !== null && this.nowTick > this.idleSinceTick && this.endedMoving) {
      this.underruns++;
    }
    this.idleSinceTick = null;
    this.fifo.push(cmd);
    this.pump();
  }

  /** Drop everything queued and running (ES, power loss). Returns whether anything was. */
  clear(): boolean {
    const had = this.busy;
    this.fifo.length = 0;
    // What the interrupted command drew up to here is on the paper: record it.
    if (this.running) this.recordDrawn(this.running);
    this.running = null;
    this.markIdle(false);
    return had;
  }

  /** Run the ISR for `ticks`, stopping early once `stopWhen` holds; returns ticks run. */
  advance(ticks: number, stopWhen: () => boolean = () => false): number {
    let left = ticks;
    while (left > 0) {
      this.pump();
      const r = this.running;
      if (!r) {
        this.nowTick += left;
        return ticks;
      }
      left -= this.run(r, left);
      if (stopWhen()) break;
    }
    return ticks - left;
  }

  private pump(): void {
    while (!this.running) {
      const next = this.fifo.shift();
      if (!next) return;
      this.start(next);
      this.onRoom?.();
    }
  }

  /** Called whenever a command leaves the FIFO (room appears): the parser may unblock. */
  onRoom: (() => void) | null = null;

  private start(cmd: MotionCommand): void {
    const r: Running = {
      cmd,
      startTick: this.nowTick,
      start: [this.position[0], this.position[1]],
      penDown: !this.penUp,
      axes: null,
      ticks: 0,
      elapsed: 0,
      steps: [0, 0],
    };
    switch (cmd.kind) {
      case 'em':
        this.applyEnable(cmd.enable1, cmd.enable2);
        this.finish(r, false);
        return;
      case 'pen':
        this.penUp = cmd.up;
        r.penDown = !cmd.up;
        r.ticks = cmd.delayTicks;
        break;
      case 'sm':
        this.autoEnable();
        r.ticks = cmd.ticks;
        r.steps = [cmd.steps[0], cmd.steps[1]];
        break;
      case 'hm': {
        this.autoEnable();
        const d: [number, number] = [
          cmd.target[0] - this.position[0],
          cmd.target[1] - this.position[1],
        ];
        const most = Math.max(Math.abs(d[0]), Math.abs(d[1]));
        r.ticks = most === 0 ? 0 : Math.ceil((most / cmd.stepsPerS) * TICKS_PER_S);
        r.steps = d;
        break;
      }
      case 'lm': {
        this.autoEnable();
        if (cmd.clear & 1) this.accumulator[0] = 0;
        if (cmd.clear & 2) this.accumulator[1] = 0;
        // EBB ref, LM "Methods and consequences": the initial Rate is reduced by Accel/2.
        r.axes = [0, 1].map((i) => ({
          rate: (cmd.rate[i] ?? 0) - Math.trunc((cmd.accel[i] ?? 0) / 2),
          accel: cmd.accel[i] ?? 0,
          left: Math.abs(cmd.steps[i] ?? 0),
          dir: Math.sign(cmd.steps[i] ?? 0),
        }));
        break;
      }
    }
    this.running = r;
    if (r.axes === null && r.ticks === 0) this.finish(r, r.steps[0] !== 0 || r.steps[1] !== 0);
  }

  /** Run up to `budget` ticks of the running command; returns ticks used. */
  private run(r: Running, budget: number): number {
    if (r.axes) return this.runLm(r, budget);
    const take = Math.min(budget, r.ticks - r.elapsed);
    r.elapsed += take;
    this.nowTick += take;
    // SM/XM/HM: steps evenly spread, step k of n on tick ceil(k·T/n).
    for (const i of [0, 1] as const) {
      const n = r.steps[i];
      const done = Math.floor((r.elapsed * Math.abs(n)) / r.ticks);
      this.position[i] = r.start[i] + Math.sign(n) * done;
    }
    if (r.elapsed >= r.ticks) this.finish(r, r.steps[0] !== 0 || r.steps[1] !== 0);
    return take;
  }

  private runLm(r: Running, budget: number): number {
    const axes = r.axes as LmAxis[];
    const a0 = axes[0] as LmAxis;
    const a1 = axes[1] as LmAxis;
    if (this.stalled(a0) || this.stalled(a1)) {
      this.stalls++;
      a0.left = this.stalled(a0) ? 0 : a0.left;
      a1.left = this.stalled(a1) ? 0 : a1.left;
    }
    let used = 0;
    while (used < budget && (a0.left > 0 || a1.left > 0)) {
      used++;
      this.nowTick++;
      if (a0.left > 0) this.lmTick(a0, 0);
      if (a1.left > 0) this.lmTick(a1, 1);
    }
    if (a0.left === 0 && a1.left === 0) {
      const steps = r.cmd.kind === 'lm' ? r.cmd.steps : [0, 0];
      const endRate = Math.max(steps[0] !== 0 ? a0.rate : 0, steps[1] !== 0 ? a1.rate : 0);
      this.finish(r, (endRate * TICKS_PER_S) / TWO_31 >= 1);
    }
    return used;
  }

  private stalled(a: LmAxis): boolean {
    return a.left > 0 && a.rate <= 0 && a.accel <= 0;
  }

  // EBB ref, LM: every 40 µs Rate += Accel (rolled over by 2^31 if negative), the Accumulator
  // gains Rate, and a step is taken when it reaches 2^31 (then 2^31 is subtracted).
  private lmTick(a: LmAxis, i: 0 | 1): void {
    a.rate += a.accel;
    if (a.rate < 0) a.rate += TWO_31;
    let acc = this.accumulator[i] + a.rate;
    if (acc >= TWO_31) {
      acc -= TWO_31;
      this.position[i] += a.dir;
      a.left--;
    }
    this.accumulator[i] = acc;
  }

  private finish(r: Running, moving: boolean): void {
    this.running = null;
    this.recordDrawn(r);
    if (this.fifo.length === 0) this.markIdle(moving || r.penDown);
    this.pump();
  }

  private recordDrawn(r: Running): void {
    const moved = this.position[0] !== r.start[0] || this.position[1] !== r.start[1];
    if (r.penDown && moved) {
      const [x0, y0] = AxiKinematics.pointMm(r.start[0], r.start[1]);
      const [x1, y1] = AxiKinematics.pointMm(this.position[0], this.position[1]);
      this.drawn.push({
        x0Mm: x0,
        y0Mm: y0,
        x1Mm: x1,
        y1Mm: y1,
        startMs: r.startTick / 25,
        endMs: this.nowTick / 25,
      });
    }
  }

  private markIdle(endedMoving: boolean): void {
    this.idleSinceTick = this.nowTick;
    this.endedMoving = endedMoving;
  }

  private autoEnable(): void {
    if (this.motorEnable[0] === 0) this.motorEnable[0] = 1;
    if (this.motorEnable[1] === 0) this.motorEnable[1] = 1;
  }

  /** EM semantics (EBB ref, EM): Enable1 also picks the global step mode; counters reset. */
  applyEnable(enable1: number, enable2: number): void {
    this.motorEnable = [enable1 === 0 ? 0 : 1, enable2 === 0 ? 0 : 1];
    if (enable1 !== 0) this.microstepMode = enable1;
    this.position = [0, 0];
  }
}
