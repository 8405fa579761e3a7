import { z } from 'zod';
import { EntityId } from './entity-id.ts';
import { IsoTime } from './iso-time.ts';

/**
 * A lab-wide summary for a period (vfab's SystemStatistics), computed on the server from
 * jobs and JobStatistics (`statType` names the period: daily, weekly, …). Derived data:
 * the dashboards read it over HTTP; it does not replicate.
 */
export const SystemStatistics = z.strictObject({
  id: EntityId,
  timestamp: IsoTime,
  statType: z.string().min(1).max(50),
  totalJobs: z.int().min(0),
  completedJobs: z.int().min(0),
  failedJobs: z.int().min(0),
  totalPlottingTimeS: z.number().min(0),
  totalDistancePlottedMm: z.number().min(0),
  totalPenChanges: z.int().min(0),
  avgJobDurationS: z.number().min(0).nullable(),
  metadata: z.record(z.string(), z.json()),
});
export type SystemStatistics = z.infer<typeof SystemStatistics>;
