import { setImmediate } from 'node:timers/promises';
import { describeEbbError } from '@fabdesk/shared/ebb/driver/describe-ebb-error.ts';
import { EbbError } from '@fabdesk/shared/ebb/driver/ebb-error.ts';
import { axidrawProfile } from '@fabdesk/shared/plan/axidraw-models.ts';
import type { MotionPlan } from '@fabdesk/shared/plan/plan-motion.ts';
import type { PlotMeasured } from '@fabdesk/shared/plot/plot-checkpoint.ts';
import { PlotRecorder } from '@fabdesk/shared/plot/plot-recorder.ts';
import { PlotResumeError } from '@fabdesk/shared/plot/plot-resume-error.ts';
import { plotRun } from '@fabdesk/shared/plot/plot-run.ts';
import { PlotSession } from '@fabdesk/shared/plot/plot-session.ts';
import type { PlanProgress } from '@fabdesk/shared/plot/resume-plan.ts';
import { openSerial, openVirtual, type Plotter } from './open-plotter.ts';
import type { PlotObserver, PlotResult } from './plot-observer.ts';
import { progressPrinter } from './progress-printer.ts';
import {
  CarriageNotHomeError,
  type InterruptedPlot,
  type ResumedFrom,
  resumeFromCheckpoint,
} from './resume-from-checkpoint.ts';
import { type VirtualFault, virtualFaultTrigger } from './virtual-fault.ts';
import { virtualPlotFigures } from './virtual-plot-figures.ts';
import { waitForEnter } from './wait-for-enter.ts';

/** The plan's own limits: a pause-now's rest is planned with them (see resume-from-checkpoint). */
const STOCK_AXIDRAW = axidrawProfile('axidraw-v3');

/** The options `plotPlan` reads (parsed and checked by `runPlotCommand`). */
export interface PlotOptions {
  virtual: boolean;
  firmware: '2.8.1' | '3.0.3';
  json: boolean;
  port?: string | undefined;
  /** The virtual plotter's clock at this many times real time (null: as fast as it goes). */
  virtualSpeed?: number | null;
  /** A fault the virtual plotter stages mid-plot (a rehearsal of a pulled cable…). */
  virtualFault?: VirtualFault | null;
  /** Aborting it stops the plot (pen up, as Ctrl-C does): the job mode's lease was lost. */
  signal?: AbortSignal;
  /** The job's record (job mode); the file mode records nothing. */
  observer?: PlotObserver;
  /** The pen a plan layer needs, in words for the pen-swap prompt (job mode knows the pens). */
  penFor?: (layer: number) => string;
  /** Job mode: continue this interrupted plot from its checkpoint instead of the start. */
  resume?: InterruptedPlot;
  /**
   * Job mode: each pen-up the board has run, in the plan's terms, with what the plot
   * measured so far (the caller keeps it). A plotter fault once there is a checkpoint
   * ends the plot as `paused`, not `failed`: it can go on from there.
   */
  onCheckpoint?: (at: PlanProgress, measured: PlotMeasured) => void;
  /** Job mode: how to go on after a fault paused the job, for the line that says so. */
  resumeHint?: string;
}

/** The exit code, and how the plot ended (null: it never started). */
export interface PlotOutcome {
  code: number;
  result: PlotResult | null;
}

/**
 * Plots a decoded plan with the EBB driver (emulator or serial) and prints the report;
 * `origin` (the file, or the job) heads it. Shared by the file and the job modes so both
 * report the same figures. The plot runs as a shared `PlotSession` (the console's), from
 * the start or, in job mode, from an interrupted plot's checkpoint (`resumeFromCheckpoint`:
 * refused before anything moves or is recorded if the carriage's place is unknown). Every
 * pause is reported with the layer and pen it is for: a pen swap on a real plotter waits
 * for Enter, the virtual plotter goes on by itself. The plot's progress feeds a
 * `PlotRecorder` (carrying over what an interrupted run measured) whose figures the job
 * mode's observer turns into the record.
 */
