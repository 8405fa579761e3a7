import { AxiKinematics } from '@fabdesk/shared/ebb/axidraw-kinematics.ts';
import { describeEbbError } from '@fabdesk/shared/ebb/driver/describe-ebb-error.ts';
import type { EbbErrorCode } from '@fabdesk/shared/ebb/driver/ebb-error.ts';
import type { PauseMode } from '@fabdesk/shared/ebb/driver/pause-gate.ts';
import type { EmulatedFirmware } from '@fabdesk/shared/ebb/emulator/firmware-profile.ts';
import { axidrawProfile } from '@fabdesk/shared/plan/axidraw-models.ts';
import type { PlotMeasured } from '@fabdesk/shared/plot/plot-checkpoint.ts';
import { PlotRecorder } from '@fabdesk/shared/plot/plot-recorder.ts';
import { type PlotRun, plotRun } from '@fabdesk/shared/plot/plot-run.ts';
import { PlotSession } from '@fabdesk/shared/plot/plot-session.ts';
import { AXIDRAW_USB_FILTER, isAxidrawPort } from './axidraw-usb-filter.ts';
import { type InterruptedPlot, interruptedRun } from './interrupted-run.ts';
import { penServoPositions } from './pen-servo-positions.ts';
import type { PlotHost } from './plot-host.ts';
import type { PlotOptions, PlotRecordPort } from './plot-options.ts';
import {
  openSerialPlotter,
  openVirtualPlotter,
  type PlotterConnection,
} from './plotter-connection.ts';
import type { PlotterSettings } from './plotter-settings.ts';
import { recordPlot } from './record-plot.ts';

// The console, its tests and the fault tests import these from the controller.
export type { PlotOptions, PlotRecordPort, StatsEvent } from './plot-options.ts';

/** Every stock AxiDraw has the same motion limits; only the travel area differs. */
const STOCK_AXIDRAW = axidrawProfile('axidraw-v3');

export type PlotPhase =
  | 'disconnected'
  | 'connecting'
  | 'ready'
  | 'resuming'
  | 'plotting'
  | 'pausing'
  | 'paused'
  | 'pen-swap'
  | 'completed'
  | 'aborting'
  | 'aborted'
  /** A plotter fault stopped the plot after a checkpoint: the job is PAUSED, resumable. */
  | 'stopped'
  | 'failed';

/** What the console shows; a new object on every change. */
export interface PlotSnapshot {
  phase: PlotPhase;
  /** "Virtual plotter (firmware 3.0.3, 50× speed)" or "AxiDraw on USB (firmware 2.8.1)". */
  connection: string | null;
  message: string | null;
  penDown: boolean | null;
  position: { xMm: number; yMm: number } | null;
  elapsedS: number;
  remainingS: number | null;
  /** Position in the plan's layer table of the layer being drawn. */
  layer: number | null;
  /** The layer waiting for a pen swap (position in the plan's layer table). */
  swapLayer: number | null;
}

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * One plotter connection and the plot on it: connects (Web Serial with the AxiDraw filter,
 * or the built-in virtual plotter), tests the pen, runs a plan as a `PlotSession` (pauses,
 * pen swaps, a pause-now continued from the exact point) and records it with `recordPlot` —
 * lifecycle moves with Plot* events, a checkpoint at every pen-up the board has run, and
 * the statistics when the plot ends. Record writes run one at a time, in order, so a quick
 * pause/resume never races.
 */
export class PlotController {
  private snapshot: PlotSnapshot = {
    phase: 'disconnected',
    connection: null,
    message: null,
    penDown: null,
    position: null,
    elapsedS: 0,
    remainingS: null,
    layer: null,
    swapLayer: null,
  };
  private readonly listeners = new Set<(s: PlotSnapshot) => void>();
  private readonly host: PlotHost;
  private connection: PlotterConnection | null = null;
  private recorder: PlotRecorder | null = null;
  private session: PlotSession | null = null;
  private recordPort: PlotRecordPort | null = null;
  private writes: Promise<void> = Promise.resolve();
  private ticker: unknown = null;
  private releaseAwake: (() => void) | null = null;
  private stopWarning: (() => void) | null = null;

