import { EbbAscii } from '../ebb-ascii.ts';
import { type EbbBoard, ebbCommandTable } from './ebb-command-table.ts';
import { EbbFaults } from './ebb-faults.ts';
import { type FirmwareProfile, type FirmwareString, firmwareProfile } from './firmware-profile.ts';
import type { MotionCommand } from './motion-command.ts';
import { MotionEngine } from './motion-engine.ts';
import { parseEbbArgs } from './parse-ebb-args.ts';

/** Something the parser cannot get past until the motion side frees up. */
interface Blocked {
  ready(): boolean;
  run(): void;
}

export interface EbbEmulatorOptions {
  /**
   * The `V` reply line instead of `EBBv13_and_above EB Firmware Version <firmware>`: a clone
   * board's banner, or a version the board does not behave like.
   */
  versionLine?: string;
}

/**
 * A virtual EiBotBoard: a CR-terminated, case-insensitive command parser with the board's
 * reply formats and error lines (`ebbCommandTable`), in front of a `MotionEngine` on a
 * virtual 25 kHz clock. Nothing happens in real time: time moves only through `advance*` /
 * `runUntilIdle`. Features follow the firmware version (`firmwareProfile`); `faults`
 * injects what a flaky board or cable does (garbage, late replies, a hang).
 *
 * Back-pressure as on the real board: a motion command that does not fit in the FIFO is
 * held with its OK withheld, and no further input is parsed until it fits (`CU,4` likewise
 * waits for the engine to go idle). Wire it to a driver with `createEmulatedPort`.
 */
export class EbbEmulator {
  readonly profile: FirmwareProfile;
  readonly faults: EbbFaults;
  /** Every command line parsed, in order (LF stripped, as received). */
  readonly commandLog: string[] = [];
  /** Every `!N Err:` line sent. */
  readonly errorReplies: string[] = [];
  connected = true;
  private engine = new MotionEngine();
  private input = '';
  private blocked: Blocked | null = null;
  private outputSeq = 0;
  private sink: ((bytes: Uint8Array) => void) | null = null;
  private lost: (() => void) | null = null;
  /** While a command whose reply was replaced runs: its own output is swallowed. */
  private replacement: string | null = null;
  /** The state command handlers see; the engine is read through, as a power loss swaps it. */
  private readonly board: EbbBoard;

