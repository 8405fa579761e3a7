import { randomUUID } from 'node:crypto';
import type { PipelineResult } from '@fabdesk/shared/pipeline/run-pipeline.ts';
import { decodePlanBlob, PLAN_BLOB_MEDIA_TYPE } from '@fabdesk/shared/plan/plan-blob.ts';
import { sha256Hex } from '@fabdesk/shared/plan/sha256-hex.ts';
import { sql, type Transaction } from 'kysely';
import { putBlob } from '../blobs/put-blob.ts';
import { createRun } from './create-run.ts';
import { finishRun, type RunRow } from './finish-run.ts';
import { lockJobState, moveJob } from './system-writes.ts';
import type { Database } from '../db/database.ts';

/**
 * A finished conversion, in one transaction: the plan blob stored, the job's planHash,
 * metrics, timings, media and layers written, the job moved ANALYZED → OPTIMIZED (from
 * QUEUED through ANALYZED if the analyzed step was missed), the run completed, and the
 * simulation run queued. Returns the simulation run's id (null when the job was moved
 * elsewhere meanwhile). Caller holds the jobs, runs and events locks.
 */
export async function settleConversion(
  trx: Transaction<Database>,
  run: RunRow,
  result: PipelineResult,
  log: string,
): Promise<string | null> {
  const planHash = await putBlob(
    trx,
    result.blob,
    PLAN_BLOB_MEDIA_TYPE,
    await sha256Hex(result.blob),
  );
  await finishRun(trx, run, { status: 'completed', log, output: planHash });
  if (!run.job_id) return null;
  let state = await lockJobState(trx, run.job_id);
  if (
    state === 'QUEUED' &&
    (await moveJob(trx, run.job_id, 'QUEUED', 'ANALYZED', { runId: run.id }))
  )
    state = 'ANALYZED';
  if (state !== 'ANALYZED') return null;

  const { plan } = decodePlanBlob(result.blob);
  const s = result.summary;
  const t = result.timingsMs;
  const sizes = await trx
    .selectFrom('blobs')
    .select(sql<number>`coalesce(sum(size_bytes), 0)::int`.as('bytes'))
    .where(
      'hash',
      'in',
      run.inputs.map((i) => i.blobHash),
    )
    .executeTakeFirst();
  await trx.deleteFrom('layers').where('job_id', '=', run.job_id).execute();
  const layerInfo: Record<string, { pen: null; paths: number }> = {};
  for (const [i, layer] of plan.layers.entries()) {
    const ls = s.layers[i];
    const name = layer.name.trim().slice(0, 200) || `Layer ${i + 1}`;
    layerInfo[name] = { pen: null, paths: layer.pathCount };
    await trx
      .insertInto('layers')
      .values({
        id: randomUUID(),
        job_id: run.job_id,
        layer_name: name,
        order_index: i,
        pen_id: null,
        color_hex: layer.color && /^#[0-9a-fA-F]{6}$/.test(layer.color) ? layer.color : null,
        pause_before: layer.pauseBefore,
        skip: false,
        planned: true,
        stats: JSON.stringify({
          pathCount: layer.pathCount,
          pointCount: layer.pointCount,
          penDownMm: ls?.distancePlottedMm ?? 0,
          penUpMm: ls?.distanceTravelMm ?? 0,
          estimatedS: ls?.durationSeconds ?? null,
        }),
      })
      .execute();
  }
  await sql`update jobs set plan_hash = ${planHash},
      metrics = ${JSON.stringify({
        distancePlottedMm: s.distancePlottedMm,
        distanceTravelMm: s.distanceTravelMm,
        penChanges: s.penChanges,
        penLifts: s.penLifts,
        layerCount: plan.layers.length,
        pathCount: s.pathCount,
        pointCount: s.pointCount,
        estimatedPlotS: s.durationSeconds,
      })}::jsonb,
      timings = ${JSON.stringify({
        analysisS: t.import / 1000,
        optimizationS: (t.optimize + t.plan) / 1000,
        plottingS: null,
        totalS: (t.import + t.optimize + t.plan) / 1000,
      })}::jsonb,
      media = ${JSON.stringify({
        fileSizeBytes: sizes?.bytes ?? 0,
        fileType: 'svg',
        compressionRatio: null,
        layerInfo,
      })}::jsonb,
      updated_at = now(), sync_seq = nextval('sync_seq'), server_updated_at = now()
    where id = ${run.job_id}`.execute(trx);
  await moveJob(trx, run.job_id, 'ANALYZED', 'OPTIMIZED', { runId: run.id, planHash });
  return createRun(trx, {
    kind: 'simulation',
    jobId: run.job_id,
    template: 'estimate',
    config: {},
    inputs: [{ name: 'plan', blobHash: planHash }],
  });
}
