import type { PipelineResult, PipelineSource } from '@fabdesk/shared/pipeline/run-pipeline.ts';
import type { PipelineSettings } from '@fabdesk/shared/pipeline/pipeline-settings.ts';
import type { PlanSummary } from '@fabdesk/shared/plan/plan-summary.ts';

/**
 * The IPC protocol between the server and one run's worker process (Node's `advanced`
 * serialization, so byte arrays cross as they are). The parent sends one `start`; the
 * worker answers with any number of `progress`/`log`/`analyzed` messages and then exactly
 * one `result` or `failed` before it exits. Only the parent writes to the database.
 */
export type WorkerStart =
  | {
      type: 'start';
      kind: 'conversion';
      sources: PipelineSource[];
      settings: PipelineSettings;
    }
  | { type: 'start'; kind: 'simulation'; plan: Uint8Array };

export type WorkerMessage =
  | { type: 'progress'; stage: string; current: number; total: number }
  | { type: 'log'; line: string }
  | {
      type: 'analyzed';
      pathCount: number;
      layerCount: number;
      unplottable: Record<string, number>;
      importMs: number;
    }
  | { type: 'result'; kind: 'conversion'; result: PipelineResult }
  | { type: 'result'; kind: 'simulation'; summary: PlanSummary; durationMs: number }
  | { type: 'failed'; code: string; message: string };
