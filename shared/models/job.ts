import { z } from 'zod';
import { JOB_STATES, type JobState } from '../lifecycle/job-state.ts';
import { EntityId, Sha256Hex } from './entity-id.ts';
import { IsoTime } from './iso-time.ts';
import { Layer } from './layer.ts';

/** An uploaded source file; its bytes are a content-addressed blob on the server. */
export const SourceFile = z.strictObject({
  originalName: z.string().min(1).max(256),
  blobHash: Sha256Hex,
  sizeBytes: z.int().min(0),
  mediaType: z.string().max(100),
});
export type SourceFile = z.infer<typeof SourceFile>;

/** vfab's timings_json: how long each stage took, seconds. */
export const JobTimings = z.strictObject({
  analysisS: z.number().min(0).nullable(),
  optimizationS: z.number().min(0).nullable(),
  plottingS: z.number().min(0).nullable(),
  totalS: z.number().min(0).nullable(),
});
export type JobTimings = z.infer<typeof JobTimings>;

/** vfab's metrics_json: the plan's figures (from the simulation run). */
export const JobMetrics = z.strictObject({
  distancePlottedMm: z.number().min(0),
  distanceTravelMm: z.number().min(0),
  penChanges: z.int().min(0),
  penLifts: z.int().min(0),
  layerCount: z.int().min(0),
  pathCount: z.int().min(0),
  pointCount: z.int().min(0),
  estimatedPlotS: z.number().min(0),
});
export type JobMetrics = z.infer<typeof JobMetrics>;

/** vfab's media_json: what the source files were. */
export const JobMedia = z.strictObject({
  fileSizeBytes: z.int().min(0),
  fileType: z.string().max(50),
  compressionRatio: z.number().min(0).nullable(),
  layerInfo: z.record(
    z.string(),
    z.strictObject({ pen: z.string().nullable(), paths: z.int().min(0) }),
  ),
});
export type JobMedia = z.infer<typeof JobMedia>;

/** Who asked for the job (the request system's student fields); null for the lab's own jobs. */
export const Requester = z.strictObject({
  name: z.string().trim().min(1).max(100),
  email: z.email().max(254),
  discipline: z.string().max(50).nullable(),
  classNumber: z.string().max(50).nullable(),
});
export type Requester = z.infer<typeof Requester>;

/**
 * The price and estimate staff quote to a requester. Money is a decimal string with two
 * places (Postgres numeric(8,2)), never a float.
 */
export const Quote = z.strictObject({
  weightG: z.number().min(0).nullable(),
  timeHours: z.number().min(0).nullable(),
  costUsd: z.string().regex(/^\d{1,6}\.\d{2}$/, 'an amount like 12.50'),
  acknowledgedMinimumCharge: z.boolean(),
});
export type Quote = z.infer<typeof Quote>;

/**
 * The requester's confirmation of a quote. The token itself is never here: the server
 * keeps only its hash (table `confirmation_tokens`), single-use with an expiry, so a
 * replicated job can never leak a usable link.
 */
export const Confirmation = z.strictObject({
  confirmed: z.boolean(),
  confirmedAt: IsoTime.nullable(),
  tokenExpiresAt: IsoTime.nullable(),
  lastSentAt: IsoTime.nullable(),
});
export type Confirmation = z.infer<typeof Confirmation>;

export const JobStateSchema = z.enum(JOB_STATES as [JobState, ...JobState[]]);

/**
 * A plot job: vfab's job and the request system's request in one. Its `state` moves only
 * along the lifecycle table (shared/lifecycle). Big geometry never lives here: sources
 * and the plan are blobs referenced by hash. The lock is a separate entity (JobLease)
 * that only the server writes.
 */
export const Job = z.strictObject({
  id: EntityId,
  name: z.string().trim().min(1).max(256),
  displayName: z.string().max(256).nullable(),
  state: JobStateSchema,
  priority: z.int().min(0).max(3),
  dueAt: IsoTime.nullable(),
  paperId: EntityId.nullable(),
  plotterId: EntityId.nullable(),
  sourceFiles: z.array(SourceFile).max(50),
  fileHash: Sha256Hex.nullable(),
  planHash: Sha256Hex.nullable(),
  color: z.string().max(32).nullable(),
  material: z.string().max(32).nullable(),
  timings: JobTimings.nullable(),
  metrics: JobMetrics.nullable(),
  media: JobMedia.nullable(),
  requester: Requester.nullable(),
  quote: Quote.nullable(),
  confirmation: Confirmation.nullable(),
  rejectReasons: z.array(z.string().min(1).max(500)).max(20).nullable(),
  notes: z.string().max(10_000).nullable(),
  staffViewedAt: IsoTime.nullable(),
  lastUpdatedBy: EntityId.nullable(),
  /**
   * The fencing token of the lease this version was written under (null for a job just
   * created). The server refuses a write whose token is not the job's current one.
   */
  leaseFencingToken: z.int().min(0).nullable(),
  layers: z.array(Layer).max(100),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type Job = z.infer<typeof Job>;
