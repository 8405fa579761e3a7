import type { FirmwareProfile } from './firmware-profile.ts';
import type { MotionCommand } from './motion-command.ts';
import type { MotionEngine } from './motion-engine.ts';
import type { ArgSpec } from './parse-ebb-args.ts';

/** What a command handler may touch: the board's state and its reply side. */
export interface EbbBoard {
  readonly profile: FirmwareProfile;
  readonly engine: MotionEngine;
  /** The `V` reply line, without its line end. */
  readonly versionLine: string;
  button: boolean;
  servoMin: number;
  servoMax: number;
  ackEnabled: boolean;
  send(text: string): void;
  /** `OK`, unless `CU,1,0` turned acknowledgements off. */
  ok(): void;
  err(code: 4 | 6 | 7): string;
  /** Parse arguments; on error send the error line and return null. */
  args(params: string[], specs: ArgSpec[]): { values: number[]; extra: boolean } | null;
  /** OK now if the FIFO has room, else hold the command and stop parsing until it has. */
  queue(cmd: MotionCommand, extra: boolean): void;
  /** Parse nothing more until `ready()`, then `run()`. */
  hold(ready: () => boolean, run: () => void): void;
}

/** Runs one command; false when this firmware does not know it (the board's error 8). */
type Handler = (board: EbbBoard, params: string[]) => boolean;

const U16 = { min: 0, max: 65535 };
const I24 = { min: -16777215, max: 16777215 };
const I32 = { min: -2147483648, max: 2147483647 };
const OPT = { optional: true };
/** RB1, the pen-lift servo pin, is RP4 in `S2`'s pin numbering (EBB ref, S2 table). */
const PEN_SERVO_RP = 4;

const stepMove =
  (name: 'SM' | 'XM'): Handler =>
  (b, params) => {
    const a = b.args(params, [
      { min: 0, max: 16777215 },
      I24,
      name === 'SM' ? { ...I24, ...OPT } : I24,
    ]);
    if (!a) return true;
    const [ms = 0, s1 = 0, s2 = 0] = a.values;
    const steps: [number, number] = name === 'SM' ? [s1, s2] : [s1 + s2, s1 - s2];
    // EBB ref, SM: a zero duration is rejected; step rates must lie in 1.31 Hz…25 kHz.
    const rates = steps.map((s) => (Math.abs(s) * 1000) / Math.max(ms, 1));
    if (ms === 0 || rates.some((r) => r > 25000 || (r > 0 && r < 1.31))) {
      b.send(b.err(6));
      return true;
    }
    b.queue({ kind: 'sm', ticks: ms * 25, steps }, a.extra);
    return true;
  };

/**
 * The EBB commands the emulator knows, by upper-case name, with the reply formats and
 * argument checks of the EBB command reference (legacy, non-standardised replies: `V`,
 * `QG` and `QM` end without OK; `QP`, `QS`, `QM` and `ES` end their line `\n\r`).
 */
