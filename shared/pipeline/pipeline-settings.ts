import { z } from 'zod';
import { AXIDRAW_MODELS, type AxidrawModel } from '../plan/axidraw-models.ts';

/**
 * Presets for the optimiser's effort. `fast` skips the improvement pass (greedy order
 * only); `best` runs the time-boxed 2-opt/Or-opt pass for up to `improveBudgetMs`.
 */
export const PIPELINE_PRESETS = {
  fast: { improveBudgetMs: 0 },
  best: { improveBudgetMs: 5000 },
} as const;
export type PipelinePreset = keyof typeof PIPELINE_PRESETS;

const presetNames = Object.keys(PIPELINE_PRESETS) as [PipelinePreset, ...PipelinePreset[]];
const modelNames = Object.keys(AXIDRAW_MODELS) as [AxidrawModel, ...AxidrawModel[]];

/**
 * How one conversion places, optimises and plans a drawing: the sheet as it lies on the
 * plotter (width and height already oriented), margin, fit and the machine. Stored in a
 * run's `config`, so a run can be repeated exactly; parsed wherever it crosses a boundary.
 */
export const PipelineSettings = z.strictObject({
  paperWidthMm: z.number().positive().max(2000),
  paperHeightMm: z.number().positive().max(2000),
  marginMm: z.number().min(0).max(500),
  /** Scale uniformly to fill the printable area and centre; false keeps the art's mm. */
  fit: z.boolean(),
  preset: z.enum(presetNames),
  model: z.enum(modelNames),
  /** Curve flattening tolerance of the import, mm. */
  toleranceMm: z.number().positive().max(5),
});
export type PipelineSettings = z.infer<typeof PipelineSettings>;

/** The defaults: the bench's (saxi 0.17.1's) A3 landscape, 20 mm margin, fit and centre. */
export const DEFAULT_PIPELINE_SETTINGS: PipelineSettings = {
  paperWidthMm: 420,
  paperHeightMm: 297,
  marginMm: 20,
  fit: true,
  preset: 'best',
  model: 'axidraw-v3-a3',
  toleranceMm: 0.05,
};
