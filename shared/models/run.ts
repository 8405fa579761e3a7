import { z } from 'zod';
import { EntityId } from './entity-id.ts';
import { IsoTime } from './iso-time.ts';

export const RunKind = {
  conversion: 'conversion',
  simulation: 'simulation',
  capacity: 'capacity',
} as const;
export type RunKind = (typeof RunKind)[keyof typeof RunKind];

/** AIOM4B's queued/running/completed/failed and FUSION's PENDING…CANCELLED in one list. */
export const RunStatus = {
  pending: 'pending',
  running: 'running',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
} as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

export const RUN_FINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];

/** Where a run's input comes from: a source file blob, a plan blob or another run's output. */
export const RunInput = z.strictObject({
  name: z.string().max(256),
  blobHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type RunInput = z.infer<typeof RunInput>;

/**
 * One unit of server work, tracked from creation to an end state: a conversion (SVG art →
 * optimised plan), a simulation (plan → exact time and statistics) or a lab capacity
 * simulation (FUSION's Erlang sweep: `currentErlang`/`totalErlangs` loads, each with
 * `currentIteration`/`totalIterations`). The database row is the only truth (no state
 * files beside it); `pid`/`pgid` name the worker process group so cancel can signal it
 * and a restarted server can find runs whose process died.
 */
export const Run = z.strictObject({
  id: EntityId,
  name: z.string().max(255).nullable(),
  kind: z.enum(Object.values(RunKind) as [RunKind, ...RunKind[]]),
  jobId: EntityId.nullable(),
  template: z.string().min(1).max(100),
  config: z.record(z.string(), z.json()),
  inputs: z.array(RunInput).max(50),
  output: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  status: z.enum(Object.values(RunStatus) as [RunStatus, ...RunStatus[]]),
  pid: z.int().positive().nullable(),
  pgid: z.int().positive().nullable(),
  stage: z.string().max(100).nullable(),
  progressCurrent: z.number().min(0).nullable(),
  progressTotal: z.number().min(0).nullable(),
  currentErlang: z.number().min(0).nullable(),
  totalErlangs: z.int().min(0).nullable(),
  currentIteration: z.int().min(0).nullable(),
  totalIterations: z.int().min(0).nullable(),
  log: z.string().max(1_000_000),
  errorMessage: z.string().max(10_000).nullable(),
  createdAt: IsoTime,
  startedAt: IsoTime.nullable(),
  endedAt: IsoTime.nullable(),
  updatedAt: IsoTime,
});
export type Run = z.infer<typeof Run>;
