import type { JobState } from './job-state.ts';

/** Who may take a transition: lab staff, the requester (portal), or the system (workers, the plot driver). */
export const Actor = { staff: 'staff', requester: 'requester', system: 'system' } as const;
export type Actor = (typeof Actor)[keyof typeof Actor];

/** One allowed step of the lifecycle, the action's name (a button, an API verb) and who may take it. */
export interface JobTransition {
  from: JobState;
  to: JobState;
  action: string;
  actors: readonly Actor[];
}

const S = ['staff'] as const;
const SYS = ['system'] as const;
const STAFF_OR_SYS = ['staff', 'system'] as const;
const ANYONE = ['staff', 'requester'] as const;

/**
 * THE job lifecycle, used by the PWA (which buttons exist), the sync server (which writes
 * it accepts) and the workers. A pair not in this table is refused. Deliberately unlike
 * vfab's table: analysis happens from QUEUED (its conversion run), and a paused plot must
 * resume (or be aborted) before it can complete.
 */
export const JOB_TRANSITIONS: readonly JobTransition[] = [
  // intake & analysis (the conversion run drives these)
  { from: 'NEW', to: 'QUEUED', action: 'queue-conversion', actors: STAFF_OR_SYS },
  { from: 'QUEUED', to: 'ANALYZED', action: 'analysis-done', actors: SYS },
  { from: 'ANALYZED', to: 'OPTIMIZED', action: 'optimization-done', actors: SYS },
  { from: 'QUEUED', to: 'FAILED', action: 'conversion-failed', actors: SYS },
  { from: 'ANALYZED', to: 'FAILED', action: 'conversion-failed', actors: SYS },
  // review & quote
  { from: 'OPTIMIZED', to: 'QUOTED', action: 'approve-with-quote', actors: S },
  { from: 'OPTIMIZED', to: 'READY', action: 'approve', actors: S },
  { from: 'OPTIMIZED', to: 'QUEUED', action: 'reconvert', actors: S },
  { from: 'QUOTED', to: 'READY', action: 'confirm', actors: ['requester', 'staff'] },
  { from: 'QUOTED', to: 'OPTIMIZED', action: 'revise-quote', actors: S },
  // ready & plot queue
  { from: 'READY', to: 'SCHEDULED', action: 'schedule', actors: S },
  { from: 'READY', to: 'ARMED', action: 'arm', actors: S },
  { from: 'READY', to: 'QUEUED', action: 'reconvert', actors: S },
  { from: 'SCHEDULED', to: 'READY', action: 'unschedule', actors: S },
  { from: 'SCHEDULED', to: 'ARMED', action: 'arm', actors: S },
  { from: 'ARMED', to: 'READY', action: 'disarm', actors: S },
  { from: 'ARMED', to: 'PLOTTING', action: 'start-plot', actors: STAFF_OR_SYS },
  // plotting
  { from: 'PLOTTING', to: 'PAUSED', action: 'pause', actors: STAFF_OR_SYS },
  { from: 'PAUSED', to: 'PLOTTING', action: 'resume', actors: S },
  { from: 'PLOTTING', to: 'COMPLETED', action: 'complete', actors: SYS },
  { from: 'PLOTTING', to: 'ABORTED', action: 'abort', actors: STAFF_OR_SYS },
  { from: 'PAUSED', to: 'ABORTED', action: 'abort', actors: S },
  { from: 'ARMED', to: 'FAILED', action: 'plot-failed', actors: SYS },
  { from: 'PLOTTING', to: 'FAILED', action: 'plot-failed', actors: STAFF_OR_SYS },
  { from: 'PAUSED', to: 'FAILED', action: 'plot-failed', actors: STAFF_OR_SYS },
  // retries: a failed or aborted plot goes back to READY without a new quote
  { from: 'FAILED', to: 'READY', action: 'retry-plot', actors: S },
  { from: 'ABORTED', to: 'READY', action: 'retry-plot', actors: S },
  { from: 'FAILED', to: 'QUEUED', action: 'reconvert', actors: S },
  // hand-over
  { from: 'COMPLETED', to: 'PICKED_UP', action: 'pick-up', actors: S },
  { from: 'COMPLETED', to: 'ARCHIVED', action: 'archive', actors: S },
  { from: 'PICKED_UP', to: 'ARCHIVED', action: 'archive', actors: S },
  { from: 'FAILED', to: 'ARCHIVED', action: 'archive', actors: S },
  { from: 'ABORTED', to: 'ARCHIVED', action: 'archive', actors: S },
  { from: 'REJECTED', to: 'ARCHIVED', action: 'archive', actors: S },
  { from: 'CANCELLED', to: 'ARCHIVED', action: 'archive', actors: S },
  // rejection by staff, before anything is plotted
  { from: 'NEW', to: 'REJECTED', action: 'reject', actors: S },
  { from: 'QUEUED', to: 'REJECTED', action: 'reject', actors: S },
  { from: 'ANALYZED', to: 'REJECTED', action: 'reject', actors: S },
  { from: 'OPTIMIZED', to: 'REJECTED', action: 'reject', actors: S },
  { from: 'QUOTED', to: 'REJECTED', action: 'reject', actors: S },
  { from: 'FAILED', to: 'REJECTED', action: 'reject', actors: S },
  // cancellation by the requester (or staff on their behalf), before the plot starts
  { from: 'NEW', to: 'CANCELLED', action: 'cancel', actors: ANYONE },
  { from: 'QUEUED', to: 'CANCELLED', action: 'cancel', actors: ANYONE },
  { from: 'ANALYZED', to: 'CANCELLED', action: 'cancel', actors: ANYONE },
  { from: 'OPTIMIZED', to: 'CANCELLED', action: 'cancel', actors: ANYONE },
  { from: 'QUOTED', to: 'CANCELLED', action: 'cancel', actors: ANYONE },
  { from: 'READY', to: 'CANCELLED', action: 'cancel', actors: ANYONE },
  { from: 'SCHEDULED', to: 'CANCELLED', action: 'cancel', actors: ANYONE },
];
