/**
 * What every device replicates, and what stays on the device. RxDB's free edition opens
 * at most 13 collections per page (across all its databases), so the set is fixed here
 * and counted by a test; docs/collections.md gives the reasons.
 */
export const ReplicatedCollection = {
  staff: 'staff',
  plotters: 'plotters',
  pens: 'pens',
  papers: 'papers',
  jobs: 'jobs',
  events: 'events',
  runs: 'runs',
  leases: 'leases',
  plotStats: 'plot_stats',
  settings: 'settings',
} as const;
export type ReplicatedCollection = (typeof ReplicatedCollection)[keyof typeof ReplicatedCollection];

/** Device-only collections: never replicated. */
export const LocalCollection = {
  outbox: 'outbox',
  deviceState: 'device_state',
} as const;
export type LocalCollection = (typeof LocalCollection)[keyof typeof LocalCollection];

/** RxDB's free-edition limit of open collections per page. */
export const MAX_OPEN_COLLECTIONS = 13;

export const ALL_COLLECTIONS: readonly string[] = [
  ...Object.values(ReplicatedCollection),
  ...Object.values(LocalCollection),
];
