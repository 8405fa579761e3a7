import type { ReplyShape } from './ebb-link.ts';
import type { FirmwareVersion } from './firmware-version.ts';
import type { PenServo } from './motion-writer.ts';
import type { PauseMode } from './pause-gate.ts';
import type { PlotCallbacks, PlotOutcome } from './plot-callbacks.ts';

/** How `PlotDriver.plot` runs a plan: a fresh plot, or the continuation of a pause-now. */
export interface PlotRunOptions {
  /** The step counters a pause-now left the carriage at (`BoardStop.steps`). */
  continueFromSteps?: [number, number];
}

/**
 * What a plot console or the resume procedure asks of a plotter driver: `EbbDriver` itself
 * (the CLI, tests), or a proxy for one running elsewhere (the PWA's `RemoteEbbDriver`, whose
 * driver runs in a dedicated worker so a busy page never delays the board's flow control).
 *
 * The contract is `EbbDriver`'s: one plot at a time; `pause`, `resume` and `abort` may come
 * at any moment (from the callbacks too) and act on the plot under way; callbacks arrive in
 * the order the driver made them; failures reject with an `EbbError`.
 */
export interface PlotDriver {
  readonly firmware: FirmwareVersion;
  plot(
    plan: Float64Array,
    callbacks?: PlotCallbacks,
    options?: PlotRunOptions,
  ): Promise<PlotOutcome>;
  pause(mode?: PauseMode): void;
  resume(): void;
  abort(): void;
  /** New pen servo settings from the next pen move on. */
  setPen(pen: Partial<PenServo>): void;
  /** Raise or lower the pen outside a plot and wait until the servo has moved. */
  movePen(up: boolean): Promise<void>;
  /** Pen up, back to where the step counters are zero, and wait until the board is idle. */
  goHome(): Promise<void>;
  /** One query outside a plot (QE, QP…); not for motion commands. */
  query(command: string, shape?: ReplyShape): Promise<string>;
  /** The motors' step counters (`QS`). */
  querySteps(): Promise<[number, number]>;
  /** Wait until the board has run everything it was sent. */
  waitIdle(): Promise<boolean>;
  close(): Promise<void>;
}
