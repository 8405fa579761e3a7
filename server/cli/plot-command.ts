import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { EbbDriver } from '../../shared/ebb/driver/ebb-driver.ts';
import { EbbError } from '../../shared/ebb/driver/ebb-error.ts';
import type { EbbTimer } from '../../shared/ebb/driver/ebb-timer.ts';
import { createEmulatedPort } from '../../shared/ebb/emulator/create-emulated-port.ts';
import { EbbEmulator } from '../../shared/ebb/emulator/ebb-emulator.ts';
import { VirtualTimer } from '../../shared/ebb/emulator/virtual-timer.ts';
import { DEFAULT_PIPELINE_SETTINGS } from '../../shared/pipeline/pipeline-settings.ts';
import { runPipeline } from '../../shared/pipeline/run-pipeline.ts';
import { BLOCK_STRIDE, BlockKind } from '../../shared/plan/motion-block.ts';
import { decodePlanBlob } from '../../shared/plan/plan-blob.ts';
import type { MotionPlan } from '../../shared/plan/plan-motion.ts';
import { compareDrawn } from '../../shared/plot/compare-drawn.ts';
import { createNodeSerial } from '../serial/node-serial.ts';

const USAGE =
  'usage: fabdesk plot <file.svg | job id --server http://host:port [--token T]> [--virtual [--firmware 2.8.1|3.0.3]] [--json] [--port /dev/ttyACM0] [--preset fast|best]';
const AXIDRAW_FILTER = { usbVendorId: 0x04d8, usbProductId: 0xfd92 };

/**
 * `fabdesk plot <file.svg>`: convert the file (import → optimise → plan, the pipeline's A3
 * defaults) and plot it with the EBB driver, on the plotter found by its USB ids (or
 * `--port`), or with `--virtual` on the emulator, which reports what happened: duration on
 * the emulator's clock against the plan's estimate, strokes and millimetres drawn against
 * planned, underruns, commands per second. Progress goes to stderr; `--json` prints one JSON
 * object on stdout. With `--server` the positional is a job id: the job's plan is fetched
 * from the server under its lease instead (plot-job-command.ts).
 */
export async function runPlotCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  const firmware = values.firmware;
  const preset = values.preset;
  if (
    !file ||
    positionals.length > 1 ||
    (firmware !== '2.8.1' && firmware !== '3.0.3') ||
    (preset !== 'fast' && preset !== 'best')
  ) {
    console.error(USAGE);
    return 2;
  }
  const options: PlotOptions = {
    virtual: values.virtual,
    firmware,
    json: values.json,
    port: values.port,
  };
  if (values.server !== undefined)
    return (await import('./plot-job-command.ts')).runPlotJob(file, {
      ...options,
      server: values.server,
      token: values.token ?? process.env.FABDESK_TOKEN,
    });
  const text = await readFile(file, 'utf8');
  const result = runPipeline(
    [{ name: basename(file), text }],
    { ...DEFAULT_PIPELINE_SETTINGS, preset },
    { now: () => performance.now() },
  );
  const { plan } = decodePlanBlob(result.blob);
  return plotPlan(plan, { file }, options);
}

/** The options `plotPlan` reads (parsed and checked by `runPlotCommand`). */
export interface PlotOptions {
  virtual: boolean;
  firmware: '2.8.1' | '3.0.3';
  json: boolean;
  port?: string | undefined;
  /** Aborting it stops the plot (pen up, as Ctrl-C does): the job mode's lease was lost. */
  signal?: AbortSignal;
}

/**
 * Plots a decoded plan with the EBB driver (emulator or serial) and prints the report;
 * `origin` (the file, or the job) heads it. Shared by the file and the job modes so both
 * report the same figures. Resolves to the exit code.
 */
