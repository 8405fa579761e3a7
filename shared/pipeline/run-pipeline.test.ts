import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decodePlanBlob } from '../plan/plan-blob.ts';
import { SvgImportError } from '../svg/svg-import-error.ts';
import { DEFAULT_PIPELINE_SETTINGS } from './pipeline-settings.ts';
import { runPipeline } from './run-pipeline.ts';

const corpus = new URL('../../../shared/corpus/svg/', import.meta.url);
const source = (file: string) => ({
  name: file,
  text: readFileSync(new URL(file, corpus), 'utf8'),
});
const hooks = { now: () => performance.now() };

describe('runPipeline', () => {
  test('two files become one multi-layer plan whose blob carries the summary', () => {
    const stages: string[] = [];
    const result = runPipeline(
      [source('misc__multilayer.svg'), source('misc__few_circles.svg')],
      { ...DEFAULT_PIPELINE_SETTINGS, preset: 'fast' },
      { ...hooks, onStage: (stage) => stages.push(stage) },
    );
    expect(result.pathsIn).toBeGreaterThan(0);
    expect(result.layerCount).toBeGreaterThan(1);
    expect(result.summary.distancePlottedMm).toBeGreaterThan(0);
    expect(stages).toEqual(['import', 'import', 'optimize', 'plan', 'encode']);
    const decoded = decodePlanBlob(result.blob);
    expect(decoded.summary).toEqual(result.summary);
    expect(decoded.plan.durationS).toBeCloseTo(result.summary.durationSeconds, 6);
  });

  test('fitting places the strokes inside the margin of the A3 landscape sheet', () => {
    const result = runPipeline(
      [source('benchmark__500_circles.svg')],
      DEFAULT_PIPELINE_SETTINGS,
      hooks,
    );
    const { blocks } = decodePlanBlob(result.blob).plan;
    for (let i = 0; i < blocks.length; i += 8) {
      if (blocks[i] !== 1) continue; // pen-down moves only
      for (const k of [1, 3]) expect(blocks[i + k]!).toBeGreaterThanOrEqual(20 - 1e-6);
      for (const k of [1, 3]) expect(blocks[i + k]!).toBeLessThanOrEqual(400 + 1e-6);
      for (const k of [2, 4]) expect(blocks[i + k]!).toBeLessThanOrEqual(277 + 1e-6);
    }
  });

  test('text is reported as unplottable, an empty file gives zero paths', () => {
    expect(
      runPipeline([source('misc__text_element.svg')], DEFAULT_PIPELINE_SETTINGS, hooks).unplottable,
    ).toMatchObject({ text: expect.any(Number) });
    const empty = runPipeline([source('misc__empty.svg')], DEFAULT_PIPELINE_SETTINGS, hooks);
    expect(empty.pathsIn).toBe(0);
    expect(empty.summary.penLifts).toBe(0);
  });

  test('an import error names the file it came from', () => {
    expect(() =>
      runPipeline(
        [source('misc__few_circles.svg'), { name: 'broken.svg', text: '<svg><g></svg>' }],
        DEFAULT_PIPELINE_SETTINGS,
        hooks,
      ),
    ).toThrow(SvgImportError);
    expect(() =>
      runPipeline(
        [{ name: 'broken.svg', text: '<svg><g></svg>' }],
        DEFAULT_PIPELINE_SETTINGS,
        hooks,
      ),
    ).toThrow(/^broken\.svg: /);
  });
});
