import { AxiKinematics } from '../axidraw-kinematics.ts';
import { lmRegisters } from './lm-registers.ts';

/**
 * A motion command line and how long the board will take to run it; `delta` is the motor
 * steps it moves (absent where the board computes them, as `HM` does), `penUp` the pen
 * state a pen command sets.
 */
export interface MotionLine {
  text: string;
  ticks: number;
  delta?: [number, number];
  penUp?: boolean;
}

/** Pen servo settings: positions in 83.3 ns units (`SC,4`/`SC,5`), rates per 24 ms. */
export interface PenServo {
  upPosition: number;
  downPosition: number;
  upRate: number;
  downRate: number;
}

const SLICE_MS = 20;
/** The RB1 pen servo as an `S2` output pin (RP4). */
const PEN_PIN = 4;

/**
 * Turns the plan's blocks into EBB motion commands, keeping two invariants:
 * - position: the commanded motor position is always the exact rounding of the block's
 *   absolute end point (`AxiKinematics.motorSteps`), so sub-step remainders carry over;
 * - time: commands end on the tick (LM) or millisecond (SM fallback) nearest to the plan's
 *   cumulative time, so rounding never accumulates. A block too short for one tick (or one
 *   ms) emits nothing; its steps and time carry into the next command.
 * `LM` (firmware ≥ 2.7.0) gets per-block rate/accel registers with cleared accumulators;
 * older firmware gets constant-speed `SM` slices of about 20 ms sampled along the block's
 * acceleration profile.
 */
export class MotionWriter {
  /** Commanded motor position after the last emitted command. */
  steps: [number, number] = [0, 0];
  private planTimeS = 0;
  private emittedTicks = 0;
  private readonly quantum: number;
  private readonly useLm: boolean;
  private readonly useS2: boolean;
  private readonly pen: PenServo;

  constructor(useLm: boolean, useS2: boolean, pen: PenServo) {
    this.useLm = useLm;
    this.useS2 = useS2;
    this.pen = pen;
    this.quantum = useLm ? 1 : 25;
  }

  /** Commands for a straight move with constant acceleration from v0 to v1 (mm/s). */
  move(
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    v0: number,
    v1: number,
    durationS: number,
  ): MotionLine[] {
    this.planTimeS += durationS;
    const target = AxiKinematics.motorSteps(x1, y1);
    const ticks = this.ticksDue();
    const d: [number, number] = [target[0] - this.steps[0], target[1] - this.steps[1]];
    if (ticks <= 0 || (d[0] === 0 && d[1] === 0)) return [];
    const lengthMm = Math.hypot(x1 - x0, y1 - y0);
    if (this.useLm) {
      this.emittedTicks += ticks;
      this.steps = target;
      return [this.lm(d, ticks, lengthMm, v0, v1)];
    }
    return this.smSlices(x0, y0, x1, y1, v0, v1, durationS, ticks);
  }

  /** A pen move whose delay fills `durationS` of plan time; flushes carried steps first. */
  penMove(up: boolean, x: number, y: number, durationS: number): MotionLine[] {
    const lines = this.settleAt(x, y);
    this.planTimeS += durationS;
    const ticks = Math.max(0, this.ticksDue());
    const delayMs = Math.round(ticks / 25);
    this.emittedTicks += delayMs * 25;
    const position = up ? this.pen.upPosition : this.pen.downPosition;
    const text = this.useS2
      ? `S2,${position},${PEN_PIN},${up ? this.pen.upRate : this.pen.downRate},${delayMs}`
      : `SP,${up ? 1 : 0},${delayMs}`;
    lines.push({ text, ticks: delayMs * 25, delta: [0, 0], penUp: up });
    return lines;
  }

  /** Reach the exact rounding of (x, y) now, at a slow constant speed, if steps were carried. */
  settleAt(x: number, y: number): MotionLine[] {
    const target = AxiKinematics.motorSteps(x, y);
    const d: [number, number] = [target[0] - this.steps[0], target[1] - this.steps[1]];
    const most = Math.max(Math.abs(d[0]), Math.abs(d[1]));
    if (most === 0) return [];
    // 2 kHz: slow enough for any motor, short enough not to matter (a few carried steps).
    const ms = Math.max(1, Math.ceil(most / 2));
    this.steps = target;
    this.emittedTicks += ms * 25;
    if (this.useLm) {
      const hz = (Math.abs(d[0]) || Math.abs(d[1])) / (ms / 1000);
      return [this.lm(d, ms * 25, 0, hz, hz)];
    }
    return [{ text: `SM,${ms},${d[0]},${d[1]}`, ticks: ms * 25, delta: d }];
  }

  private ticksDue(): number {
    const due = Math.round((this.planTimeS * 25_000) / this.quantum) * this.quantum;
    return due - this.emittedTicks;
  }

  private lm(
    d: [number, number],
    ticks: number,
    lengthMm: number,
    v0: number,
    v1: number,
  ): MotionLine {
    // Each axis runs the block's speed profile scaled by its share of the block's length.
    const axis = (n: number) => {
      if (lengthMm <= 0) {
        const hz = (Math.abs(n) / ticks) * 25_000;
        return lmRegisters(n, ticks, hz, hz);
      }
      const perMm = Math.abs(n) / lengthMm;
      return lmRegisters(n, ticks, v0 * perMm, v1 * perMm);
    };
    const a = axis(d[0]);
    const b = axis(d[1]);
    return {
      text: `LM,${a.rate},${d[0]},${a.accel},${b.rate},${d[1]},${b.accel},3`,
      ticks,
      delta: d,
    };
  }

  private smSlices(
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    v0: number,
    v1: number,
    durationS: number,
    ticks: number,
  ): MotionLine[] {
    const totalMs = ticks / 25;
    const n = Math.max(1, Math.round(totalMs / SLICE_MS));
    const length = Math.hypot(x1 - x0, y1 - y0);
    const accel = durationS > 0 ? (v1 - v0) / durationS : 0;
    const lines: MotionLine[] = [];
    let msDone = 0;
    for (let k = 1; k <= n; k++) {
      const t = (k / n) * durationS;
      const s = k === n || length === 0 ? 1 : (v0 * t + 0.5 * accel * t * t) / length;
      const target = AxiKinematics.motorSteps(x0 + (x1 - x0) * s, y0 + (y1 - y0) * s);
      const ms = Math.round((k * totalMs) / n) - msDone;
      if (ms <= 0) continue;
      msDone += ms;
      const d1 = target[0] - this.steps[0];
      const d2 = target[1] - this.steps[1];
      this.steps = target;
      this.emittedTicks += ms * 25;
      lines.push({ text: `SM,${ms},${d1},${d2}`, ticks: ms * 25, delta: [d1, d2] });
    }
    return lines;
  }
}
