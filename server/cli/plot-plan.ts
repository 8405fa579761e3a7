import { setImmediate } from 'node:timers/promises';
import { EbbDriver } from '@fabdesk/shared/ebb/driver/ebb-driver.ts';
import { EbbError } from '@fabdesk/shared/ebb/driver/ebb-error.ts';
import type { EbbTimer } from '@fabdesk/shared/ebb/driver/ebb-timer.ts';
import { createEmulatedPort } from '@fabdesk/shared/ebb/emulator/create-emulated-port.ts';
import { EbbEmulator } from '@fabdesk/shared/ebb/emulator/ebb-emulator.ts';
import { VirtualTimer } from '@fabdesk/shared/ebb/emulator/virtual-timer.ts';
import type { MotionPlan } from '@fabdesk/shared/plan/plan-motion.ts';
import { PlotRecorder } from '@fabdesk/shared/plot/plot-recorder.ts';
import { createNodeSerial } from '../serial/node-serial.ts';
import type { PlotObserver, PlotResult } from './plot-observer.ts';
import { progressPrinter } from './progress-printer.ts';
import { virtualPlotFigures } from './virtual-plot-figures.ts';

const AXIDRAW_FILTER = { usbVendorId: 0x04d8, usbProductId: 0xfd92 };

/** The options `plotPlan` reads (parsed and checked by `runPlotCommand`). */
export interface PlotOptions {
  virtual: boolean;
  firmware: '2.8.1' | '3.0.3';
  json: boolean;
  port?: string | undefined;
  /** Aborting it stops the plot (pen up, as Ctrl-C does): the job mode's lease was lost. */
  signal?: AbortSignal;
  /** The job's record (job mode); the file mode records nothing. */
  observer?: PlotObserver;
  /** The pen a plan layer needs, in words for the pen-swap prompt (job mode knows the pens). */
  penFor?: (layer: number) => string;
}

/** An open plotter: the driver, the clock the plot is measured on, and how to close it. */
interface Plotter {
  driver: EbbDriver;
  label: string;
  nowMs(): number;
  /** When the board finished moving (the emulator knows; a real board: now). */
  endMs(): number;
  /** Runs the plot to its end (the virtual plotter drives its clock meanwhile). */
  run<T>(work: Promise<T>): Promise<T>;
  /** The virtual plotter, and its command log's length before the plot. */
  emulator?: EbbEmulator;
  commandsBefore: number;
  port?: string;
}

/**
 * Plots a decoded plan with the EBB driver (emulator or serial) and prints the report;
 * `origin` (the file, or the job) heads it. Shared by the file and the job modes so both
 * report the same figures. Every pause is reported with the layer and pen it is for: a
 * pen swap on a real plotter waits for Enter, the virtual plotter goes on by itself. The
 * plot's progress feeds a `PlotRecorder` (the PWA's, in shared/) whose figures the job
 * mode's observer turns into the record. Resolves to the exit code.
 */
