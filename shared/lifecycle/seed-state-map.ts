import type { JobState } from './job-state.ts';

/**
 * How the states of the two seed systems land in fabdesk's lifecycle (used by legacy
 * imports and pinned by tests; docs/seed-mapping.md explains each line).
 */
export const VFAB_STATE_MAP: Readonly<Record<string, JobState>> = {
  NEW: 'NEW',
  QUEUED: 'QUEUED',
  ANALYZED: 'ANALYZED',
  OPTIMIZED: 'OPTIMIZED',
  READY: 'READY',
  ARMED: 'ARMED',
  PLOTTING: 'PLOTTING',
  PAUSED: 'PAUSED',
  COMPLETED: 'COMPLETED',
  ABORTED: 'ABORTED',
  FAILED: 'FAILED',
};

/** The 3D-print request system's statuses (UPPERCASE identifiers) plus the requester's CANCELED. */
export const PRINT_REQUEST_STATE_MAP: Readonly<Record<string, JobState>> = {
  UPLOADED: 'NEW',
  PENDING: 'QUOTED',
  READYTOPRINT: 'READY',
  PRINTING: 'PLOTTING',
  COMPLETED: 'COMPLETED',
  PAIDPICKEDUP: 'PICKED_UP',
  REJECTED: 'REJECTED',
  ARCHIVED: 'ARCHIVED',
  CANCELED: 'CANCELLED',
};

/**
 * A step a seed system allows, and the fabdesk path that does the same. Most are one
 * step; where fabdesk makes a hidden step explicit the path is longer (an uploaded
 * request is converted before staff can quote it; a failed print is recorded as FAILED
 * on its way back to READY).
 */
export interface SeedTransition {
  system: 'vfab' | 'print-request';
  from: string;
  to: string;
  path: readonly JobState[];
}

export const SEED_TRANSITIONS: readonly SeedTransition[] = [
  { system: 'vfab', from: 'NEW', to: 'QUEUED', path: ['NEW', 'QUEUED'] },
  { system: 'vfab', from: 'QUEUED', to: 'ANALYZED', path: ['QUEUED', 'ANALYZED'] },
  { system: 'vfab', from: 'ANALYZED', to: 'OPTIMIZED', path: ['ANALYZED', 'OPTIMIZED'] },
  { system: 'vfab', from: 'OPTIMIZED', to: 'READY', path: ['OPTIMIZED', 'READY'] },
  { system: 'vfab', from: 'READY', to: 'ARMED', path: ['READY', 'ARMED'] },
  { system: 'vfab', from: 'ARMED', to: 'PLOTTING', path: ['ARMED', 'PLOTTING'] },
  { system: 'vfab', from: 'PLOTTING', to: 'PAUSED', path: ['PLOTTING', 'PAUSED'] },
  { system: 'vfab', from: 'PAUSED', to: 'PLOTTING', path: ['PAUSED', 'PLOTTING'] },
  { system: 'vfab', from: 'PLOTTING', to: 'COMPLETED', path: ['PLOTTING', 'COMPLETED'] },
  { system: 'vfab', from: 'PLOTTING', to: 'ABORTED', path: ['PLOTTING', 'ABORTED'] },
  { system: 'vfab', from: 'PAUSED', to: 'ABORTED', path: ['PAUSED', 'ABORTED'] },
  { system: 'vfab', from: 'QUEUED', to: 'FAILED', path: ['QUEUED', 'FAILED'] },
  { system: 'vfab', from: 'ANALYZED', to: 'FAILED', path: ['ANALYZED', 'FAILED'] },
  { system: 'vfab', from: 'ARMED', to: 'FAILED', path: ['ARMED', 'FAILED'] },
  { system: 'vfab', from: 'PLOTTING', to: 'FAILED', path: ['PLOTTING', 'FAILED'] },
  { system: 'vfab', from: 'PAUSED', to: 'FAILED', path: ['PAUSED', 'FAILED'] },
  {
    system: 'print-request',
    from: 'UPLOADED',
    to: 'PENDING',
    path: ['NEW', 'QUEUED', 'ANALYZED', 'OPTIMIZED', 'QUOTED'],
  },
  { system: 'print-request', from: 'UPLOADED', to: 'REJECTED', path: ['NEW', 'REJECTED'] },
  { system: 'print-request', from: 'UPLOADED', to: 'CANCELED', path: ['NEW', 'CANCELLED'] },
  { system: 'print-request', from: 'PENDING', to: 'READYTOPRINT', path: ['QUOTED', 'READY'] },
  { system: 'print-request', from: 'PENDING', to: 'REJECTED', path: ['QUOTED', 'REJECTED'] },
  { system: 'print-request', from: 'PENDING', to: 'CANCELED', path: ['QUOTED', 'CANCELLED'] },
  {
    system: 'print-request',
    from: 'READYTOPRINT',
    to: 'PRINTING',
    path: ['READY', 'ARMED', 'PLOTTING'],
  },
  { system: 'print-request', from: 'PRINTING', to: 'COMPLETED', path: ['PLOTTING', 'COMPLETED'] },
  {
    system: 'print-request',
    from: 'PRINTING',
    to: 'READYTOPRINT',
    path: ['PLOTTING', 'FAILED', 'READY'],
  },
  {
    system: 'print-request',
    from: 'COMPLETED',
    to: 'PAIDPICKEDUP',
    path: ['COMPLETED', 'PICKED_UP'],
  },
  {
    system: 'print-request',
    from: 'PAIDPICKEDUP',
    to: 'ARCHIVED',
    path: ['PICKED_UP', 'ARCHIVED'],
  },
  { system: 'print-request', from: 'COMPLETED', to: 'ARCHIVED', path: ['COMPLETED', 'ARCHIVED'] },
  { system: 'print-request', from: 'REJECTED', to: 'ARCHIVED', path: ['REJECTED', 'ARCHIVED'] },
];
