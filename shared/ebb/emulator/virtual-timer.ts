import type { EbbTimer } from '../driver/ebb-timer.ts';
import type { EbbEmulator } from './ebb-emulator.ts';

/**
 * An `EbbTimer` on the emulator's virtual clock, and the loop that runs a driver against the
 * emulator without real time: let the driver react (`flush`, supplied by the caller because
 * shared code has no task scheduler), then move virtual time to the next thing that can
 * happen — the board replying or idling, or a driver timer falling due.
 */
export class VirtualTimer implements EbbTimer {
  private timers: { id: number; dueMs: number; callback: () => void }[] = [];
  private nextId = 1;
  private readonly emulator: EbbEmulator;

  constructor(emulator: EbbEmulator) {
    this.emulator = emulator;
  }

  now(): number {
    return this.emulator.nowMs;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ id, dueMs: this.now() + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Run `work` to completion on virtual time; throws if nothing can ever happen again. */
  async run<T>(work: Promise<T>, flush: () => Promise<void>): Promise<T> {
    let settled = false;
    work.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    for (;;) {
      await flush();
      if (settled) return work;
      const due = Math.min(...this.timers.map((t) => t.dueMs));
      if (this.emulator.busy)
        this.emulator.advanceUntilOutput(Math.min(due - this.now(), 3_600_000));
      else if (Number.isFinite(due)) {
        // Whole ticks, rounded up: a due time between ticks must not round to no progress.
        this.emulator.advance(Math.max(0, Math.ceil((due - this.now()) * 25 - 1e-6)) / 25);
      } else throw new Error('deadlock: the driver waits for a board that has nothing to do');
      for (const t of this.timers.filter((t) => t.dueMs <= this.now() + 1e-6)) {
        this.clearTimeout(t.id);
        t.callback();
      }
    }
  }
}
