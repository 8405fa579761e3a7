import { readdirSync, readFileSync } from 'node:fs';
import { setImmediate } from 'node:timers/promises';
import { EbbDriver } from '../shared/ebb/driver/ebb-driver.ts';
import { createEmulatedPort } from '../shared/ebb/emulator/create-emulated-port.ts';
import { EbbEmulator } from '../shared/ebb/emulator/ebb-emulator.ts';
import type { EmulatedFirmware } from '../shared/ebb/emulator/firmware-profile.ts';
import { VirtualTimer } from '../shared/ebb/emulator/virtual-timer.ts';
import { seededRandom } from '../shared/optimize/synthetic-drawing.ts';
import { DEFAULT_PIPELINE_SETTINGS } from '../shared/pipeline/pipeline-settings.ts';
import { runPipeline } from '../shared/pipeline/run-pipeline.ts';
import { decodePlanBlob } from '../shared/plan/plan-blob.ts';

const corpus = new URL('../../shared/corpus/svg/', import.meta.url);
const flush = async () => {
  for (let i = 0; i < 2; i++) await setImmediate();
};

/**
 * The emulator behind a simulated USB link, all on the emulator's virtual clock (one clock:
 * host time = board time; the host's reactions are instantaneous except for the delays
 * below, which is a discrete-event simulation driven by `VirtualTimer.run`):
 * - every write reaches the board 1–8 ms after the host sent it, every reply reaches the
 *   host 1–8 ms after the board sent it (uniform, per chunk, order kept as on a USB pipe);
 * - the host stalls (GC, a busy UI thread, a swapped-out tab): stall starts arrive as a
 *   Poisson process (one per `stallEveryMs` on average) and last 0–200 ms; replies that
 *   arrive during a stall are handled when it ends, so the host sends nothing meanwhile.
 */
function laggyLink(
  emu: EbbEmulator,
  timer: VirtualTimer,
  random: () => number,
  stallEveryMs: number,
) {
  let toBoardAt = 0;
  let toHostAt = 0;
  let stallStart = 0;
  let stallEnd = 0;
  const nextStall = () => {
    while (stallStart < timer.now()) {
      stallStart = stallEnd + -Math.log(1 - random()) * stallEveryMs;
      stallEnd = stallStart + random() * 200;
    }
  };
  const latency = () => 1 + random() * 7;
  return {
    get connected() {
      return emu.connected;
    },
    receive(bytes: Uint8Array) {
      toBoardAt = Math.max(toBoardAt, timer.now() + latency());
      timer.setTimeout(() => emu.receive(bytes), toBoardAt - timer.now());
    },
    attach(sink: (bytes: Uint8Array) => void, lost: () => void) {
      emu.attach((bytes) => {
        let at = Math.max(toHostAt, timer.now() + latency());
        nextStall();
        if (at >= stallStart && at < stallEnd) at = stallEnd;
        toHostAt = at;
        timer.setTimeout(() => sink(bytes), at - timer.now());
      }, lost);
    },
  };
}

interface PlotterRun {
  underruns: number;
  commandsPerS: number;
  boardS: number;
  estimateS: number;
  errorPercent: number;
  wallMs: number;
}

async function plotOnce(
  blocks: Float64Array,
  estimateS: number,
  firmware: EmulatedFirmware,
  seed: number,
): Promise<PlotterRun> {
  const started = performance.now();
  const emu = new EbbEmulator(firmware);
  const timer = new VirtualTimer(emu);
  const port = createEmulatedPort(laggyLink(emu, timer, seededRandom(seed), 2000));
  const driver = await timer.run(EbbDriver.open(port, { timer }), flush);
  const startMs = emu.nowMs;
  const commandsBefore = emu.commandLog.length;
  await timer.run(
    driver.plot(blocks, { onPause: () => void setImmediate().then(() => driver.resume()) }),
    flush,
  );
  const boardS = ((emu.idleSinceMs ?? emu.nowMs) - startMs) / 1000;
  await driver.close();
  return {
    underruns: emu.underruns,
    commandsPerS: (emu.commandLog.length - commandsBefore) / boardS,
    boardS,
    estimateS,
    errorPercent: ((boardS - estimateS) / estimateS) * 100,
    wallMs: performance.now() - started,
  };
}

