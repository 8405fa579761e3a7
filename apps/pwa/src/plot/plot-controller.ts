import { AxiKinematics } from '@fabdesk/shared/ebb/axidraw-kinematics.ts';
import { EbbDriver, type PauseMode } from '@fabdesk/shared/ebb/driver/ebb-driver.ts';
import type { EbbTimer } from '@fabdesk/shared/ebb/driver/ebb-timer.ts';
import type { EmulatedFirmware } from '@fabdesk/shared/ebb/emulator/firmware-profile.ts';
import type { JobState } from '@fabdesk/shared/lifecycle/job-state.ts';
import type { EventType } from '@fabdesk/shared/models/event.ts';
import type { MotionPlan } from '@fabdesk/shared/plan/plan-motion.ts';
import { axidrawProfile } from '@fabdesk/shared/plan/axidraw-models.ts';
import { makePlotCheckpoint } from '@fabdesk/shared/plot/make-plot-checkpoint.ts';
import type { PlotCheckpoint } from '@fabdesk/shared/plot/plot-checkpoint.ts';
import { type PreparedResume, prepareResume } from '@fabdesk/shared/plot/prepare-resume.ts';
import type { ResumedPlan } from '@fabdesk/shared/plot/resume-plan.ts';
import type { PlotStatsDocument } from '@fabdesk/sync/plot-stats-document.ts';
import { penServoPositions } from './pen-servo-positions.ts';
import type { PlotHost } from './plot-host.ts';
import { PlotRecorder } from './plot-recorder.ts';
import type { PlotterSettings } from './plotter-settings.ts';
import { RealTimeEmulator } from './real-time-emulator.ts';

/** AxiDraw's EiBotBoard on USB (Microchip vendor id, the EBB's product id). */
export const AXIDRAW_USB_FILTER = { usbVendorId: 0x04d8, usbProductId: 0xfd92 };

type Details = Record<string, string | number | boolean | null>;

/** Where a plot's record goes: job moves with their events, checkpoints, the statistics. */
export interface PlotRecordPort {
  moveJob(to: JobState, event: { type: EventType; details: Details }): Promise<void>;
  saveCheckpoint(checkpoint: PlotCheckpoint): Promise<void>;
  clearCheckpoint(): Promise<void>;
  saveStats(make: (id: string) => PlotStatsDocument): Promise<void>;
}

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

