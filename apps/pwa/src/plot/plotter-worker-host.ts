import { EbbDriver } from '@fabdesk/shared/ebb/driver/ebb-driver.ts';
import { EbbError } from '@fabdesk/shared/ebb/driver/ebb-error.ts';
import type { EbbTimer } from '@fabdesk/shared/ebb/driver/ebb-timer.ts';
import type { PenServo } from '@fabdesk/shared/ebb/driver/motion-writer.ts';
import type { PlotCallbacks } from '@fabdesk/shared/ebb/driver/plot-callbacks.ts';
import type { SerialPortLike } from '@fabdesk/shared/ebb/serial-port-like.ts';
import { isAxidrawPort } from './axidraw-usb-filter.ts';
import type { PlotHost } from './plot-host.ts';
import {
  type DriverCall,
  type FromWorker,
  type OpenTarget,
  type Opened,
  type PlotEvent,
  type PlotterEndpoint,
  PORT_NOT_GRANTED,
  type Reading,
  type ToWorker,
} from './plotter-worker-protocol.ts';
import { toWireError } from './plotter-wire-error.ts';
import type { RealTimeClock } from './real-time-clock.ts';
import { RealTimeEmulator } from './real-time-emulator.ts';
import { streamBackedPort } from './stream-backed-port.ts';

export interface PlotterWorkerEnv {
  /** Where the host runs, told to the page (`DedicatedWorkerGlobalScope` in the worker). */
  scope: string;
  /** The context's own Web Serial: Chromium exposes it in dedicated workers. */
  serial: Pick<NonNullable<PlotHost['serial']>, 'getPorts'> | undefined;
  clock: RealTimeClock;
}

/** What the driver in this host is doing, for developer tools and the e2e suite. */
export interface PlotterDiagnostics {
  scope: string;
  /** Does this context have Web Serial of its own (it can open a granted port itself)? */
  webSerial: boolean;
  board: 'none' | 'usb' | 'virtual';
  driverMs: number | null;
  /** Commands the virtual board has parsed so far. */
  commands: number | null;
  underruns: number | null;
}

/** How often the clock and the virtual board's state go to the page, real ms. */
const STATUS_MS = 50;

/**
 * The plotter worker's side of `RemoteEbbDriver`: holds the port, the `EbbDriver` (and for
 * the virtual plotter the `RealTimeEmulator`), runs what the page asks and sends back
 * replies, the plot's callbacks and the board's state (`plotter-worker-protocol.ts`).
 * Everything the board's flow control waits on happens here, so a long task on the page
 * (a big sync, a render) no longer delays the driver's reaction to the board.
 *
 * Ordering: a call's plot events are posted before its reply; fire-and-forget messages act
 * at once, in the order received.
 */
export class PlotterWorkerHost {
  private readonly endpoint: PlotterEndpoint;
  private readonly env: PlotterWorkerEnv;
  private driver: EbbDriver | null = null;
  private board: RealTimeEmulator | null = null;
  private timer: EbbTimer;
  private statusTimer: unknown = null;
  private events: PlotEvent[] = [];
  private eventsOf = -1;
  private flushQueued = false;

  constructor(endpoint: PlotterEndpoint, env: PlotterWorkerEnv) {
    this.endpoint = endpoint;
    this.env = env;
    this.timer = this.realTimer();
    endpoint.onmessage = (event) => this.receive(event.data as ToWorker);
    this.post({ type: 'hello', scope: env.scope, serial: env.serial !== undefined });
  }

  /** The virtual plotter this host runs, if that is what is open (tests, diagnostics). */
  get virtualBoard(): RealTimeEmulator | null {
    return this.board;
  }

  diagnostics(): PlotterDiagnostics {
    return {
      scope: this.env.scope,
      webSerial: this.env.serial !== undefined,
      board: this.driver === null ? 'none' : this.board ? 'virtual' : 'usb',
      driverMs: this.driver ? this.timer.now() : null,
      commands: this.board?.emulator.commandLog.length ?? null,
      underruns: this.board?.emulator.underruns ?? null,
    };
  }

  /** Close the board and stop reporting (the worker is going away). */
  async shutDown(): Promise<void> {
    await this.shut();
  }

  private receive(message: ToWorker): void {
    switch (message.type) {
      case 'open':
        void this.answer(message.id, () => this.open(message.target, message.pen));
        return;
      case 'call':
        void this.answer(message.id, () => this.call(message.id, message.call));
        return;
      case 'pause':
        this.driver?.pause(message.mode);
        return;
      case 'resume':
        this.driver?.resume();
        return;
      case 'abort':
        this.driver?.abort();
        return;
      case 'set-pen':
        this.driver?.setPen(message.pen);
        return;
    }
  }

