import { randomUUID } from 'node:crypto';
import type { PlanSummary } from '@fabdesk/shared/plan/plan-summary.ts';
import { sql, type Transaction } from 'kysely';
import { finishRun, type RunRow } from './finish-run.ts';
import type { Database } from '../db/database.ts';

/**
 * A finished simulation: one JobStatistics row (source `estimate`) with a LayerStatistics
 * row per planned layer (matched to the job's layers by plot order), and the run completed.
 * Caller holds the runs, plot_stats and events locks.
 */
export async function settleSimulation(
  trx: Transaction<Database>,
  run: RunRow,
  summary: PlanSummary,
  log: string,
): Promise<void> {
  if (!(await finishRun(trx, run, { status: 'completed', log }))) return;
  if (!run.job_id) return;
  const statsId = randomUUID();
  await trx
    .insertInto('job_statistics')
    .values({
      id: statsId,
      job_id: run.job_id,
      source: 'estimate',
      collection_level: 'basic',
      event_type: 'simulation',
      duration_seconds: summary.durationSeconds,
      pen_changes: summary.penChanges,
      distance_plotted_mm: summary.distancePlottedMm,
      distance_travel_mm: summary.distanceTravelMm,
      pen_down_time_seconds: summary.penDownTimeSeconds,
      pen_up_time_seconds: summary.penUpTimeSeconds,
      layers_completed: 0,
      total_layers: summary.layers.length,
      metadata: JSON.stringify({
        runId: run.id,
        planHash: run.inputs[0]?.blobHash ?? null,
        penLifts: summary.penLifts,
        pauses: summary.pauses,
        blockCount: summary.blockCount,
      }),
      sync_seq: sql`nextval('sync_seq')`,
    })
    .execute();
  const layers = await trx
    .selectFrom('layers')
    .select(['id', 'order_index', 'pen_id'])
    .where('job_id', '=', run.job_id)
    .orderBy('order_index')
    .execute();
  for (const [i, ls] of summary.layers.entries()) {
    const layer = layers[i];
    if (!layer) continue;
    await trx
      .insertInto('layer_statistics')
      .values({
        id: randomUUID(),
        job_statistics_id: statsId,
        job_id: run.job_id,
        layer_id: layer.id,
        pen_id: layer.pen_id,
        duration_seconds: ls.durationSeconds,
        distance_plotted_mm: ls.distancePlottedMm,
        distance_travel_mm: ls.distanceTravelMm,
        pen_down_time_seconds: ls.penDownTimeSeconds,
        pen_up_time_seconds: ls.penUpTimeSeconds,
        path_count: ls.pathCount,
        point_count: ls.pointCount,
        metadata: JSON.stringify({ penLifts: ls.penLifts, penChange: ls.penChange }),
      })
      .execute();
  }
}
