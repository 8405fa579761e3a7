import { type JobStage, type JobState, STAGE_OF } from '@fabdesk/shared/lifecycle/job-state.ts';
import type { Job } from '@fabdesk/shared/models/job.ts';
import type { DeviceCollections } from '@fabdesk/sync/client/create-device-database.ts';
import type { MangoQuerySelector, MangoQuerySortPart } from 'rxdb';
import { BOARD_STAGES, type BoardFilter, boardView } from './board-view.ts';

/** The most cards a column shows; the rest are counted, not loaded. */
export const BOARD_COLUMN_LIMIT = 200;

type JobCollection = DeviceCollections['jobs'];

/** What the board shows: per stage its first cards in the chosen order, and its count. */
export interface BoardData {
  columns: { stage: JobStage; jobs: Job[] }[];
  /** Jobs per stage that match the search and filters (all of them, not just the loaded). */
  counts: Record<JobStage, number>;
  /** Every job on the device, whatever the filter: tells "no jobs yet" from "no matches". */
  deviceTotal: number;
}

/** Whether the board can be answered from indexes alone (no search or content filter). */
export function isIndexedFilter(filter: BoardFilter): boolean {
  return filter.search.trim() === '' && !filter.onlyNew && filter.changedBy === null;
}

/**
 * Loads the board without reading every job: stage counts are index counts per state, and
 * each shown state reads only its first `limit` jobs along the [state, createdAt] or
 * [state, priority, createdAt] index (rx-schemas.ts); `boardView` then groups and orders
 * those few. With 10,000 jobs that is at most a few hundred documents per column instead
 * of 10,000. A search or content filter has to look at every job: that is
 * `loadFilteredBoard`, loaded on demand. `boardView` is the reference both are tested
 * against.
 */
export async function loadBoard(
  jobs: JobCollection,
  filter: BoardFilter,
  limit = BOARD_COLUMN_LIMIT,
): Promise<BoardData> {
  if (!isIndexedFilter(filter)) {
    const { loadFilteredBoard } = await import('./load-filtered-board.ts');
    return loadFilteredBoard(jobs, filter, limit);
  }
  const states = Object.keys(STAGE_OF) as JobState[];
  const counts = Object.fromEntries(BOARD_STAGES.map((s) => [s, 0])) as Record<JobStage, number>;
  let deviceTotal = 0;
  // Per state, in parallel: its count, then (when it has jobs and is shown) its first cards.
  const lists = await Promise.all(
    states.map(async (state) => {
      const n = await jobs.count({ selector: { state } }).exec();
      counts[STAGE_OF[state]] += n;
      deviceTotal += n;
      const shown = n > 0 && (filter.stage === null || STAGE_OF[state] === filter.stage);
      return shown ? firstOfState(jobs, state, filter, limit) : [];
    }),
  );
  const view = boardView(lists.flat(), filter);
  return {
    columns: view.columns.map((c) => ({ stage: c.stage, jobs: c.jobs.slice(0, limit) })),
    counts,
    deviceTotal,
  };
}

/** The first `limit` jobs in `state` in the board's order, read along an index. */
async function firstOfState(
  jobs: JobCollection,
  state: JobState,
  filter: BoardFilter,
  limit: number,
): Promise<Job[]> {
  const found: Job[] = [];
  const take = async (
    selector: MangoQuerySelector<Job>,
    sort: MangoQuerySortPart<Job>[] = [{ createdAt: 'asc' }],
  ) => {
    if (found.length >= limit) return;
    const query = { selector: { state, ...selector }, sort, limit: limit - found.length };
    for (const doc of await jobs.find(query as never).exec()) found.push(doc.toJSON() as Job);
  };
  if (filter.sort === 'priority') {
    // One index range per priority, highest first: each read stops after what it needs.
    for (const priority of [3, 2, 1, 0]) await take({ priority });
  } else if (filter.sort === 'due') {
    // dueAt is nullable, so not indexable: the storage sorts the dated jobs of this state
    // (and hands over only `limit`); the undated ones follow, oldest first, by index.
    await take({ dueAt: { $ne: null } }, [{ dueAt: 'asc' }, { createdAt: 'asc' }]);
    await take({ dueAt: null });
  } else {
    await take({});
  }
  return found;
}
