import { z } from 'zod';
import { CollectionLevel } from './collection-level.ts';
import { EntityId } from './entity-id.ts';
import { IsoTime } from './iso-time.ts';

/** Whether figures are the simulation's estimate or a real plot's measurement. */
export const StatisticsSource = z.enum(['estimate', 'actual']);
export type StatisticsSource = z.infer<typeof StatisticsSource>;

/**
 * The figures of one plot (or one simulation) of a job: vfab's JobStatistics. A plot's
 * actual record sits next to the simulation's estimate so the dashboards can compare.
 * Written once by the device or worker that measured it.
 */
export const JobStatistics = z.strictObject({
  id: EntityId,
  jobId: EntityId,
  source: StatisticsSource,
  collectionLevel: CollectionLevel,
  eventType: z.string().min(1).max(50),
  timestamp: IsoTime,
  durationS: z.number().min(0).nullable(),
  penChanges: z.int().min(0),
  distancePlottedMm: z.number().min(0),
  distanceTravelMm: z.number().min(0),
  penDownTimeS: z.number().min(0),
  penUpTimeS: z.number().min(0),
  layersCompleted: z.int().min(0),
  totalLayers: z.int().min(0),
  metadata: z.record(z.string(), z.json()),
});
export type JobStatistics = z.infer<typeof JobStatistics>;
