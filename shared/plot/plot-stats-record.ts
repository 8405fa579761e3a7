import type { JobStatistics } from '../models/job-statistics.ts';
import type { Layer } from '../models/layer.ts';
import type { LayerStatistics } from '../models/layer-statistics.ts';
import { jobLayerFor } from './job-layer-for.ts';
import type { PlotRecorder } from './plot-recorder.ts';

/**
 * A JobStatistics record with its LayerStatistics rows: the shape of sync's
 * `PlotStatsDocument` (which shared may not import), built from the same model types.
 */
export type PlotStatsRecord = JobStatistics & { layers: LayerStatistics[] };

/**
 * The `plot_stats` document (source 'actual') of a finished or stopped plot: the whole
 * job's figures and one LayerStatistics row per plan layer the plot reached, tied to the
 * job's layer at that place in the plan and the pen it names. `metadata`
 * carries the plotter, firmware, speed-up and the plan's estimate, so the actual figures
 * sit beside the estimate they are compared with.
 */
export function plotStatsRecord(options: {
  id: string;
  jobId: string;
  eventType: 'PlotCompleted' | 'PlotAborted' | 'PlotFailed' | 'PlotPaused';
  recorder: PlotRecorder;
  nowMs: number;
  at: Date;
  jobLayers: readonly Layer[];
  newId: () => string;
  metadata: Record<string, string | number | boolean | null>;
}): PlotStatsRecord {
  const { recorder, at } = options;
  const timestamp = at.toISOString();
  const reached = recorder.layerRecords.filter((l) => l.pathCount > 0 || l.completed);
  const layers = reached.map((rec) => {
    const planLayer = recorder.plan.layers[rec.layer];
    const jobLayer = jobLayerFor(rec.layer, planLayer?.name, options.jobLayers);
    return {
      id: options.newId(),
      jobStatisticsId: options.id,
      jobId: options.jobId,
      layerId: jobLayer?.id ?? options.newId(),
      penId: jobLayer?.penId ?? null,
      timestamp,
      durationS: rec.durationS,
      distancePlottedMm: rec.distancePlottedMm,
      distanceTravelMm: rec.distanceTravelMm,
      penDownTimeS: rec.penDownTimeS,
      penUpTimeS: rec.penUpTimeS,
      pathCount: rec.pathCount,
      pointCount: rec.pointCount,
      metadata: {
        name: planLayer?.name ?? null,
        completed: rec.completed,
        matchedJobLayer: jobLayer !== undefined,
      },
    };
  });
  const sum = (f: (l: (typeof layers)[number]) => number) =>
    layers.reduce((total, l) => total + f(l), 0);
  return {
    id: options.id,
    jobId: options.jobId,
    source: 'actual',
    collectionLevel: 'detailed',
    eventType: options.eventType,
    timestamp,
    durationS: recorder.elapsedS(options.nowMs),
    penChanges: recorder.penChanges,
    distancePlottedMm: sum((l) => l.distancePlottedMm),
    distanceTravelMm: sum((l) => l.distanceTravelMm),
    penDownTimeS: sum((l) => l.penDownTimeS),
    penUpTimeS: sum((l) => l.penUpTimeS),
    layersCompleted: recorder.layerRecords.filter((l) => l.completed).length,
    totalLayers: recorder.plan.layers.length,
    metadata: { ...options.metadata, estimatedS: recorder.plan.durationS },
    layers,
  };
}
