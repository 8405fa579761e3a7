import { z } from 'zod';
import { JobStatistics } from '@fabdesk/shared/models/job-statistics.ts';
import { LayerStatistics } from '@fabdesk/shared/models/layer-statistics.ts';

/** A `plot_stats` document: one JobStatistics record with its LayerStatistics rows inside. */
export const PlotStatsDocument = JobStatistics.extend({
  layers: z.array(LayerStatistics).max(100),
});
export type PlotStatsDocument = z.infer<typeof PlotStatsDocument>;