  constructor(firmware: FirmwareString, options: EbbEmulatorOptions = {}) {
    this.profile = firmwareProfile(firmware);
    this.faults = new EbbFaults(
      () => this.engine.nowTick,
      (bytes) => this.deliver(bytes),
    );
    this.board = this.makeBoard(
      options.versionLine ?? `EBBv13_and_above EB Firmware Version ${firmware}`,
    );
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
  /** Is anything still to happen without the host: motion, a held command, delayed replies? */
  get busy(): boolean {
    return (
      this.engine.busy ||
      (this.blocked !== null && !this.faults.stalled) ||
      this.faults.ticksToNextDelivery() !== null
    );
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
    this.board.button = true;
  }

  /** Make the next `name` command (e.g. 'LM') fail with `reply` instead of running. */
  rejectNext(name: string, reply = this.board.err(6)): void {
    this.faults.rejectNext(name, reply);
  }

  /** USB cable pulled: the port's reads fail; the board keeps executing what it has. */
  disconnect(): void {
    this.connected = false;
    this.input = '';
    this.blocked = null;
    this.faults.dropInFlight();
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
    this.board.ackEnabled = true;
    this.board.servoMin = 12000;
    this.board.servoMax = 16000;
    this.board.button = false;
    this.faults.reboot();
    this.disconnect();
  }

  private makeBoard(versionLine: string): EbbBoard {
    const emulator = this;
    return {
      profile: this.profile,
      get engine() {
        return emulator.engine;
      },
      versionLine,
      button: false,
      servoMin: 12000,
      servoMax: 16000,
      ackEnabled: true,
      send: (text) => this.send(text),
      ok() {
        if (this.ackEnabled) emulator.send('OK\r\n');
      },
      err(code) {
        const legacy = emulator.profile.legacyErrorSpelling;
        if (code === 4) return '!4 Err: Missing parameter(s)\r\n';
        if (code === 6)
          return legacy
            ? '!6 Err: Invalid paramter value\r\n'
            : '!6 Err: Invalid parameter value\r\n';
        return legacy ? '!7 Err: Extra parmater\r\n' : '!7 Err: Extra parameter\r\n';
      },
      args(params, specs) {
        const parsed = parseEbbArgs(params, specs);
        if (parsed.error === null) return parsed;
        emulator.send(this.err(parsed.error));
        return null;
      },
      queue: (cmd, extra) => this.queue(cmd, extra),
      hold: (ready, run) => {
        this.blocked = { ready, run };
      },
    };
  }

  private wireEngine(): void {
    this.engine.onRoom = () => this.tryUnblock();
  }

  private advanceTicks(ticks: number, stop: () => boolean): void {
    let left = ticks;
    while (left > 0) {
      // Stop the clock where delayed replies fall due, so they leave on their tick; a reply
      // made while the engine runs (a held command let in) ends the chunk to be timed too.
      const due = this.faults.ticksToNextDelivery();
      const chunk = due === null ? left : Math.min(left, Math.max(1, due));
      left -= this.engine.advance(
        chunk,
        () =>
          stop() ||
          (this.blocked?.ready() ?? false) ||
          (due === null && this.faults.ticksToNextDelivery() !== null),
      );
      this.faults.flushDue();
      this.tryUnblock();
      if (stop()) return;
    }
  }

  private tryUnblock(): void {
    const b = this.blocked;
    if (!b?.ready() || this.faults.stalled) return;
    this.blocked = null;
    b.run();
    this.parseAvailable();
  }

  private parseAvailable(): void {
    while (!this.blocked && this.connected && !this.faults.stalled) {
      const cr = this.input.indexOf('\r');
      if (cr < 0) return;
      const line = this.input.slice(0, cr).replaceAll('\n', '');
      this.input = this.input.slice(cr + 1);
      if (line !== '') this.execute(line);
    }
  }

  /** The board prints `text` (swallowed while a replaced reply's command runs). */
  private send(text: string): void {
    if (this.replacement !== null) return;
    if (text.startsWith('!')) this.errorReplies.push(text.trimEnd());
    this.faults.transmit(EbbAscii.encode(text));
  }

  private deliver(bytes: Uint8Array): void {
    this.outputSeq++;
    if (this.connected) this.sink?.(bytes);
  }

  private unknown(name: string): void {
    const shown = name.slice(0, 2);
    let hex = '';
    for (const ch of shown) hex += ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
    this.send(`!8 Err: Unknown command '${shown}:${hex}'\r\n`);
  }

  /** OK now if the FIFO has room, else hold the command and stop parsing until it has. */
  private queue(cmd: MotionCommand, extra: boolean): void {
    // A replaced reply goes out where this command's OK would have.
    const replacement = this.replacement;
    this.replacement = null;
    const accept = () => {
      this.engine.enqueue(cmd);
      if (replacement !== null) this.send(replacement);
      else {
        this.board.ok();
        if (extra) this.send(this.board.err(7));
      }
    };
    if (this.engine.hasRoom()) accept();
    else this.blocked = { ready: () => this.engine.hasRoom(), run: accept };
  }

  private execute(line: string): void {
    this.commandLog.push(line);
    const [rawName = '', ...params] = line.split(',');
    const name = rawName.toUpperCase();
    const rejection = this.faults.takeRejection(name);
    if (rejection !== null) {
      this.send(rejection);
      return;
    }
    this.replacement = this.faults.takeReplacement(name);
    const injected = this.replacement;
    const handler = Object.hasOwn(ebbCommandTable, name) ? ebbCommandTable[name] : undefined;
    if (!handler?.(this.board, params)) this.unknown(name);
    // A held motion command took the replacement along (it replaces its OK when it fits).
    if (injected !== null && this.replacement !== null) {
      this.replacement = null;
      this.send(injected);
    }
  }
}