  private async answer(id: number, work: () => Promise<unknown>): Promise<void> {
    let reply: FromWorker;
    try {
      const value = await work();
      reply = { type: 'reply', id, ok: true, value, at: this.reading() };
    } catch (error) {
      reply = { type: 'reply', id, ok: false, error: toWireError(error), at: this.reading() };
    }
    this.flush();
    this.post(reply);
  }

  private async open(target: OpenTarget, pen: Partial<PenServo>): Promise<Opened> {
    await this.shut();
    if (target.kind === 'virtual') {
      const board = new RealTimeEmulator(target.firmware, this.env.clock, target.speedUp);
      board.start();
      try {
        this.driver = await EbbDriver.open(board.port, { timer: board.timer, pen });
      } catch (e) {
        board.stop();
        throw e;
      }
      this.board = board;
      this.timer = board.timer;
    } else {
      const port =
        target.kind === 'granted'
          ? await this.grantedPort(target.index)
          : streamBackedPort(target.readable, target.writable);
      this.timer = this.realTimer();
      try {
        this.driver = await EbbDriver.open(port, { timer: this.timer, pen });
      } catch (e) {
        // Some failures leave the port open (no reply to V): the page must be able to
        // close it or try again.
        await port.close().catch(() => undefined);
        throw e;
      }
    }
    this.reportStatus();
    return { firmware: this.driver.firmware, clockRate: this.board?.speedUp ?? 1 };
  }

  /**
   * The port the page was granted, found again through this context's own Web Serial: the
   * permission is per origin, so the worker sees the same AxiDraw ports, in the same order.
   * A port the worker cannot see (a fake serial injected into the page) is refused with
   * `PORT_NOT_GRANTED`, and the page hands over the port's streams instead.
   */
  private async grantedPort(index: number): Promise<SerialPortLike> {
    const ports = (await this.env.serial?.getPorts())?.filter(isAxidrawPort) ?? [];
    const port = ports[index];
    if (!port)
      throw Object.assign(
        new Error(
          `expected AxiDraw port ${index + 1} of those this site may use, the plotter worker sees ${ports.length}`,
        ),
        { name: PORT_NOT_GRANTED },
      );
    return port;
  }

  private async call(id: number, call: DriverCall): Promise<unknown> {
    if (call.method === 'close') {
      await this.shut();
      return undefined;
    }
    const driver = this.driver;
    if (!driver)
      throw new EbbError(
        'disconnected',
        `expected an open plotter for '${call.method}', none is open`,
      );
    switch (call.method) {
      case 'plot':
        return driver.plot(call.plan, this.callbacks(id), call.options);
      case 'movePen':
        return driver.movePen(call.up);
      case 'goHome':
        return driver.goHome();
      case 'query':
        return driver.query(call.command, call.shape);
      case 'querySteps':
        return driver.querySteps();
      case 'waitIdle':
        return driver.waitIdle();
    }
  }

  private callbacks(id: number): PlotCallbacks {
    return {
      onProgress: (progress) =>
        this.event(id, { kind: 'progress', progress, driverMs: this.timer.now() }),
      onCheckpoint: (checkpoint) =>
        this.event(id, { kind: 'checkpoint', checkpoint, driverMs: this.timer.now() }),
      onPause: (reason) => this.event(id, { kind: 'pause', reason, driverMs: this.timer.now() }),
    };
  }

  /** Events of one task go out together, at the end of it (or before a reply). */
  private event(id: number, event: PlotEvent): void {
    if (id !== this.eventsOf) this.flush();
    this.eventsOf = id;
    this.events.push(event);
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.events.length === 0) return;
    const events = this.events;
    this.events = [];
    this.post({ type: 'events', id: this.eventsOf, events, at: this.reading() });
  }

  private reading(): Reading {
    const emulator = this.board?.emulator;
    return {
      driverMs: this.timer.now(),
      board: emulator
        ? {
            steps: [emulator.positionSteps[0], emulator.positionSteps[1]],
            penUp: emulator.penUp,
            underruns: emulator.underruns,
          }
        : null,
    };
  }

  private reportStatus(): void {
    this.statusTimer = this.env.clock.setTimeout(() => {
      if (!this.driver) return;
      this.post({ type: 'status', at: this.reading() });
      this.reportStatus();
    }, STATUS_MS);
  }

  private async shut(): Promise<void> {
    const { driver, board } = this;
    this.driver = null;
    this.board = null;
    if (this.statusTimer !== null) this.env.clock.clearTimeout(this.statusTimer);
    this.statusTimer = null;
    this.flush();
    if (driver) await driver.close().catch(() => undefined);
    board?.stop();
  }

  private realTimer(): EbbTimer {
    const clock = this.env.clock;
    return { now: clock.nowMs, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout };
  }

  private post(message: FromWorker): void {
    this.endpoint.postMessage(message, []);
  }
}
