import { Job } from '@fabdesk/shared/models/job.ts';
import { describe, expect, it } from 'vitest';
import { boardView } from './board-view.ts';
import { newJob } from '@fabdesk/shared/models/new-job.ts';

const at = (day: number) => new Date(Date.UTC(2025, 0, day));
const job = (n: number, over: Partial<Job> = {}): Job => ({
  ...newJob({
    id: `00000000-0000-4000-8000-00000000000${n}`,
    name: `job ${n}`,
    priority: 1,
    dueAt: null,
    notes: null,
    now: at(n),
  }),
  ...over,
});

describe('boardView', () => {
  const jobs = [
    job(1, { priority: 0, dueAt: at(20).toISOString() }),
    job(2, { priority: 3, state: 'READY', staffViewedAt: at(3).toISOString() }),
    job(3, { priority: 3, dueAt: at(10).toISOString(), name: 'Poster for Ada' }),
    job(4, { state: 'CANCELLED' }),
  ];
  const base = { search: '', stage: null, onlyNew: false, changedBy: null, sort: 'age' } as const;

  it('makes a job the device creates that the server schema accepts', () => {
    expect(Job.safeParse(job(1)).success).toBe(true);
  });

  it('groups by lifecycle stage with counts', () => {
    const view = boardView(jobs, base);
    expect(view.counts).toEqual({
      intake: 2,
      review: 0,
      ready: 1,
      plotting: 0,
      done: 0,
      closed: 1,
    });
    expect(view.columns.find((c) => c.stage === 'intake')?.jobs.map((j) => j.name)).toEqual([
      'job 1',
      'Poster for Ada',
    ]);
  });

  it('sorts by priority (highest first), then age; by due date with undated last', () => {
    const intake = (sort: 'priority' | 'due') =>
      boardView([...jobs, job(5)], { ...base, sort }).columns[0]?.jobs.map((j) => j.name);
    expect(intake('priority')).toEqual(['Poster for Ada', 'job 5', 'job 1']);
    expect(intake('due')).toEqual(['Poster for Ada', 'job 1', 'job 5']);
  });

  it('searches names case-insensitively, filters to unseen jobs and to one stage', () => {
    expect(boardView(jobs, { ...base, search: 'ada' }).total).toBe(1);
    expect(boardView(jobs, { ...base, onlyNew: true }).total).toBe(3);
    const ready = boardView(jobs, { ...base, stage: 'ready' });
    expect(ready.columns.map((c) => c.stage)).toEqual(['ready']);
  });

  it('filters to the jobs one staff member changed last', () => {
    const grace = '00000000-0000-4000-8000-0000000000aa';
    const changed = [job(1, { lastUpdatedBy: grace }), job(2), job(3, { lastUpdatedBy: grace })];
    const view = boardView(changed, { ...base, changedBy: grace });
    expect(view.columns.flatMap((c) => c.jobs.map((j) => j.name))).toEqual(['job 1', 'job 3']);
  });
});
