import { type JobStage, STAGE_OF } from '@fabdesk/shared/lifecycle/job-state.ts';
import type { Job } from '@fabdesk/shared/models/job.ts';

export const BoardSort = { priority: 'priority', age: 'age', due: 'due' } as const;
export type BoardSort = (typeof BoardSort)[keyof typeof BoardSort];

export const BOARD_STAGES: readonly JobStage[] = [
  'intake',
  'review',
  'ready',
  'plotting',
  'done',
  'closed',
];

export interface BoardFilter {
  search: string;
  /** null: every stage. */
  stage: JobStage | null;
  onlyNew: boolean;
  /** Only jobs whose last change the server attributes to this staff id; null: anyone. */
  changedBy: string | null;
  sort: BoardSort;
}

/**
 * The job board's columns: jobs matching the filter, grouped by lifecycle stage and
 * sorted; counts are per stage after search (so a search shows where its hits are).
 */
export function boardView(jobs: readonly Job[], filter: BoardFilter) {
  const needle = filter.search.trim().toLowerCase();
  const hits = jobs.filter(
    (j) =>
      (!needle ||
        j.name.toLowerCase().includes(needle) ||
        (j.displayName ?? '').toLowerCase().includes(needle) ||
        (j.requester?.name ?? '').toLowerCase().includes(needle)) &&
      (!filter.onlyNew || j.staffViewedAt === null) &&
      (filter.changedBy === null || j.lastUpdatedBy === filter.changedBy),
  );
  const sorted = [...hits].sort(comparator(filter.sort));
  const columns = BOARD_STAGES.filter((s) => filter.stage === null || s === filter.stage).map(
    (stage) => ({ stage, jobs: sorted.filter((j) => STAGE_OF[j.state] === stage) }),
  );
  const counts = Object.fromEntries(
    BOARD_STAGES.map((s) => [s, hits.filter((j) => STAGE_OF[j.state] === s).length]),
  ) as Record<JobStage, number>;
  return { columns, counts, total: hits.length };
}

function comparator(sort: BoardSort): (a: Job, b: Job) => number {
  const byAge = (a: Job, b: Job) => a.createdAt.localeCompare(b.createdAt); // oldest first
  if (sort === 'priority') return (a, b) => b.priority - a.priority || byAge(a, b);
  if (sort === 'due')
    // Jobs without a due date go last.
    return (a, b) => (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff') || byAge(a, b);
  return byAge;
}
