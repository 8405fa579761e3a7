import { z } from 'zod';
import { EntityId } from './entity-id.ts';
import { IsoTime } from './iso-time.ts';

/** One layer's figures within a JobStatistics record (vfab's LayerStatistics). */
export const LayerStatistics = z.strictObject({
  id: EntityId,
  jobStatisticsId: EntityId,
  jobId: EntityId,
  layerId: EntityId,
  penId: EntityId.nullable(),
  timestamp: IsoTime,
  durationS: z.number().min(0).nullable(),
  distancePlottedMm: z.number().min(0),
  distanceTravelMm: z.number().min(0),
  penDownTimeS: z.number().min(0),
  penUpTimeS: z.number().min(0),
  pathCount: z.int().min(0),
  pointCount: z.int().min(0),
  metadata: z.record(z.string(), z.json()),
});
export type LayerStatistics = z.infer<typeof LayerStatistics>;
