import { z } from 'zod';

/** How much vfab-style statistics collection records (StatisticsConfig.collection_level). */
export const CollectionLevel = z.enum(['basic', 'detailed', 'full']);
export type CollectionLevel = z.infer<typeof CollectionLevel>;
