import { z } from 'zod';
import { CollectionLevel } from './collection-level.ts';
import { IsoTime } from './iso-time.ts';

/**
 * The lab's statistics settings (vfab's StatisticsConfig): a single row with id 'lab'
 * that admins edit and every device reads.
 */
export const StatisticsConfig = z.strictObject({
  id: z.literal('lab'),
  enabled: z.boolean(),
  collectionLevel: CollectionLevel,
  retentionDays: z.int().min(1).max(36_500),
  autoCleanup: z.boolean(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type StatisticsConfig = z.infer<typeof StatisticsConfig>;
