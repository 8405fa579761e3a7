import type { ReplyShape } from '@fabdesk/shared/ebb/driver/ebb-link.ts';
import { EbbError } from '@fabdesk/shared/ebb/driver/ebb-error.ts';
import type { FirmwareVersion } from '@fabdesk/shared/ebb/driver/firmware-version.ts';
import type { PenServo } from '@fabdesk/shared/ebb/driver/motion-writer.ts';
import type { PauseMode } from '@fabdesk/shared/ebb/driver/pause-gate.ts';
import type { PlotCallbacks, PlotOutcome } from '@fabdesk/shared/ebb/driver/plot-callbacks.ts';
import type { PlotDriver, PlotRunOptions } from '@fabdesk/shared/ebb/driver/plot-driver.ts';
import type { EmulatedFirmware } from '@fabdesk/shared/ebb/emulator/firmware-profile.ts';
import type { SerialPortLike } from '@fabdesk/shared/ebb/serial-port-like.ts';
import { isAxidrawPort } from './axidraw-usb-filter.ts';
import type { PlotHost } from './plot-host.ts';
import { PlotterChannel, type PlotterWorkerLink } from './plotter-channel.ts';
import {
  type VirtualBoardState,
  type CallResults,
  type DriverCall,
  type OpenTarget,
  type Opened,
  type PlotEvent,
  PORT_NOT_GRANTED,
  type Reading,
} from './plotter-worker-protocol.ts';
import { RemoteClock } from './remote-clock.ts';
import { transferablePortStreams } from './transferable-port-streams.ts';

/** The board a `RemoteEbbDriver` drives: the virtual plotter, or a USB port the page holds. */
export type RemoteTarget =
  | { kind: 'virtual'; firmware: EmulatedFirmware; speedUp: number }
  | {
      kind: 'serial';
      /** A port the page was granted (`requestPort` needs the page's user gesture). */
      port: SerialPortLike;
      /** The page's Web Serial, to tell the worker which granted port this is. */
      serial: Pick<NonNullable<PlotHost['serial']>, 'getPorts'>;
      /**
       * The port is the browser's own (`isBrowserSerialPort`), so a worker's Web Serial lists
       * it too. A fake serial injected into the page is not: its streams go to the worker.
       */
      browserPort: boolean;
    };

export interface RemoteEbbDriverOptions {
  pen: Partial<PenServo>;
  /** The page's clock and timers (`RemoteClock` measures between readings with them). */
  page: Pick<PlotHost, 'nowMs' | 'setTimeout' | 'clearTimeout'>;
}

/**
 * An `EbbDriver` in the plotter worker, driven from the page (`PlotterWorkerHost` is the
 * other end). Same surface and contract as `PlotDriver`; callbacks run on the page in the
 * driver's order. `timer` is the driver's clock seen from the page (`RemoteClock`); `board`
 * is the virtual plotter's latest state (null for USB).
 *
 * Port acquisition: the page asks for the port (`requestPort` needs its user gesture). A
 * worker with Web Serial of its own (Chromium: WorkerNavigator.serial) then opens that port
 * itself, found by its place among the AxiDraw ports it is granted. Otherwise (another
 * browser, a fake serial injected into the page, a port the worker does not list) the page
 * opens the port and transfers its streams to the worker. That fallback still moves every
 * byte through the page's event loop (the streams are piped there), so a busy page still
 * delays them; only the driver's logic runs off the page.
 */
export class RemoteEbbDriver implements PlotDriver {
  readonly firmware: FirmwareVersion;
  readonly timer: RemoteClock;
  /** Where the driver runs (`DedicatedWorkerGlobalScope`, or `page` without workers). */
  readonly runsIn: string;
  board: VirtualBoardState | null;
  private readonly channel: PlotterChannel;
  private readonly closePagePort: (() => Promise<void>) | null;
  private readonly plots = new Map<number, { callbacks: PlotCallbacks; error: unknown }>();
  private closed = false;

  private constructor(
    channel: PlotterChannel,
    runsIn: string,
    opened: Opened,
    at: Reading,
    options: RemoteEbbDriverOptions,
    closePagePort: (() => Promise<void>) | null,
  ) {
    this.channel = channel;
    this.runsIn = runsIn;
    this.firmware = opened.firmware;
    this.timer = new RemoteClock(options.page, opened.clockRate, at.driverMs);
    this.board = at.board;
    this.closePagePort = closePagePort;
    channel.onReading = (reading) => this.read(reading);
    channel.onEvents = (id, events, reading) => this.dispatch(id, events, reading);
  }

