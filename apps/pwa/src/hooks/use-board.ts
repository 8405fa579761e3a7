import { useEffect, useState } from 'preact/hooks';
import { audit, timer } from 'rxjs';
import type { BoardFilter } from '../data/board-view.ts';
import { type BoardData, isIndexedFilter, loadBoard } from '../data/load-board.ts';
import { useSignedIn } from './use-services.ts';

/** How long job changes gather before the board reloads; longer when it reads every job. */
const RELOAD_AFTER_MS = 250;
const FILTERED_RELOAD_AFTER_MS = 1000;

/**
 * The job board, live. Not a live RxDB query: a replication batch of 10,000 jobs is as many
 * change events, and a reactive query over every job re-reads them all. Instead the board
 * is loaded once (`loadBoard`: index counts and each column's first cards), then again
 * once changes have gathered for `RELOAD_AFTER_MS`, here or in another tab, or for three
 * times the last load when that is longer: while a sync writes thousands of jobs, the
 * board takes at most a quarter of the storage's time. Loads never overlap; a change that
 * arrives during a load causes exactly one more.
 */
export function useBoard(filter: BoardFilter): { board: BoardData | null; loading: boolean } {
  const { device } = useSignedIn();
  const [state, setState] = useState<{ board: BoardData | null; loading: boolean }>({
    board: null,
    loading: true,
  });
  const key = JSON.stringify(filter);
  useEffect(() => {
    let closed = false;
    let running = false;
    let again = false;
    let lastLoadMs = 0;
    setState((s) => ({ board: s.board, loading: true }));
    const reload = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const started = performance.now();
          const board = await loadBoard(device.db.jobs, filter);
          lastLoadMs = performance.now() - started;
          if (!closed) setState({ board, loading: false });
        } while (again && !closed);
      } catch (error) {
        // A database closed by signing out ends its loads; anything else is a bug.
        if (!closed) console.error(error);
      } finally {
        running = false;
      }
    };
    void reload();
    const wait = isIndexedFilter(filter) ? RELOAD_AFTER_MS : FILTERED_RELOAD_AFTER_MS;
    const subscription = device.db.jobs.$.pipe(
      audit(() => timer(Math.max(wait, 3 * lastLoadMs))),
    ).subscribe(() => void reload());
    return () => {
      closed = true;
      subscription.unsubscribe();
    };
  }, [device, key]);
  return state;
}