/**
 * `npm run bench -- plotter [--json] [--max-blocks N]`: every corpus drawing (pipeline with
 * the fast preset) plotted by the driver on the emulator behind a laggy, stalling USB link,
 * with a 32-deep queue (firmware 3.0.3) and with depth 1 (2.8.1). Figures per drawing:
 * underruns (target 0 at depth 32; reported at depth 1), commands per second on the
 * board's clock, and the plan's time estimate against the emulator's clock (target within
 * 0.5%). The board's time includes what the stalls cost, so a stall that starves the queue
 * shows up in both the underruns and the estimate error.
 */
export async function runPlotterBench(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const maxAt = args.indexOf('--max-blocks');
  const maxBlocks = maxAt >= 0 ? Number(args[maxAt + 1]) : Number.POSITIVE_INFINITY;
  const files = readdirSync(corpus)
    .filter((f) => f.endsWith('.svg'))
    .sort();
  const worst = { depth32Underruns: 0, depth1Underruns: 0, errorPercent: 0 };
  if (!json)
    console.log(
      `${'file'.padEnd(48)} ${'blocks'.padStart(7)} ${'est s'.padStart(8)} | depth 32: ${'underruns'.padStart(9)} ${'cmd/s'.padStart(6)} ${'err %'.padStart(7)} | depth 1: ${'underruns'.padStart(9)} ${'cmd/s'.padStart(6)} ${'err %'.padStart(7)} | wall s`,
    );
  for (const [i, file] of files.entries()) {
    const text = readFileSync(new URL(file, corpus), 'utf8');
    let blocks: Float64Array;
    let estimateS: number;
    try {
      const result = runPipeline(
        [{ name: file, text }],
        { ...DEFAULT_PIPELINE_SETTINGS, preset: 'fast' },
        { now: () => performance.now() },
      );
      const { plan } = decodePlanBlob(result.blob);
      blocks = plan.blocks;
      estimateS = plan.durationS;
    } catch (error) {
      if (!json) console.log(`${file.padEnd(48)} not plottable: ${(error as Error).message}`);
      continue;
    }
    const blockCount = blocks.length / 8;
    if (estimateS === 0 || blockCount > maxBlocks) {
      if (!json)
        console.log(
          `${file.padEnd(48)} ${String(blockCount).padStart(7)} skipped (${estimateS === 0 ? 'nothing to plot' : '--max-blocks'})`,
        );
      continue;
    }
    const deep = await plotOnce(blocks, estimateS, '3.0.3', 1000 + i);
    const shallow = await plotOnce(blocks, estimateS, '2.8.1', 2000 + i);
    worst.depth32Underruns = Math.max(worst.depth32Underruns, deep.underruns);
    worst.depth1Underruns = Math.max(worst.depth1Underruns, shallow.underruns);
    worst.errorPercent = Math.max(worst.errorPercent, Math.abs(deep.errorPercent));
    if (json) {
      for (const [depth, run] of [
        [32, deep],
        [1, shallow],
      ] as const) {
        const base = { bench: 'plotter', file, queueDepth: depth, blocks: blockCount };
        console.log(
          JSON.stringify({
            ...base,
            figure: 'underruns',
            value: run.underruns,
            target: depth === 32 ? 0 : null,
          }),
        );
        console.log(
          JSON.stringify({
            ...base,
            figure: 'commandsPerS',
            value: run.commandsPerS,
            unit: 'commands/s',
          }),
        );
        console.log(
          JSON.stringify({
            ...base,
            figure: 'estimateErrorPercent',
            value: run.errorPercent,
            target: 0.5,
            boardS: run.boardS,
            estimateS: run.estimateS,
          }),
        );
      }
    } else {
      const f = (run: PlotterRun) =>
        `${String(run.underruns).padStart(9)} ${run.commandsPerS.toFixed(0).padStart(6)} ${run.errorPercent.toFixed(3).padStart(7)}`;
      console.log(
        `${file.padEnd(48)} ${String(blockCount).padStart(7)} ${estimateS.toFixed(1).padStart(8)} |           ${f(deep)} |          ${f(shallow)} | ${((deep.wallMs + shallow.wallMs) / 1000).toFixed(1)}`,
      );
    }
  }
  if (json) console.log(JSON.stringify({ bench: 'plotter', figure: 'worst', ...worst }));
  else
    console.log(
      `worst: depth-32 underruns ${worst.depth32Underruns} (target 0), depth-1 underruns ${worst.depth1Underruns} (reported), |estimate error| at depth 32 ${worst.errorPercent.toFixed(3)}% (target ≤ 0.5%)`,
    );
}
