import type { Job } from '@fabdesk/shared/models/job.ts';
import type { DeviceCollections } from '@fabdesk/sync/client/create-device-database.ts';
import type { MangoQuerySelector } from 'rxdb';
import { type BoardFilter, boardView } from './board-view.ts';
import type { BoardData } from './load-board.ts';

/**
 * The board under a search or content filter, which has to look at every job: the storage
 * selects the hits (only they become documents) and `boardView` groups and sorts them,
 * checking the filter again with its own rules. Loaded on demand: the board opens without it.
 */
export async function loadFilteredBoard(
  jobs: DeviceCollections['jobs'],
  filter: BoardFilter,
  limit: number,
): Promise<BoardData> {
  const deviceTotal = jobs.count().exec();
  const docs = await jobs.find({ selector: filterSelector(filter) }).exec();
  const view = boardView(
    docs.map((d) => d.toJSON() as Job),
    filter,
  );
  return {
    columns: view.columns.map((c) => ({ stage: c.stage, jobs: c.jobs.slice(0, limit) })),
    counts: view.counts,
    deviceTotal: await deviceTotal,
  };
}

/** The search and content filters as a mango selector, evaluated inside the storage. */
function filterSelector(filter: BoardFilter): MangoQuerySelector<Job> {
  const and: MangoQuerySelector<Job>[] = [];
  const needle = filter.search.trim();
  if (needle) {
    const pattern = { $regex: needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), $options: 'i' };
    and.push({
      $or: [{ name: pattern }, { displayName: pattern }, { 'requester.name': pattern }],
    } as MangoQuerySelector<Job>);
  }
  if (filter.onlyNew) and.push({ staffViewedAt: null });
  if (filter.changedBy !== null) and.push({ lastUpdatedBy: filter.changedBy });
  return and.length === 0 ? {} : { $and: and };
}
