import { readdirSync, readFileSync } from 'node:fs';
import type { Drawing } from '../shared/geometry/drawing.ts';
import { type OptimizeOptions, optimizeDrawing } from '../shared/optimize/optimize-drawing.ts';
import { syntheticDrawing } from '../shared/optimize/synthetic-drawing.ts';
import { axidrawProfile } from '../shared/plan/axidraw-models.ts';
import type { DeviceProfile } from '../shared/plan/device-profile.ts';
import { BLOCK_STRIDE, BlockKind } from '../shared/plan/motion-block.ts';
import { planMotion } from '../shared/plan/plan-motion.ts';
import { summarizePlan } from '../shared/plan/summarize-plan.ts';
import { importSvg } from '../shared/svg/import-svg.ts';

// saxi 0.17.1's figures for the same files and settings (pen-up mm, plan s, total s).
const SAXI: Record<string, { penUpMm: number; planS: number; totalS?: number }> = {
  benchmark__7k_lines: { penUpMm: 13_660, planS: 22_811, totalS: 2.6 },
  benchmark__multi_skull: { penUpMm: 9_873, planS: 6_402, totalS: 4.3 },
  vpy__paint_well_svgs__multilayer: { penUpMm: 4_621, planS: 2_080 },
};

// saxi's default comparison settings: A3 landscape, 20 mm margin, fit and centre, home
// (0,0), pen-down 50 mm/s 200 mm/s², pen-up 200 mm/s 400 mm/s², cornering 0.127 mm, 0.12 s servo.
const profile: DeviceProfile = {
  ...axidrawProfile('axidraw-v3-a3'),
  penDown: { maxSpeedMmS: 50, accelMmS2: 200, corneringMm: 0.127 },
  penUp: { maxSpeedMmS: 200, accelMmS2: 400, corneringMm: 0 },
  penRaiseS: 0.12,
  penLowerS: 0.12,
};
const optimizeOptions = (improveBudgetMs: number): OptimizeOptions => ({
  paper: {
    paperWidthMm: 420,
    paperHeightMm: 297,
    marginMm: 20,
    fit: 'contain',
    centre: true,
    rotateDeg: 0,
  },
  clip: true,
  joinToleranceMm: 0.05,
  simplifyToleranceMm: 0.02,
  sort: true,
  improveBudgetMs,
  now: () => performance.now(),
});
const IMPORT_TOLERANCE_MM = 0.01;
const IMPROVE_BUDGET_MS = 1000;
const EBB_TICK_S = 1 / 25_000;

/** `npm run bench -- plot [--json]`: import → optimise → plan on every corpus file. */
export async function runPlotBench(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const dir = new URL('../../shared/corpus/svg/', import.meta.url);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.svg'))
    .sort();
  const rows: Record<string, unknown>[] = [];
  for (const file of files) {
    const name = file.replace(/\.svg$/, '');
    const text = readFileSync(new URL(file, dir), 'utf8');
    const t0 = performance.now();
    const drawing = importSvg(text, { toleranceMm: IMPORT_TOLERANCE_MM });
    const t1 = performance.now();
    const fast = optimizeDrawing(drawing, optimizeOptions(0));
    const t2 = performance.now();
    const full = optimizeDrawing(drawing, optimizeOptions(IMPROVE_BUDGET_MS));
    const t3 = performance.now();
    const plan = planMotion(full.drawing.layers, profile);
    const t4 = performance.now();
    const s = summarizePlan(plan);
    let moves = 0;
    for (let i = 0; i < plan.blocks.length; i += BLOCK_STRIDE) {
      const k = plan.blocks[i];
      if (k === BlockKind.moveUp || k === BlockKind.moveDown) moves++;
    }
    const saxi = SAXI[name];
    const row = {
      file: name,
      pathsIn: full.stats.pathsIn,
      pathsOut: full.stats.pathsOut,
      penUpMm: round(s.distanceTravelMm),
      penUpNoImproveMm: round(fast.stats.travelAfterMm),
      penDownMm: round(s.distancePlottedMm),
      penLifts: s.penLifts,
      planS: round(s.durationSeconds),
      blocks: s.blockCount,
      // Worst case if every LM move ran one whole 25 kHz tick long.
      tickShareWorstPct:
        s.durationSeconds > 0 ? round((100 * moves * EBB_TICK_S) / s.durationSeconds, 3) : 0,
      importMs: round(t1 - t0),
      optimizeMs: round(t2 - t1),
      optimizeImproveMs: round(t3 - t2),
      planMs: round(t4 - t3),
      totalNoImproveMs: round(t1 - t0 + (t2 - t1) + (t4 - t3)),
      rssMb: round(process.memoryUsage().rss / 1e6),
      heapMb: round(process.memoryUsage().heapUsed / 1e6),
      saxiPenUpMm: saxi?.penUpMm ?? null,
      saxiPlanS: saxi?.planS ?? null,
      saxiTotalS: saxi?.totalS ?? null,
    };
    rows.push(row);
    if (json) console.log(JSON.stringify(row));
  }
  const perf = plannerThroughput();
  if (json) {
    console.log(JSON.stringify({ planner: perf }));
    return;
  }
  console.table(rows.map(({ rssMb, heapMb, ...rest }) => ({ ...rest, rssMb })));
  console.log(
    `planner: ${perf.segments.toLocaleString()} segments in ${perf.ms.toFixed(0)} ms = ` +
      `${(perf.segmentsPerS / 1e6).toFixed(2)} M segments/s (target ≥ 1 M); plan ${perf.blocks.toLocaleString()} blocks = ` +
      `${(perf.planBytes / 1e6).toFixed(1)} MB (target < 50 MB); heap growth ${(perf.heapGrowthBytes / 1e6).toFixed(1)} MB`,
  );
}

/** Plans a synthetic 500,000-segment drawing (already ordered) and measures speed and size. */
function plannerThroughput() {
  const drawing: Drawing = syntheticDrawing({
    seed: 42,
    layers: 1,
    paths: 10_000,
    maxPoints: 101,
    widthMm: 380,
    heightMm: 257,
  });
  let segments = 0;
  for (const p of drawing.layers[0]!.paths) segments += p.length / 2 - 1;
  // Scale the drawing to exactly 500,000 segments' worth by trimming strokes.
  const layer = drawing.layers[0]!;
  let excess = segments - 500_000;
  for (let i = 0; i < layer.paths.length && excess > 0; i++) {
    const p = layer.paths[i]!;
    const cut = Math.min(excess, p.length / 2 - 2);
    layer.paths[i] = p.slice(0, p.length - 2 * cut);
    excess -= cut;
  }
  segments = 0;
  for (const p of layer.paths) segments += p.length / 2 - 1;
  planMotion(drawing.layers, profile); // warm-up
  (globalThis as { gc?: () => void }).gc?.();
  const heap0 = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  const plan = planMotion(drawing.layers, profile);
  const ms = performance.now() - t0;
  const heap1 = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  return {
    segments,
    ms,
    segmentsPerS: Math.round((segments / ms) * 1000),
    blocks: plan.blocks.length / BLOCK_STRIDE,
    planBytes: plan.blocks.byteLength,
    heapGrowthBytes: heap1 - heap0,
  };
}

function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
