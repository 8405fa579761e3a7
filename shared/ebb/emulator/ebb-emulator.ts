import { EbbAscii } from '../ebb-ascii.ts';
import {
  type EmulatedFirmware,
  type FirmwareProfile,
  firmwareProfile,
} from './firmware-profile.ts';
import type { MotionCommand } from './motion-command.ts';
import { MotionEngine } from './motion-engine.ts';
import { type ArgSpec, parseEbbArgs } from './parse-ebb-args.ts';

const U16 = { min: 0, max: 65535 };
const I24 = { min: -16777215, max: 16777215 };
const I32 = { min: -2147483648, max: 2147483647 };
const OPT = { optional: true };
/** RB1, the pen-lift servo pin, is RP4 in `S2`'s pin numbering (EBB ref, S2 table). */
const PEN_SERVO_RP = 4;

/** Something the parser cannot get past until the motion side frees up. */
interface Blocked {
  ready(): boolean;
  run(): void;
}

/**
 * A virtual EiBotBoard: a CR-terminated, case-insensitive command parser with the board's
 * reply formats and error lines, in front of a `MotionEngine` on a virtual 25 kHz clock.
 * Nothing happens in real time: time moves only through `advance*` / `runUntilIdle`.
 *
 * Back-pressure as on the real board: a motion command that does not fit in the FIFO is
 * held with its OK withheld, and no further input is parsed until it fits (`CU,4` likewise
 * waits for the engine to go idle). Wire it to a driver with `createEmulatedPort`.
 */
export class EbbEmulator {
  readonly profile: FirmwareProfile;
  /** Every command line parsed, in order (LF stripped, as received). */
  readonly commandLog: string[] = [];
  /** Every `!N Err:` line sent. */
  readonly errorReplies: string[] = [];
  connected = true;
  private engine = new MotionEngine();
  private input = '';
  private blocked: Blocked | null = null;
  private ackEnabled = true;
  private servoMin = 12000;
  private servoMax = 16000;
  private button = false;
  private outputSeq = 0;
  private sink: ((bytes: Uint8Array) => void) | null = null;
  private lost: (() => void) | null = null;
  private rejections: { name: string; reply: string }[] = [];

  constructor(firmware: EmulatedFirmware) {
    this.profile = firmwareProfile(firmware);
    this.wireEngine();
  }

  get nowMs(): number {
    return this.engine.nowTick / 25;
  }
  get positionSteps(): readonly [number, number] {
    return this.engine.position;
  }
  get penUp(): boolean {
    return this.engine.penUp;
  }
  get drawn() {
    return this.engine.drawn;
  }
  /** Virtual time at which the motion queue last ran dry (null while it is busy). */
  get idleSinceMs(): number | null {
    const t = this.engine.idleSince;
    return t === null ? null : t / 25;
  }
  get underruns(): number {
    return this.engine.underruns;
  }
  get fifoDepth(): number {
    return this.engine.fifoDepth;
  }
  get motorEnable(): readonly [number, number] {
    return this.engine.motorEnable;
  }
  get microstepMode(): number {
    return this.engine.microstepMode;
  }
  get busy(): boolean {
    return this.engine.busy || this.blocked !== null;
  }
  /** Is the parser holding a command whose OK is withheld? */
  get backPressured(): boolean {
    return this.blocked !== null;
  }

  /** Port side: attach the reply sink and the device-lost signal (one port at a time). */
  attach(sink: (bytes: Uint8Array) => void, lost: () => void): void {
    this.sink = sink;
    this.lost = lost;
    this.connected = true;
  }

  /** Bytes from the host. */
  receive(bytes: Uint8Array): void {
    if (!this.connected) return;
    this.input += EbbAscii.decode(bytes);
    this.parseAvailable();
  }

  advance(ms: number): void {
    this.advanceTicks(Math.round(ms * 25), () => false);
  }

  /** Advance until the board sends something or goes idle, at most `maxMs`. */
  advanceUntilOutput(maxMs: number): void {
    const seq = this.outputSeq;
    this.advanceTicks(
      Math.max(1, Math.round(maxMs * 25)),
      () => this.outputSeq !== seq || !this.busy,
    );
  }

