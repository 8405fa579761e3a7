import { readdirSync, readFileSync } from 'node:fs';
import type { Drawing } from '../shared/geometry/drawing.ts';
import { type OptimizeOptions, optimizeDrawing } from '../shared/optimize/optimize-drawing.ts';
import { syntheticDrawing } from '../shared/optimize/synthetic-drawing.ts';
import { travelTimeCost } from '../shared/optimize/travel-time-s.ts';
import { fitToPaper } from '../shared/optimize/fit-to-paper.ts';
import { axidrawProfile } from '../shared/plan/axidraw-models.ts';
import type { DeviceProfile } from '../shared/plan/device-profile.ts';
import { BLOCK_STRIDE, BlockKind } from '../shared/plan/motion-block.ts';
import { planMotion } from '../shared/plan/plan-motion.ts';
import { summarizePlan } from '../shared/plan/summarize-plan.ts';
import { importSvg } from '../shared/svg/import-svg.ts';
import { oneLayer, saxiReferenceDrawing } from './saxi-reference.ts';

// saxi 0.17.1's figures for the same files and settings (pen-up mm, plan s, total s).
const SAXI: Record<string, { penUpMm: number; planS: number; totalS?: number }> = {
  benchmark__7k_lines: { penUpMm: 13_660, planS: 22_811, totalS: 2.6 },
  benchmark__multi_skull: { penUpMm: 9_873, planS: 6_402, totalS: 4.3 },
  vpy__paint_well_svgs__multilayer: { penUpMm: 4_621, planS: 2_080 },
};

// How the comparison is made like with like (checked against saxi 0.17.1's source, read as
// a specification; see saxi-reference.ts, which reproduces the quoted figures):
// - Placement: both scale the strokes' bounding box (not the SVG page) into the margins.
// - Pen-up mm: both count every pen-up move including the final trip home.
// - Plan s: both count pen lifts and drops (0.12 s each) and the trip home; saxi adds one
//   more 0.12 s servo move at the very end, which we leave out (it favours saxi by 0.12 s).
// - Layers: saxi's CLI plots all paths with one pen in one ordering (layer mode "all"), so
//   the saxi columns compare against our optimiser on the layers merged into one; our real,
//   per-pen product figures for multi-layer files are in the perLayer columns.
// - Path joining: saxi merges consecutive paths whose gap is ≤ 0.5 mm (its default
//   path-join radius), keeping the pen down; that is what makes its plans shorter than
//   ours at a 0.05 mm join (7k_lines: 6,305 vs 6,979 pen lifts). The bench joins at the
//   same 0.5 mm (our join indexes both ends, so it joins more); the product default stays
//   0.05 mm, which bridges nothing visible.
// - Motion model: the same (junction deviation, optimal trapezoids); on saxi's geometry our
//   planner gives saxi's plan time to the second, and our 5 ms phase merging costs < 1 s.
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
  joinToleranceMm: SAXI_PATH_JOIN_RADIUS_MM,
  simplifyToleranceMm: 0.02,
  sort: true,
  improveBudgetMs,
  now: () => performance.now(),
  // Order for the plot's time, as the product does (run-pipeline.ts).
  travelCost: travelTimeCost(profile.penUp),
});
const SAXI_PATH_JOIN_RADIUS_MM = 0.5;
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
    const imported = importSvg(text, { toleranceMm: IMPORT_TOLERANCE_MM });
    const t1 = performance.now();
    const plotted = imported.layers.filter((l) => !l.options.skip);
    // saxi's CLI: every path, one pen, one ordering.
    const drawing: Drawing = { ...imported, layers: [oneLayer(imported)] };
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
    const model = summarizePlan(
      planMotion(
        saxiReferenceDrawing(
          fitToPaper(imported, optimizeOptions(0).paper!),
          SAXI_PATH_JOIN_RADIUS_MM,
        ).layers,
        profile,
      ),
    );
    // Our product on a multi-layer file: one ordering per pen, each starting where the
    // previous pen stopped.
    const perLayer =
      plotted.length > 1
        ? summarizePlan(
            planMotion(
              optimizeDrawing(imported, optimizeOptions(IMPROVE_BUDGET_MS)).drawing.layers,
              profile,
            ),
          )
        : null;
    const saxi = SAXI[name];
    const saxiPenUpMm = saxi?.penUpMm ?? model.distanceTravelMm;
    const saxiPlanS = saxi?.planS ?? model.durationSeconds;
    const row = {
      file: name,
      layers: plotted.length,
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
      // saxi: the quoted figure where the issue gives one, else the saxi-reference model.
      saxiFrom: saxi ? 'quoted' : 'model',
      saxiPenUpMm: round(saxiPenUpMm),
      saxiPlanS: round(saxiPlanS),
      saxiTotalS: saxi?.totalS ?? null,
      saxiModelPenUpMm: round(model.distanceTravelMm),
      saxiModelPlanS: round(model.durationSeconds),
      penUpVsSaxi: saxiPenUpMm > 0 ? round(s.distanceTravelMm / saxiPenUpMm, 3) : null,
      planVsSaxi: saxiPlanS > 0 ? round(s.durationSeconds / saxiPlanS, 4) : null,
      speedupVsSaxi: saxi?.totalS ? round((saxi.totalS * 1000) / (t4 - t0 - (t3 - t2))) : null,
      perLayerPenUpMm: perLayer ? round(perLayer.distanceTravelMm) : null,
      perLayerPlanS: perLayer ? round(perLayer.durationSeconds) : null,
    };
    rows.push(row);
    if (json) console.log(JSON.stringify(row));
  }
  const perf = plannerThroughput();
  if (json) {
    console.log(JSON.stringify({ planner: perf }));
    return;
  }
  console.table(
    rows.map(
      ({
        rssMb,
        heapMb,
        blocks,
        tickShareWorstPct,
        saxiModelPenUpMm,
        saxiModelPlanS,
        ...rest
      }) => ({
        ...rest,
        rssMb,
      }),
    ),
  );
  console.log(
    'targets: penUpVsSaxi ≤ 0.8 on files with > 100 paths; planVsSaxi ≤ 1; speedupVsSaxi ≥ 10 ' +
      '(import + optimise without improvement + plan). saxiFrom=model rows use saxi-reference.ts.',
  );
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
