import type { EbbTimer } from '@fabdesk/shared/ebb/driver/ebb-timer.ts';
import { createEmulatedPort } from '@fabdesk/shared/ebb/emulator/create-emulated-port.ts';
import { EbbEmulator, type EbbEmulatorOptions } from '@fabdesk/shared/ebb/emulator/ebb-emulator.ts';
import type { FirmwareString } from '@fabdesk/shared/ebb/emulator/firmware-profile.ts';
import type { SerialPortLike } from '@fabdesk/shared/ebb/serial-port-like.ts';
import type { PlotHost } from './plot-host.ts';

type Host = Pick<PlotHost, 'nowMs' | 'setTimeout' | 'clearTimeout' | 'yieldToTasks'>;

/** Real time spent per frame moving the board before the page gets to paint. */
const SLICE_MS = 12;
const FRAME_MS = 16;

/**
 * The virtual plotter: an EBB emulator whose clock follows real time (times `speedUp`, for
 * rehearsals and tests), behind a `SerialPort`-shaped port, with an `EbbTimer` on the
 * board's clock for the driver. Each frame moves the board to where real time says it
 * should be, stopping at every reply and at every driver timer so the driver sees replies
 * and timeouts in the order the board's clock gives them. If the page cannot keep up, the
 * board falls behind instead of skipping time (a slow frame never times out a reply).
 */
export class RealTimeEmulator {
  readonly emulator: EbbEmulator;
  readonly port: SerialPortLike;
  readonly timer: EbbTimer;
  private speed: number;
  private readonly host: Host;
  private timers: { id: number; dueMs: number; callback: () => void }[] = [];
  private nextId = 1;
  private running = false;
  private realAtMs = 0;
  private frame: unknown = null;

  constructor(firmware: FirmwareString, host: Host, speedUp = 1, options: EbbEmulatorOptions = {}) {
    this.emulator = new EbbEmulator(firmware, options);
    this.port = createEmulatedPort(this.emulator);
    this.host = host;
    this.speed = speedUp;
    const board = this.emulator;
    this.timer = {
      now: () => board.nowMs,
      setTimeout: (callback, ms) => {
        const id = this.nextId++;
        this.timers.push({ id, dueMs: board.nowMs + Math.max(0, ms), callback });
        return id;
      },
      clearTimeout: (handle) => {
        this.timers = this.timers.filter((t) => t.id !== handle);
      },
    };
  }

  get speedUp(): number {
    return this.speed;
  }
  set speedUp(value: number) {
    this.speed = Math.max(0.1, value);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.realAtMs = this.host.nowMs();
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.frame !== null) this.host.clearTimeout(this.frame);
    this.frame = null;
  }

  private schedule(): void {
    this.frame = this.host.setTimeout(() => {
      this.frame = null;
      void this.runFrame().then(() => this.running && this.schedule());
    }, FRAME_MS);
  }

  /** Moves the board up to the real time now (times the speed-up), reply by reply. */
  async runFrame(): Promise<void> {
    const board = this.emulator;
    const realNow = this.host.nowMs();
    const targetMs = board.nowMs + (realNow - this.realAtMs) * this.speed;
    this.realAtMs = realNow;
    const sliceEnd = realNow + SLICE_MS;
    while (this.running && board.nowMs < targetMs - 1e-6 && this.host.nowMs() < sliceEnd) {
      const due = Math.min(targetMs, ...this.timers.map((t) => t.dueMs));
      const stepMs = Math.max(0, due - board.nowMs);
      // Whole ticks, rounded up: a due time between two ticks must still be reached.
      const wholeMs = Math.ceil(stepMs * 25 - 1e-6) / 25;
      if (board.busy) board.advanceUntilOutput(wholeMs);
      else {
        // An idle board only lets time pass once the driver has gone quiet: while it is
        // still sending (a reaction to the last reply takes a few tasks), time stands still,
        // as it would on a real board whose host answers within microseconds.
        const sent = board.commandLog.length;
        await this.host.yieldToTasks();
        if (board.commandLog.length !== sent || board.busy) continue;
        if (wholeMs > 0) board.advance(wholeMs);
      }
      await this.host.yieldToTasks();
      for (const t of this.timers.filter((t) => t.dueMs <= board.nowMs + 1e-6)) {
        this.timer.clearTimeout(t.id);
        t.callback();
      }
      if (wholeMs === 0) await this.host.yieldToTasks();
    }
  }
}