  constructor(host: PlotHost) {
    this.host = host;
  }

  get state(): PlotSnapshot {
    return this.snapshot;
  }

  subscribe(listener: (s: PlotSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(change: Partial<PlotSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const l of this.listeners) l(this.snapshot);
  }

  get busy(): boolean {
    return ['resuming', 'plotting', 'pausing', 'paused', 'pen-swap', 'aborting'].includes(
      this.snapshot.phase,
    );
  }

  /** A port the browser already granted (no prompt), or null. */
  async grantedPort() {
    const ports = (await this.host.serial?.getPorts()) ?? [];
    return ports.find(isAxidrawPort) ?? null;
  }

  async connectSerial(settings: PlotterSettings, prompt: boolean): Promise<void> {
    const serial = this.host.serial;
    if (!serial) {
      this.set({ message: 'This browser cannot reach USB serial devices. Use Chrome or Edge.' });
      return;
    }
    await this.open(async () => {
      const port =
        (await this.grantedPort()) ??
        (prompt ? await serial.requestPort({ filters: [AXIDRAW_USB_FILTER] }) : null);
      if (!port) throw new Error('No plotter has been allowed on this device yet.');
      return openSerialPlotter(this.host, port, this.pen(settings));
    });
  }

  async connectVirtual(
    settings: PlotterSettings,
    firmware: EmulatedFirmware,
    speedUp: number,
  ): Promise<void> {
    await this.open(() => openVirtualPlotter(this.host, firmware, speedUp, this.pen(settings)));
  }

  private async open(make: () => Promise<PlotterConnection>): Promise<void> {
    await this.disconnect();
    this.set({ phase: 'connecting', message: null });
    try {
      this.connection = await make();
      this.set({ phase: 'ready', connection: this.connection.label, penDown: null });
      this.tick();
    } catch (e) {
      this.set({ phase: 'disconnected', message: `Could not connect: ${describeEbbError(e)}` });
    }
  }

  async disconnect(): Promise<void> {
    const c = this.connection;
    this.connection = null;
    if (this.ticker !== null) this.host.clearTimeout(this.ticker);
    this.ticker = null;
    if (c) await c.close().catch(() => undefined);
    this.set({ phase: 'disconnected', connection: null, penDown: null });
  }

  private pen(settings: PlotterSettings) {
    return penServoPositions(settings.penUpPercent, settings.penDownPercent);
  }

  /** Apply new heights and move the pen there (the live calibration test). */
  async testPen(settings: PlotterSettings, up: boolean): Promise<void> {
    const c = this.connection;
    if (!c || this.busy) return;
    c.driver.setPen(this.pen(settings));
    try {
      await c.driver.movePen(up);
      this.set({ penDown: !up, message: null });
    } catch (e) {
      this.set({ message: `The pen did not move: ${describe(e)}` });
    }
  }

  /** Position and times, refreshed a few times a second while connected. */
  private tick(): void {
    const c = this.connection;
    if (!c) return;
    const now = c.timer.now();
    const change: Partial<PlotSnapshot> = {};
    const board = c.board;
    if (board) {
      const [xMm, yMm] = AxiKinematics.pointMm(board.steps[0], board.steps[1]);
      change.position = { xMm, yMm };
      change.penDown = !board.penUp;
    }
    if (this.recorder && this.busy) {
      change.elapsedS = this.recorder.elapsedS(now);
      change.remainingS = this.recorder.remainingS();
      change.layer = this.recorder.currentLayer;
    }
    this.set(change);
    this.ticker = this.host.setTimeout(() => this.tick(), 200);
  }

  private record(work: () => Promise<void>): void {
    this.writes = this.writes.then(work).catch((e) => {
      this.set({ message: `The job record could not be saved: ${describe(e)}` });
    });
  }

  /** Streams `plan` (the job must be ARMED); resolves when the plot has ended. */
  async plot(options: PlotOptions): Promise<void> {
    const c = this.connection;
    if (!c || this.busy) return;
    const { plan } = options;
    await this.stream(c, options, plotRun(plan), null, () =>
      options.record.moveJob('PLOTTING', {
        type: 'PlotStarted',
        details: { ...options.details, plotter: c.label, estimatedS: plan.durationS },
      }),
    );
  }

  /**
   * Continues a plot interrupted by a page reload, a crash or a pulled cable (the job is
   * PLOTTING or PAUSED, its latest checkpoint stored) on the connected plotter from where
   * `interruptedRun` says (the board's counters, or the user homes the carriage), then the
   * rest of the plan streams like a plot, with checkpoints and progress in the original
   * plan's terms. The recorder counts the blocks before the resume point as plotted, and
   * adds the time the earlier run measured up to the checkpoint, so the statistics cover
   * the whole plot. Resolves when the plot has ended; a refused checkpoint leaves the job
   * as it was.
   */
  async resumeInterrupted(options: PlotOptions & InterruptedPlot): Promise<void> {
    const c = this.connection;
    if (!c || this.busy) return;
    this.set({ phase: 'resuming', message: null });
    let resumed: Awaited<ReturnType<typeof interruptedRun>>;
    try {
      resumed = await interruptedRun(c, options, options.profile ?? STOCK_AXIDRAW);
    } catch (e) {
      this.set({ phase: 'ready', message: `The plot cannot be resumed: ${describe(e)}` });
      return;
    }
    await this.stream(c, options, resumed.run, resumed.earlier, resumed.start);
  }

  /** One plot session from `run` to its end, recorded (`recordPlot`), the screen kept awake. */
  private async stream(
    c: PlotterConnection,
    options: PlotOptions,
    run: PlotRun,
    earlier: PlotMeasured | null,
    start: () => Promise<void>,
  ): Promise<void> {
    const recorder = new PlotRecorder(options.plan);
    if (earlier) recorder.carryOver(earlier);
    const session = new PlotSession(c.driver, options.plan, options.profile ?? STOCK_AXIDRAW);
    this.recorder = recorder;
    this.session = session;
    this.recordPort = options.record;
    this.releaseAwake = await this.host.keepAwake();
    this.stopWarning = this.host.warnBeforeLeaving();
    let fault: EbbErrorCode | null = null;
    try {
      ({ fault } = await recordPlot({
        connection: c,
        options,
        session,
        recorder,
        run,
        start,
        set: (change) => this.set(change),
        record: (work) => this.record(work),
      }));
    } finally {
      this.releaseAwake?.();
      this.stopWarning?.();
      this.releaseAwake = null;
      this.stopWarning = null;
    }
    await this.writes;
    // A lost board cannot be used again: let it go, so the console offers to connect.
    if (fault === 'disconnected' && this.connection === c) await this.disconnect();
  }

  pause(mode: PauseMode): void {
    const session = this.session;
    if (!session || this.snapshot.phase !== 'plotting') return;
    session.pause(mode);
    this.set({ phase: 'pausing' });
  }

  /** Continue after a pause or a pen swap. */
  resume(): void {
    const c = this.connection;
    const { recorder, session, recordPort: record } = this;
    if (
      !c ||
      !recorder ||
      !session ||
      !record ||
      (this.snapshot.phase !== 'paused' && this.snapshot.phase !== 'pen-swap')
    )
      return;
    const wasSwap = this.snapshot.phase === 'pen-swap';
    recorder.resumed(c.timer.now());
    this.set({ phase: 'plotting', swapLayer: null });
    this.record(() =>
      record.moveJob('PLOTTING', {
        type: 'PlotResumed',
        details: { after: wasSwap ? 'pen-swap' : 'pause' },
      }),
    );
    session.resume();
  }

  abort(): void {
    if (!this.session || !this.busy || this.snapshot.phase === 'resuming') return;
    this.set({ phase: 'aborting' });
    this.session.abort();
  }
}