  /** Start driving `target` in the worker behind `link`; rejects with the driver's error. */
  static async open(
    link: PlotterWorkerLink,
    target: RemoteTarget,
    options: RemoteEbbDriverOptions,
  ): Promise<RemoteEbbDriver> {
    const channel = new PlotterChannel(link);
    let closePagePort: (() => Promise<void>) | null = null;
    const open = async (wire: OpenTarget, transfer: Transferable[] = []) => {
      const { value, at } = await channel.request(
        (id) => ({ type: 'open', id, target: wire, pen: options.pen }),
        transfer,
      );
      return { opened: value as Opened, at };
    };
    try {
      const hello = await channel.hello;
      let reply: { opened: Opened; at: Reading } | null = null;
      if (target.kind === 'virtual') reply = await open(target);
      else {
        if (hello.serial && target.browserPort) reply = await openGranted(open, target);
        if (!reply) {
          await openOnPage(target.port);
          closePagePort = () => closeOnPage(target.port);
          const streams = transferablePortStreams(target.port);
          reply = await open({ kind: 'streams', ...streams }, [streams.readable, streams.writable]);
        }
      }
      return new RemoteEbbDriver(
        channel,
        hello.scope,
        reply.opened,
        reply.at,
        options,
        closePagePort,
      );
    } catch (e) {
      channel.terminate();
      await closePagePort?.();
      throw e;
    }
  }

  plot(
    plan: Float64Array,
    callbacks: PlotCallbacks = {},
    options: PlotRunOptions = {},
  ): Promise<PlotOutcome> {
    let plotId = -1;
    const done = this.channel.request((id) => {
      plotId = id;
      this.plots.set(id, { callbacks, error: null });
      // The plan is copied, not transferred: the console keeps it for its record.
      return { type: 'call', id, call: { method: 'plot', plan, options } };
    });
    return done.then(
      ({ value }) => {
        const failed = this.plots.get(plotId)?.error ?? null;
        this.plots.delete(plotId);
        if (failed !== null) throw failed;
        return value as PlotOutcome;
      },
      (e: unknown) => {
        this.plots.delete(plotId);
        throw e;
      },
    );
  }

  pause(mode: PauseMode = 'end-of-path'): void {
    this.channel.post({ type: 'pause', mode });
  }

  resume(): void {
    this.channel.post({ type: 'resume' });
  }

  abort(): void {
    this.channel.post({ type: 'abort' });
  }

  setPen(pen: Partial<PenServo>): void {
    this.channel.post({ type: 'set-pen', pen });
  }

  movePen(up: boolean): Promise<void> {
    return this.call({ method: 'movePen', up });
  }

  goHome(): Promise<void> {
    return this.call({ method: 'goHome' });
  }

  query(command: string, shape?: ReplyShape): Promise<string> {
    return this.call({ method: 'query', command, shape });
  }

  querySteps(): Promise<[number, number]> {
    return this.call({ method: 'querySteps' });
  }

  waitIdle(): Promise<boolean> {
    return this.call({ method: 'waitIdle' });
  }

  /** Close the port and stop the worker; a port the page opened is closed last. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.call({ method: 'close' }).catch(() => undefined);
    this.channel.terminate(
      new EbbError('disconnected', 'expected an open plotter, the driver was closed'),
    );
    await this.closePagePort?.();
  }

  private async call<M extends DriverCall['method']>(
    call: Extract<DriverCall, { method: M }>,
  ): Promise<CallResults[M]> {
    const { value } = await this.channel.request((id) => ({ type: 'call', id, call }));
    return value as CallResults[M];
  }

  private read(reading: Reading): void {
    this.timer.update(reading.driverMs);
    this.board = reading.board;
  }

  /**
   * One batch of a plot's callbacks. A callback that throws ends the plot as it would in
   * the driver itself: the plot is aborted and `plot` rejects with that error.
   */
  private dispatch(id: number, events: PlotEvent[], reading: Reading): void {
    this.board = reading.board;
    const plot = this.plots.get(id);
    for (const event of events) {
      this.timer.at(event.driverMs, () => {
        if (!plot || plot.error !== null) return;
        const cb = plot.callbacks;
        try {
          if (event.kind === 'progress') cb.onProgress?.(event.progress);
          else if (event.kind === 'checkpoint') cb.onCheckpoint?.(event.checkpoint);
          else cb.onPause?.(event.reason);
        } catch (e) {
          plot.error = e;
          this.abort();
        }
      });
    }
    this.timer.update(reading.driverMs);
  }
}

/**
 * Have the worker open the granted port through its own Web Serial; null if it cannot see
 * that port (the page's serial is not the browser's: a fake injected into the page).
 */
async function openGranted<T>(
  open: (wire: OpenTarget) => Promise<T>,
  target: Extract<RemoteTarget, { kind: 'serial' }>,
): Promise<T | null> {
  const index = (await target.serial.getPorts()).filter(isAxidrawPort).indexOf(target.port);
  if (index < 0) return null;
  try {
    return await open({ kind: 'granted', index });
  } catch (e) {
    if (e instanceof Error && e.name === PORT_NOT_GRANTED) return null;
    throw e;
  }
}

/** Open a port on the page, failing as the driver's own open would. */
async function openOnPage(port: SerialPortLike): Promise<void> {
  try {
    await port.open({ baudRate: 115200 });
  } catch (e) {
    throw new EbbError(
      'disconnected',
      `expected the serial port to open, got: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/**
 * Close a port whose streams went to the worker. The worker has ended them, but the pipes
 * that carried them release the port's own streams a little later, and Web Serial refuses
 * to close a port whose streams are still locked: try for a second.
 */
async function closeOnPage(port: SerialPortLike): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await port.close();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
