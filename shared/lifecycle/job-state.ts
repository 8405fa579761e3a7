/**
 * Every state a fabdesk job can be in: vfab's plot lifecycle and the request system's
 * review lifecycle on one line (docs/seed-mapping.md maps each seed state here).
 *
 *   intake & analysis: NEW → QUEUED → ANALYZED → OPTIMIZED
 *   review & quote:    OPTIMIZED → QUOTED (requester must confirm) or → READY (no quote needed)
 *   plotting:          READY → SCHEDULED → ARMED → PLOTTING ⇄ PAUSED → COMPLETED
 *   hand-over:         COMPLETED → PICKED_UP → ARCHIVED
 *   exits:             REJECTED, CANCELLED, ABORTED, FAILED (→ READY or QUEUED to retry)
 */
export const JobState = {
  new: 'NEW',
  queued: 'QUEUED',
  analyzed: 'ANALYZED',
  optimized: 'OPTIMIZED',
  quoted: 'QUOTED',
  ready: 'READY',
  scheduled: 'SCHEDULED',
  armed: 'ARMED',
  plotting: 'PLOTTING',
  paused: 'PAUSED',
  completed: 'COMPLETED',
  pickedUp: 'PICKED_UP',
  archived: 'ARCHIVED',
  rejected: 'REJECTED',
  cancelled: 'CANCELLED',
  aborted: 'ABORTED',
  failed: 'FAILED',
} as const;
export type JobState = (typeof JobState)[keyof typeof JobState];

export const JOB_STATES: readonly JobState[] = Object.values(JobState);

/** The board's columns: which stage of the lab's work a state belongs to. */
export const JobStage = {
  intake: 'intake',
  review: 'review',
  ready: 'ready',
  plotting: 'plotting',
  done: 'done',
  closed: 'closed',
} as const;
export type JobStage = (typeof JobStage)[keyof typeof JobStage];

export const STAGE_OF: Readonly<Record<JobState, JobStage>> = {
  NEW: 'intake',
  QUEUED: 'intake',
  ANALYZED: 'intake',
  OPTIMIZED: 'review',
  QUOTED: 'review',
  READY: 'ready',
  SCHEDULED: 'ready',
  ARMED: 'plotting',
  PLOTTING: 'plotting',
  PAUSED: 'plotting',
  COMPLETED: 'done',
  PICKED_UP: 'done',
  FAILED: 'done',
  ABORTED: 'done',
  REJECTED: 'closed',
  CANCELLED: 'closed',
  ARCHIVED: 'closed',
};
