import type { z } from 'zod';
import { Event } from '@fabdesk/shared/models/event.ts';
import { Job } from '@fabdesk/shared/models/job.ts';
import { JobLease } from '@fabdesk/shared/models/job-lease.ts';
import { JobStatistics } from '@fabdesk/shared/models/job-statistics.ts';
import { Layer } from '@fabdesk/shared/models/layer.ts';
import { LayerStatistics } from '@fabdesk/shared/models/layer-statistics.ts';
import { Paper } from '@fabdesk/shared/models/paper.ts';
import { Pen } from '@fabdesk/shared/models/pen.ts';
import { PerformanceMetric } from '@fabdesk/shared/models/performance-metric.ts';
import { Plotter } from '@fabdesk/shared/models/plotter.ts';
import { Run } from '@fabdesk/shared/models/run.ts';
import { Staff } from '@fabdesk/shared/models/staff.ts';
import { StatisticsConfig } from '@fabdesk/shared/models/statistics-config.ts';
import { SystemStatistics } from '@fabdesk/shared/models/system-statistics.ts';
import { Workstation } from '@fabdesk/shared/models/workstation.ts';
import type { Database } from './database.ts';

/**
 * How one field of an entity is stored: in one column, flattened over several columns
 * (a nested object, one column per key), or in a child table.
 */
export type FieldStorage =
  | { column: string }
  | { columns: Record<string, string> }
  | { childTable: keyof Database };

/** Where an entity lives in Postgres: its table and how each schema field maps to columns. */
export interface EntityTable {
  table: keyof Database;
  schema: z.ZodObject;
  fields: Record<string, FieldStorage>;
  /** Columns the database has beyond the entity's fields (sync bookkeeping, server-only data). */
  extraColumns: readonly string[];
}

const SYNC = ['sync_seq', 'is_deleted', 'server_updated_at'] as const;

const snake = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/_S$/, '_seconds')
    .toLowerCase();

/** Every field in its own snake_case column unless `overrides` says otherwise. */
function table(
  name: keyof Database,
  schema: z.ZodObject,
  overrides: Record<string, FieldStorage | string> = {},
  extraColumns: readonly string[] = SYNC,
): EntityTable {
  const fields: Record<string, FieldStorage> = {};
  for (const key of Object.keys(schema.shape)) {
    const o = overrides[key];
    fields[key] =
      o === undefined ? { column: snake(key) } : typeof o === 'string' ? { column: o } : o;
  }
  return { table: name, schema, fields, extraColumns };
}

/**
 * The one place that says which table and column holds each field of each entity (the
 * sync server's row mapping reads it; `entity-tables.pg.test.ts` pins it to the migrated
 * database, so schema and table cannot drift apart).
 */
export const ENTITY_TABLES = {
  staff: table('staff', Staff),
  workstation: table('workstations', Workstation, {}, []),
  plotter: table('plotters', Plotter),
  pen: table('pens', Pen, { speedCapMmS: 'speed_cap_mm_s' }),
  paper: table('papers', Paper),
  job: table('jobs', Job, {
    requester: {
      columns: {
        name: 'requester_name',
        email: 'requester_email',
        discipline: 'requester_discipline',
        classNumber: 'requester_class_number',
      },
    },
    quote: {
      columns: {
        weightG: 'weight_g',
        timeHours: 'time_hours',
        costUsd: 'cost_usd',
        acknowledgedMinimumCharge: 'acknowledged_minimum_charge',
      },
    },
    confirmation: {
      columns: {
        confirmed: 'requester_confirmed',
        confirmedAt: 'requester_confirmed_at',
        tokenExpiresAt: 'confirm_token_expires_at',
        lastSentAt: 'confirmation_last_sent_at',
      },
    },
    layers: { childTable: 'layers' },
  }),
  layer: table('layers', Layer, { name: 'layer_name' }, ['job_id']),
  event: table('events', Event, { type: 'event_type' }),
  run: table('runs', Run),
  jobLease: table('job_leases', JobLease),
  jobStatistics: table('job_statistics', JobStatistics),
  layerStatistics: table('layer_statistics', LayerStatistics, {}, []),
  systemStatistics: table('system_statistics', SystemStatistics, {}, []),
  performanceMetric: table('performance_metrics', PerformanceMetric, {}, []),
  statisticsConfig: table('statistics_config', StatisticsConfig),
} as const satisfies Record<string, EntityTable>;

/** The columns an entity's fields occupy in its own table. */
export function columnsOf(entity: EntityTable): string[] {
  return Object.values(entity.fields).flatMap((f) =>
    'column' in f ? [f.column] : 'columns' in f ? Object.values(f.columns) : [],
  );
}