  /** Run the motion queue dry (and let a held command in), at most `maxMs` of virtual time. */
  runUntilIdle(maxMs = 3_600_000): void {
    this.advanceTicks(Math.round(maxMs * 25), () => !this.busy);
  }

  pressButton(): void {
    this.button = true;
  }

  /** Make the next `name` command (e.g. 'LM') fail with `reply` instead of running. */
  rejectNext(name: string, reply = this.err(6)): void {
    this.rejections.push({ name: name.toUpperCase(), reply });
  }

  /** USB cable pulled: the port's reads fail; the board keeps executing what it has. */
  disconnect(): void {
    this.connected = false;
    this.input = '';
    this.blocked = null;
    this.lost?.();
    this.sink = null;
    this.lost = null;
  }

  /** Power loss: the board reboots and drops off USB; queue, position and CU settings are gone. */
  powerLoss(): void {
    const now = this.engine.nowTick;
    this.engine.clear();
    this.engine = new MotionEngine(this.engine.drawn);
    this.engine.nowTick = now;
    this.wireEngine();
    this.ackEnabled = true;
    this.servoMin = 12000;
    this.servoMax = 16000;
    this.button = false;
    this.disconnect();
  }

  private wireEngine(): void {
    this.engine.onRoom = () => this.tryUnblock();
  }

  private advanceTicks(ticks: number, stop: () => boolean): void {
    let left = ticks;
    while (left > 0) {
      left -= this.engine.advance(left, () => stop() || (this.blocked?.ready() ?? false));
      this.tryUnblock();
      if (stop()) return;
    }
  }

  private tryUnblock(): void {
    const b = this.blocked;
    if (!b?.ready()) return;
    this.blocked = null;
    b.run();
    this.parseAvailable();
  }

  private parseAvailable(): void {
    while (!this.blocked && this.connected) {
      const cr = this.input.indexOf('\r');
      if (cr < 0) return;
      const line = this.input.slice(0, cr).replaceAll('\n', '');
      this.input = this.input.slice(cr + 1);
      if (line !== '') this.execute(line);
    }
  }

  private send(text: string): void {
    this.outputSeq++;
    if (text.startsWith('!')) this.errorReplies.push(text.trimEnd());
    if (this.connected) this.sink?.(EbbAscii.encode(text));
  }

  private ok(): void {
    if (this.ackEnabled) this.send('OK\r\n');
  }

  private err(code: 4 | 6 | 7): string {
    const legacy = this.profile.legacyErrorSpelling;
    if (code === 4) return '!4 Err: Missing parameter(s)\r\n';
    if (code === 6)
      return legacy ? '!6 Err: Invalid paramter value\r\n' : '!6 Err: Invalid parameter value\r\n';
    return legacy ? '!7 Err: Extra parmater\r\n' : '!7 Err: Extra parameter\r\n';
  }

  private unknown(name: string): void {
    const shown = name.slice(0, 2);
    let hex = '';
    for (const ch of shown) hex += ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
    this.send(`!8 Err: Unknown command '${shown}:${hex}'\r\n`);
  }

  /** Parse arguments; on error send the error line and return null. */
  private args(params: string[], specs: ArgSpec[]): { values: number[]; extra: boolean } | null {
    const parsed = parseEbbArgs(params, specs);
    if (parsed.error !== null) {
      this.send(this.err(parsed.error));
      return null;
    }
    return parsed;
  }

  /** OK now if the FIFO has room, else hold the command and stop parsing until it has. */
  private queue(cmd: MotionCommand, extra: boolean): void {
    const accept = () => {
      this.engine.enqueue(cmd);
      this.ok();
      if (extra) this.send(this.err(7));
    };
    if (this.engine.hasRoom()) accept();
    else this.blocked = { ready: () => this.engine.hasRoom(), run: accept };
  }

  private reply(text: string, extra: boolean): void {
    this.send(text);
    if (extra) this.send(this.err(7));
  }

