import { JOB_STATES } from '@fabdesk/shared/lifecycle/job-state.ts';
import type { Job } from '@fabdesk/shared/models/job.ts';
import { newJob } from '@fabdesk/shared/models/new-job.ts';
import {
  createDeviceDatabase,
  type DeviceDatabase,
} from '@fabdesk/sync/client/create-device-database.ts';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BoardFilter, boardView } from './board-view.ts';
import { loadBoard } from './load-board.ts';

const GRACE = '00000000-0000-4000-8000-0000000000aa';
const LIMIT = 15;

/** 400 jobs over every state: seeded, so a failure names the same jobs every run. */
function jobs(): Job[] {
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  return Array.from({ length: 400 }, (_, i) => {
    const at = new Date(Date.UTC(2025, 0, 1) + next(1000) * 3_600_000 + i); // unique times
    const job = newJob({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name: i % 37 === 0 ? `Poster for Ada ${i}` : `job ${i}`,
      priority: next(4),
      dueAt: next(3) === 0 ? null : new Date(at.getTime() + next(50) * 86_400_000).toISOString(),
      notes: null,
      now: at,
    });
    // Most jobs in intake, so a column holds more than the limit.
    const state = next(2) === 0 ? 'NEW' : (JOB_STATES[next(JOB_STATES.length)] ?? 'NEW');
    return {
      ...job,
      state,
      staffViewedAt: next(3) === 0 ? at.toISOString() : null,
      lastUpdatedBy: next(4) === 0 ? GRACE : null,
    };
  });
}

describe('loadBoard', () => {
  let db: DeviceDatabase;
  const all = jobs();
  beforeAll(async () => {
    db = await createDeviceDatabase({
      storage: getRxStorageMemory(),
      name: 'load-board-test',
      collections: ['jobs'],
    });
    await db.jobs.bulkInsert(all as never[]);
  });
  afterAll(async () => {
    await db.close();
  });

  const base: BoardFilter = {
    search: '',
    stage: null,
    onlyNew: false,
    changedBy: null,
    sort: 'priority',
  };
  const filters: [string, BoardFilter, number][] = [
    ['priority', base, LIMIT],
    ['priority, every card', base, 1000],
    ['oldest first', { ...base, sort: 'age' }, LIMIT],
    ['due date', { ...base, sort: 'due' }, LIMIT],
    ['due date, undated last', { ...base, sort: 'due' }, 1000],
    ['one stage', { ...base, stage: 'done' }, LIMIT],
    ['search', { ...base, search: 'ADA' }, LIMIT],
    ['only new', { ...base, onlyNew: true, sort: 'age' }, LIMIT],
    ['changed by', { ...base, changedBy: GRACE, sort: 'due' }, LIMIT],
  ];

  it.each(filters)(
    'shows what the full board shows, cut to the first cards per column (%s)',
    async (_, filter, limit) => {
      const board = await loadBoard(db.jobs, filter, limit);
      const reference = boardView(all, filter);
      expect(board.counts).toEqual(reference.counts);
      expect(board.deviceTotal).toBe(all.length);
      expect(board.columns.map((c) => c.stage)).toEqual(reference.columns.map((c) => c.stage));
      for (const [i, column] of board.columns.entries()) {
        const expected = reference.columns[i]?.jobs.slice(0, limit).map((j) => j.id);
        expect(
          column.jobs.map((j) => j.id),
          column.stage,
        ).toEqual(expected);
      }
    },
  );

  it('loads no more than the limit per column while counting every job', async () => {
    const board = await loadBoard(db.jobs, base, LIMIT);
    const intake = board.columns.find((c) => c.stage === 'intake');
    expect(board.counts.intake).toBeGreaterThan(LIMIT);
    expect(intake?.jobs).toHaveLength(LIMIT);
    // The cards carry what the board draws: the "new" badge comes from staffViewedAt.
    expect(intake?.jobs.some((j) => j.staffViewedAt === null)).toBe(true);
  });
});
