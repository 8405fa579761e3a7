import type { Job } from './job.ts';

/**
 * A new job as a device creates it: state NEW (the start of the lifecycle), no lease,
 * nothing converted yet. The one place that lists a fresh job's defaults.
 */
export function newJob(fields: {
  id: string;
  name: string;
  priority: number;
  dueAt: string | null;
  notes: string | null;
  now: Date;
}): Job {
  const at = fields.now.toISOString();
  return {
    id: fields.id,
    name: fields.name,
    displayName: null,
    state: 'NEW',
    priority: fields.priority,
    dueAt: fields.dueAt,
    paperId: null,
    plotterId: null,
    sourceFiles: [],
    fileHash: null,
    planHash: null,
    color: null,
    material: null,
    timings: null,
    metrics: null,
    media: null,
    requester: null,
    quote: null,
    confirmation: null,
    rejectReasons: null,
    notes: fields.notes,
    staffViewedAt: null,
    lastUpdatedBy: null,
    leaseFencingToken: null,
    layers: [],
    createdAt: at,
    updatedAt: at,
  };
}
