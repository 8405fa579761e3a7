import type { ReplyShape } from '@fabdesk/shared/ebb/driver/ebb-link.ts';
import type { FirmwareVersion } from '@fabdesk/shared/ebb/driver/firmware-version.ts';
import type { PenServo } from '@fabdesk/shared/ebb/driver/motion-writer.ts';
import type { PauseMode, PauseReason } from '@fabdesk/shared/ebb/driver/pause-gate.ts';
import type {
  PlotCallbacks,
  PlotCheckpoint,
  PlotOutcome,
} from '@fabdesk/shared/ebb/driver/plot-callbacks.ts';
import type { PlotRunOptions } from '@fabdesk/shared/ebb/driver/plot-driver.ts';
import type { EmulatedFirmware } from '@fabdesk/shared/ebb/emulator/firmware-profile.ts';

// The messages between the page's `RemoteEbbDriver` and the plotter worker's
// `PlotterWorkerHost`. One driver per worker. Calls carry an id and get exactly one reply;
// pause/resume/abort/set-pen are fire-and-forget and act in the order they were posted
// relative to the calls. Every time the worker reports is on its driver's clock
// (`driverMs`: the worker's performance.now() for a USB board, the emulator's clock for the
// virtual plotter); the page never compares it with its own performance.now().

/** Which board the worker drives. */
export type OpenTarget =
  | { kind: 'virtual'; firmware: EmulatedFirmware; speedUp: number }
  /** The worker's own `navigator.serial.getPorts()`, AxiDraw ports only, at this index. */
  | { kind: 'granted'; index: number }
  /**
   * A port the page opened, its streams transferred: for a worker without Web Serial.
   * Bytes still pass through the page's event loop on their way (the streams are piped
   * there), so a blocked page still delays them; only the driver's logic is off the page.
   */
  | { kind: 'streams'; readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> };

export type DriverCall =
  | { method: 'plot'; plan: Float64Array; options: PlotRunOptions }
  | { method: 'movePen'; up: boolean }
  | { method: 'goHome' }
  | { method: 'query'; command: string; shape: ReplyShape | undefined }
  | { method: 'querySteps' }
  | { method: 'waitIdle' }
  | { method: 'close' };

export type ToWorker =
  | { type: 'open'; id: number; target: OpenTarget; pen: Partial<PenServo> }
  | { type: 'call'; id: number; call: DriverCall }
  | { type: 'pause'; mode: PauseMode }
  | { type: 'resume' }
  | { type: 'abort' }
  | { type: 'set-pen'; pen: Partial<PenServo> };

/** The virtual plotter's state, for the console's live pen position. */
export interface VirtualBoardState {
  steps: [number, number];
  penUp: boolean;
  underruns: number;
}

/** A moment on the driver's clock, with the virtual board's state then (null for USB). */
export interface Reading {
  driverMs: number;
  board: VirtualBoardState | null;
}

/** One `PlotCallbacks` call, when it happened on the driver's clock. */
export type PlotEvent = { driverMs: number } & (
  | { kind: 'progress'; progress: Parameters<NonNullable<PlotCallbacks['onProgress']>>[0] }
  | { kind: 'checkpoint'; checkpoint: PlotCheckpoint }
  | { kind: 'pause'; reason: PauseReason }
);

/** The worker's Web Serial does not list the port the page asked for (`WireError.name`). */
export const PORT_NOT_GRANTED = 'PortNotGranted';

/** An error as it crosses the boundary: an `EbbError` keeps its code. */
export interface WireError {
  name: string;
  message: string;
  code: string | null;
}

export interface Opened {
  firmware: FirmwareVersion;
  /** Rate of the driver's clock against real time (the virtual plotter's speed-up, or 1). */
  clockRate: number;
}

/** What each call resolves with. */
export interface CallResults {
  plot: PlotOutcome;
  movePen: undefined;
  goHome: undefined;
  query: string;
  querySteps: [number, number];
  waitIdle: boolean;
  close: undefined;
}

export type FromWorker =
  /** The worker is listening: where it runs, and whether it has Web Serial of its own. */
  | { type: 'hello'; scope: string; serial: boolean }
  | { type: 'reply'; id: number; ok: true; value: unknown; at: Reading }
  | { type: 'reply'; id: number; ok: false; error: WireError; at: Reading }
  /** Callbacks of plot call `id`, in order; always before that call's reply. */
  | { type: 'events'; id: number; events: PlotEvent[]; at: Reading }
  /** Every 50 ms while a board is open: the clock and the virtual board. */
  | { type: 'status'; at: Reading };

/**
 * Either side of the channel: a dedicated worker's global scope, a `Worker`, or one end of a
 * `MessageChannel` (the tests, and the in-page fallback where there are no workers).
 */
export interface PlotterEndpoint {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
}
