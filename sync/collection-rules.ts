import type { z } from 'zod';
import { Event } from '@fabdesk/shared/models/event.ts';
import { Job } from '@fabdesk/shared/models/job.ts';
import { JobLease } from '@fabdesk/shared/models/job-lease.ts';
import { Paper } from '@fabdesk/shared/models/paper.ts';
import { Pen } from '@fabdesk/shared/models/pen.ts';
import { Plotter } from '@fabdesk/shared/models/plotter.ts';
import { Run } from '@fabdesk/shared/models/run.ts';
import { Staff } from '@fabdesk/shared/models/staff.ts';
import { StatisticsConfig } from '@fabdesk/shared/models/statistics-config.ts';
import type { ReplicatedCollection } from './collections.ts';
import { PlotStatsDocument } from './plot-stats-document.ts';

/**
 * Who may write a collection from a device:
 * - `staff`: any signed-in staff member (inserts, updates, deletes);
 * - `admin`: admins only;
 * - `append`: inserts only, never changed afterwards (audit, measurements);
 * - `none`: read-only on devices (the server writes it).
 */
export const WriteAccess = {
  staff: 'staff',
  admin: 'admin',
  append: 'append',
  none: 'none',
} as const;
export type WriteAccess = (typeof WriteAccess)[keyof typeof WriteAccess];

/** How a replicated collection behaves, agreed by the PWA and the server. */
export interface CollectionRules {
  schema: z.ZodObject;
  primaryKey: string;
  write: WriteAccess;
  /**
   * Fields the server maintains. A client cannot set them (its value is replaced) and
   * they are left out when the server compares a push's assumed master with its own
   * state, so a quick second edit never conflicts just because the server stamped one.
   */
  serverFields: readonly string[];
}

export const COLLECTION_RULES: Readonly<Record<ReplicatedCollection, CollectionRules>> = {
  staff: { schema: Staff, primaryKey: 'id', write: 'admin', serverFields: [] },
  plotters: { schema: Plotter, primaryKey: 'id', write: 'staff', serverFields: [] },
  pens: { schema: Pen, primaryKey: 'id', write: 'staff', serverFields: [] },
  papers: { schema: Paper, primaryKey: 'id', write: 'staff', serverFields: [] },
  jobs: { schema: Job, primaryKey: 'id', write: 'staff', serverFields: ['lastUpdatedBy'] },
  events: { schema: Event, primaryKey: 'id', write: 'append', serverFields: ['receivedAt'] },
  runs: { schema: Run, primaryKey: 'id', write: 'none', serverFields: [] },
  leases: { schema: JobLease, primaryKey: 'jobId', write: 'none', serverFields: [] },
  plot_stats: { schema: PlotStatsDocument, primaryKey: 'id', write: 'append', serverFields: [] },
  settings: { schema: StatisticsConfig, primaryKey: 'id', write: 'admin', serverFields: [] },
};
