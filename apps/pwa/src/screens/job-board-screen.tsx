import type { JobStage } from '@fabdesk/shared/lifecycle/job-state.ts';
import type { JobLease } from '@fabdesk/shared/models/job-lease.ts';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Link } from '../components/link.tsx';
import { StaffPicker } from '../components/staff-picker.tsx';
import { BOARD_STAGES, type BoardFilter, type BoardSort } from '../data/board-view.ts';
import { formatAge, formatTime } from '../data/format-time.ts';
import { activeHolder } from '../data/lease-holder.ts';
import { useBoard } from '../hooks/use-board.ts';
import { useCollection } from '../hooks/use-collection.ts';
import { useNow } from '../hooks/use-now.ts';

const STAGE_LABEL: Record<JobStage, string> = {
  intake: 'Intake',
  review: 'Review',
  ready: 'Ready',
  plotting: 'Plotting',
  done: 'Done',
  closed: 'Closed',
};
const PRIORITY_LABEL = ['Low', 'Normal', 'High', 'Urgent'] as const;
/** A search reads every job: it waits until typing pauses. */
const SEARCH_DEBOUNCE_MS = 250;

/**
 * Every job on the device by lifecycle stage, with search, filters and sorting; each column
 * loads only the cards it shows (`useBoard`), its count covers all of them.
 */
export function JobBoardScreen() {
  const leases = useCollection<JobLease>('leases');
  const now = useNow();
  const [filter, setFilter] = useState<BoardFilter>({
    search: '',
    stage: null,
    onlyNew: false,
    changedBy: null,
    sort: 'priority',
  });
  const [searchText, setSearchText] = useState('');
  useEffect(() => {
    const timer = setTimeout(
      () => setFilter((f) => (f.search === searchText ? f : { ...f, search: searchText })),
      SEARCH_DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [searchText]);
  const { board, loading } = useBoard(filter);
  const leaseOf = useMemo(() => new Map(leases.docs.map((l) => [l.jobId, l])), [leases.docs]);
  const set = (change: Partial<BoardFilter>) => setFilter({ ...filter, ...change });

  return (
    <main class="page page-wide" id="main">
      <div class="page-title">
        <h1>Job board</h1>
        <Link href="/new" class="button button-primary">
          New job
        </Link>
      </div>
      <search class="toolbar">
        <label class="field field-inline">
          <span>Search</span>
          <input
            type="search"
            value={searchText}
            onInput={(e) => setSearchText(e.currentTarget.value)}
            placeholder="Job or requester name"
          />
        </label>
        <label class="field field-inline">
          <span>Stage</span>
          <select
            value={filter.stage ?? ''}
            onChange={(e) => set({ stage: (e.currentTarget.value || null) as JobStage | null })}
          >
            <option value="">All stages</option>
            {BOARD_STAGES.map((s) => (
              <option key={s} value={s}>
                {STAGE_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label class="field field-inline">
          <span>Sort by</span>
          <select
            value={filter.sort}
            onChange={(e) => set({ sort: e.currentTarget.value as BoardSort })}
          >
            <option value="priority">Priority</option>
            <option value="age">Oldest first</option>
            <option value="due">Due date</option>
          </select>
        </label>
        <StaffPicker
          label="Last changed by"
          emptyLabel="Anyone"
          value={filter.changedBy}
          onChange={(changedBy) => set({ changedBy })}
        />
        <label class="check">
          <input
            type="checkbox"
            checked={filter.onlyNew}
            onChange={(e) => set({ onlyNew: e.currentTarget.checked })}
          />
          <span>Only new</span>
        </label>
      </search>
      {!loading && board?.deviceTotal === 0 ? (
        <div class="empty card">
          <h2>No jobs yet</h2>
          <p>
            Create the first one with “New job”. Jobs made on other devices appear here as soon as
            they sync.
          </p>
        </div>
      ) : (
        <div class="board" aria-busy={loading}>
          {board?.columns.map((column) => {
            const count = board.counts[column.stage];
            return (
              <section
                key={column.stage}
                class="board-column"
                aria-labelledby={`stage-${column.stage}`}
              >
                <h2 id={`stage-${column.stage}`} class="board-column-title">
                  {STAGE_LABEL[column.stage]} <span class="count">{count}</span>
                </h2>
                {column.jobs.length === 0 ? (
                  <p class="hint">{filter.search ? 'No matches here.' : 'Nothing here.'}</p>
                ) : (
                  <ul class="job-list">
                    {column.jobs.map((job) => {
                      const holder = activeHolder(leaseOf.get(job.id), now);
                      return (
                        <li key={job.id}>
                          <Link href={`/job/${job.id}`} class="job-card">
                            <span class="job-card-name">
                              {job.displayName ?? job.name}
                              {job.staffViewedAt === null && (
                                <span class="badge badge-new">New</span>
                              )}
                            </span>
                            <span class="job-card-meta">
                              <span class={`priority priority-${job.priority}`}>
                                {PRIORITY_LABEL[job.priority] ?? job.priority}
                              </span>
                              <span>{job.state.replace('_', ' ').toLowerCase()}</span>
                              <span>{formatAge(job.createdAt, now)}</span>
                              {job.dueAt && <span>due {formatTime(job.dueAt, now)}</span>}
                            </span>
                            {holder && (
                              <span class="job-card-lock" data-testid="lock-holder">
                                Locked by {holder.name}
                              </span>
                            )}
                          </Link>
                        </li>
                      );
                    })}
                    {count > column.jobs.length && (
                      <li class="hint">
                        and {count - column.jobs.length} more: search or filter to find them
                      </li>
                    )}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
      )}
    </main>
  );
}