  private execute(line: string): void {
    this.commandLog.push(line);
    const [rawName = '', ...params] = line.split(',');
    const name = rawName.toUpperCase();
    const rejectAt = this.rejections.findIndex((r) => r.name === name);
    if (rejectAt >= 0) {
      const [r] = this.rejections.splice(rejectAt, 1);
      this.send((r as { reply: string }).reply);
      return;
    }
    const p = this.profile;
    const e = this.engine;
    switch (name) {
      case 'V':
        this.send(`EBBv13_and_above EB Firmware Version ${p.version}\r\n`);
        return;
      case 'QG': {
        if (!p.hasQg) break;
        const bits =
          (this.button ? 0x20 : 0) |
          (e.penUp ? 0x10 : 0) |
          (e.executing ? 0x08 : 0) |
          (e.motorMoving(0) ? 0x04 : 0) |
          (e.motorMoving(1) ? 0x02 : 0) |
          (e.fifo.length > 0 ? 0x01 : 0);
        this.button = false;
        this.send(`${bits.toString(16).toUpperCase().padStart(2, '0')}\r\n`);
        return;
      }
      case 'QM':
        this.send(
          `QM,${e.executing ? 1 : 0},${e.motorMoving(0) ? 1 : 0},${e.motorMoving(1) ? 1 : 0},${e.fifo.length > 0 ? 1 : 0}\n\r`,
        );
        return;
      case 'QB':
        this.send(`${this.button ? 1 : 0}\r\n`);
        this.button = false;
        this.ok();
        return;
      case 'QP':
        this.send(`${e.penUp ? 1 : 0}\n\r`);
        this.ok();
        return;
      case 'QS':
        this.send(`${e.position[0]},${e.position[1]}\n\r`);
        this.ok();
        return;
      case 'CS':
        e.position = [0, 0];
        this.ok();
        return;
      case 'QE': {
        if (!p.hasQe) break;
        const res = 2 ** (5 - e.microstepMode);
        this.send(`${e.motorEnable[0] ? res : 0},${e.motorEnable[1] ? res : 0}\r\nOK\r\n`);
        return;
      }
      case 'QU': {
        if (!p.hasQu) break;
        const a = this.args(params, [{ min: 0, max: 255 }]);
        if (!a) return;
        const which = a.values[0];
        if (which === 2) this.send(`QU,2,${p.maxFifoDepth}\r\n`);
        else if (which === 3) this.send(`QU,3,${e.fifoDepth}\r\n`);
        this.ok();
        if (which !== 2 && which !== 3) this.send(this.err(6));
        return;
      }
      case 'CU': {
        const a = this.args(params, [
          { min: 0, max: 255 },
          { min: -32768, max: 32767 },
        ]);
        if (!a) return;
        const [param = 0, value = 0] = a.values;
        const flag = value === 0 || value === 1;
        if (param === 4 && p.hasQu) {
          // v3 UBW.c, CU,4: waits for the FIFO to empty, then clamps to the maximum.
          const apply = () => {
            e.fifoDepth = Math.max(1, Math.min(value, p.maxFifoDepth));
            this.ok();
          };
          if (e.busy) this.blocked = { ready: () => !e.busy, run: apply };
          else apply();
          return;
        }
        if (param === 1 && flag) this.ackEnabled = value === 1;
        // v2 silently accepts parameters it does not know; v3 flags them after the OK.
        const bad =
          (param <= 3 && !flag) || (!p.legacyErrorSpelling && ![1, 2, 3, 10].includes(param));
        this.ok();
        if (bad) this.send(this.err(6));
        else if (a.extra) this.send(this.err(7));
        return;
      }
      case 'EM': {
        const a = this.args(params, [
          { min: 0, max: 5 },
          { min: 0, max: 5, optional: !p.emInFifo },
        ]);
        if (!a) return;
        const [e1 = 0, e2 = e.motorEnable[1]] = a.values;
        if (p.emInFifo) this.queue({ kind: 'em', enable1: e1, enable2: e2 }, a.extra);
        else {
          e.applyEnable(e1, e2);
          this.ok();
        }
        return;
      }
      case 'SC': {
        const a = this.args(params, [{ min: 0, max: 255 }, U16]);
        if (!a) return;
        const [param, value = 0] = a.values;
        if (param === 4) this.servoMin = value;
        if (param === 5) this.servoMax = value;
        this.ok();
        if (a.extra) this.send(this.err(7));
        return;
      }
      case 'SP': {
        const a = this.args(params, [
          { min: 0, max: 1 },
          { ...U16, ...OPT },
          { min: 0, max: 7, ...OPT },
        ]);
        if (!a) return;
        const [value, delayMs = 0] = a.values;
        this.queue({ kind: 'pen', up: value === 1, delayTicks: delayMs * 25 }, a.extra);
        return;
      }
      case 'S2': {
        const a = this.args(params, [
          U16,
          { min: 0, max: 24 },
          { ...U16, ...OPT },
          { ...U16, ...OPT },
        ]);
        if (!a) return;
        const [position = 0, pin, , delayMs = 0] = a.values;
        if (position === 0) {
          this.ok();
          return;
        }
        const up = Math.abs(position - this.servoMin) <= Math.abs(position - this.servoMax);
        this.queue(
          pin === PEN_SERVO_RP
            ? { kind: 'pen', up, delayTicks: delayMs * 25 }
            : { kind: 'sm', ticks: delayMs * 25, steps: [0, 0] },
          a.extra,
        );
        return;
      }
      case 'SM':
      case 'XM': {
        const a = this.args(params, [
          { min: 0, max: 16777215 },
          I24,
          name === 'SM' ? { ...I24, ...OPT } : I24,
        ]);
        if (!a) return;
        const [ms = 0, s1 = 0, s2 = 0] = a.values;
        const steps: [number, number] = name === 'SM' ? [s1, s2] : [s1 + s2, s1 - s2];
        // EBB ref, SM: a zero duration is rejected; step rates must lie in 1.31 Hz…25 kHz.
        const rates = steps.map((s) => (Math.abs(s) * 1000) / Math.max(ms, 1));
        if (ms === 0 || rates.some((r) => r > 25000 || (r > 0 && r < 1.31))) {
          this.send(this.err(6));
          return;
        }
        this.queue({ kind: 'sm', ticks: ms * 25, steps }, a.extra);
        return;
      }
      case 'LM': {
        if (!p.hasLm) break;
        const rate = { min: 0, max: 2147483647 };
        const a = this.args(params, [rate, I32, I32, rate, I32, I32, { min: 0, max: 3, ...OPT }]);
        if (!a) return;
        const [r1 = 0, s1 = 0, a1 = 0, r2 = 0, s2 = 0, a2 = 0, clear = 0] = a.values;
        const idle = (r: number, s: number, acc: number) => s === 0 || (r === 0 && acc === 0);
        if (idle(r1, s1, a1) && idle(r2, s2, a2)) {
          this.send(this.err(6));
          return;
        }
        this.queue(
          { kind: 'lm', rate: [r1, r2], steps: [s1, s2], accel: [a1, a2], clear },
          a.extra,
        );
        return;
      }
      case 'HM': {
        if (!p.hasHm) break;
        const a = this.args(params, [
          { min: 2, max: 25000 },
          { min: -4294967, max: 4294967, ...OPT },
          { min: -4294967, max: 4294967, ...OPT },
        ]);
        if (!a) return;
        const [freq = 2, t1 = 0, t2 = 0] = a.values;
        if (a.values.length === 2) {
          this.send(this.err(4));
          return;
        }
        this.queue({ kind: 'hm', stepsPerS: freq, target: [t1, t2] }, a.extra);
        return;
      }
      case 'ES': {
        const a = this.args(params, [{ min: 0, max: 1, ...OPT }]);
        if (!a) return;
        const interrupted = e.clear();
        if (a.values[0] === 1) e.motorEnable = [0, 0];
        this.send(`${interrupted ? 1 : 0},0,0,0,0\n\r`);
        this.ok();
        return;
      }
      case 'R':
        e.clear();
        e.penUp = true;
        this.ackEnabled = true;
        this.ok();
        return;
    }
    this.unknown(name);
  }
}
