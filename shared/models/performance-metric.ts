import { z } from 'zod';
import { EntityId } from './entity-id.ts';
import { IsoTime } from './iso-time.ts';

/**
 * One measured figure (vfab's PerformanceMetrics), e.g. a run's conversion time, a plot's
 * underruns or commands per second; `jobId` is null for lab-wide figures.
 */
export const PerformanceMetric = z.strictObject({
  id: EntityId,
  jobId: EntityId.nullable(),
  timestamp: IsoTime,
  metricType: z.string().min(1).max(100),
  metricValue: z.number(),
  unit: z.string().max(30).nullable(),
  context: z.record(z.string(), z.json()),
});
export type PerformanceMetric = z.infer<typeof PerformanceMetric>;