export async function plotPlan(
  plan: MotionPlan,
  origin: Record<string, unknown>,
  values: PlotOptions,
): Promise<number> {
  const firmware = values.firmware;
  const progress = progressPrinter(plan.blocks, values.json);

  try {
    if (values.virtual) {
      const emu = new EbbEmulator(firmware);
      const timer = new VirtualTimer(emu);
      const flush = async () => {
        for (let i = 0; i < 2; i++) await setImmediate();
      };
      const driver = await timer.run(EbbDriver.open(createEmulatedPort(emu), { timer }), flush);
      values.signal?.addEventListener('abort', () => driver.abort());
      const startMs = emu.nowMs;
      const commandsBefore = emu.commandLog.length;
      // A virtual pen needs no swapping: say so and go on (on the next turn, once the driver
      // is waiting for the resume).
      const onPause = (reason: string) => {
        if (!values.json)
          process.stderr.write(`\npaused (${reason}): the virtual plotter goes on\n`);
        void setImmediate().then(() => driver.resume());
      };
      const outcome = await timer.run(
        driver.plot(plan.blocks, { onProgress: progress, onPause }),
        flush,
      );
      const durationS = ((emu.idleSinceMs ?? emu.nowMs) - startMs) / 1000;
      const coverage = compareDrawn(plan.blocks, emu.drawn);
      const report = {
        ...origin,
        firmware,
        completed: outcome.completed,
        durationS,
        estimateS: plan.durationS,
        estimateErrorPercent: ((durationS - plan.durationS) / plan.durationS) * 100,
        strokesPlanned: countStrokes(plan.blocks),
        strokesDrawn: countDrawnStrokes(emu.drawn),
        plannedMm: coverage.plannedMm,
        drawnMm: coverage.coveredMm,
        missingMm: coverage.missingMm,
        retracedMm: coverage.retracedMm,
        underruns: emu.underruns,
        errorReplies: emu.errorReplies.length,
        commands: emu.commandLog.length - commandsBefore,
        commandsPerS: (emu.commandLog.length - commandsBefore) / durationS,
        queueDepth: driver.queueDepth,
      };
      await driver.close();
      if (values.json) console.log(JSON.stringify(report));
      else printReport(report);
      return outcome.completed ? 0 : 1;
    }
    const serial = createNodeSerial(
      (await import('../serial/serialport-backend.ts')).serialportBackend,
    );
    const port = await serial.requestPort(
      values.port ? { path: values.port } : { filters: [AXIDRAW_FILTER] },
    );
    const timer: EbbTimer = {
      now: () => performance.now(),
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    };
    const driver = await EbbDriver.open(port, { timer });
    const stop = () => driver.abort();
    process.once('SIGINT', stop);
    values.signal?.addEventListener('abort', stop);
    const started = performance.now();
    const onPause = (reason: string) => {
      process.stderr.write(`\npaused (${reason}): change the pen if asked, then press Enter\n`);
      process.stdin.once('data', () => {
        process.stdin.pause();
        driver.resume();
      });
      process.stdin.resume();
    };
    const outcome = await driver.plot(plan.blocks, { onProgress: progress, onPause });
    process.off('SIGINT', stop);
    await driver.close();
    const report = {
      ...origin,
      port: port.info.path,
      completed: outcome.completed,
      durationS: (performance.now() - started) / 1000,
      estimateS: plan.durationS,
    };
    if (values.json) console.log(JSON.stringify(report));
    else printReport(report);
    return outcome.completed ? 0 : 1;
  } catch (error) {
    if (
      error instanceof EbbError ||
      (error instanceof DOMException && error.name === 'NotFoundError')
    ) {
      console.error(`fabdesk plot: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      virtual: { type: 'boolean', default: false },
      firmware: { type: 'string', default: '3.0.3' },
      json: { type: 'boolean', default: false },
      port: { type: 'string' },
      preset: { type: 'string', default: 'best' },
      server: { type: 'string' },
      token: { type: 'string' },
    },
  });
}

/** Prints "plotting 42% (x, y)" to stderr at each whole percent of the plan's time. */
function progressPrinter(blocks: Float64Array, quiet: boolean) {
  const total = blocks.length / BLOCK_STRIDE;
  const timeAt = new Float64Array(total + 1);
  for (let i = 0; i < total; i++)
    timeAt[i + 1] = (timeAt[i] as number) + (blocks[i * BLOCK_STRIDE + 7] as number);
  const all = timeAt[total] || 1;
  let shown = -1;
  return (p: { blockIndex: number; xMm: number; yMm: number }) => {
    const percent = Math.floor(((timeAt[p.blockIndex + 1] as number) / all) * 100);
    if (quiet || percent === shown) return;
    shown = percent;
    process.stderr.write(
      `\rplotting ${String(percent).padStart(3)}%  at ${p.xMm.toFixed(1)}, ${p.yMm.toFixed(1)} mm   `,
    );
    if (percent >= 100) process.stderr.write('\n');
  };
}

function countStrokes(blocks: Float64Array): number {
  let n = 0;
  for (let o = 0; o < blocks.length; o += BLOCK_STRIDE) if (blocks[o] === BlockKind.penDown) n++;
  return n;
}

/** Pen-down runs in the emulator's record: a new one wherever a line does not continue the last. */
function countDrawnStrokes(
  drawn: readonly {
    x0Mm: number;
    y0Mm: number;
    x1Mm: number;
    y1Mm: number;
    startMs: number;
    endMs: number;
  }[],
): number {
  let n = 0;
  let last: (typeof drawn)[number] | null = null;
  for (const s of drawn) {
    if (!last || last.x1Mm !== s.x0Mm || last.y1Mm !== s.y0Mm || last.endMs !== s.startMs) n++;
    last = s;
  }
  return n;
}

function printReport(report: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(report))
    console.log(
      `${key.padEnd(22)} ${typeof value === 'number' ? Number(value.toFixed(4)) : String(value)}`,
    );
}
