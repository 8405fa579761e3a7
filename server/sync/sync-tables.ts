import type { ReplicatedCollection } from '@fabdesk/sync/collections.ts';
import { ENTITY_TABLES, type EntityTable } from '../db/entity-tables.ts';

/** A child table whose rows travel inside the parent's document as an array field. */
export interface ChildTable {
  field: string;
  entity: EntityTable;
  parentColumn: string;
  /** Canonical order of the array (the server stores rows, not array positions). */
  orderBy: readonly string[];
}

/** Where a replicated collection's documents live. */
export interface SyncTable {
  collection: ReplicatedCollection;
  entity: EntityTable;
  primaryKeyColumn: string;
  child?: ChildTable;
}

const T = ENTITY_TABLES;

export const SYNC_TABLES: Readonly<Record<ReplicatedCollection, SyncTable>> = {
  staff: { collection: 'staff', entity: T.staff, primaryKeyColumn: 'id' },
  plotters: { collection: 'plotters', entity: T.plotter, primaryKeyColumn: 'id' },
  pens: { collection: 'pens', entity: T.pen, primaryKeyColumn: 'id' },
  papers: { collection: 'papers', entity: T.paper, primaryKeyColumn: 'id' },
  jobs: {
    collection: 'jobs',
    entity: T.job,
    primaryKeyColumn: 'id',
    child: {
      field: 'layers',
      entity: T.layer,
      parentColumn: 'job_id',
      orderBy: ['orderIndex', 'id'],
    },
  },
  events: { collection: 'events', entity: T.event, primaryKeyColumn: 'id' },
  runs: { collection: 'runs', entity: T.run, primaryKeyColumn: 'id' },
  leases: { collection: 'leases', entity: T.jobLease, primaryKeyColumn: 'job_id' },
  plot_stats: {
    collection: 'plot_stats',
    entity: T.jobStatistics,
    primaryKeyColumn: 'id',
    child: {
      field: 'layers',
      entity: T.layerStatistics,
      parentColumn: 'job_statistics_id',
      orderBy: ['id'],
    },
  },
  settings: { collection: 'settings', entity: T.statisticsConfig, primaryKeyColumn: 'id' },
};