export const ebbCommandTable: Readonly<Record<string, Handler>> = {
  V: (b) => {
    b.send(`${b.versionLine}\r\n`);
    return true;
  },
  QG: (b) => {
    if (!b.profile.hasQg) return false;
    const e = b.engine;
    const bits =
      (b.button ? 0x20 : 0) |
      (e.penUp ? 0x10 : 0) |
      (e.executing ? 0x08 : 0) |
      (e.motorMoving(0) ? 0x04 : 0) |
      (e.motorMoving(1) ? 0x02 : 0) |
      (e.fifo.length > 0 ? 0x01 : 0);
    b.button = false;
    b.send(`${bits.toString(16).toUpperCase().padStart(2, '0')}\r\n`);
    return true;
  },
  QM: (b) => {
    const e = b.engine;
    b.send(
      `QM,${e.executing ? 1 : 0},${e.motorMoving(0) ? 1 : 0},${e.motorMoving(1) ? 1 : 0},${e.fifo.length > 0 ? 1 : 0}\n\r`,
    );
    return true;
  },
  QB: (b) => {
    b.send(`${b.button ? 1 : 0}\r\n`);
    b.button = false;
    b.ok();
    return true;
  },
  QP: (b) => {
    b.send(`${b.engine.penUp ? 1 : 0}\n\r`);
    b.ok();
    return true;
  },
  QS: (b) => {
    b.send(`${b.engine.position[0]},${b.engine.position[1]}\n\r`);
    b.ok();
    return true;
  },
  CS: (b) => {
    b.engine.position = [0, 0];
    b.ok();
    return true;
  },
  QE: (b) => {
    if (!b.profile.hasQe) return false;
    const e = b.engine;
    const res = 2 ** (5 - e.microstepMode);
    b.send(`${e.motorEnable[0] ? res : 0},${e.motorEnable[1] ? res : 0}\r\nOK\r\n`);
    return true;
  },
  QU: (b, params) => {
    if (!b.profile.hasQu) return false;
    const a = b.args(params, [{ min: 0, max: 255 }]);
    if (!a) return true;
    const which = a.values[0];
    if (which === 2) b.send(`QU,2,${b.profile.maxFifoDepth}\r\n`);
    else if (which === 3) b.send(`QU,3,${b.engine.fifoDepth}\r\n`);
    b.ok();
    if (which !== 2 && which !== 3) b.send(b.err(6));
    return true;
  },
  CU: (b, params) => {
    const p = b.profile;
    const e = b.engine;
    const a = b.args(params, [
      { min: 0, max: 255 },
      { min: -32768, max: 32767 },
    ]);
    if (!a) return true;
    const [param = 0, value = 0] = a.values;
    const flag = value === 0 || value === 1;
    if (param === 4 && p.hasQu) {
      // v3 UBW.c, CU,4: waits for the FIFO to empty, then clamps to the maximum.
      const apply = () => {
        e.fifoDepth = Math.max(1, Math.min(value, p.maxFifoDepth));
        b.ok();
      };
      if (e.busy) b.hold(() => !e.busy, apply);
      else apply();
      return true;
    }
    if (param === 1 && flag) b.ackEnabled = value === 1;
    // v2 silently accepts parameters it does not know; v3 flags them after the OK.
    const bad = (param <= 3 && !flag) || (!p.legacyErrorSpelling && ![1, 2, 3, 10].includes(param));
    b.ok();
    if (bad) b.send(b.err(6));
    else if (a.extra) b.send(b.err(7));
    return true;
  },
  EM: (b, params) => {
    const e = b.engine;
    const a = b.args(params, [
      { min: 0, max: 5 },
      { min: 0, max: 5, optional: !b.profile.emInFifo },
    ]);
    if (!a) return true;
    const [e1 = 0, e2 = e.motorEnable[1]] = a.values;
    if (b.profile.emInFifo) b.queue({ kind: 'em', enable1: e1, enable2: e2 }, a.extra);
    else {
      e.applyEnable(e1, e2);
      b.ok();
    }
    return true;
  },
  SC: (b, params) => {
    const a = b.args(params, [{ min: 0, max: 255 }, U16]);
    if (!a) return true;
    const [param, value = 0] = a.values;
    if (param === 4) b.servoMin = value;
    if (param === 5) b.servoMax = value;
    b.ok();
    if (a.extra) b.send(b.err(7));
    return true;
  },
  SP: (b, params) => {
    const a = b.args(params, [
      { min: 0, max: 1 },
      { ...U16, ...OPT },
      { min: 0, max: 7, ...OPT },
    ]);
    if (!a) return true;
    const [value, delayMs = 0] = a.values;
    b.queue({ kind: 'pen', up: value === 1, delayTicks: delayMs * 25 }, a.extra);
    return true;
  },
  S2: (b, params) => {
    const a = b.args(params, [U16, { min: 0, max: 24 }, { ...U16, ...OPT }, { ...U16, ...OPT }]);
    if (!a) return true;
    const [position = 0, pin, , delayMs = 0] = a.values;
    if (position === 0) {
      b.ok();
      return true;
    }
    const up = Math.abs(position - b.servoMin) <= Math.abs(position - b.servoMax);
    b.queue(
      pin === PEN_SERVO_RP
        ? { kind: 'pen', up, delayTicks: delayMs * 25 }
        : { kind: 'sm', ticks: delayMs * 25, steps: [0, 0] },
      a.extra,
    );
    return true;
  },
  SM: stepMove('SM'),
  XM: stepMove('XM'),
  LM: (b, params) => {
    if (!b.profile.hasLm) return false;
    const rate = { min: 0, max: 2147483647 };
    const a = b.args(params, [rate, I32, I32, rate, I32, I32, { min: 0, max: 3, ...OPT }]);
    if (!a) return true;
    const [r1 = 0, s1 = 0, a1 = 0, r2 = 0, s2 = 0, a2 = 0, clear = 0] = a.values;
    const idle = (r: number, s: number, acc: number) => s === 0 || (r === 0 && acc === 0);
    if (idle(r1, s1, a1) && idle(r2, s2, a2)) {
      b.send(b.err(6));
      return true;
    }
    b.queue({ kind: 'lm', rate: [r1, r2], steps: [s1, s2], accel: [a1, a2], clear }, a.extra);
    return true;
  },
  HM: (b, params) => {
    if (!b.profile.hasHm) return false;
    const a = b.args(params, [
      { min: 2, max: 25000 },
      { min: -4294967, max: 4294967, ...OPT },
      { min: -4294967, max: 4294967, ...OPT },
    ]);
    if (!a) return true;
    const [freq = 2, t1 = 0, t2 = 0] = a.values;
    if (a.values.length === 2) {
      b.send(b.err(4));
      return true;
    }
    b.queue({ kind: 'hm', stepsPerS: freq, target: [t1, t2] }, a.extra);
    return true;
  },
  ES: (b, params) => {
    const e = b.engine;
    const a = b.args(params, [{ min: 0, max: 1, ...OPT }]);
    if (!a) return true;
    const interrupted = e.clear();
    if (a.values[0] === 1) e.motorEnable = [0, 0];
    b.send(`${interrupted ? 1 : 0},0,0,0,0\n\r`);
    b.ok();
    return true;
  },
  R: (b) => {
    b.engine.clear();
    b.engine.penUp = true;
    b.ackEnabled = true;
    b.ok();
    return true;
  },
};