export async function plotPlan(
  plan: MotionPlan,
  origin: Record<string, unknown>,
  values: PlotOptions,
): Promise<PlotOutcome> {
  const say = (line: string) => console.error(`fabdesk plot: ${line}`);
  let plotter: Plotter;
  try {
    plotter = values.virtual
      ? await openVirtual(values.firmware, values.virtualSpeed ?? null)
      : await openSerial(values.port);
  } catch (error) {
    if (isExpected(error)) {
      say(describeEbbError(error));
      return { code: 1, result: null };
    }
    throw error;
  }
  const { driver } = plotter;
  let from: ResumedFrom | null = null;
  if (values.resume) {
    try {
      from = await plotter.run(
        resumeFromCheckpoint(driver, plan, values.resume, plotter.emulator !== undefined),
      );
    } catch (error) {
      await driver.close().catch(() => undefined);
      if (!isExpected(error) && !(error instanceof CarriageNotHomeError)) throw error;
      say(
        error instanceof PlotResumeError
          ? `the checkpoint does not fit the job's plan (${error.message}); nothing was plotted`
          : describeEbbError(error),
      );
      return { code: 1, result: null };
    }
  }
  const run = from?.run ?? plotRun(plan);
  const progress = progressPrinter(plan.blocks, values.json);
  const recorder = new PlotRecorder(plan);
  if (from?.earlier) recorder.carryOver(from.earlier);
  const session = new PlotSession(driver, plan, STOCK_AXIDRAW);
  const observer = values.observer;
  const strike =
    values.virtualFault && plotter.emulator
      ? virtualFaultTrigger(values.virtualFault, plan.blocks, plotter.emulator)
      : null;
  const stop = () => session.abort();
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
      session.resume();
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
  // A resumed plot has plotted the plan up to its resume point.
  if (run.start.blockIndex > 0) recorder.reached(run.start.blockIndex - 1, startMs);
  observer?.started(
    recorder,
    plotter.label,
    startMs,
    from
      ? { point: from.point, positionFrom: from.positionFrom, estimatedS: run.durationS }
      : undefined,
  );
  // Where a resume would start: the run's own start, then each checkpoint.
  let lastCheckpoint: { layerIndex: number; pathIndex: number } | null =
    run.start.blockIndex > 0 ? run.start : null;
  let result: PlotResult = 'failed';
  let failure = '';
  let fault: string | null = null;
  let bug: unknown = null;
  try {
    const outcome = await plotter.run(
      session.run(run, {
        onProgress: (p) => {
          recorder.reached(p.planBlock, plotter.nowMs());
          progress({ blockIndex: p.planBlock, xMm: p.xMm, yMm: p.yMm });
          strike?.(p.planBlock);
        },
        onCheckpoint: (at) => {
          lastCheckpoint = at;
          values.onCheckpoint?.(at, recorder.measuredSoFar(plotter.nowMs()));
        },
        onPause,
      }),
    );
    result = outcome.completed ? 'completed' : 'aborted';
  } catch (error) {
    // Recorded as failed (or paused) either way, so the job never stays PLOTTING; a bug is
    // rethrown below.
    failure = describeEbbError(error);
    if (error instanceof EbbError) fault = error.code;
    if (!isExpected(error)) bug = error;
  } finally {
    process.off('SIGINT', stop);
    stopWaiting();
  }
  // The plotter broke off a plot that can go on from a checkpoint kept for it.
  if (fault !== null && values.onCheckpoint && lastCheckpoint) result = 'paused';
  const endMs = plotter.endMs();
  recorder.finish(endMs, result === 'completed');
  observer?.ended(result, endMs, {
    ...(plotter.emulator ? { underruns: plotter.emulator.underruns } : {}),
    ...(failure ? { message: failure.slice(0, 500) } : {}),
    ...(fault ? { fault } : {}),
  });
  await driver.close().catch(() => undefined);
  if (bug) throw bug;
  if (failure) {
    const at = lastCheckpoint as { layerIndex: number; pathIndex: number } | null;
    say(
      result === 'paused' && at
        ? `the plot stopped: ${failure} The job is paused at its last pen-up (layer "${layerName(plan, at.layerIndex)}", after path ${at.pathIndex}); ${values.resumeHint ?? 'it can be resumed from there'}`
        : failure,
    );
    return { code: 1, result };
  }
  const durationS = (endMs - startMs) / 1000;
  // A resumed plot's figures are its own run's: the rest of the plan from the resume point.
  const ran: MotionPlan = { ...plan, blocks: run.blocks, durationS: run.durationS };
  const report = {
    ...origin,
    ...(plotter.emulator ? { firmware: values.firmware } : { port: plotter.port }),
    completed: result === 'completed',
    ...(from
      ? {
          resumedFrom: {
            layer: layerName(plan, from.point.layerIndex),
            pathIndex: from.point.pathIndex,
            penDownDistanceMm: from.point.penDownDistanceMm,
            positionFrom: from.positionFrom,
          },
        }
      : {}),
    durationS,
    estimateS: run.durationS,
    ...(plotter.emulator
      ? {
          ...virtualPlotFigures(ran, plotter.emulator, plotter.commandsBefore, durationS),
          queueDepth: driver.queueDepth,
        }
      : {}),
  };
  if (values.json) console.log(JSON.stringify(report));
  else printReport(report);
  return { code: result === 'completed' ? 0 : 1, result };
}

/** A plan layer's name by its layer marker's index (what checkpoints and resume points hold). */
function layerName(plan: MotionPlan, layerIndex: number): string {
  return plan.layers.find((l) => l.layerIndex === layerIndex)?.name ?? String(layerIndex + 1);
}

/**
 * Driver and port failures are the plotter's, said in one line, and so is a checkpoint
 * that does not fit the plan; anything else is a bug.
 */
function isExpected(error: unknown): boolean {
  return (
    error instanceof EbbError ||
    error instanceof PlotResumeError ||
    (error instanceof DOMException && error.name === 'NotFoundError')
  );
}

/** Without the job's pens: the layer's ink colour, or its name. */
function penOfLayer(plan: MotionPlan, layer: number): string {
  const l = plan.layers[layer];
  return l?.color ? `a ${l.color} pen` : 'the pen for this layer';
}

function printReport(report: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(report))
    console.log(
      `${key.padEnd(22)} ${typeof value === 'number' ? Number(value.toFixed(4)) : String(value)}`,
    );
}