export async function plotPlan(
  plan: MotionPlan,
  origin: Record<string, unknown>,
  values: PlotOptions,
): Promise<number> {
  const progress = progressPrinter(plan.blocks, values.json);
  const recorder = new PlotRecorder(plan);
  const observer = values.observer;
  let plotter: Plotter;
  try {
    plotter = values.virtual ? await openVirtual(values.firmware) : await openSerial(values.port);
  } catch (error) {
    if (isExpected(error)) {
      console.error(`fabdesk plot: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
  const { driver } = plotter;
  const stop = () => driver.abort();
  // Ctrl-C lifts the pen and ends the plot as aborted (so its record says so).
  if (!values.virtual) process.once('SIGINT', stop);
  values.signal?.addEventListener('abort', stop);

  const onPause = (reason: 'user' | 'button' | 'plan') => {
    const now = plotter.nowMs();
    recorder.paused(now);
    const layer = reason === 'plan' ? recorder.upcomingLayer() : null;
    observer?.paused(reason, layer, now);
    const go = () => {
      recorder.resumed(plotter.nowMs());
      observer?.resumed(reason === 'plan' ? 'pen-swap' : 'pause', plotter.nowMs());
      driver.resume();
    };
    const what =
      layer === null
        ? `paused (${reason})`
        : `pen swap before layer "${plan.layers[layer]?.name ?? layer + 1}": put in ${values.penFor?.(layer) ?? penOfLayer(plan, layer)}`;
    if (values.virtual) {
      // A virtual pen needs no swapping: say so and go on (on the next turn, once the
      // driver is waiting for the resume).
      if (!values.json) process.stderr.write(`\n${what}; the virtual plotter goes on\n`);
      void setImmediate().then(go);
      return;
    }
    process.stderr.write(`\n${what}, then press Enter (Ctrl-C stops the plot)\n`);
    stopWaiting = waitForEnter(go, () => {
      process.stderr.write(
        'fabdesk plot: no terminal to press Enter in (stdin closed); stopping\n',
      );
      stop();
    });
  };

  // A plot stopped (Ctrl-C, lost lease) while waiting for Enter must not leave stdin
  // listening: that would keep the process from exiting.
  let stopWaiting = () => {};

  const startMs = plotter.nowMs();
  recorder.start(startMs);
  observer?.started(recorder, plotter.label, startMs);
  let result: PlotResult = 'failed';
  let failure = '';
  let bug: unknown = null;
  try {
    const outcome = await plotter.run(
      driver.plot(plan.blocks, {
        onProgress: (p) => {
          recorder.reached(p.blockIndex, plotter.nowMs());
          progress(p);
        },
        onPause,
      }),
    );
    result = outcome.completed ? 'completed' : 'aborted';
  } catch (error) {
    // Recorded as failed either way, so the job never stays PLOTTING; a bug is rethrown below.
    failure = error instanceof Error ? error.message : String(error);
    if (!isExpected(error)) bug = error;
  } finally {
    process.off('SIGINT', stop);
    stopWaiting();
  }
  const endMs = plotter.endMs();
  recorder.finish(endMs, result === 'completed');
  observer?.ended(result, endMs, {
    ...(plotter.emulator ? { underruns: plotter.emulator.underruns } : {}),
    ...(failure ? { message: failure.slice(0, 500) } : {}),
  });
  await driver.close().catch(() => undefined);
  if (bug) throw bug;
  if (failure) {
    console.error(`fabdesk plot: ${failure}`);
    return 1;
  }
  const durationS = (endMs - startMs) / 1000;
  const report = {
    ...origin,
    ...(plotter.emulator ? { firmware: values.firmware } : { port: plotter.port }),
    completed: result === 'completed',
    durationS,
    estimateS: plan.durationS,
    ...(plotter.emulator
      ? {
          ...virtualPlotFigures(plan, plotter.emulator, plotter.commandsBefore, durationS),
          queueDepth: driver.queueDepth,
        }
      : {}),
  };
  if (values.json) console.log(JSON.stringify(report));
  else printReport(report);
  return result === 'completed' ? 0 : 1;
}

async function openVirtual(firmware: '2.8.1' | '3.0.3'): Promise<Plotter> {
  const emu = new EbbEmulator(firmware);
  const timer = new VirtualTimer(emu);
  const flush = async () => {
    for (let i = 0; i < 2; i++) await setImmediate();
  };
  const driver = await timer.run(EbbDriver.open(createEmulatedPort(emu), { timer }), flush);
  return {
    driver,
    label: `Virtual plotter (firmware ${firmware})`,
    nowMs: () => emu.nowMs,
    endMs: () => emu.idleSinceMs ?? emu.nowMs,
    run: (work) => timer.run(work, flush),
    emulator: emu,
    commandsBefore: emu.commandLog.length,
  };
}

async function openSerial(path: string | undefined): Promise<Plotter> {
  const serial = createNodeSerial(
    (await import('../serial/serialport-backend.ts')).serialportBackend,
  );
  const port = await serial.requestPort(path ? { path } : { filters: [AXIDRAW_FILTER] });
  const timer: EbbTimer = {
    now: () => performance.now(),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
  const driver = await EbbDriver.open(port, { timer });
  const v = driver.firmware;
  return {
    driver,
    label: `AxiDraw on ${port.info.path} (firmware ${v.major}.${v.minor}.${v.patch})`,
    nowMs: () => performance.now(),
    endMs: () => performance.now(),
    run: (work) => work,
    commandsBefore: 0,
    port: port.info.path,
  };
}

/** Driver and port failures are the plotter's, said in one line; anything else is a bug. */
function isExpected(error: unknown): boolean {
  return (
    error instanceof EbbError || (error instanceof DOMException && error.name === 'NotFoundError')
  );
}

/** Without the job's pens: the layer's ink colour, or its name. */
function penOfLayer(plan: MotionPlan, layer: number): string {
  const l = plan.layers[layer];
  return l?.color ? `a ${l.color} pen` : 'the pen for this layer';
}

/**
 * Calls `go` on the next line typed; `closed` if stdin ends first (no terminal). Returns
 * how to stop waiting (the plot ended some other way).
 */
function waitForEnter(go: () => void, closed: () => void): () => void {
  const done = () => {
    process.stdin.off('data', onData);
    process.stdin.off('end', onEnd);
    process.stdin.pause();
  };
  const onData = () => {
    done();
    go();
  };
  const onEnd = () => {
    done();
    closed();
  };
  process.stdin.once('data', onData);
  process.stdin.once('end', onEnd);
  process.stdin.resume();
  return done;
}

function printReport(report: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(report))
    console.log(
      `${key.padEnd(22)} ${typeof value === 'number' ? Number(value.toFixed(4)) : String(value)}`,
    );
}
