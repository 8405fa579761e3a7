import { z } from 'zod';
import { EntityId } from '@fabdesk/shared/models/entity-id.ts';
import { Event } from '@fabdesk/shared/models/event.ts';
import { IsoTime } from '@fabdesk/shared/models/iso-time.ts';
import { JobStateSchema as State } from '@fabdesk/shared/models/job.ts';
import { PlotStatsDocument } from '@fabdesk/sync/plot-stats-document.ts';

/**
 * One write of a plot's record, as the CLI queues it and keeps it in its outbox file:
 * - `move`: the job goes `from` → `to` at `at` (the device's clock, becomes the job's
 *   `updatedAt` and so the time of the server's StatusChanged event) under the lease's
 *   `fencingToken`. Only `from` is a valid starting point: a job the server has elsewhere
 *   (someone moved it, or this move already happened and later ones followed) is not moved.
 * - `event`: a Plot* audit event, complete (its id is made here, so a resend is harmless).
 * - `stats`: the `plot_stats` document (source 'actual'), complete.
 * Parsed with this schema when an outbox file is read back (a file is a trust boundary).
 */
export const PlotRecordEntry = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('move'),
    jobId: EntityId,
    from: State,
    to: State,
    at: IsoTime,
    fencingToken: z.int().min(0),
  }),
  z.strictObject({ kind: z.literal('event'), event: Event }),
  z.strictObject({ kind: z.literal('stats'), stats: PlotStatsDocument }),
]);
export type PlotRecordEntry = z.infer<typeof PlotRecordEntry>;
