import type { Drawing } from '../geometry/drawing.ts';
import { type OptimizeStep, optimizeDrawing } from '../optimize/optimize-drawing.ts';
import { travelTimeCost } from '../optimize/travel-time-s.ts';
import { axidrawProfile } from '../plan/axidraw-models.ts';
import { encodePlanBlob } from '../plan/plan-blob.ts';
import { planMotion } from '../plan/plan-motion.ts';
import type { PlanSummary } from '../plan/plan-summary.ts';
import { summarizePlan } from '../plan/summarize-plan.ts';
import { countPaths } from '../svg/count-paths.ts';
import { importSvg } from '../svg/import-svg.ts';
import { mergeDrawings } from '../svg/merge-drawings.ts';
import { PIPELINE_PRESETS, type PipelineSettings } from './pipeline-settings.ts';

/** One SVG file's text and the name it is reported under. */
export interface PipelineSource {
  name: string;
  text: string;
}

/** What the pipeline reports while it works (for a run's progress and log). */
export interface PipelineHooks {
  now: () => number;
  onStage?: (
    stage: 'import' | 'optimize' | 'plan' | 'encode',
    current: number,
    total: number,
  ) => void;
  /**
   * Progress from inside the long loops, in each step's own unit: `import: parse`
   * characters and `import: shapes` elements of the current file, `optimize: join` and `optimize: order` strokes, `optimize: improve`
   * milliseconds of the preset's budget, `plan` segments, `encode` 0/1 then 1/1. Called at
   * the start and end of each step and every 1024 iterations in between (a counter, not
   * the clock, decides), so a caller that forwards it throttles by the clock itself.
   * Without it the pipeline does exactly the same work.
   */
  onProgress?: (stage: PipelineProgressStage, current: number, total: number) => void;
  /** After import: the merged drawing before optimisation (the job is "analyzed"). */
  onImported?: (drawing: Drawing, importMs: number) => void;
}

/** The steps `onProgress` names; also what a run shows as its stage. */
export type PipelineProgressStage =
  | `import: ${'parse' | 'shapes'}`
  | `optimize: ${OptimizeStep}`
  | 'plan'
  | 'encode';

/** The pipeline's figures and its product, the plan blob. */
export interface PipelineResult {
  pathsIn: number;
  pathsOut: number;
  layerCount: number;
  pointCount: number;
  /** Elements that could not be plotted, by element name and count (all files summed). */
  unplottable: Record<string, number>;
  summary: PlanSummary;
  timingsMs: { import: number; optimize: number; plan: number };
  /** The encoded plan (plan-blob.ts). */
  blob: Uint8Array;
}

/**
 * SVG files → one multi-layer drawing → placed and optimised → motion plan → plan blob:
 * the whole conversion, pure, the same in the CLI, the server's worker and the PWA.
 * Throws `SvgImportError` (naming the file) for input it refuses. A drawing with nothing
 * to plot still gives a plan (an empty one); callers tell the user from `pathsIn`.
 */
export function runPipeline(
  sources: readonly PipelineSource[],
  settings: PipelineSettings,
  hooks: PipelineHooks,
): PipelineResult {
  const t0 = hooks.now();
  const { onProgress } = hooks;
  const drawings = sources.map((source, i) => {
    hooks.onStage?.('import', i, sources.length);
    try {
      return importSvg(source.text, {
        toleranceMm: settings.toleranceMm,
        ...(onProgress && {
          onProgress: (phase: 'parse' | 'shapes', c: number, t: number) =>
            onProgress(`import: ${phase}`, c, t),
        }),
      });
    } catch (error) {
      if (error instanceof Error) error.message = `${source.name}: ${error.message}`;
      throw error;
    }
  });
  const drawing = mergeDrawings(drawings);
  const t1 = hooks.now();
  hooks.onImported?.(drawing, t1 - t0);
  hooks.onStage?.('optimize', 0, 1);
  const profile = axidrawProfile(settings.model);
  const optimized = optimizeDrawing(drawing, {
    paper: {
      paperWidthMm: settings.paperWidthMm,
      paperHeightMm: settings.paperHeightMm,
      marginMm: settings.marginMm,
      fit: settings.fit ? 'contain' : 'none',
      centre: settings.fit,
      rotateDeg: 0,
    },
    clip: true,
    joinToleranceMm: 0.05,
    simplifyToleranceMm: 0.02,
    sort: true,
    improveBudgetMs: PIPELINE_PRESETS[settings.preset].improveBudgetMs,
    now: hooks.now,
    // Pen-up moves cost time, which grows like √length for short ones, not length.
    travelCost: travelTimeCost(profile.penUp),
    ...(onProgress && {
      onProgress: (step: OptimizeStep, c: number, t: number) =>
        onProgress(`optimize: ${step}`, c, t),
    }),
  });
  const t2 = hooks.now();
  hooks.onStage?.('plan', 0, 1);
  const plan = planMotion(
    optimized.drawing.layers,
    profile,
    onProgress ? { onProgress: (c, t) => onProgress('plan', c, t) } : {},
  );
  const summary = summarizePlan(plan);
  const t3 = hooks.now();
  hooks.onStage?.('encode', 0, 1);
  onProgress?.('encode', 0, 1);
  let pointCount = 0;
  for (const layer of optimized.drawing.layers)
    if (!layer.options.skip) for (const p of layer.paths) pointCount += p.length / 2;
  const blob = encodePlanBlob(plan, summary);
  onProgress?.('encode', 1, 1);
  return {
    pathsIn: countPaths(drawing),
    pathsOut: countPaths(optimized.drawing),
    layerCount: optimized.drawing.layers.filter((l) => !l.options.skip).length,
    pointCount,
    unplottable: drawing.unplottable,
    summary,
    timingsMs: { import: t1 - t0, optimize: t2 - t1, plan: t3 - t2 },
    blob,
  };
}