interface Connection {
  driver: EbbDriver;
  timer: EbbTimer;
  board: RealTimeEmulator | null;
  label: string;
  close(): Promise<void>;
}

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * One plotter connection and the plot on it: connects (Web Serial with the AxiDraw filter,
 * or the built-in virtual plotter), tests the pen, streams a plan with the EBB driver and
 * turns what the driver reports into the job's record — lifecycle moves with Plot* events,
 * a checkpoint at every pen-up the board has run, and the statistics when the plot ends.
 * Record writes run one at a time, in order, so a quick pause/resume never races.
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
  private connection: Connection | null = null;
  private recorder: PlotRecorder | null = null;
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
    return (
      ports.find((p) => {
        const info = p.getInfo();
        return (
          info.usbVendorId === AXIDRAW_USB_FILTER.usbVendorId &&
          info.usbProductId === AXIDRAW_USB_FILTER.usbProductId
        );
      }) ?? null
    );
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
      const timer = {
        now: () => this.host.nowMs(),
        setTimeout: (cb: () => void, ms: number) => this.host.setTimeout(cb, ms),
        clearTimeout: (h: unknown) => this.host.clearTimeout(h),
      };
      const driver = await EbbDriver.open(port, { timer, pen: this.pen(settings) });
      const v = driver.firmware;
      return {
        driver,
        timer,
        board: null,
        label: `AxiDraw on USB (firmware ${v.major}.${v.minor}.${v.patch})`,
        close: () => driver.close(),
      };
    });
  }

  async connectVirtual(
    settings: PlotterSettings,
    firmware: EmulatedFirmware,
    speedUp: number,
  ): Promise<void> {
    await this.open(async () => {
      const board = new RealTimeEmulator(firmware, this.host, speedUp);
      board.start();
      const driver = await EbbDriver.open(board.port, {
        timer: board.timer,
        pen: this.pen(settings),
      });
      return {
        driver,
        timer: board.timer,
        board,
        label: `Virtual plotter (firmware ${firmware}, ${speedUp}× speed)`,
        async close() {
          await driver.close();
          board.stop();
        },
      };
    });
  }

  private async open(make: () => Promise<Connection>): Promise<void> {
    await this.disconnect();
    this.set({ phase: 'connecting', message: null });
    try {
      this.connection = await make();
      this.set({ phase: 'ready', connection: this.connection.label, penDown: null });
      this.tick();
    } catch (e) {
      this.set({ phase: 'disconnected', message: `Could not connect: ${describe(e)}` });
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
    if (c.board) {
      const [m1, m2] = c.board.emulator.positionSteps;
      const [xMm, yMm] = AxiKinematics.pointMm(m1, m2);
      change.position = { xMm, yMm };
      change.penDown = !c.board.emulator.penUp;
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
    await this.stream(c, options, {
      blocks: plan.blocks,
      durationS: plan.durationS,
      sourceBlock: null,
      skipBlocks: 0,
      toPlanProgress: (cp) => ({
        layerIndex: cp.layer,
        pathIndex: cp.pathIndex,
        penDownDistanceMm: cp.penDownDistanceMm,
        xMm: cp.xMm,
        yMm: cp.yMm,
      }),
      start: () =>
        options.record.moveJob('PLOTTING', {
          type: 'PlotStarted',
          details: { ...options.details, plotter: c.label, estimatedS: plan.durationS },
        }),
    });
  }

  /**
   * Continues a plot interrupted by a page reload, a crash or a pulled cable (the job is
   * PLOTTING or PAUSED, its latest checkpoint stored) on the connected plotter:
   * `prepareResume` finds where the board stopped (kept power) or has the user home the
   * carriage (`confirmHome`, power lost — always so for a new virtual plotter), then the
   * rest of the plan streams like a plot, with checkpoints and progress in the original
   * plan's terms. The recorder counts the blocks before the resume point as plotted, so the
   * statistics' distances and path counts cover the whole plot; its clock only measured
   * this run. Resolves when the plot has ended; a refused checkpoint leaves the job as it was.
   */
  async resumeInterrupted(
    options: PlotOptions & {
      checkpoint: PlotCheckpoint | null;
      /** The job's state now: a PLOTTING job is first recorded as PAUSED by the interruption. */
      jobState: JobState;
      confirmHome(): Promise<void>;
    },
  ): Promise<void> {
    const c = this.connection;
    if (!c || this.busy) return;
    this.set({ phase: 'resuming', message: null });
    let prepared: PreparedResume;
    try {
      prepared = await prepareResume({
        driver: c.driver,
        plan: options.plan,
        jobId: options.jobId,
        planHash: options.planHash,
        // Every stock AxiDraw has the same motion limits; only the travel area differs.
        profile: axidrawProfile('axidraw-v3'),
        checkpoint: options.checkpoint,
        confirmHome: options.confirmHome,
      });
    } catch (e) {
      this.set({ phase: 'ready', message: `The plot cannot be resumed: ${describe(e)}` });
      return;
    }
    const { resumed, point, positionFrom } = prepared;
    const { record } = options;
    await this.stream(c, options, {
      blocks: resumed.blocks,
      durationS: resumed.durationS,
      sourceBlock: resumed.sourceBlock,
      skipBlocks: point.blockIndex,
      toPlanProgress: resumed.toPlanProgress,
      start: async () => {
        if (options.jobState === 'PLOTTING')
          await record.moveJob('PAUSED', {
            type: 'PlotPaused',
            details: { reason: 'interrupted', layer: null, elapsedS: null },
          });
        await record.moveJob('PLOTTING', {
          type: 'PlotResumed',
          details: {
            after: 'interruption',
            positionFrom,
            layer: options.plan.layers[point.layerIndex]?.name ?? null,
            pathIndex: point.pathIndex,
            plotter: c.label,
            estimatedS: Math.round(resumed.durationS * 10) / 10,
          },
        });
      },
    });
  }

  private async stream(
    c: Connection,
    options: PlotOptions,
    run: {
      blocks: Float64Array;
      durationS: number;
      /** For each streamed block, the plan block it continues; null when streaming the plan. */
      sourceBlock: Int32Array | null;
      /** Plan blocks already plotted before this run (counted in the statistics). */
      skipBlocks: number;
      toPlanProgress: ResumedPlan['toPlanProgress'];
      start(): Promise<void>;
    },
  ): Promise<void> {
    const { record, plan } = options;
    const recorder = new PlotRecorder(plan);
    this.recorder = recorder;
    this.recordPort = record;
    recorder.start(c.timer.now());
    if (run.skipBlocks > 0) recorder.reached(run.skipBlocks - 1, c.timer.now());
    const planBlock = (i: number) => (run.sourceBlock ? (run.sourceBlock[i] ?? 0) : i);
    this.set({ phase: 'plotting', message: null, elapsedS: 0, remainingS: run.durationS });
    this.record(run.start);
    this.releaseAwake = await this.host.keepAwake();
    this.stopWarning = this.host.warnBeforeLeaving();
    let result: 'completed' | 'aborted' | 'failed' = 'failed';
    let failure = '';
    try {
      const { completed } = await c.driver.plot(run.blocks, {
        onProgress: (p) => {
          recorder.reached(planBlock(p.blockIndex), c.timer.now());
          if (!c.board) this.set({ position: { xMm: p.xMm, yMm: p.yMm }, penDown: p.penDown });
        },
        onCheckpoint: (cp) => {
          const saved = makePlotCheckpoint(options.jobId, options.planHash, run.toPlanProgress(cp));
          this.record(() => record.saveCheckpoint(saved));
        },
        onPause: (reason) => {
          const now = c.timer.now();
          recorder.paused(now);
          const pauseBlock = reason === 'plan' ? recorder.upcomingLayer() : null;
          this.set({
            phase: reason === 'plan' ? 'pen-swap' : 'paused',
            swapLayer: pauseBlock,
            elapsedS: recorder.elapsedS(now),
          });
          this.record(() =>
            record.moveJob('PAUSED', {
              type: 'PlotPaused',
              details: {
                reason: reason === 'plan' ? 'pen-swap' : reason,
                layer: pauseBlock === null ? null : (plan.layers[pauseBlock]?.name ?? null),
                elapsedS: Math.round(recorder.elapsedS(now) * 10) / 10,
              },
            }),
          );
        },
      });
      result = completed ? 'completed' : 'aborted';
    } catch (e) {
      failure = describe(e);
    }
    const now = c.timer.now();
    recorder.finish(now, result === 'completed');
    const eventType =
      result === 'completed'
        ? 'PlotCompleted'
        : result === 'aborted'
          ? 'PlotAborted'
          : 'PlotFailed';
    const to: JobState =
      result === 'completed' ? 'COMPLETED' : result === 'aborted' ? 'ABORTED' : 'FAILED';
    const endDetails: Details = {
      durationS: Math.round(recorder.elapsedS(now) * 10) / 10,
      estimatedS: Math.round(plan.durationS * 10) / 10,
      layersCompleted: recorder.layerRecords.filter((l) => l.completed).length,
      ...(c.board ? { underruns: c.board.emulator.underruns } : {}),
      ...(failure ? { message: failure.slice(0, 500) } : {}),
    };
    this.record(() => record.saveStats((id) => options.stats(recorder, now, eventType, id)));
    this.record(() => record.moveJob(to, { type: eventType, details: endDetails }));
    // A failed plot keeps its checkpoint: that is where a resume starts.
    if (result !== 'failed') this.record(() => record.clearCheckpoint());
    this.releaseAwake?.();
    this.stopWarning?.();
    this.releaseAwake = null;
    this.stopWarning = null;
    this.set({
      phase: result,
      swapLayer: null,
      elapsedS: recorder.elapsedS(now),
      remainingS: result === 'completed' ? 0 : recorder.remainingS(),
      message: failure ? `The plot stopped: ${failure}` : null,
    });
    await this.writes;
  }

  pause(mode: PauseMode): void {
    const c = this.connection;
    if (!c || this.snapshot.phase !== 'plotting') return;
    c.driver.pause(mode);
    this.set({ phase: 'pausing' });
  }

  /** Continue after a pause or a pen swap. */
  resume(): void {
    const c = this.connection;
    const recorder = this.recorder;
    const record = this.recordPort;
    if (
      !c ||
      !recorder ||
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
    c.driver.resume();
  }

  abort(): void {
    const c = this.connection;
    if (!c || !this.busy || this.snapshot.phase === 'resuming') return;
    this.set({ phase: 'aborting' });
    c.driver.abort();
  }
}

/** What a plot or a resumed plot streams and where its record goes. */
export interface PlotOptions {
  jobId: string;
  planHash: string;
  plan: MotionPlan;
  record: PlotRecordPort;
  details: Details;
  stats: (
    recorder: PlotRecorder,
    nowMs: number,
    eventType: StatsEvent,
    id: string,
  ) => PlotStatsDocument;
}

export type StatsEvent = 'PlotCompleted' | 'PlotAborted' | 'PlotFailed';
